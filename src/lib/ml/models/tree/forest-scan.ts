/**
 * The WebAssembly side of a regression forest's small nodes (wasm/forest.as.ts). One module
 * memory holds the bin codes in sample-position order, the per-position rows, weights and
 * values the grower partitions in place, the node store and the per-feature gains; the
 * TypeScript views below are what the grower, the partitions and the histograms use. The
 * memory never grows (a tree of n positions has at most 2n − 1 nodes), so they stay valid.
 * `findBest` searches one node (scalar targets, every feature); `growSubtree` grows a node too
 * small for a histogram with everything below it. The grower's Random is handed over and back.
 */
import { decodeBase64 } from '../../core/base64';
import type { Random } from '../../core/random';
import type { BestSplit } from './best-split';
import type { GrowOptions } from './grower';
import type { NodeArrays } from './node-store';
import { PositionCodes } from './partition';
import { forestWasmBase64 } from './wasm/forest-wasm';

interface ForestKernels {
  bind(stride: number, codes: number, h: number, v: number, bits: number, sums: number): void;
  bindTree(cols: number, rows: number, edges: number, featureGain: number, feature: number, threshold: number, left: number, right: number, value: number, cover: number, impurity: number, start: number, end: number, bin: number, valueSum: number, squares: number, stack: number, stackFlags: number, flags: number, state: number, result: number): void;
  limits(maxDepth: number, minSamplesLeaf: number, minSamplesSplit: number, l2: number, minChildWeight: number): void;
  findBest(start: number, end: number, weightSum: number, totalValue: number, parentScore: number, minGain: number): number;
  growSubtree(id: number, depth: number, f: number, bin: number, gain: number, leftWeight: number, leftValue: number, count: number): number;
  partitionNode(f: number, start: number, end: number, bin: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The module, compiled once per thread; null where WebAssembly SIMD is missing or the thread may
 * not compile synchronously (the JavaScript grower runs instead: the same trees, slower).
 */
function forestModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    const bytes = decodeBase64(forestWasmBase64) as Uint8Array<ArrayBuffer>;
    try {
      if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      // Left null: the JavaScript path.
    }
  }
  return compiled;
}

const pageBytes = 65536;
/** The module's own statics stay below this address. */
const firstByte = pageBytes;
/** Pending splits a subtree's stack holds: more than the rows of any node without a histogram (at most 512). */
const STACK_ENTRIES = 4096;

/** The next multiple of 16 from `byte`. */
function align(byte: number): number {
  return (byte + 15) & ~15;
}

/** The small-node passes' buffers and kernels for one binned data set of `rows` × `cols`. */
export class ForestScanKernel {
  /** The bin codes by sample position (the grower's PositionCodes). */
  readonly codes: PositionCodes;
  /** Row index per sample position. */
  readonly rows: Int32Array;
  /** Weight per sample position. */
  readonly h: Float64Array;
  /** Value per sample position. */
  readonly v: Float64Array;
  /** Per feature f, the threshold of bin b at (f << 8) | b (the binned features' edges). */
  readonly edges: Float64Array;
  /** Per feature, the summed gain of its splits in the tree being grown. */
  readonly featureGain: Float64Array;
  /** The node store's arrays, room for any tree of these rows. */
  readonly nodes: NodeArrays;
  /** The constant-feature flags of the node whose subtree is grown next. */
  readonly rootFlags: Uint8Array;
  /** The constant-feature flags of the node `findBest` searches. */
  private readonly flags: Uint8Array;
  private readonly state: Int32Array;
  private readonly result: Float64Array;
  private readonly resultBin: Int32Array;
  private readonly kernels: ForestKernels;

  private constructor(module: WebAssembly.Module, rows: number, cols: number) {
    const words = Math.ceil(cols / 4);
    const bitsAt = firstByte;
    const sumsAt = align(bitsAt + 32);
    const stateAt = align(sumsAt + 256 * 32);
    const resultAt = align(stateAt + 16);
    const codesAt = align(resultAt + 32);
    const hAt = align(codesAt + rows * words * 4);
    const vAt = hAt + rows * 8;
    const rowsAt = vAt + rows * 8;
    const edgesAt = align(rowsAt + rows * 4);
    const gainAt = edgesAt + cols * 256 * 8;
    const stackAt = align(gainAt + cols * 8);
    const stackFlagsAt = stackAt + STACK_ENTRIES * 64;
    const flagsAt = align(stackFlagsAt + (STACK_ENTRIES + 2) * cols);
    // A tree of n positions has at most 2n − 1 nodes.
    const capacity = Math.max(1, 2 * rows);
    let at = align(flagsAt + cols);
    const take = (bytes: number) => {
      const start = at;
      at = align(at + bytes * capacity);
      return start;
    };
    const nodeAt = { feature: take(4), threshold: take(8), left: take(4), right: take(4), value: take(8), cover: take(8), impurity: take(8), start: take(4), end: take(4), splitBin: take(4), valueSums: take(8), sumOfSquares: take(8) };
    const memory = new WebAssembly.Memory({ initial: Math.ceil(at / pageBytes) });
    this.kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as ForestKernels;
    const buffer = memory.buffer;
    this.codes = new PositionCodes(rows, cols, buffer, codesAt);
    this.h = new Float64Array(buffer, hAt, rows);
    this.v = new Float64Array(buffer, vAt, rows);
    this.rows = new Int32Array(buffer, rowsAt, rows);
    this.edges = new Float64Array(buffer, edgesAt, cols * 256);
    this.featureGain = new Float64Array(buffer, gainAt, cols);
    this.rootFlags = new Uint8Array(buffer, stackFlagsAt, cols);
    this.flags = new Uint8Array(buffer, flagsAt, cols);
    this.state = new Int32Array(buffer, stateAt, 4);
    this.result = new Float64Array(buffer, resultAt, 3);
    this.resultBin = new Int32Array(buffer, resultAt + 24, 1);
    const i32 = (offset: number) => new Int32Array(buffer, offset, capacity);
    const f64 = (offset: number) => new Float64Array(buffer, offset, capacity);
    this.nodes = {
      feature: i32(nodeAt.feature), threshold: f64(nodeAt.threshold), left: i32(nodeAt.left), right: i32(nodeAt.right),
      value: f64(nodeAt.value), cover: f64(nodeAt.cover), impurity: f64(nodeAt.impurity), start: i32(nodeAt.start),
      end: i32(nodeAt.end), splitBin: i32(nodeAt.splitBin), valueSums: f64(nodeAt.valueSums), sumOfSquares: f64(nodeAt.sumOfSquares),
    };
    const k = this.kernels;
    k.bind(this.codes.stride, codesAt, hAt, vAt, bitsAt, sumsAt);
    k.bindTree(cols, rowsAt, edgesAt, gainAt, nodeAt.feature, nodeAt.threshold, nodeAt.left, nodeAt.right, nodeAt.value, nodeAt.cover, nodeAt.impurity, nodeAt.start, nodeAt.end, nodeAt.splitBin, nodeAt.valueSums, nodeAt.sumOfSquares, stackAt, stackFlagsAt, flagsAt, stateAt, resultAt);
  }

  /** The kernel for `rows` × `cols` (bin codes 0..255), or null without WebAssembly SIMD. */
  static create(rows: number, cols: number): ForestScanKernel | null {
    const module = forestModule();
    return module ? new ForestScanKernel(module, rows, cols) : null;
  }

  /** Sets the growth limits of the searches and subtrees to come. */
  limits(options: GrowOptions): void {
    this.kernels.limits(options.maxDepth, options.minSamplesLeaf, options.minSamplesSplit, options.l2, options.minChildWeight);
  }

  /**
   * The best split of the node of positions [start, end) (occupied-bin-scan.ts's scanAllFeatures
   * after `best.reset(minGain)`), into `best`; features flagged in `constant` are skipped and those
   * found constant get flagged. Ties are drawn from `random`, continued here and handed back.
   */
  findBest(start: number, end: number, weightSum: number, totalValue: number, parentScore: number, minGain: number, constant: Uint8Array, random: Random, best: BestSplit): void {
    this.flags.set(constant);
    random.getState(this.state);
    const feature = this.kernels.findBest(start, end, weightSum, totalValue, parentScore, minGain);
    random.setState(this.state);
    constant.set(this.flags);
    best.feature = feature;
    if (feature < 0) return;
    best.gain = this.result[0];
    best.leftWeight = this.result[1];
    best.leftValues[0] = this.result[2];
    best.bin = this.resultBin[0];
  }

  /**
   * partition.ts's partitionScalarCodes of positions [start, end) on feature f at `bin`, on the
   * kernel's arrays: the left child's sum of squares into out[0]; returns the split position.
   * (In Chromium the JavaScript loop ran 4–7× slower than in Node: 12–21 ms of a 160,000-row tree.)
   */
  partition(f: number, start: number, end: number, bin: number, out: Float64Array): number {
    const mid = this.kernels.partitionNode(f, start, end, bin);
    out[0] = this.result[0];
    return mid;
  }

  /**
   * Splits node `id` of the tree in the store (found: feature f, bin, gain, left weight and value
   * sum; its constant-feature flags in `rootFlags`) and grows its whole subtree, drawing ties
   * from `random` (continued here and handed back). Returns the nodes stored after.
   */
  growSubtree(id: number, depth: number, f: number, bin: number, gain: number, leftWeight: number, leftValue: number, count: number, random: Random): number {
    random.getState(this.state);
    const nodes = this.kernels.growSubtree(id, depth, f, bin, gain, leftWeight, leftValue, count);
    random.setState(this.state);
    return nodes;
  }
}
