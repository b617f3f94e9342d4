/**
 * The small nodes of a regression forest's trees (grower.ts, scalar targets, every feature
 * searched) in AssemblyScript, compiled to WebAssembly with SIMD by `npm run build:wasm` into
 * forest-wasm.ts. The grower keeps the bin codes in sample-position order (`codes`, `stride`
 * bytes a position), the rows, weights `h` and values `v` per position, the node store and the
 * per-feature gains in this module's memory. `findBest` is occupied-bin-scan.ts's
 * scanAllFeatures with its BestSplit for one node; `growSubtree` splits a node too small for a
 * histogram and everything below it, as grower.ts's splitNode and addNode would, in their order.
 * Every step repeats the TypeScript it replaces (sums in row order, the same operations for
 * gains, ties broken by the same generator, xoshiro128** of core/random.ts, continued here), so
 * the trees are the same to the last bit.
 *
 * The feature being summed uses `sums`, per bin its count and weight (one f64x2) then its value
 * sum, 32 bytes, all zero between features (the scan zeroes the bins it used), and `bits`, a
 * 256-bit map of the bins its rows occupy, which lists them in order without sorting; the loop
 * over rows thus only adds, without a branch.
 */

let stride: i32 = 0;
let codes: usize = 0;
let h: usize = 0;
let v: usize = 0;
let bits: usize = 0;
let sums: usize = 0;


/** Points the scan at the grower's buffers (byte addresses in this module's memory). */
export function bind(stride_: i32, codes_: usize, h_: usize, v_: usize, bits_: usize, sums_: usize): void {
  stride = stride_; codes = codes_; h = h_; v = v_; bits = bits_; sums = sums_;
  memory.fill(sums, 0, 256 << 5);
}

@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
@inline function setI32(base: usize, i: i32, x: i32): void {
  store<i32>(base + (<usize>i << 2), x);
}

// ---------------------------------------------------------------------------------------------
// Whole small subtrees. Once the grower (grower.ts, depth first) takes a node too small for a
// histogram off its stack, everything below it is split before anything else, so this module
// grows that subtree here, in the grower's order: the node store's arrays, the positions'
// rows, the per-feature gains, the generator that breaks ties (xoshiro128**, core/random.ts)
// and each node's constant-feature flags live in this memory. Every step repeats the
// TypeScript one it replaces (grower.ts's splitNode and addNode, the partition, BestSplit, the
// scans), so the tree is the same to the last bit.

let cols: i32 = 0;
let rows: usize = 0;
let words: i32 = 0;
let edges: usize = 0;
let featureGain: usize = 0;
let nodeFeature: usize = 0;
let nodeThreshold: usize = 0;
let nodeLeft: usize = 0;
let nodeRight: usize = 0;
let nodeValue: usize = 0;
let nodeCover: usize = 0;
let nodeImpurity: usize = 0;
let nodeStart: usize = 0;
let nodeEnd: usize = 0;
let nodeBin: usize = 0;
let nodeValueSum: usize = 0;
let nodeSquares: usize = 0;
/** Pending splits, last in first out: per entry 64 bytes of numbers, and `cols` flag bytes at `stackFlags`. */
let stack: usize = 0;
let stackFlags: usize = 0;
/** The flags of the node being added. */
let flags: usize = 0;

let maxDepth: f64 = 0;
let minSamplesLeaf: f64 = 0;
let minSamplesSplit: f64 = 0;
let l2: f64 = 0;
let minChildWeight: f64 = 0;

/** The generator (core/random.ts's s0…s3) while a call runs; between calls its state is at `state`. */
let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;
/** Four words: the generator's state, handed over by the grower before and back after each call. */
let state: usize = 0;
/** A found split's gain, left weight and left value sum (f64), then its bin (i32). */
let result: usize = 0;

/** Points the tree passes at the node store and the other buffers. */
export function bindTree(
  cols_: i32, rows_: usize, edges_: usize, featureGain_: usize,
  feature_: usize, threshold_: usize, left_: usize, right_: usize, value_: usize, cover_: usize, impurity_: usize,
  start_: usize, end_: usize, bin_: usize, valueSum_: usize, squares_: usize, stack_: usize, stackFlags_: usize, flags_: usize,
  state_: usize, result_: usize,
): void {
  state = state_; result = result_;
  cols = cols_; rows = rows_; words = stride >> 2; edges = edges_; featureGain = featureGain_;
  nodeFeature = feature_; nodeThreshold = threshold_; nodeLeft = left_; nodeRight = right_; nodeValue = value_;
  nodeCover = cover_; nodeImpurity = impurity_; nodeStart = start_; nodeEnd = end_; nodeBin = bin_;
  nodeValueSum = valueSum_; nodeSquares = squares_; stack = stack_; stackFlags = stackFlags_; flags = flags_;
}

/** The growth limits of the trees to come (maxDepth may be +∞). */
export function limits(maxDepth_: f64, minSamplesLeaf_: f64, minSamplesSplit_: f64, l2_: f64, minChildWeight_: f64): void {
  maxDepth = maxDepth_; minSamplesLeaf = minSamplesLeaf_; minSamplesSplit = minSamplesSplit_; l2 = l2_; minChildWeight = minChildWeight_;
}

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
@inline function setF64(base: usize, i: i32, x: f64): void {
  store<f64>(base + (<usize>i << 3), x);
}

@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}
function nextUint32(): u32 {
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  return result;
}
/** A uniform float in [0, 1) with 53 random bits, as Random.next. */
function nextFloat(): f64 {
  const hi = <f64>(nextUint32() >>> 5);
  const lo = <f64>(nextUint32() >>> 6);
  return (hi * 67108864 + lo) / 9007199254740992;
}

// BestSplit (best-split.ts) for scalar targets.
let bestFeature: i32 = -1;
let bestBin: i32 = 0;
let bestGain: f64 = 0;
let bestFloor: f64 = 0;
let bestLeftWeight: f64 = 0;
let bestLeftValue: f64 = 0;
let ties: i32 = 0;

function offer(feature: i32, bin: i32, gain: f64, leftWeight: f64, leftValue: f64): void {
  const tolerance = 1e-10 * abs<f64>(gain);
  if (gain > bestGain + tolerance || bestFeature < 0) {
    ties = 1;
  } else {
    if (feature == bestFeature) return;
    ties++;
    if (nextFloat() * <f64>ties >= 1) return;
  }
  bestGain = max<f64>(gain, bestGain);
  bestFloor = bestGain - 1e-10 * abs<f64>(bestGain);
  bestFeature = feature;
  bestBin = bin;
  bestLeftWeight = leftWeight;
  bestLeftValue = leftValue;
}

/** occupied-bin-scan.ts's scanPair: the node of positions start and start + 1; flags in `flags`. */
function scanPair(start: i32, weightSum: f64, totalValue: f64, parentScore: f64): void {
  const first = codes + <usize>(start * stride);
  const second = first + <usize>stride;
  if (minSamplesLeaf > 1) {
    for (let f = 0; f < cols; f++) if (load<u8>(first + <usize>f) == load<u8>(second + <usize>f)) store<u8>(flags + <usize>f, 1);
    return;
  }
  for (let f = 0; f < cols; f++) {
    if (load<u8>(flags + <usize>f) != 0) continue;
    const a = <i32>load<u8>(first + <usize>f);
    const b = <i32>load<u8>(second + <usize>f);
    if (a == b) {
      store<u8>(flags + <usize>f, 1);
      continue;
    }
    const low = a < b ? start : start + 1;
    const leftWeight = 0 + f64At(h, low);
    const rightWeight = weightSum - leftWeight;
    if (leftWeight <= minChildWeight || rightWeight <= minChildWeight) continue;
    const leftValue = 0 + f64At(v, low);
    const rightValue = totalValue - leftValue;
    const gain = (leftValue * leftValue) / (leftWeight + l2) + (rightValue * rightValue) / (rightWeight + l2) - parentScore;
    if (gain > bestFloor) offer(f, a < b ? a : b, gain, leftWeight, leftValue);
  }
}

/**
 * occupied-bin-scan.ts's scanAllFeatures for the node of positions [start, end): each feature not
 * flagged constant in `flags` in turn, its rows summed into the bins they occupy, the bins listed
 * in order and every split between them offered as it is scored; features found constant are flagged.
 */
function scanAll(start: i32, end: i32, weightSum: f64, totalValue: f64, parentScore: f64): void {
  if (end - start == 2) {
    scanPair(start, weightSum, totalValue, parentScore);
    return;
  }
  const count = <f64>(end - start);
  const lambda = f64x2.splat(l2);
  const zero = f64x2.splat(0);
  for (let f = 0; f < cols; f++) {
    if (load<u8>(flags + <usize>f) != 0) continue;
    // One feature at a time: its 256 bins (8 KB) stay in the first-level cache.
    v128.store(bits, zero);
    v128.store(bits, zero, 16);
    let row = codes + <usize>(start * stride) + <usize>f;
    for (let p = start; p < end; p++, row += <usize>stride) {
      const b = <u32>load<u8>(row);
      const word = bits + (<usize>(b >> 6) << 3);
      store<u64>(word, load<u64>(word) | (<u64>1 << <u64>(b & 63)));
      const o = sums + (<usize>b << 5);
      v128.store(o, f64x2.add(v128.load(o), f64x2.replace_lane(f64x2.splat(1), 1, load<f64>(h + (<usize>p << 3)))));
      store<f64>(o, load<f64>(o, 16) + load<f64>(v + (<usize>p << 3)), 16);
    }
    // The occupied bins in order, straight from the map: all but the last are split points;
    // every one is left at zero for the next feature.
    const used = <i32>(popcnt(load<u64>(bits)) + popcnt(load<u64>(bits, 8)) + popcnt(load<u64>(bits, 16)) + popcnt(load<u64>(bits, 24)));
    if (used < 2) store<u8>(flags + <usize>f, 1);
    let candidates = used - 1;
    let left = zero;
    let leftValue: f64 = 0;
    for (let w = 0; w < 4; w++) {
      let m = load<u64>(bits + (<usize>w << 3));
      while (m != 0) {
        const bin = (w << 6) | <i32>ctz(m);
        m &= m - 1;
        const o = sums + (<usize>bin << 5);
        if (candidates > 0) {
          candidates--;
          left = f64x2.add(left, v128.load(o));
          leftValue += load<f64>(o, 16);
          const leftCount = f64x2.extract_lane(left, 0);
          const leftWeight = f64x2.extract_lane(left, 1);
          if (leftCount >= minSamplesLeaf) {
            if (count - leftCount < minSamplesLeaf) {
              // No later split leaves enough rows on the right.
              candidates = 0;
            } else {
              const rightWeight = weightSum - leftWeight;
              if (!(leftWeight <= minChildWeight || rightWeight <= minChildWeight)) {
                // Left count and weight side by side; each child's V²/(H + λ) in one lane, so one
                // division instruction serves both children (each lane rounds as the scalar division).
                const rightValue = totalValue - leftValue;
                const values = f64x2.replace_lane(f64x2.splat(leftValue), 1, rightValue);
                const weights = f64x2.replace_lane(f64x2.splat(leftWeight), 1, rightWeight);
                const scores = f64x2.div(f64x2.mul(values, values), f64x2.add(weights, lambda));
                const gain = f64x2.extract_lane(scores, 0) + f64x2.extract_lane(scores, 1) - parentScore;
                if (gain > bestFloor) offer(f, bin, gain, leftWeight, leftValue);
              }
            }
          }
        }
        v128.store(o, zero);
        v128.store(o, zero, 16);
      }
    }
  }
}

/** Loads the generator's state from `state` (four words the grower wrote from its Random). */
@inline function loadState(): void {
  s0 = load<u32>(state);
  s1 = load<u32>(state, 4);
  s2 = load<u32>(state, 8);
  s3 = load<u32>(state, 12);
}
/** Stores the generator's state to `state`, for the grower's Random to continue. */
@inline function storeState(): void {
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}

/**
 * The best split of the node of positions [start, end) with weight sum `weightSum`, value sum
 * `totalValue` and score `parentScore`, gaining more than `minGain` (BestSplit.reset, then the
 * scan), over the features not flagged in `flags` (features found constant get flagged). Returns
 * the feature, or -1; the bin, gain and left sums go to `result`. The generator continues from
 * `state` and is stored back there.
 */
export function findBest(start: i32, end: i32, weightSum: f64, totalValue: f64, parentScore: f64, minGain: f64): i32 {
  loadState();
  bestFeature = -1;
  bestGain = minGain;
  bestFloor = minGain;
  ties = 0;
  scanAll(start, end, weightSum, totalValue, parentScore);
  storeState();
  store<f64>(result, bestGain);
  store<f64>(result, bestLeftWeight, 8);
  store<f64>(result, bestLeftValue, 16);
  store<i32>(result, bestBin, 24);
  return bestFeature;
}

let nodes: i32 = 0;
let depthTop: i32 = 0;

/** Pushes a found split of node `id` on the stack (its flags are the caller's to copy). */
function push(id: i32, depth: i32, feature: i32, bin: i32, gain: f64, leftWeight: f64, leftValue: f64): void {
  const e = stack + (<usize>depthTop << 6);
  store<i32>(e, id);
  store<i32>(e, depth, 4);
  store<i32>(e, feature, 8);
  store<i32>(e, bin, 12);
  store<f64>(e, gain, 16);
  store<f64>(e, leftWeight, 24);
  store<f64>(e, leftValue, 32);
  depthTop++;
}

/** grower.ts's addNode for a node without histogram: records it and, if it splits, pushes its split (flags from `inherited`). */
function addNode(start: i32, end: i32, depth: i32, weightSum: f64, valueSum: f64, squares: f64, inherited: usize): i32 {
  const id = nodes++;
  setI32(nodeFeature, id, -1);
  setF64(nodeThreshold, id, 0);
  setI32(nodeLeft, id, -1);
  setI32(nodeRight, id, -1);
  setI32(nodeBin, id, -1);
  setI32(nodeStart, id, start);
  setI32(nodeEnd, id, end);
  setF64(nodeCover, id, weightSum);
  setF64(nodeSquares, id, squares);
  setF64(nodeValueSum, id, valueSum);
  setF64(nodeValue, id, valueSum / (weightSum + l2));
  const score = (valueSum * valueSum) / weightSum;
  const spread = squares - score;
  setF64(nodeImpurity, id, spread > 0 ? spread / weightSum : 0);
  const count = <f64>(end - start);
  const minGain = 1e-12 * squares;
  const splittable = <f64>depth < maxDepth && count >= minSamplesSplit && count >= 2 * minSamplesLeaf && spread > minGain;
  if (!splittable) return id;
  memory.copy(flags, inherited, <usize>cols);
  const parentScore = (valueSum * valueSum) / (weightSum + l2);
  bestFeature = -1;
  bestGain = minGain;
  bestFloor = minGain;
  ties = 0;
  scanAll(start, end, weightSum, valueSum, parentScore);
  if (bestFeature < 0) return id;
  push(id, depth, bestFeature, bestBin, bestGain, bestLeftWeight, bestLeftValue);
  memory.copy(stackFlags + <usize>((depthTop - 1) * cols), flags, <usize>cols);
  return id;
}

/** partition.ts's partitionScalarCodes on feature f; the left sum of squares goes to `leftSquares`. */
let leftSquares: f64 = 0;
function partition(f: i32, start: i32, end: i32, b: i32): i32 {
  let i = start;
  let j = end - 1;
  let q: f64 = 0;
  while (i <= j) {
    if (<i32>load<u8>(codes + <usize>(i * stride + f)) <= b) {
      const vi = f64At(v, i);
      q += (vi * vi) / f64At(h, i);
      i++;
    } else {
      const tr = i32At(rows, i);
      setI32(rows, i, i32At(rows, j));
      setI32(rows, j, tr);
      const th = f64At(h, i);
      setF64(h, i, f64At(h, j));
      setF64(h, j, th);
      const tv = f64At(v, i);
      setF64(v, i, f64At(v, j));
      setF64(v, j, tv);
      let a = codes + <usize>(i * stride);
      let z = codes + <usize>(j * stride);
      for (let w = 0; w < words; w++, a += 4, z += 4) {
        const t = load<u32>(a);
        store<u32>(a, load<u32>(z));
        store<u32>(z, t);
      }
      j--;
    }
  }
  leftSquares = q;
  return i;
}

/**
 * A histogram node's partition (grower.ts's splitNode on the kernel's arrays): partition.ts's
 * partitionScalarCodes on feature f; the left sum of squares goes to result[0]. Returns the split position.
 */
export function partitionNode(f: i32, start: i32, end: i32, b: i32): i32 {
  const mid = partition(f, start, end, b);
  store<f64>(result, leftSquares);
  return mid;
}

/**
 * Splits node `id` (its split found by the grower: feature f, bin, gain, left weight and value
 * sum; its constant-feature flags at stack entry 0's flags) and grows its whole subtree; `count`
 * nodes are stored so far. Returns the nodes stored after; the generator continues from `state` and is stored back there.
 */
export function growSubtree(id: i32, depth: i32, f: i32, bin: i32, gain: f64, leftWeight: f64, leftValue: f64, count: i32): i32 {
  loadState();
  nodes = count;
  depthTop = 0;
  push(id, depth, f, bin, gain, leftWeight, leftValue);
  while (depthTop > 0) {
    depthTop--;
    const top = stack + (<usize>depthTop << 6);
    const node = load<i32>(top);
    const d = load<i32>(top, 4);
    const feature = load<i32>(top, 8);
    const b = load<i32>(top, 12);
    const lw = load<f64>(top, 24);
    const lv = load<f64>(top, 32);
    const gf = featureGain + (<usize>feature << 3);
    store<f64>(gf, load<f64>(gf) + load<f64>(top, 16));
    // The popped entry's flags are read by both children, and the left child's split may be
    // pushed into this very slot: keep them in the slot above.
    const parentFlags = stackFlags + <usize>((depthTop + 1) * cols);
    memory.copy(parentFlags, stackFlags + <usize>(depthTop * cols), <usize>cols);
    const start = i32At(nodeStart, node);
    const end = i32At(nodeEnd, node);
    const mid = partition(feature, start, end, b);
    const squaresLeft = leftSquares;
    setI32(nodeFeature, node, feature);
    setF64(nodeThreshold, node, f64At(edges, (feature << 8) | b));
    setI32(nodeBin, node, b);
    const rv = f64At(nodeValueSum, node) - lv;
    const rw = f64At(nodeCover, node) - lw;
    const squaresRight = f64At(nodeSquares, node) - squaresLeft;
    // A child reads the parent's flags before it pushes its own split, so the right child's
    // push may overwrite them after the left child's push has taken the popped slot.
    const left = addNode(start, mid, d + 1, lw, lv, squaresLeft, parentFlags);
    const right = addNode(mid, end, d + 1, rw, rv, squaresRight, parentFlags);
    setI32(nodeLeft, node, left);
    setI32(nodeRight, node, right);
  }
  storeState();
  return nodes;
}
