/**
 * Lloyd iterations accelerated with Hamerly's bounds: each row keeps an upper bound on the
 * distance to its centre and a lower bound on the distance to any other centre, so most
 * rows skip the distance computations once centres settle (Hamerly 2010, "Making k-means
 * even faster"). Results equal plain Lloyd's. Convergence follows scikit-learn: stop when
 * labels no longer change, or when the summed squared centre shift is ≤ `tol`.
 * The passes over the rows run in the WebAssembly kernels; the centre updates between them run here.
 */
import { cellIndex, type BlockState, type KMeansData } from './kmeans-kernels';

/** Buffers the driver keeps between passes (k-sized, never shared with threads). */
export interface CenterBuffers {
  oldCenters: Float64Array;
  sums: Float64Array;
  counts: Float64Array;
  shift: Float64Array;
}

/** Buffers for k clusters of d columns. */
export function createCenterBuffers(k: number, d: number): CenterBuffers {
  return { oldCenters: new Float64Array(k * d), sums: new Float64Array(k * d), counts: new Float64Array(k), shift: new Float64Array(k) };
}

/**
 * Lloyd iterations from `s.centers`; leaves final centres and labels in `s`, each label the
 * nearest final centre (the first on ties), and the block counts their sizes. Returns iterations.
 * The first pass computes every distance (seeding it from k-means++'s nearest centres measured
 * no faster: the rows it cannot settle still need them all).
 */
export function lloyd(data: KMeansData, s: BlockState, buffers: CenterBuffers, tol: number, maxIterations: number): number {
  resetBounds(s);
  data.run({ kind: 'exact' });
  let iteration = 1;
  let changed = s.n;
  for (;;) {
    const shiftTotal = updateCenters(data, s, buffers);
    if (changed === 0) return iteration;
    if (shiftTotal <= tol || iteration >= maxIterations) break;
    loosenBounds(s, buffers.shift);
    data.run({ kind: 'bounded' });
    changed = 0;
    for (let b = 0; b < s.blocks; b++) changed += s.blockChanged[b];
    iteration++;
  }
  // As scikit-learn: one last assignment so labels match the final centres.
  loosenBounds(s, buffers.shift);
  data.run({ kind: 'bounded' });
  return iteration;
}

function resetBounds(s: BlockState): void {
  s.drift.fill(0);
  s.slack.fill(0);
}

/** Adds this iteration's centre moves to the running totals and recomputes the half gaps. */
function loosenBounds(s: BlockState, shift: Float64Array): void {
  const { k, drift, slack } = s;
  let first = -1;
  let second = -1;
  for (let c = 0; c < k; c++) {
    drift[c] += shift[c];
    if (first < 0 || shift[c] > shift[first]) {
      second = first;
      first = c;
    } else if (second < 0 || shift[c] > shift[second]) {
      second = c;
    }
  }
  for (let c = 0; c < k; c++) slack[c] += c === first ? (second < 0 ? 0 : shift[second]) : shift[first];
  computeHalfGaps(s);
}

/** Half the distance from each centre to its nearest other centre. */
function computeHalfGaps(s: BlockState): void {
  const { k, d, centers, halfGap } = s;
  for (let c = 0; c < k; c++) {
    let m = Infinity;
    for (let c2 = 0; c2 < k; c2++) {
      if (c2 === c) continue;
      let q = 0;
      for (let j = 0; j < d; j++) {
        const t = centers[c * d + j] - centers[c2 * d + j];
        q += t * t;
      }
      if (q < m) m = q;
    }
    halfGap[c] = 0.5 * Math.sqrt(m);
  }
}

/**
 * New centres from the block sums (added in block order); an empty cluster takes the row
 * farthest from its centre (scikit-learn's relocation), after which the bounds are rebuilt
 * by an exact pass. Records each centre's shift and returns the summed squared shift.
 */
function updateCenters(data: KMeansData, s: BlockState, buffers: CenterBuffers): number {
  const { k, d, centers, blockSums, blockCounts } = s;
  const { oldCenters, sums, counts, shift } = buffers;
  sums.fill(0);
  counts.fill(0);
  for (let b = 0; b < s.blocks; b++) {
    const so = b * k * d;
    for (let x = 0; x < k * d; x++) sums[x] += blockSums[so + x];
    for (let c = 0; c < k; c++) counts[c] += blockCounts[b * k + c];
  }
  oldCenters.set(centers);
  let hasEmpty = false;
  for (let c = 0; c < k; c++) if (counts[c] === 0) hasEmpty = true;
  if (hasEmpty) relocateEmpty(data, s, buffers);
  let total = 0;
  for (let c = 0; c < k; c++) {
    const co = c * d;
    // A cluster still empty (fewer distinct rows than k) keeps its centre rather than NaN.
    if (counts[c] === 0) {
      shift[c] = 0;
      continue;
    }
    let q = 0;
    for (let j = 0; j < d; j++) {
      const v = sums[co + j] / counts[c];
      const t = v - oldCenters[co + j];
      q += t * t;
      centers[co + j] = v;
    }
    shift[c] = Math.sqrt(q);
    total += q;
  }
  if (hasEmpty) {
    resetBounds(s);
    data.run({ kind: 'exact' });
    shift.fill(0);
  }
  return total;
}

/** Gives each empty cluster the row currently farthest from its own centre (in the totals only). */
function relocateEmpty(data: KMeansData, s: BlockState, buffers: CenterBuffers): void {
  const { n, d, k, labels, centers } = s;
  const cells = data.data;
  const { sums, counts } = buffers;
  const taken = new Uint8Array(n);
  for (let c = 0; c < k; c++) {
    if (counts[c] !== 0) continue;
    let far = -1;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      if (taken[i] || counts[labels[i]] <= 1) continue;
      const q = data.distanceToPoint(i, centers, labels[i] * d);
      if (q > farD) {
        farD = q;
        far = i;
      }
    }
    if (far < 0) continue;
    taken[far] = 1;
    const a = labels[far];
    for (let j = 0; j < d; j++) {
      const v = cells[cellIndex(far, j, d)];
      sums[a * d + j] -= v;
      sums[c * d + j] = v;
    }
    counts[a]--;
    counts[c] = 1;
    labels[far] = c;
  }
}
