/**
 * Rows split across threads: a `KernelTeam` is the calling thread plus helper threads that
 * run the K-Means kernels on one shared WebAssembly memory, each on its own range of blocks.
 * Every pass writes per-block results, so a pass split any way gives the same bits as one
 * thread running it whole. The caller hands a pass out through a small shared control array
 * and waits for the helpers with `Atomics.wait`, so the drivers stay synchronous; that needs
 * a thread allowed to block (a worker, or Node's main thread) and SharedArrayBuffer (Node, or
 * a cross-origin-isolated page). Starting the helpers is the platform's business
 * (src/cli/kmeans-threads.ts in Node, src/lib/workers/kernel-workers.ts in a browser worker);
 * each runs `serveKernels` on the message it gets.
 */

/** Where a helper thread gets its messages: a Worker in browsers, a worker_threads Worker in Node. */
export interface TeamPort {
  postMessage(message: AttachMessage): void;
}

/** What a helper receives to join a memory: see `serveKernels`. */
export interface AttachMessage {
  kind: 'attach';
  memory: WebAssembly.Memory;
  control: Int32Array;
  /** The helper's slot, 1…helpers (slot 0 is the calling thread). */
  slot: number;
  /** The control generation at the time of attaching. */
  generation: number;
}

/** The kernels as one WebAssembly instance exports them. */
export interface Kernels {
  bind(...args: number[]): void;
  exact(from: number, to: number): void;
  bounded(from: number, to: number): void;
  nearestCenters(from: number, to: number): void;
  inertia(from: number, to: number): void;
  seed(row: number, from: number, to: number): void;
  step(pending: number, center: number, from: number, to: number): void;
  addCenter(trial: number, center: number, from: number, to: number): void;
  interleave(origin: number, moments: number, from: number, to: number): void;
}

/** A pass as numbers: its code and up to three arguments. */
export type PassCode = readonly [code: number, a: number, b: number, c: number];

/** Codes of the passes (and of the two control messages, bind and release). */
export const pass = {
  exact: 1,
  bounded: 2,
  nearest: 3,
  inertia: 4,
  seed: 5,
  step: 6,
  addCenter: 7,
  interleave: 8,
  bind: 9,
  release: 10,
} as const;

/** Runs pass `code` with its arguments on blocks [from, to). */
export function callKernel(kernels: Kernels, [code, a, b, c]: PassCode, from: number, to: number): void {
  switch (code) {
    case pass.exact:
      return kernels.exact(from, to);
    case pass.bounded:
      return kernels.bounded(from, to);
    case pass.nearest:
      return kernels.nearestCenters(from, to);
    case pass.inertia:
      return kernels.inertia(from, to);
    case pass.seed:
      return kernels.seed(a, from, to);
    case pass.step:
      return kernels.step(a, b, from, to);
    case pass.addCenter:
      return kernels.addCenter(a, b, from, to);
    case pass.interleave:
      return kernels.interleave(a, b, from, to);
    default:
      throw new RangeError(`unknown K-Means pass ${code}`);
  }
}

/** The most helpers a team takes (the control array has room for this many slots). */
export const maxHelpers = 31;
/** How many values `bind` takes; the last two are the thread's own queue and scratch. */
export const bindArity = 22;

// Control array layout (Int32 indices).
const GEN = 0;
const DONE = 1;
const READY = 2;
const FAILED = 3;
const CODE = 4;
const ARGS = 5;
const RANGES = 8;
const BIND = RANGES + 2 * (maxHelpers + 1);
const SLOTS = BIND + bindArity;
const controlLength = SLOTS + 2 * (maxHelpers + 1);

/** How long the caller waits for helpers to join a memory before giving up. */
const attachTimeoutMs = 60_000;

/** The calling thread and its helpers. */
export class KernelTeam {
  /** Threads in all: the helpers and the calling thread. */
  readonly size: number;
  private readonly control: Int32Array;
  /** The memory the helpers are serving now, if any. */
  private memory: WebAssembly.Memory | null = null;

  constructor(private readonly helpers: readonly TeamPort[]) {
    if (helpers.length > maxHelpers) throw new RangeError(`a K-Means team takes at most ${maxHelpers} helpers, got ${helpers.length}`);
    this.size = helpers.length + 1;
    this.control = new Int32Array(new SharedArrayBuffer(controlLength * 4));
  }

  /** Whether the helpers are serving `memory`. */
  serves(memory: WebAssembly.Memory): boolean {
    return this.memory === memory;
  }

  /**
   * Makes the helpers serve `memory` (releasing the memory they served before) and binds them
   * with `bindArgs`, each with its own queue and scratch from `slots` (address pairs per slot).
   * @throws Error when a helper does not answer within a minute
   */
  attach(memory: WebAssembly.Memory, bindArgs: readonly number[], slots: readonly number[]): void {
    this.release();
    const control = this.control;
    Atomics.store(control, READY, 0);
    const generation = Atomics.load(control, GEN);
    this.helpers.forEach((port, h) => port.postMessage({ kind: 'attach', memory, control, slot: h + 1, generation }));
    const deadline = Date.now() + attachTimeoutMs;
    for (let ready = Atomics.load(control, READY); ready < this.helpers.length; ready = Atomics.load(control, READY)) {
      if (Date.now() > deadline) throw new Error('K-Means helper threads did not start within a minute');
      Atomics.wait(control, READY, ready, 100);
    }
    this.memory = memory;
    this.bind(bindArgs, slots);
  }

  /** Makes the helpers let go of the memory they serve (they keep nothing alive between jobs). */
  release(): void {
    if (this.memory) this.dispatch([pass.release, 0, 0, 0]);
    this.memory = null;
  }

  /** Binds every helper to a fit's buffers (`bindArgs` as for slot 0; `slots`: queue and scratch per slot). */
  bind(bindArgs: readonly number[], slots: readonly number[]): void {
    this.control.set(bindArgs, BIND);
    this.control.set(slots, SLOTS);
    this.dispatch([pass.bind, 0, 0, 0]);
  }

  /**
   * Runs `code` on `blocks` blocks split into `size` contiguous ranges: the first here
   * (through `local`), the others on the helpers; returns when all are done.
   */
  run(code: PassCode, blocks: number, local: (from: number, to: number) => void): void {
    const range = (p: number) => Math.floor((p * blocks) / this.size);
    for (let p = 1; p < this.size; p++) {
      this.control[RANGES + 2 * p] = range(p);
      this.control[RANGES + 2 * p + 1] = range(p + 1);
    }
    this.dispatch(code, () => local(0, range(1)));
  }

  /** Hands `code` to every helper, runs `local` meanwhile, and waits for the helpers. */
  private dispatch(code: PassCode, local?: () => void): void {
    const control = this.control;
    Atomics.store(control, DONE, 0);
    Atomics.store(control, FAILED, 0);
    control.set(code.slice(1), ARGS);
    Atomics.store(control, CODE, code[0]);
    Atomics.add(control, GEN, 1);
    Atomics.notify(control, GEN);
    try {
      local?.();
    } finally {
      // Even when this thread's part throws, the helpers finish theirs before the next pass.
      const helpers = this.helpers.length;
      for (let done = Atomics.load(control, DONE); done < helpers; done = Atomics.load(control, DONE)) Atomics.wait(control, DONE, done);
    }
    if (Atomics.load(control, FAILED)) throw new Error('a K-Means helper thread failed');
  }
}

/**
 * A helper's side: joins the memory of `message` with its own instance of the kernels
 * (`instantiate`), says it is ready, then runs each pass handed out on its range of blocks
 * until told to release the memory; then returns, and the thread can take the next message.
 */
export function serveKernels(message: AttachMessage, instantiate: (memory: WebAssembly.Memory) => Kernels): void {
  const { control, slot } = message;
  const kernels = instantiate(message.memory);
  let seen = message.generation;
  Atomics.add(control, READY, 1);
  Atomics.notify(control, READY);
  for (;;) {
    Atomics.wait(control, GEN, seen);
    seen = Atomics.load(control, GEN);
    const code = Atomics.load(control, CODE);
    if (code === pass.release) {
      finish(control);
      return;
    }
    try {
      if (code === pass.bind) {
        const args = Array.from(control.subarray(BIND, BIND + bindArity));
        args[bindArity - 2] = control[SLOTS + 2 * slot];
        args[bindArity - 1] = control[SLOTS + 2 * slot + 1];
        kernels.bind(...args);
      } else {
        const code4: PassCode = [code, control[ARGS], control[ARGS + 1], control[ARGS + 2]];
        callKernel(kernels, code4, control[RANGES + 2 * slot], control[RANGES + 2 * slot + 1]);
      }
    } catch {
      Atomics.store(control, FAILED, 1);
    }
    finish(control);
  }
}

function finish(control: Int32Array): void {
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}
