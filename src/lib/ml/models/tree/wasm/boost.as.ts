/**
 * The row passes of the boosting fast path (boost-grower.ts) in AssemblyScript, compiled to
 * WebAssembly with SIMD by `npm run build:wasm` into boost-wasm.ts. BoostGrower keeps the tree
 * (nodes, split search, order of growth) in TypeScript and hands every loop over a node's rows
 * to these functions. Buffers (byte addresses in this module's memory, set by `bind`):
 * `rowCodes` the bin codes row-major (row × cols), `colCodes` the same column-major (cols × n),
 * `rows` the row indices whose ranges are the nodes, `scratch` the partition's buffer, `g` and
 * `h` gradient and hessian per row, `raw` the raw score per row, `nBins` bins per feature and
 * `totals` three f64 results of a pass. A histogram is, per feature and bin (f × 256 + b), the
 * bin's row count and value sum (unit hessians: the count is the weight sum), or count, weight
 * sum and value sum; count and the next channel are added as one f64x2. Sums over rows are
 * taken in row order, as the TypeScript loops they replace did.
 */

let cols: i32 = 0;
let rowCodes: usize = 0;
let colCodes: usize = 0;
let n: i32 = 0;
let rows: usize = 0;
let scratch: usize = 0;
let g: usize = 0;
let h: usize = 0;
let raw: usize = 0;
let nBins: usize = 0;
let totals: usize = 0;
/** Squared error with unit weights, gradients kept here: targets y per row, and the next tree's root histogram and sums. */
let y: usize = 0;
let nextRoot: usize = 0;
let nextValueSum: f64 = 0;
let nextSquares: f64 = 0;

/** Points the passes at the grower's buffers. */
export function bind(
  n_: i32, cols_: i32, rowCodes_: usize, colCodes_: usize, rows_: usize, scratch_: usize,
  g_: usize, h_: usize, raw_: usize, nBins_: usize, totals_: usize,
): void {
  n = n_; cols = cols_; rowCodes = rowCodes_; colCodes = colCodes_; rows = rows_; scratch = scratch_;
  g = g_; h = h_; raw = raw_; nBins = nBins_; totals = totals_;
}

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
/** Bytes per feature of a histogram with `channels` numbers per bin. */
@inline function featureBytes(channels: i32): usize {
  return <usize>(channels << 11);
}

/** Adds (1, value) to the (count, value sum) of the row's bin on each of `width` features; `row` is its codes' address. */
@inline function addUnit(histogram: usize, row: usize, pair: v128, width: i32): void {
  let f = 0;
  let base = histogram;
  for (; f + 4 <= width; f += 4, base += 4 * 4096) {
    const four = load<u32>(row + <usize>f);
    const o0 = base + (<usize>(four & 0xff) << 4);
    const o1 = base + 4096 + (<usize>((four >>> 8) & 0xff) << 4);
    const o2 = base + 8192 + (<usize>((four >>> 16) & 0xff) << 4);
    const o3 = base + 12288 + (<usize>(four >>> 24) << 4);
    v128.store(o0, f64x2.add(v128.load(o0), pair));
    v128.store(o1, f64x2.add(v128.load(o1), pair));
    v128.store(o2, f64x2.add(v128.load(o2), pair));
    v128.store(o3, f64x2.add(v128.load(o3), pair));
  }
  for (; f < width; f++, base += 4096) {
    const o = base + (<usize>load<u8>(row + <usize>f) << 4);
    v128.store(o, f64x2.add(v128.load(o), pair));
  }
}

/** Adds (1, weight) and value to the (count, weight sum) and value sum of the row's bin on every feature. */
@inline function addWeighted(histogram: usize, row: usize, pair: v128, value: f64, width: i32): void {
  let base = histogram;
  for (let f = 0; f < width; f++, base += 6144) {
    const o = base + <usize>load<u8>(row + <usize>f) * 24;
    v128.store(o, f64x2.add(v128.load(o), pair));
    store<f64>(o + 16, load<f64>(o + 16) + value);
  }
}

/**
 * Fills `histogram` from the rows at positions [from, to) with values v = −g; totals get the
 * rows' weight sum, value sum and Σ v²/h. `isAll`: every row, in order: position p is row p,
 * and the pass writes the rows so.
 */
export function build(histogram: usize, from: i32, to: i32, isUnitHessian: bool, isAll: bool): void {
  const channels = isUnitHessian ? 2 : 3;
  const stride = featureBytes(channels);
  for (let f = 0; f < cols; f++) memory.fill(histogram + <usize>f * stride, 0, <usize>(i32At(nBins, f) * channels) << 3);
  let weightSum: f64 = 0;
  let valueSum: f64 = 0;
  let squares: f64 = 0;
  // The buffers in locals, so the loops do not read globals.
  const width = cols;
  const codes = rowCodes;
  const order = rows;
  const gradients = g;
  const hessians = h;
  if (isUnitHessian) {
    for (let p = from; p < to; p++) {
      const r = isAll ? p : i32At(order, p);
      if (isAll) store<i32>(order + (<usize>p << 2), p);
      const value = -f64At(gradients, r);
      valueSum += value;
      squares += value * value;
      addUnit(histogram, codes + <usize>r * <usize>width, f64x2(1, value), width);
    }
    weightSum = <f64>(to - from);
  } else {
    for (let p = from; p < to; p++) {
      const r = isAll ? p : i32At(order, p);
      if (isAll) store<i32>(order + (<usize>p << 2), p);
      const weight = f64At(hessians, r);
      const value = -f64At(gradients, r);
      weightSum += weight;
      valueSum += value;
      squares += (value * value) / weight;
      addWeighted(histogram, codes + <usize>r * <usize>width, f64x2(1, weight), value, width);
    }
  }
  store<f64>(totals, weightSum);
  store<f64>(totals, valueSum, 8);
  store<f64>(totals, squares, 16);
}

/** Σ v²/h over the rows at positions [from, to). */
export function sumOfSquares(from: i32, to: i32, isUnitHessian: bool): f64 {
  let squares: f64 = 0;
  for (let p = from; p < to; p++) {
    const r = i32At(rows, p);
    const value = f64At(g, r);
    squares += isUnitHessian ? value * value : (value * value) / f64At(h, r);
  }
  return squares;
}

/** parent −= small over every feature's used bins. */
export function subtract(parent: usize, small: usize, channels: i32): void {
  const stride = featureBytes(channels);
  for (let f = 0; f < cols; f++) {
    const offset = <usize>f * stride;
    let a = parent + offset;
    let b = small + offset;
    const end = a + (<usize>(i32At(nBins, f) * channels) << 3);
    for (; a + 16 <= end; a += 16, b += 16) v128.store(a, f64x2.sub(v128.load(a), v128.load(b)));
    if (a < end) store<f64>(a, load<f64>(a) - load<f64>(b));
  }
}

/**
 * Stable partition of the rows at positions [start, end) on feature f: those with code <= bin
 * first, both sides keeping ascending order; returns the first right position. Every row is
 * written to both sides and only its own side advances, so there is no branch to mispredict.
 * `isAll` (here and below): the positions are every row and read as the rows themselves (the
 * root's rows are the identity).
 */
export function partition(f: i32, start: i32, end: i32, bin: i32, isAll: bool): i32 {
  const code = colCodes + <usize>f * <usize>n;
  let left = rows + (<usize>start << 2);
  let right = scratch;
  for (let p = start; p < end; p++) {
    const r = isAll ? p : i32At(rows, p);
    const goesLeft = <usize>(<i32>load<u8>(code + <usize>r) <= bin);
    store<i32>(left, r);
    store<i32>(right, r);
    left += goesLeft << 2;
    right += (goesLeft ^ 1) << 2;
  }
  memory.copy(left, scratch, right - scratch);
  return <i32>((left - rows) >> 2);
}

/**
 * Keeps the gradients of squared error with unit weights here from now on, from the targets
 * at `targets`: g = raw − y now, and every leaf update then also computes its rows' new
 * gradients and adds them to the next tree's root histogram (see startNextRoot).
 */
export function keepGradients(targets: usize): void {
  y = targets;
  for (let r = 0; r < n; r++) store<f64>(g + (<usize>r << 3), f64At(raw, r) - f64At(y, r));
}

/** Zeroes the next root histogram at `root` (unit hessians) and its sums. */
export function startNextRoot(root: usize): void {
  nextRoot = root;
  for (let f = 0; f < cols; f++) memory.fill(root + <usize>f * featureBytes(2), 0, <usize>(i32At(nBins, f) * 2) << 3);
  nextValueSum = 0;
  nextSquares = 0;
}

/** Writes the next root's weight sum (every row), value sum and Σ v² to totals. */
export function finishNextRoot(): void {
  store<f64>(totals, <f64>n);
  store<f64>(totals, nextValueSum, 8);
  store<f64>(totals, nextSquares, 16);
}

/**
 * Adds `value` to row r's raw score; with kept gradients (`keeps`), also writes its new
 * gradient, adds it to the next root and returns v = −g (else 0), for the caller's running sums.
 */
@inline function update(r: i32, value: f64, keeps: bool): f64 {
  const a = raw + (<usize>r << 3);
  const score = load<f64>(a) + value;
  store<f64>(a, score);
  if (!keeps) return 0;
  const v = f64At(y, r) - score;
  store<f64>(g + (<usize>r << 3), -v);
  addUnit(nextRoot, rowCodes + <usize>r * <usize>cols, f64x2(1, v), cols);
  return v;
}

/** The leaf update of rows at positions [start, end) (see addToLeaf), with kept gradients or not. */
@inline function addToRows(start: i32, end: i32, value: f64, isAll: bool, keeps: bool): void {
  let valueSum: f64 = 0;
  let squares: f64 = 0;
  for (let p = start; p < end; p++) {
    const v = update(isAll ? p : i32At(rows, p), value, keeps);
    valueSum += v;
    squares += v * v;
  }
  nextValueSum += valueSum;
  nextSquares += squares;
}

/** raw[r] += value for the rows at positions [start, end) (a leaf). */
export function addToLeaf(start: i32, end: i32, value: f64, isAll: bool): void {
  if (y) addToRows(start, end, value, isAll, true);
  else addToRows(start, end, value, isAll, false);
}

/** splitIntoLeaves with kept gradients or not. */
@inline function splitRows(f: i32, start: i32, end: i32, bin: i32, leftValue: f64, rightValue: f64, isUnitHessian: bool, isAll: bool, keeps: bool): f64 {
  const code = colCodes + <usize>f * <usize>n;
  let squares: f64 = 0;
  let valueSum: f64 = 0;
  let nextSquaresHere: f64 = 0;
  for (let p = start; p < end; p++) {
    const r = isAll ? p : i32At(rows, p);
    const isLeft = <i32>load<u8>(code + <usize>r) <= bin;
    const value = f64At(g, r);
    const square = isUnitHessian ? value * value : (value * value) / f64At(h, r);
    squares += select<f64>(square, 0, isLeft);
    const v = update(r, select<f64>(leftValue, rightValue, isLeft), keeps);
    valueSum += v;
    nextSquaresHere += v * v;
  }
  nextValueSum += valueSum;
  nextSquares += nextSquaresHere;
  return squares;
}

/**
 * A split whose children are leaves, made in one pass without moving the rows: each row at
 * positions [start, end) gets leftValue (code <= bin on feature f) or rightValue added to its
 * raw score (as `update` does). Returns the left side's Σ v²/h before the update.
 */
export function splitIntoLeaves(f: i32, start: i32, end: i32, bin: i32, leftValue: f64, rightValue: f64, isUnitHessian: bool, isAll: bool): f64 {
  return y
    ? splitRows(f, start, end, bin, leftValue, rightValue, isUnitHessian, isAll, true)
    : splitRows(f, start, end, bin, leftValue, rightValue, isUnitHessian, isAll, false);
}
