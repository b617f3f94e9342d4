/**
 * The K-Means data and state in WebAssembly memory, and the row passes (`BlockOp`s) that
 * run on them: kmeans.ts, initialization.ts and lloyd.ts drive the fit in TypeScript and
 * hand every pass over the rows to the SIMD kernels of wasm/kmeans.as.ts. Each pass works
 * on fixed blocks of rows and writes per-block partial sums, which the driver adds in
 * block order, so sums stay accurate at a million rows and the result never depends on
 * the order the blocks ran in.
 */
import { bindArity, callKernel, pass, type KernelTeam, type Kernels, type PassCode } from './kernel-team';
import { kmeansSharedWasmBase64, kmeansWasmBase64 } from './wasm/kmeans-wasm';
import { assertMatrix, assertShape } from './validate';

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
   * Hamerly bounds relative to running totals, a pair per row: upper = bounds[2i] + drift[label],
   * lower = bounds[2i + 1] − slack[label]. Float32 rounded outwards (upper up, lower down) stays
   * a valid bound and halves what the sweep over all rows reads.
   */
  bounds: Float32Array;
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
  /** Per block: k×d coordinate sums, k counts, rows that changed cluster, and values (inertia, k-means++'s potentials). */
  blockSums: Float64Array;
  blockCounts: Int32Array;
  blockChanged: Int32Array;
  blockValues: Float64Array;
  /**
   * k-means++: squared distance to the nearest chosen centre and its index. They share memory
   * with Lloyd's buffers, which take over from them: `closest` is `bounds` (8 bytes a row),
   * `nearest` is `labels`.
   */
  closest: Float64Array;
  nearest: Int32Array;
  /**
   * k-means++: candidate row indices; entry `trials` holds the centre chosen last while it is
   * still to be added to the rows (the `pending` of the `step` pass).
   */
  candidates: Int32Array;
}

/** One pass over the rows. */
export type BlockOp =
  | { kind: 'exact' }
  | { kind: 'nearest' }
  | { kind: 'bounded' }
  | { kind: 'inertia' }
  | { kind: 'seed'; row: number }
  /** A k-means++ step for every candidate; `pending`: first add centre `center`, candidate number `trials`. */
  | { kind: 'step'; pending: boolean; center: number }
  | { kind: 'addCenter'; trial: number; center: number };

const compiled: { plain?: WebAssembly.Module; shared?: WebAssembly.Module } = {};

/**
 * The kernels' module, compiled once per thread (synchronously: small, and only used off the
 * page's main thread); `shared`: the build that imports a shared memory.
 */
function kernelModule(shared: boolean): WebAssembly.Module {
  const key = shared ? 'shared' : 'plain';
  let module = compiled[key];
  if (!module) {
    const bytes = decodeBase64(shared ? kmeansSharedWasmBase64 : kmeansWasmBase64);
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) {
      throw new Error(
        shared
          ? 'K-Means on several threads needs WebAssembly threads and SIMD'
          : 'K-Means needs WebAssembly with SIMD (Chrome or Edge 91+, Firefox 89+, Safari 16.4+, Node 16.4+)',
      );
    }
    module = compiled[key] = new WebAssembly.Module(bytes);
  }
  return module;
}

/** An instance of the kernels on `memory` (a shared memory takes the shared build). */
export function instantiateKernels(memory: WebAssembly.Memory): Kernels {
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  return new WebAssembly.Instance(kernelModule(shared), { env: { memory } }).exports as unknown as Kernels;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const pageBytes = 65536;
/** The most pages a shared memory may grow to (4 GiB, the wasm32 limit); only address space is reserved. */
const maxPages = 65536;
/** The module's own statics stay below this address; our buffers start here. */
const firstByte = pageBytes;

/**
 * A memory given back by a KMeansData that is done (`release`), for the next one on this thread.
 * Its pages are already touched: fresh memory costs a page fault per 4 KB on first write, which
 * on some machines takes longer than the copy itself (about 150 ms for 40 MB here).
 */
let spareMemory: WebAssembly.Memory | null = null;

/** The spare memory, grown to `initial` pages if smaller, or a new one. */
function takeMemory(initial: number): WebAssembly.Memory {
  const spare = spareMemory;
  spareMemory = null;
  if (!spare) return new WebAssembly.Memory({ initial });
  const pages = spare.buffer.byteLength / pageBytes;
  if (pages < initial) spare.grow(initial - pages);
  return spare;
}

/** Index of row i, column j in the kernels' layout: pairs of rows interleaved by column. */
export function cellIndex(i: number, j: number, d: number): number {
  return ((i >> 1) * d + j) * 2 + (i & 1);
}

/** The pass that runs `op`. */
function passCode(op: BlockOp): PassCode {
  switch (op.kind) {
    case 'exact':
      return [pass.exact, 0, 0, 0];
    case 'bounded':
      return [pass.bounded, 0, 0, 0];
    case 'nearest':
      return [pass.nearest, 0, 0, 0];
    case 'inertia':
      return [pass.inertia, 0, 0, 0];
    case 'seed':
      return [pass.seed, op.row, 0, 0];
    case 'step':
      return [pass.step, op.pending ? 1 : 0, op.center, 0];
    case 'addCenter':
      return [pass.addCenter, op.trial, op.center, 0];
  }
}

/**
 * A matrix copied once into WebAssembly memory, ready for any number of fits
 * (every k and restart of a sweep). One fit's state at a time: `prepare` for the next fit
 * invalidates the views of the previous one. With a `KernelTeam`, the memory is shared and
 * every pass is split over the team's threads, with the same results.
 */
export class KMeansData {
  readonly n: number;
  readonly d: number;
  /**
   * Mean of the per-column population variances (the base of scikit-learn's tolerance),
   * from per-block sums of (x − x₀) and (x − x₀)², x₀ = row 0, which keeps one pass accurate.
   */
  readonly meanVariance: number;
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: Kernels;
  private readonly team: KernelTeam | undefined;
  private readonly stateStart: number;
  private readonly cells: number;
  private readonly blocks: number;
  private view: Float64Array;
  /** The last `bind`'s arguments for this thread, and every thread's queue and scratch. */
  private bindArgs: number[];
  private slots: number[] = [];
  private isReleased = false;
  /** The state last `prepare`d, and the centres its labels and block counts are exact for (see `markLabelled`). */
  private state: BlockState | null = null;
  private labelledCenters: Float64Array | null = null;

  /**
   * Copies row-major `rows` (n×d, finite) into the module's memory in the kernels' layout.
   * @param team threads to split every pass over (none, or a team of one: this thread only)
   * @throws RangeError naming the first missing or infinite value
   */
  constructor(rows: Float64Array, n: number, d: number, team?: KernelTeam) {
    assertShape(rows, n, d);
    this.n = n;
    this.d = d;
    this.team = team && team.size > 1 ? team : undefined;
    this.blocks = Math.ceil(n / blockRows);
    // Rows come in pairs; an odd n leaves one unused slot per column at the end.
    this.cells = (n + (n & 1)) * d;
    this.stateStart = align(firstByte + this.cells * 8);
    // The moments and row 0 sit where the fits' state goes later.
    const moments = this.stateStart;
    const origin = align(moments + this.blocks * d * 48);
    const initial = Math.ceil((origin + d * 8) / pageBytes);
    this.memory = this.team ? new WebAssembly.Memory({ initial, maximum: maxPages, shared: true }) : takeMemory(initial);
    this.kernels = instantiateKernels(this.memory);
    const buffer = this.memory.buffer;
    // Row-major first; the interleave pass then reorders each pair of rows in place.
    new Float64Array(buffer, firstByte, n * d).set(rows);
    new Float64Array(buffer, origin, d).set(rows.subarray(0, d));
    this.view = new Float64Array(buffer, firstByte, this.cells);
    this.bindArgs = [n, d, 0, 0, 1, firstByte, ...new Array<number>(bindArity - 6).fill(0)];
    this.bindKernels();
    this.runPass([pass.interleave, origin, moments, 0]);
    this.meanVariance = varianceFromMoments(new Float64Array(buffer, moments, this.blocks * d * 6), n, d, this.blocks);
    // Any NaN or infinity makes the moments non-finite; only then look for where it is.
    if (!Number.isFinite(this.meanVariance)) assertMatrix(rows, n, d);
  }

  /** The data in the kernels' layout (row i, column j at `cellIndex(i, j, d)`); renewed by `prepare`. */
  get data(): Float64Array {
    return this.view;
  }

  /**
   * Gives this data's memory to the next KMeansData made on this thread (a shared memory is
   * left alone). Results already returned are copies and stay valid; this data cannot be used again.
   */
  release(): void {
    if (this.isReleased) return;
    this.isReleased = true;
    if (this.team) return;
    if (!spareMemory || spareMemory.buffer.byteLength < this.memory.buffer.byteLength) spareMemory = this.memory;
  }

  /** Threads each pass runs on. */
  get threads(): number {
    return this.team?.size ?? 1;
  }

  /** Copies row `i` into `out` at `offset`. */
  copyRow(i: number, out: Float64Array, offset = 0): void {
    const { d, view } = this;
    for (let j = 0; j < d; j++) out[offset + j] = view[cellIndex(i, j, d)];
  }

  /** Squared distance from row `i` to the point at `point[offset…offset+d)`. */
  distanceToPoint(i: number, point: Float64Array, offset = 0): number {
    const { d, view } = this;
    let q = 0;
    for (let j = 0; j < d; j++) {
      const t = view[cellIndex(i, j, d)] - point[offset + j];
      q += t * t;
    }
    return q;
  }

  /**
   * Lays out the state of a fit with k clusters (`trials` k-means++ candidates per centre; 0
   * when the centres come from elsewhere), growing the memory if needed, and points the kernels
   * at it. Views from an earlier `prepare` are invalid afterwards.
   */
  prepare(k: number, trials = 0): BlockState {
    this.assertLive();
    const { n, d, blocks, threads } = this;
    const valueStride = Math.max(trials, 1);
    // Scratch: the pending centre's and the candidates' coordinates, two per vector (step); or two
    // thresholds per cluster, their float32 tables, 16 clusters' worth, and the 256-byte compaction
    // table (bounded).
    const scratchLength = Math.max(2 * d * Math.ceil((trials + 1) / 2), 2 * k + 48);
    const I32 = Int32Array;
    const F32 = Float32Array;
    const F64 = Float64Array;
    const layout: [keyof BlockState | 'queue' | 'scratch', typeof I32 | typeof F32 | typeof F64, number][] = [
      ['labels', I32, n],
      ['bounds', F32, 2 * n],
      ['centers', F64, k * d],
      ['drift', F64, k],
      ['halfGap', F64, k],
      ['slack', F64, k],
      ['blockSums', F64, blocks * k * d],
      ['blockCounts', I32, blocks * k],
      ['blockChanged', I32, blocks],
      ['blockValues', F64, blocks * valueStride],
      ['candidates', I32, trials + 1],
      // One queue and one scratch per thread.
      ['queue', I32, blockRows * threads],
      ['scratch', F64, scratchLength * threads],
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
    const o = offsets;
    const closest = new Float64Array(buffer, o.bounds, n);
    const state = { n, d, k, blocks, trials, ...views, closest, nearest: views.labels } as unknown as BlockState;
    this.bindArgs = [
      n, d, k, trials, valueStride,
      firstByte, o.labels, o.bounds, o.bounds + 4, o.centers, o.drift, o.halfGap, o.slack,
      o.blockSums, o.blockCounts, o.blockChanged, o.blockValues,
      o.bounds, o.labels, o.candidates, o.queue, o.scratch,
    ];
    this.state = state;
    this.labelledCenters = null;
    this.slots = [];
    for (let t = 0; t < threads; t++) this.slots.push(o.queue + t * blockRows * 4, o.scratch + t * scratchLength * 8);
    this.bindKernels();
    return state;
  }

  /**
   * Records that the current state's labels are each row's nearest centre among its centres
   * (the first on ties), and its block counts their sizes, as a `nearest` pass would leave them.
   */
  markLabelled(): void {
    if (this.state) this.labelledCenters = this.state.centers.slice();
  }

  /** The current state, if `markLabelled` holds for exactly these k centres (row-major k×d); else undefined. */
  labelledFor(k: number, centers: Float64Array): BlockState | undefined {
    const s = this.state;
    const known = this.labelledCenters;
    if (!s || !known || s.k !== k || known.length !== centers.length) return undefined;
    for (let x = 0; x < known.length; x++) if (!Object.is(known[x], centers[x])) return undefined;
    return s;
  }

  /** Runs `op` on every block of the state last `prepare`d. */
  run(op: BlockOp): void {
    this.runPass(passCode(op));
  }

  /** Runs `op` on block `b` only, on this thread. */
  runBlock(op: BlockOp, b: number): void {
    this.assertLive();
    callKernel(this.kernels, passCode(op), b, b + 1);
  }

  /** Points this thread's kernels, and the team's, at the current buffers. */
  private bindKernels(): void {
    this.kernels.bind(...this.bindArgs);
    if (!this.team) return;
    if (this.team.serves(this.memory)) this.team.bind(this.bindArgs, this.slots);
    else this.team.attach(this.memory, this.bindArgs, this.slots);
  }

  private assertLive(): void {
    if (this.isReleased) throw new Error('This K-Means data was released: its memory now holds another data set');
  }

  private runPass(code: PassCode): void {
    this.assertLive();
    const local = (from: number, to: number) => callKernel(this.kernels, code, from, to);
    if (!this.team) return local(0, this.blocks);
    // Another data may have taken the team's helpers meanwhile: take them back.
    if (!this.team.serves(this.memory)) this.team.attach(this.memory, this.bindArgs, this.slots);
    this.team.run(code, this.blocks, local);
  }
}

/** Mean column variance from the interleave pass's per-block moments (block order, then lanes). */
function varianceFromMoments(moments: Float64Array, n: number, d: number, blocks: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let sumSq = 0;
    for (let b = 0; b < blocks; b++) {
      const o = (b * d + j) * 6;
      sum += moments[o] + moments[o + 1];
      sumSq += moments[o + 2] + moments[o + 3];
    }
    const mean = sum / n;
    total += Math.max(0, sumSq / n - mean * mean);
  }
  return total / d;
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
