/**
 * Agglomerative clustering with Ward linkage, for comparison with K-Means on small data:
 * the nearest-neighbour chain algorithm (Müllner 2011, "Modern hierarchical, agglomerative
 * clustering algorithms", §3.4) with Lance–Williams updates of squared Euclidean distances
 * in a condensed matrix, O(n²) time. Merge heights are Euclidean Ward distances, as
 * scipy's `linkage(method='ward')` and ml-hclust's 'ward2'.
 * Memory: n(n−1)/2 float64, so 100 MB at 5,000 rows (hence `maxRows`).
 */
import { assertK, assertMatrix } from './validate';

/** Options of `wardClustering`. */
export interface WardOptions {
  /** Largest n accepted: the distance matrix takes 4·n² bytes. */
  maxRows: number;
}

/** Up to 5,000 rows: a 100 MB distance matrix, about a second of work. */
export const defaultWardOptions: WardOptions = { maxRows: 5000 };

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
  /** n − 1 merges in increasing height, as scipy's linkage matrix. */
  merges: Merge[];
}

/** Ward clustering of row-major `data` (n×d), cut into k clusters (largest first). */
export function wardClustering(data: Float64Array, n: number, d: number, k: number, options: Partial<WardOptions> = {}): WardResult {
  const opts = { ...defaultWardOptions, ...options };
  assertMatrix(data, n, d);
  assertK(k, n);
  if (n > opts.maxRows) {
    throw new RangeError(`Ward clustering is limited to ${opts.maxRows} rows (its distance matrix grows as n²); got ${n}: use K-Means or a sample`);
  }
  const merges = wardLinkage(data, n, d);
  return { ...cutTree(merges, n, k), merges };
}

/** The Ward merge tree of row-major `data` (n×d): n − 1 merges sorted by height. */
export function wardLinkage(data: Float64Array, n: number, d: number): Merge[] {
  if (n < 2) return [];
  const D = squaredDistances(data, n, d);
  const size = new Float64Array(n).fill(1);
  // Active slots as a doubly linked list in index order; a merged pair lives on in slot `keep`.
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const head = (): number => next[n];
  // Sentinel n links to the first active slot.
  next[n] = 0;
  const remove = (i: number): void => {
    const p = prev[i] < 0 ? n : prev[i];
    next[p] = next[i];
    if (next[i] < n) prev[next[i]] = prev[i];
  };
  const chain = new Int32Array(n);
  let top = 0;
  const raw: { a: number; b: number; height2: number }[] = [];
  for (let step = 0; step < n - 1; step++) {
    if (top === 0) chain[top++] = head();
    let a = 0;
    let b = 0;
    for (;;) {
      a = chain[top - 1];
      // Prefer the previous chain element on ties, so the chain always ends (Müllner, §3.4).
      let best = top >= 2 ? chain[top - 2] : -1;
      let bestD = best >= 0 ? D[condensed(n, a, best)] : Infinity;
      for (let c = head(); c < n; c = next[c]) {
        if (c === a) continue;
        const x = D[condensed(n, a, c)];
        if (x < bestD) {
          bestD = x;
          best = c;
        }
      }
      b = best;
      if (top >= 2 && b === chain[top - 2]) break;
      chain[top++] = b;
    }
    top -= 2;
    const keep = Math.min(a, b);
    const drop = Math.max(a, b);
    const dab = D[condensed(n, a, b)];
    raw.push({ a: keep, b: drop, height2: dab });
    const sa = size[keep];
    const sb = size[drop];
    remove(drop);
    for (let c = head(); c < n; c = next[c]) {
      if (c === keep) continue;
      const sc = size[c];
      const ia = condensed(n, keep, c);
      D[ia] = ((sa + sc) * D[ia] + (sb + sc) * D[condensed(n, drop, c)] - sc * dab) / (sa + sb + sc);
    }
    size[keep] = sa + sb;
  }
  return relabel(raw, n);
}

/** Index of pair (i, j), i ≠ j, in a condensed n×n matrix (scipy's `squareform` order). */
function condensed(n: number, i: number, j: number): number {
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  return n * i - ((i * (i + 1)) >> 1) + j - i - 1;
}

function squaredDistances(data: Float64Array, n: number, d: number): Float64Array {
  const D = new Float64Array((n * (n - 1)) / 2);
  let x = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let q = 0;
      for (let c = 0; c < d; c++) {
        const t = data[i * d + c] - data[j * d + c];
        q += t * t;
      }
      D[x++] = q;
    }
  }
  return D;
}

/** Union-find root of x, halving the path on the way (parent[x] === x at a root). */
function rootOf(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/**
 * The chain finds merges out of height order and names clusters by slot: sort by height
 * (stable) and name each merge's result n + i, as scipy's `_hierarchy.nn_chain` + `label`.
 */
function relabel(raw: { a: number; b: number; height2: number }[], n: number): Merge[] {
  const order = raw.map((_, i) => i).sort((x, y) => raw[x].height2 - raw[y].height2 || x - y);
  const parent = new Int32Array(2 * n - 1).map((_, i) => i);
  const sizes = new Int32Array(2 * n - 1).fill(1);
  return order.map((r, i) => {
    const ra = rootOf(parent, raw[r].a);
    const rb = rootOf(parent, raw[r].b);
    const id = n + i;
    parent[ra] = id;
    parent[rb] = id;
    sizes[id] = sizes[ra] + sizes[rb];
    return { a: Math.min(ra, rb), b: Math.max(ra, rb), height: Math.sqrt(raw[r].height2), size: sizes[id] };
  });
}

/** Flat clusters from the first n − k merges, renamed largest first (ties: first row first). */
export function cutTree(merges: readonly Merge[], n: number, k: number): { labels: Int32Array; sizes: number[] } {
  const parent = new Int32Array(2 * n - 1).map((_, i) => i);
  for (let i = 0; i < n - k; i++) {
    parent[rootOf(parent, merges[i].a)] = n + i;
    parent[rootOf(parent, merges[i].b)] = n + i;
  }
  const rootLabel = new Map<number, number>();
  const raw = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const root = rootOf(parent, i);
    let c = rootLabel.get(root);
    if (c === undefined) {
      c = rootLabel.size;
      rootLabel.set(root, c);
    }
    raw[i] = c;
  }
  const counts = new Array<number>(rootLabel.size).fill(0);
  for (let i = 0; i < n; i++) counts[raw[i]]++;
  const order = counts.map((_, c) => c).sort((a, b) => counts[b] - counts[a] || a - b);
  const rename = new Int32Array(order.length);
  order.forEach((old, c) => (rename[old] = c));
  const labels = raw.map((c) => rename[c]);
  return { labels, sizes: order.map((c) => counts[c]) };
}

/** Line segments of a dendrogram for plotting: the top `lastP` clusters as leaves (scipy's truncate_mode 'lastp'). */
export interface Dendrogram {
  /** Polyline coordinates, one ⊓ per merge, separated by null. */
  x: (number | null)[];
  y: (number | null)[];
  /** Size of each leaf cluster, left to right. */
  leafSizes: number[];
}

/** The dendrogram of the last `lastP` merges (default 30), leaves spaced 1 apart from x = 0. */
export function dendrogramOf(merges: readonly Merge[], n: number, lastP = 30): Dendrogram {
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  const leafSizes: number[] = [];
  if (merges.length === 0) return { x, y, leafSizes: n ? [n] : [] };
  const firstShown = Math.max(0, merges.length - (lastP - 1));
  const sizeOf = (id: number): number => (id < n ? 1 : merges[id - n].size);
  /** Returns the x position of node `id` and its height. */
  const place = (id: number): [number, number] => {
    if (id < n + firstShown) {
      leafSizes.push(sizeOf(id));
      return [leafSizes.length - 1, 0];
    }
    const m = merges[id - n];
    const [xa, ya] = place(m.a);
    const [xb, yb] = place(m.b);
    x.push(xa, xa, xb, xb, null);
    y.push(ya, m.height, m.height, yb, null);
    return [(xa + xb) / 2, m.height];
  };
  place(n + merges.length - 1);
  return { x, y, leafSizes };
}
