/**
 * The small-node split scan of a regression forest (occupied-bin-scan.ts's `scanAllFeatures`
 * for scalar targets) in AssemblyScript, compiled to WebAssembly with SIMD by
 * `npm run build:wasm` into forest-wasm.ts. The grower keeps the bin codes in sample-position
 * order (`codes`, `stride` bytes a position), the weights `h` and values `v` per position in
 * this module's memory, so one call sums a node's rows into the bins they occupy on every
 * active feature, orders each feature's occupied bins and scores every split between them.
 * The TypeScript side then offers the splits, in the same order, to its BestSplit (whose
 * random tie-breaking stays there), skipping a feature whose best gain is at or below the
 * floor. Sums are taken in row order and gains with the same operations as the TypeScript
 * loop they replace, so the trees are the same to the last bit.
 *
 * The feature being summed uses `sums`, per bin its count and weight (one f64x2) then its value
 * sum, 32 bytes, all zero between features (a scan zeroes the bins it used), and `bits`, a
 * 256-bit map of the bins its rows occupy, which lists them in order without sorting. The loop
 * over rows thus only adds, without a branch. Per feature f: `occupied` holds its occupied bins
 * from index f << 8, in order; `splits` per occupied bin but the last (same index), 24 bytes:
 * the gain (−∞ where the limits forbid the split), the left weight and the left value sum.
 * `active` lists the features to scan, `occupiedCount` how many bins each occupies,
 * `maxGain` each feature's best gain (−∞ when none is allowed).
 */

let stride: i32 = 0;
let codes: usize = 0;
let h: usize = 0;
let v: usize = 0;
let active: usize = 0;
let occupiedCount: usize = 0;
let maxGain: usize = 0;
let bits: usize = 0;
let occupied: usize = 0;
let sums: usize = 0;
let splits: usize = 0;

/** Slots per feature in `occupied` and `splits`: one per bin. */
const slots: i32 = 256;

/** Points the scan at the grower's buffers (byte addresses in this module's memory). */
export function bind(
  stride_: i32, codes_: usize, h_: usize, v_: usize, active_: usize, occupiedCount_: usize,
  maxGain_: usize, bits_: usize, occupied_: usize, sums_: usize, splits_: usize,
): void {
  stride = stride_; codes = codes_; h = h_; v = v_; active = active_; occupiedCount = occupiedCount_;
  maxGain = maxGain_; bits = bits_; occupied = occupied_; sums = sums_; splits = splits_;
  memory.fill(sums, 0, 256 << 5);
}

@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
@inline function setI32(base: usize, i: i32, x: i32): void {
  store<i32>(base + (<usize>i << 2), x);
}

/**
 * Sums the rows at positions [start, end) into the bins they occupy on the `nActive` features
 * listed in `active`, orders each feature's bins, and scores the splits of a node of `count`
 * rows with weight sum `weightSum`, value sum `totalValue` and score `parentScore`.
 */
export function scan(
  start: i32, end: i32, nActive: i32, weightSum: f64, totalValue: f64, parentScore: f64,
  minSamplesLeaf: f64, minChildWeight: f64, l2: f64,
): void {
  const count = <f64>(end - start);
  const lambda = f64x2.splat(l2);
  // One feature at a time: its 256 bins (8 KB) stay in the first-level cache while the node's
  // rows are summed, listed and scored.
  const zero = f64x2.splat(0);
  for (let j = 0; j < nActive; j++) {
    const f = i32At(active, j);
    const first = f * slots;
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
    // The occupied bins in order, from the bitmap.
    let used = 0;
    for (let w = 0; w < 4; w++) {
      let m = load<u64>(bits + (<usize>w << 3));
      while (m != 0) {
        setI32(occupied, first + used, (w << 6) | <i32>ctz(m));
        used++;
        m &= m - 1;
      }
    }
    setI32(occupiedCount, f, used);
    let best: f64 = -Infinity;
    if (used >= 2) {
      // Left count and weight side by side; each child's V²/(H + λ) in one lane, so one
      // division instruction serves both children (each lane rounds as the scalar division).
      let left = f64x2.splat(0);
      let leftValue: f64 = 0;
      let open = true;
      for (let i = first; i < first + used - 1; i++) {
        const o = sums + (<usize>i32At(occupied, i) << 5);
        left = f64x2.add(left, v128.load(o));
        leftValue += load<f64>(o, 16);
        const leftCount = f64x2.extract_lane(left, 0);
        const leftWeight = f64x2.extract_lane(left, 1);
        let gain: f64 = -Infinity;
        if (open && leftCount >= minSamplesLeaf) {
          if (count - leftCount < minSamplesLeaf) {
            open = false;
          } else {
            const rightWeight = weightSum - leftWeight;
            if (!(leftWeight <= minChildWeight || rightWeight <= minChildWeight)) {
              const rightValue = totalValue - leftValue;
              const values = f64x2.replace_lane(f64x2.splat(leftValue), 1, rightValue);
              const weights = f64x2.replace_lane(f64x2.splat(leftWeight), 1, rightWeight);
              const scores = f64x2.div(f64x2.mul(values, values), f64x2.add(weights, lambda));
              gain = f64x2.extract_lane(scores, 0) + f64x2.extract_lane(scores, 1) - parentScore;
              if (gain > best) best = gain;
            }
          }
        }
        const out = splits + <usize>i * 24;
        store<f64>(out, gain);
        store<f64>(out, leftWeight, 8);
        store<f64>(out, leftValue, 16);
      }
    }
    // Leave every bin at zero for the next feature.
    for (let i = first; i < first + used; i++) {
      const o = sums + (<usize>i32At(occupied, i) << 5);
      v128.store(o, zero);
      v128.store(o, zero, 16);
    }
    store<f64>(maxGain + (<usize>f << 3), best);
  }
}
