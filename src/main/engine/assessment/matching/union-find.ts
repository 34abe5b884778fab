/** Disjoint sets over string ids (path halving, union by size): clusters of matched records. */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();

  find(x: string): string {
    if (!this.parent.has(x)) {
      this.parent.set(x, x);
      this.size.set(x, 1);
      return x;
    }
    let node = x;
    while (this.parent.get(node) !== node) {
      const grand = this.parent.get(this.parent.get(node)!)!;
      this.parent.set(node, grand);
      node = grand;
    }
    return node;
  }

  union(a: string, b: string): string {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size.get(ra)! < this.size.get(rb)!) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    this.size.set(ra, this.size.get(ra)! + this.size.get(rb)!);
    return ra;
  }

  connected(a: string, b: string): boolean {
    return this.find(a) === this.find(b);
  }

  /** Every set with more than one member, members sorted, sets ordered by their first member. */
  groups(): string[][] {
    const bySet = new Map<string, string[]>();
    for (const x of this.parent.keys()) {
      const root = this.find(x);
      const members = bySet.get(root);
      if (members) members.push(x);
      else bySet.set(root, [x]);
    }
    return [...bySet.values()]
      .filter((g) => g.length > 1)
      .map((g) => g.sort())
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}
