import { describe, expect, it } from 'vitest';
import { anchoredScroll, findNodes, fitZoom, initialZoom, lineageOf, stepZoom } from './graph-view';

describe('graph view zoom', () => {
  it('opens small graphs at their size or fitted to the width, big ones at a readable zoom', () => {
    expect(initialZoom({ width: 400, height: 100 }, 700)).toBe(1);
    expect(initialZoom({ width: 800, height: 100 }, 720)).toBeCloseTo(0.9);
    expect(initialZoom({ width: 1900, height: 1700 }, 720)).toBe(0.8);
  });

  it('fits the whole graph in the box', () => {
    expect(fitZoom({ width: 1900, height: 1700 }, { width: 950, height: 425 })).toBe(0.25);
    expect(fitZoom({ width: 100, height: 50 }, { width: 1000, height: 1000 })).toBe(4);
    expect(fitZoom({ width: 0, height: 0 }, { width: 10, height: 10 })).toBe(1);
  });

  it('steps by a quarter, snapping to 100 % on the way through', () => {
    expect(stepZoom(1, 1)).toBe(1.25);
    expect(stepZoom(1.25, -1)).toBe(1);
    expect(stepZoom(0.9, 1)).toBe(1);
    expect(stepZoom(0.8, -1)).toBe(0.64);
    expect(stepZoom(0.1, -1)).toBe(0.1);
  });

  it('keeps the point under the anchor still', () => {
    // At zoom 1 the viewport's x=100 shows graph x=300 (scrolled 200); at zoom 2 that is 600, so scroll 500.
    expect(anchoredScroll(200, 100, 1, 2)).toBe(500);
    expect(anchoredScroll(0, 50, 1, 0.5)).toBe(0);
  });
});

describe('graph view lineage and search', () => {
  const edges = [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'c' },
    { from: 'x', to: 'b' },
    { from: 'c', to: 'd' },
    { from: 'y', to: 'z' },
    { from: 'd', to: 'a' }, // a cycle is walked once
  ];

  it('a node, everything upstream and everything downstream, nothing beside', () => {
    expect([...lineageOf(edges, 'c')].sort()).toEqual(['a', 'b', 'c', 'd', 'x']);
    expect([...lineageOf(edges, 'x')].sort()).toEqual(['a', 'b', 'c', 'd', 'x']);
    expect([...lineageOf(edges, 'z')].sort()).toEqual(['y', 'z']);
    expect([...lineageOf(edges, 'lonely')]).toEqual(['lonely']);
  });

  it('finds nodes by label or id, case-insensitive, in reading order', () => {
    const nodes = [
      { id: 'golden__email', label: 'golden.email', x: 500, y: 40 },
      { id: 'source_0__Email', label: 'salesforce.contacts.Email', x: 100, y: 80 },
      { id: 'source_1__email', label: 'hubspot.contacts.email', x: 100, y: 20 },
      { id: 'source_0', label: 'in.c-salesforce.contacts\n885 rows', x: 100, y: 0 },
    ];
    expect(findNodes(nodes, 'EMAIL', 'LR').map((n) => n.id)).toEqual(['source_1__email', 'source_0__Email', 'golden__email']);
    expect(findNodes(nodes, 'source_0', 'TB').map((n) => n.id)).toEqual(['source_0', 'source_0__Email']);
    expect(findNodes(nodes, '  ')).toEqual([]);
  });
});
