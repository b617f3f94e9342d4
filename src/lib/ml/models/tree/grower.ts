/**
 * Grows one tree on binned features: the growing loop. Big nodes find splits from per-bin
 * histograms (histogram.ts, the larger child's by subtraction); small nodes, which dominate
 * fully grown forests, scan only the bins their own samples occupy (occupied-bin-scan.ts);
 * the best split is chosen in split-finder.ts. Row positions are partitioned in place in one
 * Int32Array, with the per-row weights and targets moved alongside (partition.ts).
 * A regression forest grows on the arrays of a WebAssembly kernel (forest-scan.ts): its small
 * nodes are searched there, and every subtree too small for a histogram grows there whole,
 * giving the same trees as the TypeScript path.
 *
 * The split score is the same for every use: sum over value channels of V²/(H + λ) per
 * child, where H sums the row weights h and V sums the row values v. A regression forest
 * passes h = weight, v = weight·y (variance reduction); a classification forest passes
 * class indices, whose channels are per-class weights (Gini decrease); boosting passes
 * h = hessian, v = −gradient (Newton gain). With λ = 0 the gain is exactly the decrease
 * of weighted impurity, which is what MDI importance sums.
 */
import type { Random } from '../../core/random';
import type { BinnedFeatures } from './binning';
import { ForestScanKernel } from './forest-scan';
import { HistogramPool } from './histogram';
import { NodeStore } from './node-store';
import { partitionClasses, partitionClassesCodes, partitionScalar, partitionScalarCodes, PositionCodes } from './partition';
import { SplitFinder } from './split-finder';
import { SplitQueue } from './split-queue';
import type { Tree } from './tree';

/**
 * Up to this many features, the bin codes are kept in sample-position order (PositionCodes) and
 * moved with the rows, so node scans read them in order; wider data reads them by row.
 */
const MAX_POSITION_COLS = 64;

/** Limits on growth, resolved by the caller (forest or boosting). */
export interface GrowOptions {
  maxDepth: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** Finite: best-first growth up to this many leaves; Infinity: depth-first. */
  maxLeaves: number;
  /** Features drawn per split, 1..cols. */
  maxFeatures: number;
  /** L2 penalty λ on leaf values (boosting); 0 for forests. */
  l2: number;
  /** A child needs a weight (hessian) sum above this. */
  minChildWeight: number;
}

/** Rows to grow on, aligned by position; `rows`, `h`, `v`, `cls` are permuted in place. */
export interface GrowSamples {
  n: number;
  rows: Int32Array;
  h: Float64Array;
  /** Scalar targets (nValues 1). */
  v: Float64Array;
  /** Class indices (nValues K), or null for scalar targets. */
  cls: Int32Array | null;
}

/** A grown tree plus what the fit needs afterwards. */
export interface GrownTree {
  tree: Tree;
  /** Per node, the range [start, end) of its rows in `samples.rows` after growth. */
  start: Int32Array;
  end: Int32Array;
  /** Per node, the split bin (go left when code <= bin). */
  bin: Int32Array;
  /** Per feature, the summed gain (impurity decrease) of its splits. */
  gain: Float64Array;
}

/** Reusable workspace that grows trees on one binned data set. */
export class TreeGrower {
  private readonly nodes: NodeStore;
  private readonly queue: SplitQueue;
  private readonly histograms: HistogramPool;
  private readonly finder: SplitFinder;
  /** Per feature, the summed gain of the splits made on it. */
  private readonly gainPerFeature: Float64Array;
  private readonly leftChildValues: Float64Array;
  private readonly rightChildValues: Float64Array;
  /** Receives the left child's sum of squares from the partition. */
  private readonly partitionOut = new Float64Array(1);
  /** The constant features of the node being split (its children's start), and of the node being searched. */
  private readonly parentConstant: Uint8Array;
  private readonly nodeConstant: Uint8Array;
  /** The codes in sample-position order (null on wide data). */
  private readonly positionCodes: PositionCodes | null;
  private samples!: GrowSamples;
  /** Are the tree's samples the kernel's own arrays (rows, weights, values)? Then its partitions and subtrees run there. */
  private onKernelArrays = false;
  private options!: GrowOptions;

  /** The WebAssembly small-node scan and the sample arrays in its memory (see `sampleArrays`). */
  private readonly kernel: ForestScanKernel | null;

  /**
   * @param binned the binned training features; @param nValues 1 for scalar targets, K for classes
   * @param withKernel scalar targets: keep the codes, rows, weights, values and nodes in a
   *   WebAssembly memory whose passes grow the small nodes (trees grown on `sampleArrays()` use it)
   */
  constructor(
    private readonly binned: BinnedFeatures,
    private readonly nValues: number,
    withKernel = false,
  ) {
    this.queue = new SplitQueue(nValues, binned.cols);
    this.histograms = new HistogramPool(binned, nValues);
    const hasCodes = binned.cols <= MAX_POSITION_COLS;
    const kernel = withKernel && hasCodes && nValues === 1 ? ForestScanKernel.create(binned.rows, binned.cols) : null;
    this.kernel = kernel;
    this.finder = new SplitFinder(binned, nValues, kernel);
    if (kernel) {
      this.nodes = new NodeStore(1, kernel.nodes);
      this.gainPerFeature = kernel.featureGain;
      binned.edges.forEach((e, f) => kernel.edges.set(e, f << 8));
    } else {
      this.nodes = new NodeStore(nValues);
      this.gainPerFeature = new Float64Array(binned.cols);
    }
    this.leftChildValues = new Float64Array(nValues);
    this.rightChildValues = new Float64Array(nValues);
    this.parentConstant = new Uint8Array(binned.cols);
    this.nodeConstant = new Uint8Array(binned.cols);
    this.positionCodes = this.kernel ? this.kernel.codes : hasCodes ? new PositionCodes(binned.rows, binned.cols) : null;
  }

  /**
   * Row, weight and value arrays (one per row of the data) to fill and pass as the samples' rows,
   * h and v: the kernel's, so small nodes grow in WebAssembly; own arrays without a kernel.
   */
  sampleArrays(): { rows: Int32Array; h: Float64Array; v: Float64Array } {
    const n = this.binned.rows;
    if (this.kernel) return { rows: this.kernel.rows, h: this.kernel.h, v: this.kernel.v };
    return { rows: new Int32Array(n), h: new Float64Array(n), v: new Float64Array(n) };
  }

  /** Grows one tree on `samples` (all h > 0) with `options`; `random` draws the split features. */
  grow(samples: GrowSamples, options: GrowOptions, random: Random): GrownTree {
    const tree = this.growTree(samples, options, random);
    const nodes = this.nodes;
    const count = nodes.count;
    return {
      tree,
      start: nodes.start.slice(0, count),
      end: nodes.end.slice(0, count),
      bin: nodes.splitBin.slice(0, count),
      gain: this.gainPerFeature.slice(),
    };
  }

  /** `grow` without the per-node row ranges and split bins (what a forest keeps: the tree alone). */
  growTree(samples: GrowSamples, options: GrowOptions, random: Random): Tree {
    this.growNodes(samples, options, random);
    return this.nodes.toTree();
  }

  /**
   * `growTree` lent, not copied: the tree's arrays are views into this grower's store, valid
   * until it grows the next tree (for callers that read each tree once, such as a CV fold's
   * scores, and need not hold several megabytes per tree).
   */
  growTreeView(samples: GrowSamples, options: GrowOptions, random: Random): Tree {
    this.growNodes(samples, options, random);
    return this.nodes.view();
  }

  /** The split bin of each node of the tree grown last (−1 at leaves), by node id; a view of the store. */
  splitBins(): Int32Array {
    return this.nodes.splitBin;
  }

  /** Grows one tree into the node store. */
  private growNodes(samples: GrowSamples, options: GrowOptions, random: Random): void {
    this.samples = samples;
    this.options = options;
    const own = this.kernel;
    this.onKernelArrays = own !== null && samples.rows === own.rows && samples.h === own.h && samples.v === own.v;
    this.nodes.clear();
    this.queue.clear();
    this.gainPerFeature.fill(0);
    const { n, h, v, cls } = samples;
    const positionCodes = this.positionCodes;
    positionCodes?.fill(samples.rows, n, this.binned.rowCodes, this.binned.cols);
    this.finder.begin(samples, options, random, positionCodes);
    this.histograms.positionCodes = positionCodes;
    let weightSum = 0;
    let sumOfSquares = 0;
    const valueSums = new Float64Array(this.nValues);
    for (let p = 0; p < n; p++) {
      const weight = h[p];
      weightSum += weight;
      if (cls) {
        valueSums[cls[p]] += weight;
        sumOfSquares += weight;
      } else {
        valueSums[0] += v[p];
        sumOfSquares += (v[p] * v[p]) / weight;
      }
    }
    let slot = -1;
    if (n >= this.histograms.minRows) {
      slot = this.histograms.take();
      this.histograms.build(slot, samples, 0, n);
    }
    this.parentConstant.fill(0);
    this.addNode(0, n, 0, weightSum, valueSums, sumOfSquares, slot, this.parentConstant);
    let leaves = 1;
    const isBestFirst = Number.isFinite(options.maxLeaves);
    const queue = this.queue;
    // Depth first on the kernel's own arrays, every feature searched: a node too small for a
    // histogram is split with its whole subtree in WebAssembly (forest.as.ts), in this order.
    const subtreeKernel = this.onKernelArrays && !isBestFirst && options.maxFeatures >= this.binned.cols ? own : null;
    while (queue.length > 0) {
      const k = queue.next(isBestFirst);
      if (leaves >= options.maxLeaves) {
        if (queue.histogramSlot[k] >= 0) this.histograms.release(queue.histogramSlot[k]);
        queue.remove(k);
        continue;
      }
      if (subtreeKernel && queue.histogramSlot[k] < 0) {
        leaves += this.growSubtreeInKernel(subtreeKernel, k, random);
        continue;
      }
      this.splitNode(k);
      leaves++;
    }
  }

  /** Makes the queued split k and grows the whole subtree below it in the kernel; returns the splits made. */
  private growSubtreeInKernel(kernel: ForestScanKernel, k: number, random: Random): number {
    const queue = this.queue;
    const nodes = this.nodes;
    const before = nodes.count;
    queue.constantFeatures(k, kernel.rootFlags);
    const id = queue.node[k];
    const depth = queue.depth[k];
    const f = queue.feature[k];
    const bin = queue.bin[k];
    const gain = queue.gain[k];
    const leftWeight = queue.leftWeight[k];
    const leftValue = queue.leftValues[k];
    queue.remove(k);
    nodes.count = kernel.growSubtree(id, depth, f, bin, gain, leftWeight, leftValue, before, random);
    // Each split adds two nodes.
    return (nodes.count - before) / 2;
  }

  /**
   * Records a node over rows [start, end); if it can split, finds its best split and queues it.
   * `inherited` flags the features constant in its parent: constant here too, so never scanned.
   */
  private addNode(start: number, end: number, depth: number, weightSum: number, valueSums: Float64Array, sumOfSquares: number, slot: number, inherited: Uint8Array): number {
    const nodes = this.nodes;
    const id = nodes.addLeaf(start, end, weightSum, sumOfSquares);
    const nValues = this.nValues;
    const options = this.options;
    let score = 0;
    for (let k = 0; k < nValues; k++) {
      const sum = valueSums[k];
      nodes.valueSums[id * nValues + k] = sum;
      nodes.value[id * nValues + k] = this.samples.cls ? sum / weightSum : sum / (weightSum + options.l2);
      score += (sum * sum) / weightSum;
    }
    const spread = sumOfSquares - score;
    nodes.impurity[id] = spread > 0 ? spread / weightSum : 0;
    const count = end - start;
    const minGain = 1e-12 * sumOfSquares;
    const isSplittable =
      depth < options.maxDepth && count >= options.minSamplesSplit && count >= 2 * options.minSamplesLeaf && spread > minGain;
    const histogram = slot >= 0 ? this.histograms.histogram(slot) : null;
    const constant = this.nodeConstant;
    if (isSplittable) for (let f = 0; f < constant.length; f++) constant[f] = inherited[f];
    if (!isSplittable || !this.finder.findSplit(start, end, weightSum, valueSums, histogram, minGain, constant)) {
      if (slot >= 0) this.histograms.release(slot);
      return id;
    }
    const best = this.finder.best;
    this.queue.push(id, depth, slot, best.feature, best.bin, best.gain, best.leftWeight, best.leftValues, constant);
    return id;
  }

  /** Makes the queued split k: partitions the node's rows, then adds both children. */
  private splitNode(k: number): void {
    const nValues = this.nValues;
    const queue = this.queue;
    const nodes = this.nodes;
    const id = queue.node[k];
    const depth = queue.depth[k];
    const parentSlot = queue.histogramSlot[k];
    const f = queue.feature[k];
    const bin = queue.bin[k];
    const leftWeight = queue.leftWeight[k];
    const leftValues = this.leftChildValues;
    for (let c = 0; c < nValues; c++) leftValues[c] = queue.leftValues[k * nValues + c];
    this.gainPerFeature[f] += queue.gain[k];
    const parentConstant = this.parentConstant;
    queue.constantFeatures(k, parentConstant);
    queue.remove(k);
    const start = nodes.start[id];
    const end = nodes.end[id];
    const { rows, h, v, cls } = this.samples;
    const code = this.binned.codes[f];
    const out = this.partitionOut;
    const codes = this.positionCodes;
    const kernel = this.kernel;
    // On the kernel's arrays the partition runs in WebAssembly (forest-scan.ts says why).
    const mid =
      kernel && this.onKernelArrays
        ? kernel.partition(f, start, end, bin, out)
        : codes
          ? cls
            ? partitionClassesCodes(rows, h, cls, codes, f, start, end, bin, out)
            : partitionScalarCodes(rows, h, v, codes, f, start, end, bin, out)
          : cls
            ? partitionClasses(rows, h, cls, code, start, end, bin, out)
            : partitionScalar(rows, h, v, code, start, end, bin, out);
    const leftSumOfSquares = out[0];
    nodes.feature[id] = f;
    nodes.threshold[id] = this.binned.edges[f][bin];
    nodes.splitBin[id] = bin;
    const rightValues = this.rightChildValues;
    for (let c = 0; c < nValues; c++) rightValues[c] = nodes.valueSums[id * nValues + c] - leftValues[c];
    const rightWeight = nodes.cover[id] - leftWeight;
    const rightSumOfSquares = nodes.sumOfSquares[id] - leftSumOfSquares;
    let leftSlot = -1;
    let rightSlot = -1;
    if (parentSlot >= 0) {
      this.histograms.splitChildren(parentSlot, this.samples, start, mid, end);
      leftSlot = this.histograms.leftSlot;
      rightSlot = this.histograms.rightSlot;
    }
    const left = this.addNode(start, mid, depth + 1, leftWeight, leftValues, leftSumOfSquares, leftSlot, parentConstant);
    const right = this.addNode(mid, end, depth + 1, rightWeight, rightValues, rightSumOfSquares, rightSlot, parentConstant);
    nodes.left[id] = left;
    nodes.right[id] = right;
  }
}
