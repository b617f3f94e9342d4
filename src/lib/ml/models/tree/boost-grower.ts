/**
 * The boosting fast path: grows one depth-first tree on scalar targets (squared error and
 * binary log loss, and each class of softmax) from per-row gradients, like XGBoost's and
 * LightGBM's `hist`. Each node's rows are a range of one Int32Array of row indices kept in
 * ascending order (a stable partition through a scratch buffer), so the per-row hessians and
 * values are read by row index in increasing order and never moved; every node has a
 * histogram (count, hessian sum, value sum per feature and bin), the smaller child's built from
 * its rows, the larger's by subtraction from the parent's.
 *
 * The tree (nodes, split search, order of growth) is kept here; every loop over a node's rows
 * runs in WebAssembly (wasm/boost.as.ts, SIMD), on the bin codes, row indices, gradients,
 * hessians, raw scores and histograms held in the module's memory. The caller writes the rows,
 * gradients and hessians through this grower's views of that memory.
 *
 * It makes the same choices as TreeGrower (same split score, limits, tie-breaking and node
 * order); only the order in which floating-point sums are taken differs, so gains can differ
 * in the last bits. fitGradientBoosting uses it on big data, where it pays.
 */
import type { Random } from '../../core/random';
import { decodeBase64 } from '../../core/base64';
import { withCapacity } from './array-capacity';
import { BestSplit } from './best-split';
import type { BinnedFeatures } from './binning';
import type { GrowOptions, GrownTree } from './grower';
import { NodeStore } from './node-store';
import { boostWasmBase64 } from './wasm/boost-wasm';

/** The passes of wasm/boost.as.ts (byte addresses; flags as 0/1). */
interface BoostKernels {
  bind(n: number, cols: number, rowCodes: number, colCodes: number, rows: number, scratch: number, g: number, h: number, raw: number, nBins: number, totals: number): void;
  build(histogram: number, from: number, to: number, isUnitHessian: number, isAll: number): void;
  sumOfSquares(from: number, to: number, isUnitHessian: number): number;
  subtract(parent: number, small: number, channels: number): void;
  partition(f: number, start: number, end: number, bin: number, isAll: number): number;
  addToLeaf(start: number, end: number, value: number, isAll: number): void;
  splitIntoLeaves(f: number, start: number, end: number, bin: number, leftValue: number, rightValue: number, isUnitHessian: number, isAll: number): number;
  keepGradients(targets: number): void;
  startNextRoot(root: number): void;
  finishNextRoot(): void;
}

let compiled: WebAssembly.Module | undefined;

/** The passes' module, compiled once per thread (synchronously: a few kilobytes). */
function boostModule(): WebAssembly.Module {
  if (!compiled) {
    const bytes = decodeBase64(boostWasmBase64) as Uint8Array<ArrayBuffer>;
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) {
      throw new Error('Gradient boosting needs WebAssembly with SIMD (Chrome or Edge 91+, Firefox 89+, Safari 16.4+, Node 16.4+)');
    }
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

const pageBytes = 65536;
/** The module's own statics stay below this address; the buffers start here. */
const firstByte = pageBytes;
/** Bytes of one histogram: per feature 256 bins of up to three f64. */
const binBytes = 256 * 3 * 8;

/** The next multiple of 16 from `byte`. */
function align(byte: number): number {
  return (byte + 15) & ~15;
}

/** Reusable workspace growing boosting trees on one binned data set. */
export class BoostGrower {
  private readonly nodes = new NodeStore(1);
  private readonly best = new BestSplit(1);
  private readonly gainPerFeature: Float64Array;
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: BoostKernels;
  private readonly n: number;
  private readonly totalsAt: number;
  private readonly rowsAt: number;
  private readonly gAt: number;
  private readonly hAt: number;
  private readonly rawAt: number;
  private readonly targetsAt: number;
  /** Address of histogram slot 0; slot i follows at slotsAt + i × slotBytes. */
  private readonly slotsAt: number;
  private readonly slotBytes: number;
  private slotCount = 0;
  private readonly freeSlots: number[] = [];
  /** The memory as f64 (histograms, totals), renewed when the memory grows. */
  private heap: Float64Array;

  /** Every row's hessian is 1 (squared error, unit weights): the weight sum of a bin is its count. */
  private isUnitHessian = false;
  /** The tree grows on every row (the root's positions are the rows). */
  private isAll = false;
  /** Squared error with unit weights and targets given: the gradients are kept here. */
  private readonly keepsGradients: boolean;
  /** The slot of the next tree's root histogram, built by this tree's leaf updates (kept gradients); -1 before the first tree. */
  private nextRootSlot = -1;
  /** Leaf values × this go into the raw scores as the leaves are made; null: no update. */
  private updateScale: number | null = null;
  /** Set while the children of a fused last split are added (their rows are already updated). */
  private isFusing = false;
  /** Numbers per bin: count, weight sum, value sum; or with unit hessians count and value sum (2). */
  private channels = 3;
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
  private options!: GrowOptions;

  /**
   * @param binned the binned training features (all rows of the fit), copied into the module's memory
   * @param targets squared error with unit weights on every row, updating the raw scores as the
   *   leaves are made: the targets per row, from which the grower keeps the gradients raw − y
   *   itself (computed from the raw scores at the first `grow`, then as each leaf updates its
   *   rows, in the same pass that builds the next tree's root histogram)
   */
  constructor(
    private readonly binned: BinnedFeatures,
    targets?: Float64Array,
  ) {
    const { rows: n, cols, codes, rowCodes, nBins } = binned;
    this.n = n;
    this.keepsGradients = targets !== undefined;
    this.gainPerFeature = new Float64Array(cols);
    this.slotBytes = cols * binBytes;
    this.totalsAt = firstByte;
    const nBinsAt = align(this.totalsAt + 24);
    const rowCodesAt = align(nBinsAt + cols * 4);
    const colCodesAt = align(rowCodesAt + n * cols);
    this.rowsAt = align(colCodesAt + n * cols);
    const scratchAt = align(this.rowsAt + n * 4);
    this.gAt = align(scratchAt + n * 4);
    this.hAt = this.gAt + n * 8;
    this.rawAt = this.hAt + n * 8;
    const targetsAt = this.rawAt + n * 8;
    this.slotsAt = align(targetsAt + (targets ? n * 8 : 0));
    // Room for the histograms of a depth-3 tree (one per level and one more); deeper trees grow it.
    this.slotCount = 4;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((this.slotsAt + this.slotCount * this.slotBytes) / pageBytes) });
    this.kernels = new WebAssembly.Instance(boostModule(), { env: { memory: this.memory } }).exports as unknown as BoostKernels;
    const buffer = this.memory.buffer;
    new Int32Array(buffer, nBinsAt, cols).set(nBins);
    new Uint8Array(buffer, rowCodesAt, n * cols).set(rowCodes);
    for (let f = 0; f < cols; f++) new Uint8Array(buffer, colCodesAt + f * n, n).set(codes[f]);
    if (targets) new Float64Array(buffer, targetsAt, n).set(targets);
    this.targetsAt = targetsAt;
    this.kernels.bind(n, cols, rowCodesAt, colCodesAt, this.rowsAt, scratchAt, this.gAt, this.hAt, this.rawAt, nBinsAt, this.totalsAt);
    this.heap = new Float64Array(buffer);
    for (let slot = this.slotCount - 1; slot >= 0; slot--) this.freeSlots.push(slot);
  }

  /**
   * Row indices, one per row of the data (a view of the module's memory, like the arrays below).
   * A tree deeper than the memory has room for grows the memory, which renews the views: take
   * them again after every `grow`.
   */
  get rows(): Int32Array {
    return new Int32Array(this.memory.buffer, this.rowsAt, this.n);
  }

  /** Gradient per row (written by the caller, unless the grower keeps them: see the constructor). */
  get gradients(): Float64Array {
    return new Float64Array(this.memory.buffer, this.gAt, this.n);
  }

  /** Hessian per row (> 0). */
  get hessians(): Float64Array {
    return new Float64Array(this.memory.buffer, this.hAt, this.n);
  }

  /** Raw score per row, which `grow` adds the scaled leaf values to when asked. */
  get raw(): Float64Array {
    return new Float64Array(this.memory.buffer, this.rawAt, this.n);
  }

  /**
   * Grows a tree on the rows `rows[0..n)` (ascending row indices, permuted in place into node
   * ranges; when n is every row, they are set here to 0..n−1) from `hessians` (> 0) and
   * `gradients`, both indexed by row; a node's values are the sums of v = −g (negating every
   * addend negates the sum exactly, so the numbers are those of TreeGrower given v). `isUnitHessian`: the caller vouches that every hessian is 1.
   * Options as TreeGrower's, depth-first (maxLeaves is not used) with every feature per split.
   * With `updateScale`, every row's raw score gets its leaf's value × updateScale as the leaves are
   * made, and the splits above the maximum depth send rows to their two leaves in that same pass
   * instead of partitioning them: those leaves' ranges [start, end) then give their row counts only.
   */
  grow(n: number, options: GrowOptions, random: Random, isUnitHessian = false, updateScale: number | null = null): GrownTree {
    const kernels = this.kernels;
    if (this.keepsGradients && !(n === this.n && isUnitHessian && updateScale !== null)) {
      throw new Error('A grower that keeps squared-error gradients grows on every row with unit hessians and a leaf update');
    }
    this.updateScale = updateScale;
    this.options = options;
    this.isUnitHessian = isUnitHessian;
    this.isAll = n === this.n;
    this.channels = isUnitHessian ? 2 : 3;
    this.nodes.clear();
    this.stackLength = 0;
    this.gainPerFeature.fill(0);
    this.best.begin(options, random);
    let slot = this.nextRootSlot;
    if (slot >= 0) {
      kernels.finishNextRoot();
    } else {
      if (this.keepsGradients) kernels.keepGradients(this.targetsAt);
      slot = this.take();
      // With every row, the pass also writes the rows as the identity.
      kernels.build(this.slotAt(slot), 0, n, isUnitHessian ? 1 : 0, this.isAll ? 1 : 0);
    }
    if (this.keepsGradients) {
      this.nextRootSlot = this.take();
      kernels.startNextRoot(this.slotAt(this.nextRootSlot));
    }
    const totals = this.totalsAt / 8;
    const heap = this.heap;
    this.addNode(0, n, 0, heap[totals], heap[totals + 1], heap[totals + 2], slot);
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

  /** Byte address of histogram slot `slot`. */
  private slotAt(slot: number): number {
    return this.slotsAt + slot * this.slotBytes;
  }

  /** A free histogram slot; with none left, the memory grows by as many as it has (renewing the views). */
  private take(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    const count = this.slotCount;
    this.memory.grow(Math.ceil((this.slotsAt + 2 * count * this.slotBytes) / pageBytes) - this.memory.buffer.byteLength / pageBytes);
    this.heap = new Float64Array(this.memory.buffer);
    this.slotCount = 2 * count;
    for (let slot = 2 * count - 1; slot > count; slot--) this.freeSlots.push(slot);
    return count;
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
    if (!isSplittable || !this.findSplit(this.slotAt(slot) / 8, count, weightSum, valueSum, minGain)) {
      if (slot >= 0) this.freeSlots.push(slot);
      if (this.updateScale !== null && !this.isFusing) this.kernels.addToLeaf(start, end, nodes.value[id] * this.updateScale, id === 0 && this.isAll ? 1 : 0);
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

  /** The best split from the node's histogram (at heap[at...]), every feature in order (SplitFinder's histogram scan). */
  private findSplit(at: number, count: number, weightSum: number, totalValue: number, minGain: number): boolean {
    const { cols, nBins } = this.binned;
    const { minSamplesLeaf, minChildWeight, l2 } = this.options;
    const parentScore = (totalValue * totalValue) / (weightSum + l2);
    const best = this.best;
    const isUnitHessian = this.isUnitHessian;
    const channels = this.channels;
    const valueChannel = channels - 1;
    const histogram = this.heap;
    best.reset(minGain);
    for (let f = 0; f < cols; f++) {
      const binCount = nBins[f];
      const base = at + f * 256 * channels;
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
    if (this.updateScale !== null && depth + 1 >= this.options.maxDepth) {
      this.splitIntoLeaves(k);
      return;
    }
    const kernels = this.kernels;
    const mid = kernels.partition(f, start, end, bin, id === 0 && this.isAll ? 1 : 0);
    nodes.feature[id] = f;
    nodes.threshold[id] = this.binned.edges[f][bin];
    nodes.splitBin[id] = bin;
    const rightValue = nodes.valueSums[id] - leftValue;
    const rightWeight = nodes.cover[id] - leftWeight;
    const parentSumOfSquares = nodes.sumOfSquares[id];
    const isLeftSmaller = mid - start <= end - mid;
    const isUnitHessian = this.isUnitHessian ? 1 : 0;
    let smallSumOfSquares: number;
    let leftSlot = -1;
    let rightSlot = -1;
    if (depth + 1 < this.options.maxDepth) {
      // The smaller child's histogram pass also sums its Σ v²/h; the larger's is the rest.
      const smallSlot = this.take();
      const small = this.slotAt(smallSlot);
      if (isLeftSmaller) kernels.build(small, start, mid, isUnitHessian, 0);
      else kernels.build(small, mid, end, isUnitHessian, 0);
      smallSumOfSquares = this.heap[this.totalsAt / 8 + 2];
      kernels.subtract(this.slotAt(parentSlot), small, this.channels);
      leftSlot = isLeftSmaller ? smallSlot : parentSlot;
      rightSlot = isLeftSmaller ? parentSlot : smallSlot;
    } else {
      // The children are leaves (maximum depth): they need no histograms.
      this.freeSlots.push(parentSlot);
      smallSumOfSquares = isLeftSmaller ? kernels.sumOfSquares(start, mid, isUnitHessian) : kernels.sumOfSquares(mid, end, isUnitHessian);
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
    const scale = this.updateScale!;
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
    const histogram = this.heap;
    const channels = this.channels;
    let leftCount = 0;
    for (let b = 0, o = this.slotAt(parentSlot) / 8 + f * 256 * channels; b <= bin; b++, o += channels) leftCount += histogram[o];
    this.freeSlots.push(parentSlot);
    // The leaf values exactly as addNode and the caller's scaling compute them.
    const leftSumOfSquares = this.kernels.splitIntoLeaves(
      f,
      start,
      end,
      bin,
      (leftValue / (leftWeight + l2)) * scale,
      (rightValue / (rightWeight + l2)) * scale,
      this.isUnitHessian ? 1 : 0,
      id === 0 && this.isAll ? 1 : 0,
    );
    const mid = start + leftCount;
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
