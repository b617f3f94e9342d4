/**
 * SMOTE (Chawla et al. 2002): new minority rows on the segment between a minority row and one of its
 * k nearest neighbours of the same class, as imbalanced-learn's `SMOTE`. Resample training rows only:
 * synthetic rows built from test rows would leak them into training.
 */
import type { Matrix } from '../core/matrix';
import { Random } from '../core/random';

/** Options of {@link smote}. */
export interface SmoteOptions {
  /** Neighbours per minority row (default 5; fewer when a class has fewer other rows). */
  k: number;
  /** Each smaller class is grown to round(targetRatio × majority count) rows (default 1: balanced). */
  targetRatio: number;
  seed: number;
}

/** Defaults of {@link SmoteOptions}. */
export const defaultSmoteOptions: SmoteOptions = { k: 5, targetRatio: 1, seed: 0 };

/** Rows after SMOTE: the original rows first, then the synthetic ones. */
export interface SmoteResult {
  X: Matrix;
  y: Float64Array;
  /** Number of synthetic rows appended after the originals. */
  nSynthetic: number;
}

/**
 * Appends synthetic rows to every class smaller than the target size (binary or multi-class).
 * @param X complete numeric rows (impute and encode first; NaN is rejected)
 * @param y class indices 0..K-1
 * @param options k (default 5), targetRatio minority/majority after (default 1), seed (default 0)
 */
export function smote(X: Matrix, y: Float64Array, options: Partial<SmoteOptions> = {}): SmoteResult {
  const { k, targetRatio, seed } = { ...defaultSmoteOptions, ...options };
  const { rows, cols } = X;
  if (y.length !== rows) throw new Error(`smote: X has ${rows} rows but y has ${y.length}`);
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`smote: k must be a positive integer, got ${k}`);
  if (!(targetRatio > 0 && targetRatio <= 1)) throw new Error(`smote: targetRatio must be in (0, 1], got ${targetRatio}`);
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i])) {
      throw new Error(`smote needs complete numeric rows (impute first): row ${Math.floor(i / cols)}, column ${i % cols} is ${X.data[i]}`);
    }
  }
  const classRows = rowsByClass(y);
  let majority = 0;
  for (const members of classRows.values()) majority = Math.max(majority, members.length);
  const target = Math.round(targetRatio * majority);

  const random = new Random(seed);
  const plan: { label: number; members: Int32Array; count: number }[] = [];
  for (const [label, members] of [...classRows.entries()].sort((a, b) => a[0] - b[0])) {
    const count = Math.max(0, target - members.length);
    if (count > 0) plan.push({ label, members, count });
  }
  const nSynthetic = plan.reduce((s, p) => s + p.count, 0);
  const out: Matrix = { rows: rows + nSynthetic, cols, data: new Float64Array((rows + nSynthetic) * cols) };
  out.data.set(X.data);
  const outY = new Float64Array(rows + nSynthetic);
  outY.set(y);

  let at = rows;
  for (const { label, members, count } of plan) {
    const kk = Math.min(k, members.length - 1);
    // a class of one row has no segment: its synthetic rows are copies (a segment of length 0)
    const neighbours = kk > 0 ? nearestNeighbours(X, members, kk) : null;
    for (let s = 0; s < count; s++, at++) {
      const m = random.int(members.length);
      const a = members[m] * cols;
      const b = neighbours ? neighbours[m * kk + random.int(kk)] * cols : a;
      const gap = random.next();
      for (let j = 0; j < cols; j++) out.data[at * cols + j] = X.data[a + j] + gap * (X.data[b + j] - X.data[a + j]);
      outY[at] = label;
    }
  }
  return { X: out, y: outY, nSynthetic };
}

/** Row indices of each class label, in row order. */
function rowsByClass(y: Float64Array): Map<number, Int32Array> {
  const counts = new Map<number, number>();
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    if (!Number.isInteger(label) || label < 0) throw new Error(`smote: y must hold class indices 0..K-1, row ${i} is ${label}`);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const out = new Map<number, Int32Array>();
  const fill = new Map<number, number>();
  for (const [label, count] of counts) {
    out.set(label, new Int32Array(count));
    fill.set(label, 0);
  }
  for (let i = 0; i < y.length; i++) {
    const f = fill.get(y[i])!;
    out.get(y[i])![f] = i;
    fill.set(y[i], f + 1);
  }
  return out;
}

/**
 * The k nearest other members of each member (squared Euclidean, ties by lower row), as rows of X:
 * `result[m * k + r]`. Exact; members are sorted along the column of largest spread and each search
 * walks outwards from the member, stopping once the gap along that column alone exceeds the k-th
 * best distance (the projection bound), which prunes most pairs on tabular data.
 */
export function nearestNeighbours(X: Matrix, members: Int32Array, k: number): Int32Array {
  const { cols, data } = X;
  const m = members.length;
  if (k > m - 1) throw new Error(`nearestNeighbours: k = ${k} but only ${m - 1} other rows`);
  const axis = widestColumn(X, members);
  // member positions sorted along the axis, and their rows copied contiguously in that order so the
  // outward walk reads memory sequentially
  const order = Int32Array.from({ length: m }, (_, p) => p).sort((p, q) => data[members[p] * cols + axis] - data[members[q] * cols + axis] || members[p] - members[q]);
  const S = new Float64Array(m * cols);
  const rowAt = new Int32Array(m);
  for (let s = 0; s < m; s++) {
    rowAt[s] = members[order[s]];
    S.set(data.subarray(rowAt[s] * cols, (rowAt[s] + 1) * cols), s * cols);
  }

  const result = new Int32Array(m * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let s = 0; s < m; s++) {
    const a = s * cols;
    const ax = S[a + axis];
    let filled = 0;
    let lo = s - 1;
    let hi = s + 1;
    while (lo >= 0 || hi < m) {
      const gapLo = lo >= 0 ? ax - S[lo * cols + axis] : Infinity;
      const gapHi = hi < m ? S[hi * cols + axis] - ax : Infinity;
      if (filled === k && Math.min(gapLo, gapHi) ** 2 > bestD[k - 1]) break;
      const t = gapLo <= gapHi ? lo-- : hi++;
      const b = t * cols;
      let d = 0;
      for (let j = 0; j < cols; j++) {
        const diff = S[a + j] - S[b + j];
        d += diff * diff;
      }
      const other = rowAt[t];
      if (filled === k && (d > bestD[k - 1] || (d === bestD[k - 1] && other > bestI[k - 1]))) continue;
      // insertion into the best k so far, ordered by (distance, row)
      let pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && (bestD[pos - 1] > d || (bestD[pos - 1] === d && bestI[pos - 1] > other))) {
        bestD[pos] = bestD[pos - 1];
        bestI[pos] = bestI[pos - 1];
        pos--;
      }
      bestD[pos] = d;
      bestI[pos] = other;
    }
    result.set(bestI, order[s] * k);
  }
  return result;
}

/** The column with the largest variance over the members. */
function widestColumn(X: Matrix, members: Int32Array): number {
  const { cols, data } = X;
  let best = 0;
  let bestVar = -1;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (const r of members) mean += data[r * cols + j];
    mean /= members.length;
    let v = 0;
    for (const r of members) v += (data[r * cols + j] - mean) ** 2;
    if (v > bestVar) {
      bestVar = v;
      best = j;
    }
  }
  return best;
}
