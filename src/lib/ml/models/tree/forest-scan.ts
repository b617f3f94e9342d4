/**
 * The WebAssembly side of a regression forest's small-node scans (wasm/forest.as.ts): one
 * module memory holds the bin codes in sample-position order, the per-position weights and
 * values the grower partitions in place, and the scan's bins, so `scanAllFeatures` (scalar
 * targets, every feature) sums, orders and scores a node's bins in one call. The TypeScript
 * views below are what the grower, the partitions and the histograms use; the memory never
 * grows, so they stay valid.
 */
import { decodeBase64 } from '../../core/base64';
import { PositionCodes } from './partition';
import { forestWasmBase64 } from './wasm/forest-wasm';

interface ForestKernels {
  bind(stride: number, codes: number, h: number, v: number, active: number, occupiedCount: number, maxGain: number, bits: number, occupied: number, sums: number, splits: number): void;
  scan(start: number, end: number, nActive: number, weightSum: number, totalValue: number, parentScore: number, minSamplesLeaf: number, minChildWeight: number, l2: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The scan's module, compiled once per thread; null where WebAssembly SIMD is missing (the JavaScript scan runs instead). */
function forestModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = decodeBase64(forestWasmBase64) as Uint8Array<ArrayBuffer>;
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

/** Slots per feature in `occupied` and `splits` (forest.as.ts's `slots`): one per bin. */
export const OCCUPIED_SLOTS = 256;

const pageBytes = 65536;
/** The module's own statics stay below this address. */
const firstByte = pageBytes;

/** The next multiple of 16 from `byte`. */
function align(byte: number): number {
  return (byte + 15) & ~15;
}

/** The scan's buffers and kernels for one binned data set of `rows` × `cols`. */
export class ForestScanKernel {
  /** The bin codes by sample position (the grower's PositionCodes). */
  readonly codes: PositionCodes;
  /** Weight per sample position. */
  readonly h: Float64Array;
  /** Value per sample position. */
  readonly v: Float64Array;
  /** The features to scan; the scan reads the first nActive. */
  readonly active: Int32Array;
  /** Per feature, the bins the node's rows occupy. */
  readonly occupiedCount: Int32Array;
  /** Per feature, the best gain of its splits (−∞ when none is allowed). */
  readonly maxGain: Float64Array;
  /** Feature f's occupied bins, in order, from index f × OCCUPIED_SLOTS. */
  readonly occupied: Int32Array;
  /** Per occupied bin i (index f × OCCUPIED_SLOTS + k): gain, left weight and left value sum at 3i. */
  readonly splits: Float64Array;
  private readonly kernels: ForestKernels;

  private constructor(module: WebAssembly.Module, rows: number, cols: number) {
    const slots = cols * OCCUPIED_SLOTS;
    const words = Math.ceil(cols / 4);
    const activeAt = firstByte;
    const countAt = align(activeAt + cols * 4);
    const maxGainAt = align(countAt + cols * 4);
    const bitsAt = align(maxGainAt + cols * 8);
    const occupiedAt = align(bitsAt + 32);
    const sumsAt = align(occupiedAt + slots * 4);
    const splitsAt = align(sumsAt + 256 * 32);
    const codesAt = align(splitsAt + slots * 24);
    const hAt = align(codesAt + rows * words * 4);
    const vAt = hAt + rows * 8;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((vAt + rows * 8) / pageBytes) });
    this.kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as ForestKernels;
    const buffer = memory.buffer;
    this.active = new Int32Array(buffer, activeAt, cols);
    this.occupiedCount = new Int32Array(buffer, countAt, cols);
    this.maxGain = new Float64Array(buffer, maxGainAt, cols);
    this.occupied = new Int32Array(buffer, occupiedAt, slots);
    this.splits = new Float64Array(buffer, splitsAt, slots * 3);
    this.codes = new PositionCodes(rows, cols, buffer, codesAt);
    this.h = new Float64Array(buffer, hAt, rows);
    this.v = new Float64Array(buffer, vAt, rows);
    this.kernels.bind(this.codes.stride, codesAt, hAt, vAt, activeAt, countAt, maxGainAt, bitsAt, occupiedAt, sumsAt, splitsAt);
  }

  /** The kernel for `rows` × `cols` (bin codes 0..255), or null without WebAssembly SIMD. */
  static create(rows: number, cols: number): ForestScanKernel | null {
    const module = forestModule();
    return module ? new ForestScanKernel(module, rows, cols) : null;
  }

  /** Scans positions [start, end) on the first `nActive` features of `active` (see forest.as.ts's `scan`). */
  scan(start: number, end: number, nActive: number, weightSum: number, totalValue: number, parentScore: number, minSamplesLeaf: number, minChildWeight: number, l2: number): void {
    this.kernels.scan(start, end, nActive, weightSum, totalValue, parentScore, minSamplesLeaf, minChildWeight, l2);
  }
}
