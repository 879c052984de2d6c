// Disjoint sets over record indices with path halving. The smaller root always becomes the
// parent, so every set's root is its smallest member: entity numbering then follows input
// order, independent of the order matches arrive in, and the parent array alone (plain
// numbers, JSON-serialisable) is the whole state.
export class UnionFind {
  readonly parent: number[];

  constructor(countOrParent: number | number[]) {
    this.parent = typeof countOrParent === 'number' ? Array.from({ length: countOrParent }, (_, i) => i) : countOrParent;
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  }

  /** Returns false when the two were already in one set. */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
    return true;
  }

  /** The sets as ascending member lists, ordered by their smallest member. */
  groups(): number[][] {
    const groups: number[][] = [];
    const groupOfRoot = new Map<number, number[]>();
    for (let i = 0; i < this.parent.length; i++) {
      const root = this.find(i);
      let group = groupOfRoot.get(root);
      if (!group) {
        group = [];
        groupOfRoot.set(root, group);
        groups.push(group);
      }
      group.push(i);
    }
    return groups;
  }
}
