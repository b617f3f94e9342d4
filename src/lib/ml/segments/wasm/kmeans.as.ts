/**
 * The K-Means row passes in AssemblyScript, compiled to WebAssembly with SIMD by
 * `npm run build:wasm` into kmeans-wasm.ts. Every pass runs on blocks of `blockRows` rows
 * and writes per-block partial sums, which the TypeScript driver (kmeans.ts) adds in block
 * order. The data is stored in pairs of rows, interleaved by column (rows 2p and 2p + 1 of
 * column j at data + 16·(p·d + j)), so two rows load as one f64x2 and their distances are
 * computed side by side, while one row alone still reads a single short stretch of memory.
 * Each lane does exactly the arithmetic of one row alone, so results do not depend on
 * whether a row was paired. Sums over rows stay
 * sequential and in row order. Layout and meaning of the buffers: `BlockState` in kmeans-kernels.ts.
 * k-means++'s per-row buffers share memory with Lloyd's, which overwrites them: `nearest` is
 * `labels`, and `closest` (an f64 per row) is the row's pair of float32 bounds.
 */

const blockRows: i32 = 16384;
/** f32 rounding margin: 2⁻²², a bit more than the relative error of rounding to nearest. */
const margin: f64 = 2.384185791015625e-7;

let n: i32 = 0;
let d: i32 = 0;
let k: i32 = 0;
let trials: i32 = 0;
let valueStride: i32 = 0;
let data: usize = 0;
let labels: usize = 0;
let upper: usize = 0;
let lower: usize = 0;
let centers: usize = 0;
let drift: usize = 0;
let halfGap: usize = 0;
let slack: usize = 0;
let blockSums: usize = 0;
let blockCounts: usize = 0;
let blockChanged: usize = 0;
let blockValues: usize = 0;
let closest: usize = 0;
let nearest: usize = 0;
let candidates: usize = 0;
let queue: usize = 0;
let scratch: usize = 0;

/** Points the passes at a fit's buffers (byte addresses in this module's memory). */
export function bind(
  n_: i32, d_: i32, k_: i32, trials_: i32, valueStride_: i32,
  data_: usize, labels_: usize, upper_: usize, lower_: usize, centers_: usize, drift_: usize, halfGap_: usize, slack_: usize,
  blockSums_: usize, blockCounts_: usize, blockChanged_: usize, blockValues_: usize,
  closest_: usize, nearest_: usize, candidates_: usize, queue_: usize, scratch_: usize,
): void {
  n = n_; d = d_; k = k_; trials = trials_; valueStride = valueStride_;
  data = data_; labels = labels_; upper = upper_; lower = lower_; centers = centers_; drift = drift_; halfGap = halfGap_; slack = slack_;
  blockSums = blockSums_; blockCounts = blockCounts_; blockChanged = blockChanged_; blockValues = blockValues_;
  closest = closest_; nearest = nearest_; candidates = candidates_; queue = queue_; scratch = scratch_;
}

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
@inline function setF64(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}
@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
@inline function setI32(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}
/** Row i's upper (base `upper`) or lower (base `lower`) bound: the bounds are float32 pairs, 8 bytes a row. */
@inline function boundAt(base: usize, i: i32): f64 {
  return <f64>load<f32>(base + (<usize>i << 3));
}
@inline function setBound(base: usize, i: i32, v: f64): void {
  store<f32>(base + (<usize>i << 3), <f32>v);
}
/** Address of row i's value in column j. */
@inline function cell(i: i32, j: i32): usize {
  return data + ((<usize>((i >> 1) * d + j) << 4) | (<usize>(i & 1) << 3));
}
/** Value of row i, column j. */
@inline function x(i: i32, j: i32): f64 {
  return load<f64>(cell(i, j));
}
/** Address of the pair of rows i and i + 1 (i even), column 0. */
@inline function pairAt(i: i32): usize {
  return data + (<usize>((i >> 1) * d) << 4);
}
/** A float32 no smaller than v. */
@inline function roundUp(v: f64): f64 {
  return <f64><f32>(v + abs<f64>(v) * margin);
}
/** A float32 no larger than v; +∞ stays +∞. */
@inline function roundDown(v: f64): f64 {
  return v == Infinity ? v : <f64><f32>(v - abs<f64>(v) * margin);
}
@inline function blockEnd(b: i32): i32 {
  const end = (b + 1) * blockRows;
  return end < n ? end : n;
}
/** The largest float32 no larger than v (NaN stays NaN). */
function f32AtMost(v: f64): f32 {
  const c = <f32>v;
  if (!(<f64>c > v)) return c;
  const bits = reinterpret<i32>(c);
  return reinterpret<f32>(c > 0 ? bits - 1 : c == 0 ? 0x80000001 : bits + 1);
}
/** The smallest float32 no smaller than v (NaN stays NaN). */
function f32AtLeast(v: f64): f32 {
  return -f32AtMost(-v);
}
/** Squared distance of row i to the point at `p` (d consecutive f64). */
@inline function rowDistance(i: i32, p: usize): f64 {
  let a = cell(i, 0);
  let q: f64 = 0;
  for (let j = 0; j < d; j++) {
    const t = load<f64>(a) - load<f64>(p + (<usize>j << 3));
    q += t * t;
    a += 16;
  }
  return q;
}
/** Squared distances of rows i and i + 1 to the point at `p`, one per lane. */
@inline function pairDistance(i: i32, p: usize): v128 {
  let a = pairAt(i);
  let q = f64x2.splat(0);
  for (let j = 0; j < d; j++) {
    const t = f64x2.sub(v128.load(a), f64x2.splat(load<f64>(p + (<usize>j << 3))));
    q = f64x2.add(q, f64x2.mul(t, t));
    a += 16;
  }
  return q;
}
/** Squared distance of row i to row r. */
@inline function rowToRow(i: i32, r: i32): f64 {
  let a = cell(i, 0);
  let p = cell(r, 0);
  let q: f64 = 0;
  for (let j = 0; j < d; j++) {
    const t = load<f64>(a) - load<f64>(p);
    q += t * t;
    a += 16;
    p += 16;
  }
  return q;
}
/** Squared distances of rows i and i + 1 to row r. */
@inline function pairToRow(i: i32, r: i32): v128 {
  let a = pairAt(i);
  let p = cell(r, 0);
  let q = f64x2.splat(0);
  for (let j = 0; j < d; j++) {
    const t = f64x2.sub(v128.load(a), f64x2.splat(load<f64>(p)));
    q = f64x2.add(q, f64x2.mul(t, t));
    a += 16;
    p += 16;
  }
  return q;
}

/** Adds row i to cluster c's sums and count in block b. */
@inline function addToBlock(b: i32, i: i32, c: i32): void {
  const ci = b * k + c;
  setI32(blockCounts, ci, i32At(blockCounts, ci) + 1);
  const so = blockSums + (<usize>(ci * d) << 3);
  let a = cell(i, 0);
  for (let j = 0; j < d; j++) {
    setF64(so, j, f64At(so, j) + load<f64>(a));
    a += 16;
  }
}

/** Writes label, upper and lower bound of row i from its two smallest distances (not squared). */
@inline function setAssignment(i: i32, best: i32, d1: f64, d2: f64): void {
  setI32(labels, i, best);
  setBound(upper, i, roundUp(d1));
  setBound(lower, i, roundDown(d2));
}

/**
 * Exact assignment of every row (nearest centre, first on ties; upper bound its distance,
 * lower bound the second nearest), and fresh block sums.
 */
export function exact(fromBlock: i32, toBlock: i32): void {
  for (let b = fromBlock; b < toBlock; b++) {
    const start = b * blockRows;
    const end = blockEnd(b);
    memory.fill(blockSums + (<usize>(b * k * d) << 3), 0, <usize>(k * d) << 3);
    memory.fill(blockCounts + (<usize>(b * k) << 2), 0, <usize>k << 2);
    let i = start;
    for (; i + 1 < end; i += 2) {
      nearestTwoOfTwo(i, i + 1, true);
      setAssignment(i, <i32>i64x2.extract_lane(laneBest, 0), f64x2.extract_lane(laneNear1, 0), f64x2.extract_lane(laneNear2, 0));
      setAssignment(i + 1, <i32>i64x2.extract_lane(laneBest, 1), f64x2.extract_lane(laneNear1, 1), f64x2.extract_lane(laneNear2, 1));
      addToBlock(b, i, i32At(labels, i));
      addToBlock(b, i + 1, i32At(labels, i + 1));
    }
    if (i < end) {
      assignRow(i);
      addToBlock(b, i, i32At(labels, i));
    }
    setI32(blockChanged, b, end - start);
  }
}

/** Each row's nearest centre (the first on ties) into `labels`, and the block's rows per cluster into `blockCounts`. */
export function nearestCenters(fromBlock: i32, toBlock: i32): void {
  for (let b = fromBlock; b < toBlock; b++) {
    const end = blockEnd(b);
    const counts = blockCounts + (<usize>(b * k) << 2);
    memory.fill(counts, 0, <usize>k << 2);
    let i = b * blockRows;
    for (; i + 1 < end; i += 2) {
      let best = i64x2.splat(0);
      let d1 = f64x2.splat(Infinity);
      for (let c = 0; c < k; c++) {
        const q = pairDistance(i, centers + (<usize>(c * d) << 3));
        const lt = f64x2.lt(q, d1);
        d1 = v128.bitselect(q, d1, lt);
        best = v128.bitselect(i64x2.splat(c), best, lt);
      }
      const c0 = <i32>i64x2.extract_lane(best, 0);
      const c1 = <i32>i64x2.extract_lane(best, 1);
      setI32(labels, i, c0);
      setI32(labels, i + 1, c1);
      setI32(counts, c0, i32At(counts, c0) + 1);
      setI32(counts, c1, i32At(counts, c1) + 1);
    }
    if (i < end) {
      let d1: f64 = Infinity;
      let best = 0;
      for (let c = 0; c < k; c++) {
        const q = rowDistance(i, centers + (<usize>(c * d) << 3));
        if (q < d1) {
          d1 = q;
          best = c;
        }
      }
      setI32(labels, i, best);
      setI32(counts, best, i32At(counts, best) + 1);
    }
  }
}

/** The last `nearestTwoOfTwo`: each lane's nearest centre, and its distances (not squared) to it and to the second nearest. */
let laneBest = i64x2.splat(0);
let laneNear1 = f64x2.splat(0);
let laneNear2 = f64x2.splat(0);

/**
 * The nearest centre (the first on ties) of rows r0 and r1, one per lane, with the distances to
 * it and to the second nearest, into laneBest, laneNear1 and laneNear2. `adjacent` (a constant
 * once inlined): r1 is r0 + 1, r0 even, and the pair loads as one vector.
 */
@inline function nearestTwoOfTwo(r0: i32, r1: i32, adjacent: bool): void {
  let best = i64x2.splat(0);
  let d1 = f64x2.splat(Infinity);
  let d2 = f64x2.splat(Infinity);
  for (let c = 0; c < k; c++) {
    const p = centers + (<usize>(c * d) << 3);
    const q = adjacent ? pairDistance(r0, p) : twoRowsDistance(r0, p, r1, p);
    const lt1 = f64x2.lt(q, d1);
    const lt2 = f64x2.lt(q, d2);
    d2 = v128.bitselect(d1, v128.bitselect(q, d2, lt2), lt1);
    d1 = v128.bitselect(q, d1, lt1);
    best = v128.bitselect(i64x2.splat(c), best, lt1);
  }
  laneBest = best;
  laneNear1 = f64x2.sqrt(d1);
  laneNear2 = f64x2.sqrt(d2);
}

/** Squared distances from the last `nearestTwo` row to its nearest and second nearest centre. */
let near1: f64 = 0;
let near2: f64 = 0;

/** Row i's nearest centre (the first on ties), all k distances computed; sets near1 and near2. */
function nearestTwo(i: i32): i32 {
  let d1: f64 = Infinity;
  let d2: f64 = Infinity;
  let best = 0;
  for (let c = 0; c < k; c++) {
    const q = rowDistance(i, centers + (<usize>(c * d) << 3));
    if (q < d1) {
      d2 = d1;
      d1 = q;
      best = c;
    } else if (q < d2) {
      d2 = q;
    }
  }
  near1 = d1;
  near2 = d2;
  return best;
}

/** Exact assignment of one row. */
function assignRow(i: i32): void {
  const best = nearestTwo(i);
  setAssignment(i, best, Math.sqrt(near1), Math.sqrt(near2));
}

/**
 * Hamerly's step. A row keeps its label without any distance computed while its bounds
 * (relative to the running drift and slack totals) prove it; the test is rewritten against
 * per-cluster thresholds, rounded so that it never skips a row the direct test would check,
 * and the rows it does not prove are collected without a branch. Their distance to their
 * own centre then tightens the upper bound; the rows still unproven are collected again and
 * get all k distances; a row that changes cluster moves between the block's sums. Both steps
 * take the collected rows two at a time, one per lane. The proofs are strict: bounds that only
 * prove a tie send the row to all k distances, so after every pass each label is the nearest
 * centre, the first on ties, as `nearestCenters` would label it.
 */
export function bounded(fromBlock: i32, toBlock: i32): void {
  // Row i skips iff upper[i] ≤ t1[a] (within half the gap) or lower[i] − upper[i] ≥ t2[a]; the
  // smallest double below and above keeps both strict when the gap, drift and slack are 0.
  const t1 = scratch;
  const t2 = scratch + (<usize>k << 3);
  for (let c = 0; c < k; c++) {
    const g = f64At(halfGap, c);
    const dr = f64At(drift, c);
    const sl = f64At(slack, c);
    setF64(t1, c, g - dr - (abs<f64>(g) + dr) * 1e-12 - 5e-324);
    setF64(t2, c, dr + sl + (dr + sl) * 1e-12 + 5e-324);
  }
  // The same thresholds as float32 tables of 4 per vector, rounded so that the float32 test
  // never skips a row the f64 test would check: t1 down; t2 up, by more than fl(l − u) errs
  // (relatively 2⁻²⁴ at most; exact when the difference is subnormal).
  const tables = t2 + (<usize>k << 3);
  const vectorized = k <= 16;
  if (vectorized) {
    memory.fill(tables, 0, 128);
    for (let c = 0; c < k; c++) {
      store<f32>(tables + (<usize>c << 2), f32AtMost(f64At(t1, c)));
      const v = f64At(t2, c);
      store<f32>(tables + 64 + (<usize>c << 2), f32AtLeast(v + v * 1.1920928955078125e-7));
    }
    fillCompactions(tables + 128);
  }
  for (let b = fromBlock; b < toBlock; b++) {
    const start = b * blockRows;
    const end = blockEnd(b);
    let m = 0;
    let i = start;
    if (vectorized) {
      for (; i + 3 < end; i += 4) m = collectFour(i, m, tables);
    }
    for (; i < end; i++) m = collect(i, m, t1, t2);
    touchRows(m);
    const m2 = tightenUpper(m);
    setI32(blockChanged, b, reassign(b, m2));
  }
}

/**
 * Reads one value from each line of the first `m` queued rows, with nothing depending on
 * the loads: the processor then has many rows' misses in flight at once, and the passes that
 * follow find the rows in cache. (WebAssembly has no prefetch instruction.)
 */
@inline function touchRows(m: i32): void {
  const last = <usize>((d - 1) << 4);
  let seen: i64 = 0;
  for (let q = 0; q < m; q++) {
    const a = cell(i32At(queue, q), 0);
    seen |= load<i64>(a) | load<i64>(a + last);
  }
  touched |= seen;
}
/** Keeps the loads of `touchRows` observable. */
let touched: i64 = 0;

/** Squared distances of row r0 to the point at p0 and of row r1 to the point at p1, one per lane. */
@inline function twoRowsDistance(r0: i32, p0: usize, r1: i32, p1: usize): v128 {
  let a0 = cell(r0, 0);
  let a1 = cell(r1, 0);
  let q = f64x2.splat(0);
  for (let j = 0; j < d; j++) {
    const o = <usize>j << 3;
    const t = f64x2.sub(v128.load64_lane(a1, v128.load64_splat(a0), 1), v128.load64_lane(p1 + o, v128.load64_splat(p0 + o), 1));
    q = f64x2.add(q, f64x2.mul(t, t));
    a0 += 16;
    a1 += 16;
  }
  return q;
}

/**
 * Each of the m queued rows gets its exact distance u to its own centre as its upper bound;
 * the rows that u does not prove (above both half their centre's gap and their lower bound)
 * stay in the queue, in order. Returns how many.
 */
@inline function tightenUpper(m: i32): i32 {
  let m2 = 0;
  let q = 0;
  for (; q + 1 < m; q += 2) {
    const r0 = i32At(queue, q);
    const r1 = i32At(queue, q + 1);
    const a0 = i32At(labels, r0);
    const a1 = i32At(labels, r1);
    const u = f64x2.sqrt(twoRowsDistance(r0, centers + (<usize>(a0 * d) << 3), r1, centers + (<usize>(a1 * d) << 3)));
    m2 = keepUnproven(r0, a0, f64x2.extract_lane(u, 0), m2);
    m2 = keepUnproven(r1, a1, f64x2.extract_lane(u, 1), m2);
  }
  if (q < m) {
    const r = i32At(queue, q);
    const a = i32At(labels, r);
    m2 = keepUnproven(r, a, Math.sqrt(rowDistance(r, centers + (<usize>(a * d) << 3))), m2);
  }
  return m2;
}

/** Row r (label a) at distance u from its centre: sets its upper bound, and queues it at m2 unless u proves it (strictly). */
@inline function keepUnproven(r: i32, a: i32, u: f64, m2: i32): i32 {
  const l = boundAt(lower, r) - f64At(slack, a);
  const g = f64At(halfGap, a);
  const bound = g > l ? g : l;
  setBound(upper, r, roundUp(u - f64At(drift, a)));
  setI32(queue, m2, r);
  return m2 + <i32>(u >= bound);
}

/**
 * All k distances for the m queued rows of block b, two rows at a time: new bounds, and the
 * rows whose nearest centre changed move to it (label and the block's sums). Returns how many moved.
 */
@inline function reassign(b: i32, m: i32): i32 {
  let changed = 0;
  let q = 0;
  for (; q + 1 < m; q += 2) {
    const r0 = i32At(queue, q);
    const r1 = i32At(queue, q + 1);
    nearestTwoOfTwo(r0, r1, false);
    changed += moveTo(b, r0, <i32>i64x2.extract_lane(laneBest, 0), f64x2.extract_lane(laneNear1, 0), f64x2.extract_lane(laneNear2, 0));
    changed += moveTo(b, r1, <i32>i64x2.extract_lane(laneBest, 1), f64x2.extract_lane(laneNear1, 1), f64x2.extract_lane(laneNear2, 1));
  }
  if (q < m) {
    const r = i32At(queue, q);
    const best = nearestTwo(r);
    changed += moveTo(b, r, best, Math.sqrt(near1), Math.sqrt(near2));
  }
  return changed;
}

/**
 * Row r of block b, whose nearest centre is `best` at distance d1 and second nearest at d2:
 * new bounds, and if it changed cluster, its label and the block's sums. Returns 1 if it moved.
 */
@inline function moveTo(b: i32, r: i32, best: i32, d1: f64, d2: f64): i32 {
  const a = i32At(labels, r);
  setBound(upper, r, roundUp(d1 - f64At(drift, best)));
  setBound(lower, r, roundDown(d2 + f64At(slack, best)));
  if (best == a) return 0;
  setI32(labels, r, best);
  const ca = b * k + a;
  const cb = b * k + best;
  setI32(blockCounts, ca, i32At(blockCounts, ca) - 1);
  setI32(blockCounts, cb, i32At(blockCounts, cb) + 1);
  const from = blockSums + (<usize>(ca * d) << 3);
  const to = blockSums + (<usize>(cb * d) << 3);
  let p = cell(r, 0);
  for (let j = 0; j < d; j++) {
    const v = load<f64>(p);
    setF64(from, j, f64At(from, j) - v);
    setF64(to, j, f64At(to, j) + v);
    p += 16;
  }
  return 1;
}

/**
 * At `at`: for each 4-bit mask, the byte shuffle that moves the i32 lanes whose bits are set
 * to the front, in order (16 masks × 16 bytes).
 */
function fillCompactions(at: usize): void {
  for (let mask = 0; mask < 16; mask++) {
    let out = 0;
    for (let lane = 0; lane < 4; lane++) {
      if (((mask >> lane) & 1) == 0) continue;
      for (let byte = 0; byte < 4; byte++) store<u8>(at + (<usize>(mask << 4) | (out << 2) | byte), <u8>((lane << 2) | byte));
      out++;
    }
    for (; out < 4; out++) store<u32>(at + (<usize>(mask << 4) | (out << 2)), 0);
  }
}

/**
 * `collect` for rows i…i + 3 at once: each row's two thresholds are looked up by label in
 * the float32 tables (4 labels per vector, by byte shuffles), compared side by side, and the
 * rows not proven are moved to the front of a vector of the four row numbers (a shuffle from
 * the compaction table after the thresholds) and appended as one store, without a branch.
 */
@inline function collectFour(i: i32, m: i32, tables: usize): i32 {
  const pairs = upper + (<usize>i << 3);
  const b01 = v128.load(pairs);
  const b23 = v128.load(pairs, 16);
  const u = v128.shuffle<i32>(b01, b23, 0, 2, 4, 6);
  const l = v128.shuffle<i32>(b01, b23, 1, 3, 5, 7);
  // Byte b of label a's float: 4a + b.
  const at = i32x4.add(i32x4.mul(v128.load(labels + (<usize>i << 2)), i32x4.splat(0x04040404)), i32x4.splat(0x03020100));
  let g1 = i8x16.swizzle(v128.load(tables), at);
  let g2 = i8x16.swizzle(v128.load(tables, 64), at);
  if (k > 4) {
    const at1 = i8x16.sub(at, i8x16.splat(16));
    g1 = v128.or(g1, i8x16.swizzle(v128.load(tables, 16), at1));
    g2 = v128.or(g2, i8x16.swizzle(v128.load(tables, 80), at1));
    if (k > 8) {
      const at2 = i8x16.sub(at, i8x16.splat(32));
      g1 = v128.or(g1, i8x16.swizzle(v128.load(tables, 32), at2));
      g2 = v128.or(g2, i8x16.swizzle(v128.load(tables, 96), at2));
      if (k > 12) {
        const at3 = i8x16.sub(at, i8x16.splat(48));
        g1 = v128.or(g1, i8x16.swizzle(v128.load(tables, 48), at3));
        g2 = v128.or(g2, i8x16.swizzle(v128.load(tables, 112), at3));
      }
    }
  }
  const open = ~i32x4.bitmask(v128.or(f32x4.le(u, g1), f32x4.ge(f32x4.sub(l, u), g2))) & 15;
  const rows = i32x4.add(i32x4.splat(i), i32x4(0, 1, 2, 3));
  v128.store(queue + (<usize>m << 2), i8x16.swizzle(rows, v128.load(tables + 128 + (<usize>open << 4))));
  return m + popcnt<i32>(open);
}

/** Appends row r to the queue when its bounds do not prove its label; returns the new length. */
@inline function collect(r: i32, m: i32, t1: usize, t2: usize): i32 {
  const a = <usize>i32At(labels, r) << 3;
  const u = boundAt(upper, r);
  setI32(queue, m, r);
  return m + (<i32>(u > load<f64>(t1 + a)) & <i32>(boundAt(lower, r) - u < load<f64>(t2 + a)));
}

/** Sum of squared distances of rows to their centres, per block. */
export function inertia(fromBlock: i32, toBlock: i32): void {
  for (let b = fromBlock; b < toBlock; b++) {
    const end = blockEnd(b);
    let total: f64 = 0;
    for (let i = b * blockRows; i < end; i++) total += rowDistance(i, centers + (<usize>(i32At(labels, i) * d) << 3));
    setF64(blockValues, b * valueStride, total);
  }
}

/** k-means++'s first centre, row r: every row's squared distance to it, and the block totals. */
export function seed(r: i32, fromBlock: i32, toBlock: i32): void {
  for (let b = fromBlock; b < toBlock; b++) {
    const end = blockEnd(b);
    let running: f64 = 0;
    let i = b * blockRows;
    for (; i + 1 < end; i += 2) {
      const q = pairToRow(i, r);
      const q0 = f64x2.extract_lane(q, 0);
      const q1 = f64x2.extract_lane(q, 1);
      setF64(closest, i, q0);
      setF64(closest, i + 1, q1);
      setI32(nearest, i, 0);
      setI32(nearest, i + 1, 0);
      running += q0;
      running += q1;
    }
    if (i < end) {
      const q = rowToRow(i, r);
      setF64(closest, i, q);
      setI32(nearest, i, 0);
      running += q;
    }
    setF64(blockValues, b * valueStride, running);
  }
}

/**
 * One step of greedy k-means++, for every candidate t at once: the block's Σ min(closest,
 * ‖x − t‖²), summed row by row in row order (as one sum over the block's rows would be), into
 * blockValues[b·stride + t]. With `pending`, the centre chosen at the step before (candidate
 * number `trials`, centre number `center`) is first added to each row, as `addCenter` does, so
 * that pass and this one read the rows once. Every row gets every distance: on customer data
 * most rows are not provably settled, and a branch-free sweep that streams the rows beats
 * pruning the few. The point list (the pending centre first, then the candidates) is laid out
 * in pairs, two points per vector and column, in `scratch`; a sweep takes up to three vectors,
 * whose lanes also carry the running sums.
 */
export function step(pending: bool, center: i32, fromBlock: i32, toBlock: i32): void {
  const lead = pending ? 1 : 0;
  const points = trials + lead;
  const vectors = (points + 1) >> 1;
  for (let v = 0; v < vectors; v++) {
    const first = stepPoint(2 * v, lead);
    const second = 2 * v + 1 < points ? stepPoint(2 * v + 1, lead) : first;
    for (let j = 0; j < d; j++) v128.store(scratch + (<usize>(v * d + j) << 4), f64x2.replace_lane(f64x2.splat(x(first, j)), 1, x(second, j)));
  }
  for (let b = fromBlock; b < toBlock; b++) {
    for (let v0 = 0; v0 < vectors; v0 += 3) {
      const left = vectors - v0;
      const apply = pending && v0 == 0;
      if (left == 1) sweep(b, v0, 1, lead, apply, center);
      else if (left == 2) sweep(b, v0, 2, lead, apply, center);
      else sweep(b, v0, 3, lead, apply, center);
    }
  }
}

/** Row number of point p of the step's list: the pending centre (when `lead` is 1), then the candidates. */
@inline function stepPoint(p: i32, lead: i32): i32 {
  return p < lead ? i32At(candidates, trials) : i32At(candidates, p - lead);
}

/**
 * `step`'s sweep of block b over `count` (1–3, a constant once inlined) point vectors from
 * vector v0: each row's squared distances to those points, the pending centre added first when
 * `apply` (it is lane 0 of vector 0), then each candidate lane's running sum of min(closest, q).
 */
@inline function sweep(b: i32, v0: i32, count: i32, lead: i32, apply: bool, center: i32): void {
  const end = blockEnd(b);
  const pA = scratch + (<usize>(v0 * d) << 4);
  const pB = pA + (<usize>d << 4);
  const pC = pB + (<usize>d << 4);
  let rA = f64x2.splat(0);
  let rB = f64x2.splat(0);
  let rC = f64x2.splat(0);
  for (let i = b * blockRows; i < end; i++) {
    let qA = f64x2.splat(0);
    let qB = f64x2.splat(0);
    let qC = f64x2.splat(0);
    let a = cell(i, 0);
    for (let j = 0; j < d; j++) {
      const v = v128.load64_splat(a);
      const o = <usize>j << 4;
      const tA = f64x2.sub(v, v128.load(pA + o));
      qA = f64x2.add(qA, f64x2.mul(tA, tA));
      if (count > 1) {
        const tB = f64x2.sub(v, v128.load(pB + o));
        qB = f64x2.add(qB, f64x2.mul(tB, tB));
      }
      if (count > 2) {
        const tC = f64x2.sub(v, v128.load(pC + o));
        qC = f64x2.add(qC, f64x2.mul(tC, tC));
      }
      a += 16;
    }
    let c = f64At(closest, i);
    if (apply) c = keepCloser(i, f64x2.extract_lane(qA, 0), center);
    const cv = f64x2.splat(c);
    rA = f64x2.add(rA, f64x2.pmin(cv, qA));
    if (count > 1) rB = f64x2.add(rB, f64x2.pmin(cv, qB));
    if (count > 2) rC = f64x2.add(rC, f64x2.pmin(cv, qC));
  }
  const out = b * valueStride;
  const base = 2 * v0 - lead;
  putPotential(out, base, f64x2.extract_lane(rA, 0));
  putPotential(out, base + 1, f64x2.extract_lane(rA, 1));
  if (count > 1) {
    putPotential(out, base + 2, f64x2.extract_lane(rB, 0));
    putPotential(out, base + 3, f64x2.extract_lane(rB, 1));
  }
  if (count > 2) {
    putPotential(out, base + 4, f64x2.extract_lane(rC, 0));
    putPotential(out, base + 5, f64x2.extract_lane(rC, 1));
  }
}

/** Candidate t's block potential, when t is a candidate (not the pending centre's lane or a pad). */
@inline function putPotential(out: i32, t: i32, value: f64): void {
  if (t >= 0 && t < trials) setF64(blockValues, out + t, value);
}

/** Moves row i to centre `center` when q beats its current distance (the earlier centre on ties); returns the distance kept. */
@inline function keepCloser(i: i32, q: f64, center: i32): f64 {
  const ci = f64At(closest, i);
  const closer = q < ci;
  setF64(closest, i, closer ? q : ci);
  setI32(nearest, i, closer ? center : i32At(nearest, i));
  return closer ? q : ci;
}

/** Candidate `trial` becomes centre number `center`: each row's nearest centre and distance updated. */
export function addCenter(trial: i32, center: i32, fromBlock: i32, toBlock: i32): void {
  const row = i32At(candidates, trial);
  for (let b = fromBlock; b < toBlock; b++) {
    const end = blockEnd(b);
    let i = b * blockRows;
    for (; i + 1 < end; i += 2) {
      const q = pairToRow(i, row);
      keepCloser(i, f64x2.extract_lane(q, 0), center);
      keepCloser(i + 1, f64x2.extract_lane(q, 1), center);
    }
    if (i < end) keepCloser(i, rowToRow(i, row), center);
  }
}

/**
 * The constructor's pass: turns the row-major copy of the rows at `data` (n×d f64) into the
 * pair layout in place, each pair of rows being the same 2d values in another order, and
 * writes each block's per-column moments for the variance: at `moments` + 48·(b·d + j), the
 * sums of (x − x₀) and of (x − x₀)² (x₀: row 0, at `origin`), each as an f64x2 of the even
 * rows' and the odd rows' sums; the block's last 16 bytes per column hold a pair while it moves.
 */
export function interleave(origin: usize, moments: usize, fromBlock: i32, toBlock: i32): void {
  for (let b = fromBlock; b < toBlock; b++) {
    const end = blockEnd(b);
    const m = moments + <usize>(b * d) * 48;
    memory.fill(m, 0, <usize>d * 48);
    let i = b * blockRows;
    for (; i < end; i += 2) {
      const chunk = pairAt(i);
      // An unpaired last row gets zeros beside it, which count in no sum.
      const paired = i + 1 < end;
      for (let j = 0; j < d; j++) {
        const a = load<f64>(chunk + (<usize>j << 3));
        const c = paired ? load<f64>(chunk + (<usize>(j + d) << 3)) : 0;
        v128.store(m + <usize>j * 48, f64x2.replace_lane(f64x2.splat(a), 1, c), 32);
      }
      for (let j = 0; j < d; j++) {
        const v = v128.load(m + <usize>j * 48, 32);
        v128.store(chunk + (<usize>j << 4), v);
        let t = f64x2.sub(v, f64x2.splat(load<f64>(origin + (<usize>j << 3))));
        if (!paired) t = f64x2.replace_lane(t, 1, 0);
        const s = m + <usize>j * 48;
        v128.store(s, f64x2.add(v128.load(s), t));
        v128.store(s, f64x2.add(v128.load(s, 16), f64x2.mul(t, t)), 16);
      }
    }
  }
}

