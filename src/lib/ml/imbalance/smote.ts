/**
 * SMOTE (Chawla et al. 2002): new minority rows on the segment between a minority row and one of its
 * k nearest neighbours of the same class, as imbalanced-learn's `SMOTE`. Resample training rows only:
 * synthetic rows built from test rows would leak them into training.
 */
import type { Matrix } from '../matrix';
import { Random } from '../random';

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
 * `result[m * k + r]`. Brute force O(m² · cols), fine for the minority classes of tabular data.
 */
export function nearestNeighbours(X: Matrix, members: Int32Array, k: number): Int32Array {
  const { cols } = X;
  const m = members.length;
  if (k > m - 1) throw new Error(`nearestNeighbours: k = ${k} but only ${m - 1} other rows`);
  const result = new Int32Array(m * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let p = 0; p < m; p++) {
    const a = members[p] * cols;
    let filled = 0;
    for (let q = 0; q < m; q++) {
      if (q === p) continue;
      const b = members[q] * cols;
      let d = 0;
      for (let j = 0; j < cols; j++) {
        const t = X.data[a + j] - X.data[b + j];
        d += t * t;
      }
      if (filled === k && d >= bestD[k - 1]) continue;
      // insertion into the sorted list of the best k so far
      let pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && bestD[pos - 1] > d) {
        bestD[pos] = bestD[pos - 1];
        bestI[pos] = bestI[pos - 1];
        pos--;
      }
      bestD[pos] = d;
      bestI[pos] = members[q];
    }
    result.set(bestI, p * k);
  }
  return result;
}
