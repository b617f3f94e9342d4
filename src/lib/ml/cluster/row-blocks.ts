/**
 * K-Means state split into fixed blocks of rows. Every pass over the rows is a `BlockOp`
 * run block by block; each block writes its own partial sums, and the driver adds the
 * partials in block order. So the result does not depend on which thread ran which block:
 * one thread, or rows spread over workers sharing this state, give bit-identical results.
 */

/** Rows per block: partial sums stay small, and a thread takes whole blocks. */
export const blockRows = 16384;

/** Everything a pass reads or writes; plain typed arrays, so it can live in SharedArrayBuffers. */
export interface BlockState {
  n: number;
  d: number;
  k: number;
  blocks: number;
  /** Candidates per centre in greedy k-means++ (size of `candidates`). */
  trials: number;
  labels: Int32Array;
  /**
   * Hamerly bounds relative to running totals: upper = upper[i] + drift[label], lower =
   * lower[i] − slack[label]. Float32 rounded outwards (upper up, lower down) stays a valid
   * bound and halves what the sweep over all rows reads.
   */
  upper: Float32Array;
  lower: Float32Array;
  centers: Float64Array;
  /** Total distance each centre moved since the bounds were rebuilt. */
  drift: Float64Array;
  /** Half the distance from each centre to its nearest other centre. */
  halfGap: Float64Array;
  /**
   * Per cluster a: total over iterations of the largest move of any centre other than a.
   * A row's label only changes when its lower bound is rebuilt, so this loosens it exactly.
   */
  slack: Float64Array;
  /** Per block: k×d coordinate sums, k counts, rows that changed cluster, and a scalar (inertia, potential). */
  blockSums: Float64Array;
  blockCounts: Int32Array;
  blockChanged: Int32Array;
  blockValues: Float64Array;
  /** k-means++: squared distance to the nearest chosen centre, its index, running sum within the block. */
  closest: Float64Array;
  nearest: Int32Array;
  cumulative: Float64Array;
  /** k-means++: candidate row indices, squared candidate–centre distances [t·k + j], their minimum over t. */
  candidates: Int32Array;
  gap: Float64Array;
  minGap: Float64Array;
}

/** Makes a typed array of `length` elements; pass one backed by SharedArrayBuffer to share the state. */
export type Allocate = <T extends Float64Array | Float32Array | Int32Array>(Ctor: { new (length: number): T; new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, length: number) => T;

const allocateLocal: Allocate = (Ctor, length) => new Ctor(length);

/** Fresh state for n rows of d columns and k clusters; `plusPlus` adds the k-means++ buffers. */
export function createBlockState(n: number, d: number, k: number, trials: number, plusPlus: boolean, allocate: Allocate = allocateLocal): BlockState {
  const blocks = Math.ceil(n / blockRows);
  const m = plusPlus ? n : 0;
  return {
    n,
    d,
    k,
    blocks,
    trials,
    labels: allocate(Int32Array, n),
    upper: allocate(Float32Array, n),
    lower: allocate(Float32Array, n),
    centers: allocate(Float64Array, k * d),
    drift: allocate(Float64Array, k),
    halfGap: allocate(Float64Array, k),
    slack: allocate(Float64Array, k),
    blockSums: allocate(Float64Array, blocks * k * d),
    blockCounts: allocate(Int32Array, blocks * k),
    blockChanged: allocate(Int32Array, blocks),
    blockValues: allocate(Float64Array, blocks * Math.max(trials, 2 * d, 1)),
    closest: allocate(Float64Array, m),
    nearest: allocate(Int32Array, m),
    cumulative: allocate(Float64Array, m),
    candidates: allocate(Int32Array, trials),
    gap: allocate(Float64Array, trials * k),
    minGap: allocate(Float64Array, k),
  };
}

/** One pass over the rows; `runBlockOp` runs it on one block. */
export type BlockOp =
  | { kind: 'moments' }
  | { kind: 'exact' }
  | { kind: 'exactFromSeeds' }
  | { kind: 'bounded' }
  | { kind: 'inertia' }
  | { kind: 'seed'; row: number }
  | { kind: 'potentials' }
  | { kind: 'addCenter'; trial: number; center: number; cumulate: boolean };

/** Runs `op` on rows of block `b`. `queue` is scratch of `blockRows` ints owned by the calling thread. */
export function runBlockOp(data: Float64Array, s: BlockState, op: BlockOp, b: number, queue: Int32Array): void {
  const start = b * blockRows;
  const end = Math.min(s.n, start + blockRows);
  switch (op.kind) {
    case 'moments':
      return momentsBlock(data, s, b, start, end);
    case 'exact':
      return exactBlock(data, s, b, start, end, false);
    case 'exactFromSeeds':
      return exactBlock(data, s, b, start, end, true);
    case 'bounded':
      return boundedBlock(data, s, b, start, end, queue);
    case 'inertia':
      return inertiaBlock(data, s, b, start, end);
    case 'seed':
      return seedBlock(data, s, b, start, end, op.row);
    case 'potentials':
      return potentialsBlock(data, s, b, start, end, queue);
    case 'addCenter':
      return addCenterBlock(data, s, b, start, end, op.trial, op.center, op.cumulate);
  }
}

/** Runs `op` on every block in order, on this thread. */
export function runOpLocally(data: Float64Array, s: BlockState, op: BlockOp, queue: Int32Array): void {
  for (let b = 0; b < s.blocks; b++) runBlockOp(data, s, op, b, queue);
}

/** Per-column sums of (x − x₀) and their squares, x₀ = row 0 (a shift that keeps one pass accurate). */
function momentsBlock(data: Float64Array, s: BlockState, b: number, start: number, end: number): void {
  const { d, blockValues } = s;
  const out = b * blockValues.length / s.blocks;
  for (let j = 0; j < 2 * d; j++) blockValues[out + j] = 0;
  for (let i = start; i < end; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - data[j];
      blockValues[out + j] += t;
      blockValues[out + d + j] += t * t;
    }
  }
}

/**
 * Exact assignment: label, upper bound = distance to the nearest centre, lower bound ≤ distance
 * to the second nearest; resets the block's sums. `fromSeeds` reuses k-means++'s nearest centre
 * of each row: when that distance u is below half the gap g to the next centre, the label is
 * proven and 2g − u bounds every other centre (triangle inequality), with no distance computed.
 */
function exactBlock(data: Float64Array, s: BlockState, b: number, start: number, end: number, fromSeeds: boolean): void {
  const { d, k, labels, upper, lower, centers, halfGap, closest, nearest, blockSums, blockCounts } = s;
  const so = b * k * d;
  const cb = b * k;
  blockSums.fill(0, so, so + k * d);
  blockCounts.fill(0, cb, cb + k);
  for (let i = start; i < end; i++) {
    const o = i * d;
    let best = 0;
    if (fromSeeds) {
      best = nearest[i];
      const u = Math.sqrt(closest[i]);
      const g = halfGap[best];
      if (u < g) {
        labels[i] = best;
        upper[i] = roundUp(u);
        lower[i] = roundDown(2 * g - u);
      } else {
        best = assignRow(data, d, k, centers, i, labels, upper, lower);
      }
    } else {
      best = assignRow(data, d, k, centers, i, labels, upper, lower);
    }
    blockCounts[cb + best]++;
    const bo = so + best * d;
    for (let j = 0; j < d; j++) blockSums[bo + j] += data[o + j];
  }
  s.blockChanged[b] = end - start;
}

/** Nearest centre of row i (first on ties) into labels, its distance into upper, the second nearest into lower. */
function assignRow(data: Float64Array, d: number, k: number, centers: Float64Array, i: number, labels: Int32Array, upper: Float32Array, lower: Float32Array): number {
  const o = i * d;
  let d1 = Infinity;
  let d2 = Infinity;
  let best = 0;
  for (let c = 0; c < k; c++) {
    const co = c * d;
    let q = 0;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - centers[co + j];
      q += t * t;
    }
    if (q < d1) {
      d2 = d1;
      d1 = q;
      best = c;
    } else if (q < d2) {
      d2 = q;
    }
  }
  labels[i] = best;
  upper[i] = roundUp(Math.sqrt(d1));
  lower[i] = roundDown(Math.sqrt(d2));
  return best;
}

/**
 * Hamerly's step in two phases: a branch-free sweep collects the rows whose bounds no
 * longer prove their label (a few percent once centres settle), then only those rows
 * are recomputed. Splitting keeps the sweep a straight streaming loop instead of one
 * that mispredicts a branch on every re-checked row.
 */
function boundedBlock(data: Float64Array, s: BlockState, b: number, start: number, end: number, queue: Int32Array): void {
  const { d, k, labels, upper, lower, centers, drift, slack, halfGap, blockSums, blockCounts } = s;
  let m = 0;
  for (let i = start; i < end; i++) {
    const a = labels[i];
    const x = upper[i] + drift[a];
    queue[m] = i;
    // Two comparisons joined by & (not a max, not &&): V8 emits no branch for this line.
    m += +(x > halfGap[a]) & +(x > lower[i] - slack[a]);
  }
  const so = b * k * d;
  const cb = b * k;
  let changed = 0;
  for (let q = 0; q < m; q++) {
    const i = queue[q];
    const a = labels[i];
    const l = lower[i] - slack[a];
    const g = halfGap[a];
    const bound = g > l ? g : l;
    const o = i * d;
    const ao = a * d;
    let own = 0;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - centers[ao + j];
      own += t * t;
    }
    const u = Math.sqrt(own);
    if (u <= bound) {
      upper[i] = roundUp(u - drift[a]);
      continue;
    }
    let d1 = Infinity;
    let d2 = Infinity;
    let best = a;
    for (let c = 0; c < k; c++) {
      const co = c * d;
      let x = 0;
      for (let j = 0; j < d; j++) {
        const t = data[o + j] - centers[co + j];
        x += t * t;
      }
      if (x < d1) {
        d2 = d1;
        d1 = x;
        best = c;
      } else if (x < d2) {
        d2 = x;
      }
    }
    upper[i] = roundUp(Math.sqrt(d1) - drift[best]);
    lower[i] = roundDown(Math.sqrt(d2) + slack[best]);
    if (best !== a) {
      labels[i] = best;
      blockCounts[cb + a]--;
      blockCounts[cb + best]++;
      const from = so + ao;
      const to = so + best * d;
      for (let j = 0; j < d; j++) {
        const v = data[o + j];
        blockSums[from + j] -= v;
        blockSums[to + j] += v;
      }
      changed++;
    }
  }
  s.blockChanged[b] = changed;
}

/** A float32 no larger than x (fround alone rounds to nearest, up to 2⁻²⁴ relative); +∞ stays +∞. */
function roundDown(x: number): number {
  return x === Infinity ? x : Math.fround(x - Math.abs(x) * 2.384185791015625e-7);
}

/** A float32 no smaller than x. */
function roundUp(x: number): number {
  return Math.fround(x + Math.abs(x) * 2.384185791015625e-7);
}

/** Squared distances of the block's rows to their centres, summed. */
function inertiaBlock(data: Float64Array, s: BlockState, b: number, start: number, end: number): void {
  const { d, labels, centers } = s;
  let total = 0;
  for (let i = start; i < end; i++) {
    const o = i * d;
    const co = labels[i] * d;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - centers[co + j];
      total += t * t;
    }
  }
  s.blockValues[b * (s.blockValues.length / s.blocks)] = total;
}

/** k-means++ first centre: every row's squared distance to row `row`, with running sums. */
function seedBlock(data: Float64Array, s: BlockState, b: number, start: number, end: number, row: number): void {
  const { d, closest, nearest, cumulative } = s;
  const fo = row * d;
  let running = 0;
  for (let i = start; i < end; i++) {
    const o = i * d;
    let q = 0;
    for (let j = 0; j < d; j++) {
      const t = data[o + j] - data[fo + j];
      q += t * t;
    }
    closest[i] = q;
    nearest[i] = 0;
    running += q;
    cumulative[i] = running;
  }
  s.blockValues[b * (s.blockValues.length / s.blocks)] = running;
}

/**
 * Σ min(closest, ‖x − t‖²) for every candidate t. A row is settled when ‖c − t‖² ≥ 4·closest
 * for its nearest centre c and every t (the triangle inequality proves no candidate is
 * nearer; Raff 2021, "Exact acceleration of k-means++"). A branch-free sweep collects the
 * unsettled rows; each candidate then runs a tight loop over them.
 */
function potentialsBlock(data: Float64Array, s: BlockState, b: number, start: number, end: number, queue: Int32Array): void {
  const { d, trials, closest, nearest, candidates, minGap, blockValues } = s;
  const out = b * (blockValues.length / s.blocks);
  let total = 0;
  let m = 0;
  for (let i = start; i < end; i++) {
    const ci = closest[i];
    total += ci;
    queue[m] = i;
    m += +(minGap[nearest[i]] < 4 * ci);
  }
  for (let t = 0; t < trials; t++) {
    const to = candidates[t] * d;
    let gain = 0;
    for (let q = 0; q < m; q++) {
      const i = queue[q];
      const o = i * d;
      let x = 0;
      for (let j = 0; j < d; j++) {
        const v = data[o + j] - data[to + j];
        x += v * v;
      }
      const ci = closest[i];
      if (x < ci) gain += ci - x;
    }
    blockValues[out + t] = total - gain;
  }
}

/** Makes candidate `trial` centre number `center`: updates nearest centres, and running sums if `cumulate`. */
function addCenterBlock(data: Float64Array, s: BlockState, b: number, start: number, end: number, trial: number, center: number, cumulate: boolean): void {
  const { d, k, closest, nearest, cumulative, candidates, gap } = s;
  const to = candidates[trial] * d;
  const go = trial * k;
  let running = 0;
  for (let i = start; i < end; i++) {
    let ci = closest[i];
    if (gap[go + nearest[i]] < 4 * ci) {
      const o = i * d;
      let q = 0;
      for (let j = 0; j < d; j++) {
        const x = data[o + j] - data[to + j];
        q += x * x;
      }
      if (q < ci) {
        closest[i] = q;
        nearest[i] = center;
        ci = q;
      }
    }
    running += ci;
    if (cumulate) cumulative[i] = running;
  }
  s.blockValues[b * (s.blockValues.length / s.blocks)] = running;
}

/** Sum over blocks, in block order, of blockValues[b·stride + offset]. */
export function sumBlockValues(s: BlockState, offset = 0): number {
  const stride = s.blockValues.length / s.blocks;
  let total = 0;
  for (let b = 0; b < s.blocks; b++) total += s.blockValues[b * stride + offset];
  return total;
}
