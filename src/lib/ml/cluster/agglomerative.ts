/**
 * Agglomerative clustering with Ward linkage (ml-hclust), for comparison with K-Means on
 * small data. ml-hclust rebuilds its distance matrix at every merge (O(n³)), so it is
 * capped at `maxRows`. Method 'ward2' is Ward's criterion on Euclidean distances
 * (Lance–Williams on squared distances, as scipy/scikit-learn); ml-hclust's 'ward'
 * applies the squared-distance update to plain distances.
 */
import { agnes, type Cluster } from 'ml-hclust';
import { assertK, assertMatrix } from './validate';

/** Options of `wardClustering`. */
export interface WardOptions {
  /** Largest n accepted. */
  maxRows: number;
}

/** Up to 1,500 rows: ml-hclust takes about 8 s for 1,000 rows in Node (O(n³)), so 5,000 would take minutes. */
export const defaultWardOptions: WardOptions = { maxRows: 1500 };

/** One merge of the dendrogram (scipy's linkage-matrix row): clusters a and b join at `height`. */
export interface Merge {
  /** Ids below n are rows; n + i is the cluster made by merge i. */
  a: number;
  b: number;
  height: number;
  size: number;
}

/** Flat labels for k and the whole dendrogram, plain data. */
export interface WardResult {
  labels: Int32Array;
  sizes: number[];
  merges: Merge[];
}

/** Ward clustering of row-major `data` (n×d), cut into k clusters (largest first). */
export function wardClustering(data: Float64Array, n: number, d: number, k: number, options: Partial<WardOptions> = {}): WardResult {
  const opts = { ...defaultWardOptions, ...options };
  assertMatrix(data, n, d);
  assertK(k, n);
  if (n > opts.maxRows) throw new RangeError(`Ward clustering is limited to ${opts.maxRows} rows (O(n³)); got ${n}: use K-Means or a sample`);
  const rowsArr = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
  const tree = agnes(rowsArr, { method: 'ward2' });
  const labels = new Int32Array(n).fill(-1);
  const groups = k === 1 ? [tree] : tree.group(k).children;
  groups.forEach((g, c) => {
    for (const leaf of g.indices()) labels[leaf] = c;
  });
  const sizes = new Array<number>(groups.length).fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const order = sizes.map((_, c) => c).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const rename = new Int32Array(order.length);
  order.forEach((old, c) => (rename[old] = c));
  for (let i = 0; i < n; i++) labels[i] = rename[labels[i]];
  return { labels, sizes: order.map((c) => sizes[c]), merges: mergesOf(tree, n) };
}

/** The tree as a merge list, children before parents. */
function mergesOf(root: Cluster, n: number): Merge[] {
  const merges: Merge[] = [];
  const idOf = new Map<Cluster, number>();
  const visit = (node: Cluster): number => {
    if (node.isLeaf) return node.index;
    const known = idOf.get(node);
    if (known !== undefined) return known;
    const [left, right] = node.children;
    const a = visit(left);
    const b = visit(right);
    merges.push({ a, b, height: node.height, size: node.size });
    const id = n + merges.length - 1;
    idOf.set(node, id);
    return id;
  };
  if (!root.isLeaf) visit(root);
  return merges;
}
