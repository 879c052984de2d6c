import { describe, expect, it } from 'vitest';
import { UnionFind } from './union-find';

describe('union-find', () => {
  it('merges transitively and reports whether a union changed anything', () => {
    const uf = new UnionFind(6);
    expect(uf.union(4, 2)).toBe(true);
    expect(uf.union(2, 5)).toBe(true);
    expect(uf.union(5, 4)).toBe(false);
    expect(uf.find(5)).toBe(uf.find(4));
    expect(uf.find(0)).not.toBe(uf.find(2));
  });

  it('roots every set at its smallest member and lists groups in input order', () => {
    const uf = new UnionFind(7);
    uf.union(6, 3);
    uf.union(5, 1);
    uf.union(3, 5);
    expect(uf.find(6)).toBe(1);
    expect(uf.groups()).toEqual([[0], [1, 3, 5, 6], [2], [4]]);
  });

  it('continues from its parent array', () => {
    const uf = new UnionFind(4);
    uf.union(0, 3);
    const again = new UnionFind(JSON.parse(JSON.stringify(uf.parent)) as number[]);
    again.union(1, 2);
    expect(again.groups()).toEqual([[0, 3], [1, 2]]);
  });

  it('stays shallow on long chains (path halving)', () => {
    const n = 100_000;
    const uf = new UnionFind(n);
    for (let i = n - 1; i > 0; i--) uf.union(i, i - 1);
    expect(uf.find(n - 1)).toBe(0);
    expect(uf.groups()).toHaveLength(1);
  });
});
