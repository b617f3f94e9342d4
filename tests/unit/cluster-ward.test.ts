import { agnes, type Cluster } from 'ml-hclust';
import { describe, expect, it } from 'vitest';
import { cutTree, dendrogramOf, wardClustering, wardLinkage } from '../../src/lib/ml/segments/agglomerative';
import { adjustedRandIndex } from '../../src/lib/ml/segments/rand-index';
import { Random } from '../../src/lib/ml/core/random';

describe('Ward linkage (nearest-neighbour chain)', () => {
  it('matches a hand-computed tree: height = √(2·nA·nB/(nA+nB))·‖cA − cB‖', () => {
    const merges = wardLinkage(new Float64Array([0, 1, 5, 7, 20]), 5, 1);
    expect(merges.map(({ a, b, size }) => [a, b, size])).toStrictEqual([
      [0, 1, 2],
      [2, 3, 2],
      [5, 6, 4],
      [4, 7, 5],
    ]);
    const heights = [1, 2, Math.SQRT2 * 5.5, Math.sqrt(1.6) * 16.75];
    merges.forEach((m, i) => expect(m.height).toBeCloseTo(heights[i], 12));
  });

  it('gives ml-hclust ward2 heights (1e-9) and partitions on 200 random rows', () => {
    const random = new Random(5);
    const n = 200;
    const d = 3;
    const data = new Float64Array(n * d).map(() => random.normal());
    const ours = wardLinkage(data, n, d);
    const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
    const tree = agnes(rows, { method: 'ward2' });
    const theirs: number[] = [];
    const visit = (c: Cluster): void => {
      if (c.isLeaf) return;
      theirs.push(c.height);
      c.children.forEach(visit);
    };
    visit(tree);
    theirs.sort((a, b) => a - b);
    expect(ours).toHaveLength(n - 1);
    ours.forEach((m, i) => expect(Math.abs(m.height - theirs[i])).toBeLessThan(1e-9));
    for (const k of [2, 3, 5, 8]) {
      const reference = new Int32Array(n);
      tree.group(k).children.forEach((g, c) => {
        for (const leaf of g.indices()) reference[leaf] = c;
      });
      expect(adjustedRandIndex(cutTree(ours, n, k).labels, reference)).toBe(1);
    }
  });

  it('cuts three obvious groups, largest first', () => {
    const data = new Float64Array([0, 0.1, 0.2, 10, 10.1, 30]);
    const r = wardClustering(data, 6, 1, 3);
    expect(Array.from(r.labels)).toStrictEqual([0, 0, 0, 1, 1, 2]);
    expect(r.sizes).toStrictEqual([3, 2, 1]);
    expect(Array.from(cutTree(r.merges, 6, 6).labels).sort()).toStrictEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(cutTree(r.merges, 6, 1).labels)).toStrictEqual([0, 0, 0, 0, 0, 0]);
  });

  it('draws the top of the tree as ⊓ shapes over the last p clusters', () => {
    const merges = wardLinkage(new Float64Array([0, 1, 5, 7, 20]), 5, 1);
    const full = dendrogramOf(merges, 5);
    expect(full.leafSizes).toStrictEqual([1, 1, 1, 1, 1]);
    expect(full.x.filter((v) => v === null)).toHaveLength(4);
    const top = dendrogramOf(merges, 5, 2);
    expect(top.leafSizes).toStrictEqual([1, 4]);
    expect(top.y).toStrictEqual([0, merges[3].height, merges[3].height, 0, null]);
  });

  it('refuses more rows than the cap, naming the limit', () => {
    expect(() => wardClustering(new Float64Array(10), 10, 1, 2, { maxRows: 5 })).toThrow(/limited to 5 rows/);
  });
});
