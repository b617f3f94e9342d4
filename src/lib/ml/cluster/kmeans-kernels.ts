/**
 * The K-Means data and state in WebAssembly memory, and the row passes (`BlockOp`s) that
 * run on them: kmeans.ts, initialization.ts and lloyd.ts drive the fit in TypeScript and
 * hand every pass over the rows to the SIMD kernels of wasm/kmeans.as.ts. Each pass works
 * on fixed blocks of rows and writes per-block partial sums, which the driver adds in
 * block order, so sums stay accurate at a million rows and the result never depends on
 * the order the blocks ran in.
 */
import { kmeansWasmBase64 } from './wasm/kmeans-wasm';
import { assertMatrix } from './validate';

/** Rows per block. */
export const blockRows = 16384;

/** Everything a pass reads or writes: views into the WebAssembly memory of a `KMeansData`. */
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
  /** Per block: k×d coordinate sums, k counts, rows that changed cluster, and values (inertia, potentials). */
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

/** One pass over the rows. */
export type BlockOp =
  | { kind: 'exact' }
  | { kind: 'nearest' }
  | { kind: 'exactFromSeeds' }
  | { kind: 'bounded' }
  | { kind: 'inertia' }
  | { kind: 'seed'; row: number }
  | { kind: 'potentials' }
  | { kind: 'addCenter'; trial: number; center: number; cumulate: boolean };

interface Kernels {
  bind(...args: number[]): void;
  exact(fromSeeds: number, from: number, to: number): void;
  bounded(from: number, to: number): void;
  nearestCenters(from: number, to: number): void;
  inertia(from: number, to: number): void;
  seed(row: number, from: number, to: number): void;
  potentials(from: number, to: number): void;
  addCenter(trial: number, center: number, cumulate: number, from: number, to: number): void;
}

let compiled: WebAssembly.Module | undefined;

/** The kernels' module, compiled once per thread (synchronously: small, and only used off the page's main thread). */
function kernelModule(): WebAssembly.Module {
  if (!compiled) {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(decodeBase64(kmeansWasmBase64))) {
      throw new Error('K-Means needs WebAssembly with SIMD (Chrome or Edge 91+, Firefox 89+, Safari 16.4+, Node 16.4+)');
    }
    compiled = new WebAssembly.Module(decodeBase64(kmeansWasmBase64));
  }
  return compiled;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const pageBytes = 65536;
/** The module's own statics stay below this address; our buffers start here. */
const firstByte = pageBytes;

/** Index of row i, column j in the kernels' layout: pairs of rows interleaved by column. */
export function cellIndex(i: number, j: number, d: number): number {
  return ((i >> 1) * d + j) * 2 + (i & 1);
}

/**
 * A matrix copied once into WebAssembly memory, ready for any number of fits
 * (every k and restart of a sweep). One fit's state at a time: `prepare` for the next fit
 * invalidates the views of the previous one.
 */
export class KMeansData {
  readonly n: number;
  readonly d: number;
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: Kernels;
  private readonly stateStart: number;
  private readonly cells: number;
  private view: Float64Array;
  private blocks = 0;
  private variance: number | undefined;

  /**
   * Copies row-major `rows` (n×d, finite) into the module's memory, transposed.
   * @throws RangeError naming the first missing or infinite value
   */
  constructor(rows: Float64Array, n: number, d: number) {
    assertMatrix(rows, n, d);
    this.n = n;
    this.d = d;
    // Rows come in pairs; an odd n leaves one unused slot per column at the end.
    this.cells = (n + (n & 1)) * d;
    this.stateStart = align(firstByte + this.cells * 8);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(this.stateStart / pageBytes) });
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory: this.memory } });
    this.kernels = instance.exports as unknown as Kernels;
    this.view = new Float64Array(this.memory.buffer, firstByte, this.cells);
    const view = this.view;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) view[cellIndex(i, j, d)] = rows[o + j];
    }
  }

  /** The data in the kernels' layout (row i, column j at `cellIndex(i, j, d)`); renewed by `prepare`. */
  get data(): Float64Array {
    return this.view;
  }

  /**
   * Mean of the per-column population variances (the base of scikit-learn's tolerance),
   * from sums of (x − x₀) and (x − x₀)², x₀ = row 0, which keeps one pass accurate.
   */
  get meanVariance(): number {
    if (this.variance === undefined) {
      const { n, d, view } = this;
      let total = 0;
      for (let j = 0; j < d; j++) {
        const x0 = view[j * 2];
        let sum = 0;
        let sumSq = 0;
        for (let i = 0; i < n; i++) {
          const t = view[cellIndex(i, j, d)] - x0;
          sum += t;
          sumSq += t * t;
        }
        const mean = sum / n;
        total += Math.max(0, sumSq / n - mean * mean);
      }
      this.variance = total / d;
    }
    return this.variance;
  }

  /** Copies row `i` into `out` at `offset`. */
  copyRow(i: number, out: Float64Array, offset = 0): void {
    const { n, d, view } = this;
    for (let j = 0; j < d; j++) out[offset + j] = view[cellIndex(i, j, d)];
  }

  /** Squared distance from row `i` to the point at `point[offset…offset+d)`. */
  distanceToPoint(i: number, point: Float64Array, offset = 0): number {
    const { n, d, view } = this;
    let q = 0;
    for (let j = 0; j < d; j++) {
      const t = view[cellIndex(i, j, d)] - point[offset + j];
      q += t * t;
    }
    return q;
  }

  /**
   * Lays out the state of a fit with k clusters (`trials` k-means++ candidates per centre,
   * and its per-row buffers when `plusPlus`), growing the memory if needed, and points the
   * kernels at it. Views from an earlier `prepare` are invalid afterwards.
   */
  prepare(k: number, trials: number, plusPlus: boolean): BlockState {
    const { n, d } = this;
    const blocks = Math.ceil(n / blockRows);
    const m = plusPlus ? n : 0;
    const valueStride = Math.max(trials, 1);
    const I32 = Int32Array;
    const F32 = Float32Array;
    const F64 = Float64Array;
    const layout: [keyof BlockState | 'queue' | 'scratch', typeof I32 | typeof F32 | typeof F64, number][] = [
      ['labels', I32, n],
      ['upper', F32, n],
      ['lower', F32, n],
      ['centers', F64, k * d],
      ['drift', F64, k],
      ['halfGap', F64, k],
      ['slack', F64, k],
      ['blockSums', F64, blocks * k * d],
      ['blockCounts', I32, blocks * k],
      ['blockChanged', I32, blocks],
      ['blockValues', F64, blocks * valueStride],
      ['closest', F64, m],
      ['nearest', I32, m],
      ['cumulative', F64, m],
      ['candidates', I32, trials],
      ['gap', F64, trials * k],
      ['minGap', F64, k],
      ['queue', I32, blockRows],
      ['scratch', F64, Math.max(trials, 2 * k)],
    ];
    const offsets: Record<string, number> = {};
    let at = this.stateStart;
    for (const [name, Ctor, length] of layout) {
      offsets[name] = at;
      at = align(at + Ctor.BYTES_PER_ELEMENT * length);
    }
    const needed = Math.ceil(at / pageBytes) - this.memory.buffer.byteLength / pageBytes;
    if (needed > 0) this.memory.grow(needed);
    const buffer = this.memory.buffer;
    this.view = new Float64Array(buffer, firstByte, this.cells);
    const views: Record<string, Int32Array | Float32Array | Float64Array> = {};
    for (const [name, Ctor, length] of layout) views[name] = new Ctor(buffer, offsets[name], length);
    const state = { n, d, k, blocks, trials, ...views } as unknown as BlockState;
    this.blocks = blocks;
    const o = offsets;
    this.kernels.bind(
      n, d, k, trials, valueStride,
      firstByte, o.labels, o.upper, o.lower, o.centers, o.drift, o.halfGap, o.slack,
      o.blockSums, o.blockCounts, o.blockChanged, o.blockValues,
      o.closest, o.nearest, o.cumulative, o.candidates, o.gap, o.minGap, o.queue, o.scratch,
    );
    return state;
  }

  /** Runs `op` on every block of the state last `prepare`d. */
  run(op: BlockOp): void {
    const { kernels, blocks } = this;
    switch (op.kind) {
      case 'exact':
        return kernels.exact(0, 0, blocks);
      case 'exactFromSeeds':
        return kernels.exact(1, 0, blocks);
      case 'bounded':
        return kernels.bounded(0, blocks);
      case 'nearest':
        return kernels.nearestCenters(0, blocks);
      case 'inertia':
        return kernels.inertia(0, blocks);
      case 'seed':
        return kernels.seed(op.row, 0, blocks);
      case 'potentials':
        return kernels.potentials(0, blocks);
      case 'addCenter':
        return kernels.addCenter(op.trial, op.center, op.cumulate ? 1 : 0, 0, blocks);
    }
  }
}

/** Next multiple of 16 bytes (one SIMD vector). */
function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** Sum over blocks, in block order, of blockValues[b·stride + offset]. */
export function sumBlockValues(s: BlockState, offset = 0): number {
  const stride = s.blockValues.length / s.blocks;
  let total = 0;
  for (let b = 0; b < s.blocks; b++) total += s.blockValues[b * stride + offset];
  return total;
}
