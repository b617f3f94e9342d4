/**
 * The boosting fast path: grows one depth-first tree on scalar targets (squared error and
 * binary log loss, and each class of softmax) from per-row gradients, like XGBoost's and
 * LightGBM's `hist`. Each node's rows are a range of one Int32Array of row indices kept in
 * ascending order (a stable partition through a scratch buffer), so the per-row hessians and
 * values are read by row index in increasing order and never moved; every node has a
 * histogram (count, hessian sum, value sum per feature and bin), the smaller child's built from
 * its rows with the features unrolled by four, the larger's by subtraction from the parent's.
 *
 * It makes the same choices as TreeGrower (same split score, limits, tie-breaking and node
 * order); only the order in which floating-point sums are taken differs, so gains can differ
 * in the last bits. fitGradientBoosting uses it on big data, where it pays.
 */
import type { Random } from '../../core/random';
import { withCapacity } from './array-capacity';
import { BestSplit } from './best-split';
import type { BinnedFeatures } from './binning';
import type { GrowOptions, GrownTree } from './grower';
import { NodeStore } from './node-store';

/** Raw scores to update with the scaled leaf values as the tree grows (one score column, indexed by row). */
export interface LeafUpdate {
  raw: Float64Array;
  /** The learning rate: raw[r] += leaf value × scale. */
  scale: number;
}

/** Reusable workspace growing boosting trees on one binned data set. */
export class BoostGrower {
  private readonly nodes = new NodeStore(1);
  private readonly best = new BestSplit(1);
  private readonly gainPerFeature: Float64Array;
  private readonly scratch: Int32Array;
  private readonly slotSize: number;
  private readonly slots: Float64Array[] = [];
  private readonly freeSlots: number[] = [];

  /** Every row's hessian is 1 (squared error, unit weights): the weight sum of a bin is its count. */
  private isUnitHessian = false;
  private update: LeafUpdate | null = null;
  /** Set while the children of a fused last split are added (their rows are already updated). */
  private isFusing = false;
  /** [right, left] scaled leaf values of a fused split, picked by the 0/1 side of a row. */
  private readonly sideValues = new Float64Array(2);
  /** Numbers per bin: count, weight sum, value sum; or with unit hessians count and value sum (2). */
  private channels = 3;
  /** Per feature and bin (f × 256 + b), the row count over all rows: the root's counts when all rows take part. */
  private rootCounts: Float64Array | null = null;
  /** The root's weight sum, value sum and Σ v²/h. */
  private readonly rootTotals = new Float64Array(3);
  /** Pending splits (a stack): node, depth, histogram slot, feature, bin, gain, left sums. */
  private stackNode = new Int32Array(64);
  private stackDepth = new Int32Array(64);
  private stackSlot = new Int32Array(64);
  private stackFeature = new Int32Array(64);
  private stackBin = new Int32Array(64);
  private stackGain = new Float64Array(64);
  private stackLeftWeight = new Float64Array(64);
  private stackLeftValue = new Float64Array(64);
  private stackLength = 0;
  private h!: Float64Array;
  private g!: Float64Array;
  private rows!: Int32Array;
  private options!: GrowOptions;

  /** @param binned the binned training features (all rows of the fit) */
  constructor(private readonly binned: BinnedFeatures) {
    this.gainPerFeature = new Float64Array(binned.cols);
    this.scratch = new Int32Array(binned.rows);
    this.slotSize = binned.cols * 256 * 3;
  }

  /**
   * Grows a tree on the rows `rows[0..n)` (ascending row indices, permuted in place into node
   * ranges) with hessians `h` (> 0) and gradients `g`, both indexed by row; a node's values are
   * the sums of v = −g (negating every addend negates the sum exactly, so the numbers are those
   * of TreeGrower given v). `isUnitHessian`: the caller vouches that h is 1 on every row.
   * Options as TreeGrower's, depth-first (maxLeaves is not used) with every feature per split.
   * With `leafUpdate`, every row's raw score gets its leaf's value × scale as the leaves are made,
   * and the splits above the maximum depth send rows to their two leaves in that same pass instead
   * of partitioning them: those leaves' ranges [start, end) then give their row counts only.
   */
  grow(rows: Int32Array, n: number, h: Float64Array, g: Float64Array, options: GrowOptions, random: Random, isUnitHessian = false, leafUpdate: LeafUpdate | null = null): GrownTree {
    this.update = leafUpdate;
    this.rows = rows;
    this.h = h;
    this.g = g;
    this.options = options;
    this.isUnitHessian = isUnitHessian;
    this.channels = isUnitHessian ? 2 : 3;
    this.nodes.clear();
    this.stackLength = 0;
    this.gainPerFeature.fill(0);
    this.best.begin(options, random);
    const slot = this.take();
    if (isUnitHessian && n === this.binned.rows) {
      this.buildRootUnit(this.slots[slot], n);
    } else {
      this.sumRows(0, n);
      this.build(this.slots[slot], 0, n);
    }
    const totals = this.rootTotals;
    this.addNode(0, n, 0, totals[0], totals[1], totals[2], slot);
    while (this.stackLength > 0) this.splitNode(--this.stackLength);
    const nodes = this.nodes;
    const count = nodes.count;
    return {
      tree: nodes.toTree(),
      start: nodes.start.slice(0, count),
      end: nodes.end.slice(0, count),
      bin: nodes.splitBin.slice(0, count),
      gain: this.gainPerFeature.slice(),
    };
  }

  private take(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    this.slots.push(new Float64Array(this.slotSize));
    return this.slots.length - 1;
  }

  /** Records a node over rows [start, end); if it can split, finds its best split and stacks it. */
  private addNode(start: number, end: number, depth: number, weightSum: number, valueSum: number, sumOfSquares: number, slot: number): number {
    const nodes = this.nodes;
    const options = this.options;
    const id = nodes.addLeaf(start, end, weightSum, sumOfSquares);
    nodes.valueSums[id] = valueSum;
    nodes.value[id] = valueSum / (weightSum + options.l2);
    const spread = sumOfSquares - (valueSum * valueSum) / weightSum;
    nodes.impurity[id] = spread > 0 ? spread / weightSum : 0;
    const count = end - start;
    const minGain = 1e-12 * sumOfSquares;
    const isSplittable = depth < options.maxDepth && count >= options.minSamplesSplit && count >= 2 * options.minSamplesLeaf && spread > minGain;
    if (!isSplittable || !this.findSplit(this.slots[slot], count, weightSum, valueSum, minGain)) {
      if (slot >= 0) this.freeSlots.push(slot);
      const update = this.update;
      if (update && !this.isFusing) {
        const value = nodes.value[id] * update.scale;
        const { raw } = update;
        const rows = this.rows;
        for (let p = start; p < end; p++) raw[rows[p]] += value;
      }
      return id;
    }
    if (this.stackLength >= this.stackNode.length) this.enlargeStack();
    const k = this.stackLength++;
    const best = this.best;
    this.stackNode[k] = id;
    this.stackDepth[k] = depth;
    this.stackSlot[k] = slot;
    this.stackFeature[k] = best.feature;
    this.stackBin[k] = best.bin;
    this.stackGain[k] = best.gain;
    this.stackLeftWeight[k] = best.leftWeight;
    this.stackLeftValue[k] = best.leftValues[0];
    return id;
  }

  /** The best split from the node's histogram, every feature in order (SplitFinder's histogram scan). */
  private findSplit(histogram: Float64Array, count: number, weightSum: number, totalValue: number, minGain: number): boolean {
    const { cols, nBins, maxBins } = this.binned;
    const { minSamplesLeaf, minChildWeight, l2 } = this.options;
    const parentScore = (totalValue * totalValue) / (weightSum + l2);
    const best = this.best;
    const isUnitHessian = this.isUnitHessian;
    const channels = this.channels;
    const valueChannel = channels - 1;
    best.reset(minGain);
    for (let f = 0; f < cols; f++) {
      const binCount = nBins[f];
      const base = f * 256 * channels;
      let leftCount = 0;
      let leftWeight = 0;
      let leftValue = 0;
      for (let b = 0; b < binCount - 1; b++) {
        const o = base + b * channels;
        const binRows = histogram[o];
        if (binRows === 0) continue;
        leftCount += binRows;
        leftWeight += isUnitHessian ? binRows : histogram[o + 1];
        leftValue += histogram[o + valueChannel];
        if (leftCount >= count) break;
        if (leftCount < minSamplesLeaf) continue;
        if (count - leftCount < minSamplesLeaf) break;
        const rightWeight = weightSum - leftWeight;
        if (leftWeight <= minChildWeight || rightWeight <= minChildWeight) continue;
        const rightValue = totalValue - leftValue;
        const gain = (leftValue * leftValue) / (leftWeight + l2) + (rightValue * rightValue) / (rightWeight + l2) - parentScore;
        if (gain > best.floor) best.offerScalar(f, b, gain, leftWeight, leftValue);
      }
    }
    return best.feature >= 0;
  }

  /** Makes stacked split k: partitions the node's rows, gives the children histograms, adds them. */
  private splitNode(k: number): void {
    const nodes = this.nodes;
    const id = this.stackNode[k];
    const depth = this.stackDepth[k];
    const parentSlot = this.stackSlot[k];
    const f = this.stackFeature[k];
    const bin = this.stackBin[k];
    const leftWeight = this.stackLeftWeight[k];
    const leftValue = this.stackLeftValue[k];
    this.gainPerFeature[f] += this.stackGain[k];
    const start = nodes.start[id];
    const end = nodes.end[id];
    if (this.update && depth + 1 >= this.options.maxDepth) {
      this.splitIntoLeaves(k);
      return;
    }
    const mid = this.partition(this.binned.codes[f], start, end, bin);
    nodes.feature[id] = f;
    nodes.threshold[id] = this.binned.edges[f][bin];
    nodes.splitBin[id] = bin;
    const rightValue = nodes.valueSums[id] - leftValue;
    const rightWeight = nodes.cover[id] - leftWeight;
    const parentSumOfSquares = nodes.sumOfSquares[id];
    const isLeftSmaller = mid - start <= end - mid;
    let smallSumOfSquares: number;
    let leftSlot = -1;
    let rightSlot = -1;
    if (depth + 1 < this.options.maxDepth) {
      // The smaller child's histogram pass also sums its Σ v²/h; the larger's is the rest.
      const parent = this.slots[parentSlot];
      const smallSlot = this.take();
      const small = this.slots[smallSlot];
      smallSumOfSquares = isLeftSmaller ? this.build(small, start, mid) : this.build(small, mid, end);
      this.subtract(parent, small);
      leftSlot = isLeftSmaller ? smallSlot : parentSlot;
      rightSlot = isLeftSmaller ? parentSlot : smallSlot;
    } else {
      // The children are leaves (maximum depth): they need no histograms.
      this.freeSlots.push(parentSlot);
      smallSumOfSquares = isLeftSmaller ? this.sumOfSquares(start, mid) : this.sumOfSquares(mid, end);
    }
    const leftSumOfSquares = isLeftSmaller ? smallSumOfSquares : parentSumOfSquares - smallSumOfSquares;
    const rightSumOfSquares = isLeftSmaller ? parentSumOfSquares - smallSumOfSquares : smallSumOfSquares;
    const left = this.addNode(start, mid, depth + 1, leftWeight, leftValue, leftSumOfSquares, leftSlot);
    const right = this.addNode(mid, end, depth + 1, rightWeight, rightValue, rightSumOfSquares, rightSlot);
    nodes.left[id] = left;
    nodes.right[id] = right;
  }

  /**
   * Makes stacked split k whose children are leaves (maximum depth) with a leaf update: one pass
   * adds each row's leaf value to its raw score and sums the left side's Σ v²/h; the rows are
   * not moved (the left count comes from the node's histogram).
   */
  private splitIntoLeaves(k: number): void {
    const nodes = this.nodes;
    const update = this.update!;
    const id = this.stackNode[k];
    const depth = this.stackDepth[k];
    const parentSlot = this.stackSlot[k];
    const f = this.stackFeature[k];
    const bin = this.stackBin[k];
    const leftWeight = this.stackLeftWeight[k];
    const leftValue = this.stackLeftValue[k];
    const start = nodes.start[id];
    const end = nodes.end[id];
    const l2 = this.options.l2;
    const rightValue = nodes.valueSums[id] - leftValue;
    const rightWeight = nodes.cover[id] - leftWeight;
    const histogram = this.slots[parentSlot];
    const channels = this.channels;
    let leftCount = 0;
    for (let b = 0, o = f * 256 * channels; b <= bin; b++, o += channels) leftCount += histogram[o];
    this.freeSlots.push(parentSlot);
    // The leaf values exactly as addNode and the caller's scaling compute them.
    const sideValues = this.sideValues;
    sideValues[0] = (rightValue / (rightWeight + l2)) * update.scale;
    sideValues[1] = (leftValue / (leftWeight + l2)) * update.scale;
    const { raw } = update;
    const rows = this.rows;
    const code = this.binned.codes[f];
    const h = this.h;
    const g = this.g;
    const isUnitHessian = this.isUnitHessian;
    let evenSquares = 0;
    let oddSquares = 0;
    let p = start;
    for (; p + 1 < end; p += 2) {
      const r0 = rows[p];
      const r1 = rows[p + 1];
      const left0 = 1 - ((bin - code[r0]) >>> 31);
      const left1 = 1 - ((bin - code[r1]) >>> 31);
      raw[r0] += sideValues[left0];
      raw[r1] += sideValues[left1];
      const g0 = g[r0];
      const g1 = g[r1];
      evenSquares += left0 * (isUnitHessian ? g0 * g0 : (g0 * g0) / h[r0]);
      oddSquares += left1 * (isUnitHessian ? g1 * g1 : (g1 * g1) / h[r1]);
    }
    if (p < end) {
      const r = rows[p];
      const goesLeft = 1 - ((bin - code[r]) >>> 31);
      raw[r] += sideValues[goesLeft];
      evenSquares += goesLeft * (isUnitHessian ? g[r] * g[r] : (g[r] * g[r]) / h[r]);
    }
    const leftSumOfSquares = evenSquares + oddSquares;
    const mid = start + leftCount;
    this.gainPerFeature[f] += this.stackGain[k];
    nodes.feature[id] = f;
    nodes.threshold[id] = this.binned.edges[f][bin];
    nodes.splitBin[id] = bin;
    this.isFusing = true;
    const left = this.addNode(start, mid, depth + 1, leftWeight, leftValue, leftSumOfSquares, -1);
    const right = this.addNode(mid, end, depth + 1, rightWeight, rightValue, nodes.sumOfSquares[id] - leftSumOfSquares, -1);
    this.isFusing = false;
    nodes.left[id] = left;
    nodes.right[id] = right;
  }

  /**
   * Stable partition of rows [start, end): those with code <= b first, both sides keeping
   * ascending order; returns the first right position. Every row is written to both sides and
   * only the side it belongs to advances, so there is no branch to mispredict.
   */
  private partition(code: Uint8Array, start: number, end: number, b: number): number {
    const rows = this.rows;
    const scratch = this.scratch;
    let left = start;
    let right = 0;
    for (let p = start; p < end; p++) {
      const r = rows[p];
      // 1 when code <= b (b − code >= 0), else 0.
      const goesLeft = 1 - ((b - code[r]) >>> 31);
      rows[left] = r;
      scratch[right] = r;
      left += goesLeft;
      right += 1 - goesLeft;
    }
    rows.set(scratch.subarray(0, right), left);
    return left;
  }

  /**
   * Fills `histogram` from the rows at positions [from, to): per feature and bin, count, Σ h,
   * Σ v (with unit hessians only count and Σ v: the count is the weight sum). Returns the rows' Σ v²/h.
   */
  private build(histogram: Float64Array, from: number, to: number): number {
    const { cols, nBins } = this.binned;
    const channels = this.channels;
    const stride = 256 * channels;
    for (let f = 0; f < cols; f++) histogram.fill(0, f * stride, f * stride + nBins[f] * channels);
    return this.isUnitHessian ? this.buildUnit(histogram, from, to) : this.buildWeighted(histogram, from, to);
  }

  /** Σ v²/h over the rows at positions [from, to). */
  private sumOfSquares(from: number, to: number): number {
    const { rows, h, g } = this;
    let squares = 0;
    if (this.isUnitHessian) {
      for (let p = from; p < to; p++) squares += g[rows[p]] * g[rows[p]];
    } else {
      for (let p = from; p < to; p++) squares += (g[rows[p]] * g[rows[p]]) / h[rows[p]];
    }
    return squares;
  }

  /** The rows' weight sum, value sum and Σ v²/h, in rootTotals. */
  private sumRows(from: number, to: number): void {
    const { rows, h, g } = this;
    let weightSum = 0;
    let valueSum = 0;
    let sumOfSquares = 0;
    if (this.isUnitHessian) {
      for (let p = from; p < to; p++) {
        const value = -g[rows[p]];
        valueSum += value;
        sumOfSquares += value * value;
      }
      weightSum = to - from;
    } else {
      for (let p = from; p < to; p++) {
        const r = rows[p];
        const weight = h[r];
        const value = -g[r];
        weightSum += weight;
        valueSum += value;
        sumOfSquares += (value * value) / weight;
      }
    }
    this.rootTotals[0] = weightSum;
    this.rootTotals[1] = valueSum;
    this.rootTotals[2] = sumOfSquares;
  }

  /**
   * The root's histogram and totals (rootTotals) with unit hessians when every row takes part:
   * the counts are the same every round (computed once, then copied), so only the value sums
   * are added up.
   */
  private buildRootUnit(histogram: Float64Array, n: number): void {
    const { rowCodes, cols, nBins } = this.binned;
    if (!this.rootCounts) {
      const counts = new Float64Array(cols * 256);
      for (let r = 0; r < n; r++) for (let f = 0; f < cols; f++) counts[f * 256 + rowCodes[r * cols + f]] += 1;
      this.rootCounts = counts;
    }
    const counts = this.rootCounts;
    for (let f = 0; f < cols; f++) {
      for (let b = 0, o = f * 512, to = nBins[f]; b < to; b++, o += 2) {
        histogram[o] = counts[f * 256 + b];
        histogram[o + 1] = 0;
      }
    }
    // Every row, in ascending order: the rows are the identity, r = p. The root's value sum
    // and Σ v² are taken in the same pass.
    const g = this.g;
    const blocked = cols - (cols & 3);
    let valueSum = 0;
    let sumOfSquares = 0;
    for (let r = 0; r < n; r++) {
      const rowBase = r * cols;
      const value = -g[r];
      valueSum += value;
      sumOfSquares += value * value;
      let f = 0;
      let base = 1;
      for (; f < blocked; f += 4, base += 2048) {
        histogram[base + (rowCodes[rowBase + f] << 1)] += value;
        histogram[base + 512 + (rowCodes[rowBase + f + 1] << 1)] += value;
        histogram[base + 1024 + (rowCodes[rowBase + f + 2] << 1)] += value;
        histogram[base + 1536 + (rowCodes[rowBase + f + 3] << 1)] += value;
      }
      for (; f < cols; f++, base += 512) histogram[base + (rowCodes[rowBase + f] << 1)] += value;
    }
    this.rootTotals[0] = n;
    this.rootTotals[1] = valueSum;
    this.rootTotals[2] = sumOfSquares;
  }

  /** build with unit hessians: two channels, count and Σ v (8 features fit a 32 KiB L1 cache). */
  private buildUnit(histogram: Float64Array, from: number, to: number): number {
    const { rowCodes, cols } = this.binned;
    const rows = this.rows;
    const g = this.g;
    const stride = 512;
    const blocked = cols - (cols & 3);
    let squares = 0;
    for (let p = from; p < to; p++) {
      const r = rows[p];
      const rowBase = r * cols;
      const value = -g[r];
      squares += value * value;
      let f = 0;
      let base = 0;
      for (; f < blocked; f += 4, base += 2048) {
        const o0 = base + (rowCodes[rowBase + f] << 1);
        const o1 = base + 512 + (rowCodes[rowBase + f + 1] << 1);
        const o2 = base + 1024 + (rowCodes[rowBase + f + 2] << 1);
        const o3 = base + 1536 + (rowCodes[rowBase + f + 3] << 1);
        histogram[o0] += 1;
        histogram[o0 + 1] += value;
        histogram[o1] += 1;
        histogram[o1 + 1] += value;
        histogram[o2] += 1;
        histogram[o2 + 1] += value;
        histogram[o3] += 1;
        histogram[o3 + 1] += value;
      }
      for (; f < cols; f++, base += stride) {
        const o = base + (rowCodes[rowBase + f] << 1);
        histogram[o] += 1;
        histogram[o + 1] += value;
      }
    }
    return squares;
  }

  /** build with per-row hessians: three channels, count, Σ h, Σ v. */
  private buildWeighted(histogram: Float64Array, from: number, to: number): number {
    const { rowCodes, cols } = this.binned;
    const rows = this.rows;
    const h = this.h;
    const g = this.g;
    const stride = 768;
    const blocked = cols - (cols & 3);
    let squares = 0;
    for (let p = from; p < to; p++) {
      const r = rows[p];
      const rowBase = r * cols;
      const weight = h[r];
      const value = -g[r];
      squares += (value * value) / weight;
      let f = 0;
      let base = 0;
      for (; f < blocked; f += 4, base += 3072) {
        const o0 = base + rowCodes[rowBase + f] * 3;
        const o1 = base + 768 + rowCodes[rowBase + f + 1] * 3;
        const o2 = base + 1536 + rowCodes[rowBase + f + 2] * 3;
        const o3 = base + 2304 + rowCodes[rowBase + f + 3] * 3;
        histogram[o0] += 1;
        histogram[o0 + 1] += weight;
        histogram[o0 + 2] += value;
        histogram[o1] += 1;
        histogram[o1 + 1] += weight;
        histogram[o1 + 2] += value;
        histogram[o2] += 1;
        histogram[o2 + 1] += weight;
        histogram[o2 + 2] += value;
        histogram[o3] += 1;
        histogram[o3 + 1] += weight;
        histogram[o3 + 2] += value;
      }
      for (; f < cols; f++, base += stride) {
        const o = base + rowCodes[rowBase + f] * 3;
        histogram[o] += 1;
        histogram[o + 1] += weight;
        histogram[o + 2] += value;
      }
    }
    return squares;
  }

  /** parent −= small over every feature's used bins. */
  private subtract(parent: Float64Array, small: Float64Array): void {
    const { cols, nBins, maxBins } = this.binned;
    const channels = this.channels;
    for (let f = 0; f < cols; f++) {
      const to = (f * 256 + nBins[f]) * channels;
      for (let i = f * 256 * channels; i < to; i++) parent[i] -= small[i];
    }
  }

  private enlargeStack(): void {
    const capacity = this.stackNode.length * 2;
    this.stackNode = withCapacity(this.stackNode, capacity);
    this.stackDepth = withCapacity(this.stackDepth, capacity);
    this.stackSlot = withCapacity(this.stackSlot, capacity);
    this.stackFeature = withCapacity(this.stackFeature, capacity);
    this.stackBin = withCapacity(this.stackBin, capacity);
    this.stackGain = withCapacity(this.stackGain, capacity);
    this.stackLeftWeight = withCapacity(this.stackLeftWeight, capacity);
    this.stackLeftValue = withCapacity(this.stackLeftValue, capacity);
  }

}
