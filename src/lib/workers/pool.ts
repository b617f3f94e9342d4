/**
 * The one worker pool. Every job of the app runs through `run(runConfig, input, hooks)`: a job that
 * only coordinates runs here and sends its parts to the workers; any other job runs whole on one
 * worker. The pool sizes itself to the machine, queues what does not fit, sends each table or model
 * to a worker once (and prefers workers that already hold what a task needs), reports progress at
 * most every 100 ms, and cancels by terminating the workers of the cancelled run: a tight training
 * loop cannot read a stop message (squoosh's worker bridge does the same); a fresh worker takes a
 * terminated one's place at once and is sent its tables, so the next run starts warm. Parts queue by
 * priority (long parts that cannot be split first, so short ones fill the end), and parts of one
 * group (a forest fold's chunks) go to the worker that has its data. Workers idle for a while
 * are closed; a crashed worker rejects its task instead of leaving it hanging.
 * The same class runs inside a worker for a job's helpers (a K-Means sweep's restarts).
 */
import * as Comlink from 'comlink';
import { abortError, throwIfAborted } from '../ml/core/abort';
import type { ProgressCallback } from '../ml/core/model';
import type { SharedInput } from '../runs/job-context';
import { runsOnPage } from '../runs/job-places';
import type { JobEvent, JobInput, JobKind, JobResult } from '../runs/jobs';
import type { PartExecutor, PartHooks } from '../runs/local';
import type { RunConfig, RunConfigOf } from '../runs/run-config';
import type { InputRef, JobBridge } from './bridge';
import { throttleProgress } from './throttle';
import { isTable, packTableInSlices, packedTransferables, transferablesIn } from './transfer';

/** What the pool needs of a worker: a comlink endpoint that can be terminated. */
export type WorkerLike = Comlink.Endpoint & { terminate(): void };

/** Options of the pool. */
export interface PoolOptions {
  /** Most workers at once (default navigator.hardwareConcurrency, at least 1). */
  size: number;
  /** Makes one worker running the job bridge (job.worker.ts). */
  createWorker: () => WorkerLike;
  /** A worker idle this long is closed (default 30 s); a pinned one is kept. */
  idleMs: number;
  /** Minimum ms between progress callbacks (default 100). */
  progressIntervalMs: number;
  /** Tables kept sent to workers, least recently used dropped first (default 4). */
  maxTables: number;
}

/** Groups a worker is taken to remember (a forest's chunks keep the data of their last two folds). */
const groupsKept = 2;

/** Defaults of the pool (createWorker has none: the app's pool passes job.worker.ts). */
export const defaultPoolOptions: Omit<PoolOptions, 'createWorker'> = {
  size: Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1),
  idleMs: 30_000,
  progressIntervalMs: 100,
  maxTables: 4,
};

/** Hooks of one run. */
export interface RunHooks<E = unknown> {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  onEvent?: (event: E) => void;
  /** Model artifacts and other resources the job reads, by id (sent to a worker once). */
  resources?: ReadonlyMap<string, unknown>;
  /** Send the input with this call only (a one-row table), instead of keeping it in the workers. */
  inline?: boolean;
  /** Prefer the worker that last ran a task with this key (it keeps what the job made, e.g. a segmentation). */
  affinity?: string;
  /** Start at once, on an extra worker when every worker is busy (reading a file, a live preview). */
  urgent?: boolean;
}

/** One worker and what it holds. */
interface Slot {
  worker: WorkerLike;
  api: Comlink.Remote<JobBridge>;
  /** Resource ids this worker holds. */
  held: Set<string>;
  busy: boolean;
  affinity?: string;
  signal?: AbortSignal;
  /** Rejects the running task when the worker is killed. */
  fail?: (error: Error) => void;
  idleTimer?: ReturnType<typeof setTimeout>;
  /** A replacement of a cancelled worker being sent its tables: tasks wait for it rather than send them again. */
  warming?: Promise<void>;
  /** The groups of the last tasks it ran (newest first; see `Task.group`). */
  groups: string[];
}

interface Task {
  needs: string[];
  affinity?: string;
  urgent?: boolean;
  /** Higher goes first in the queue; equal ones in order (default 0). */
  priority?: number;
  /** Tasks of one group share data a worker keeps: see `#groupChoice`. */
  group?: string;
  signal?: AbortSignal;
  run: (slot: Slot) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A registered value: a table is cloned for each worker, anything else structured-cloned. */
interface Resource {
  value: unknown;
}

/** The pool of job workers. */
export class WorkerPool {
  readonly #options: PoolOptions;
  #slots: Slot[] = [];
  #queue: Task[] = [];
  readonly #resources = new Map<string, Resource>();
  readonly #ids = new WeakMap<object, string>();
  /** Ids of tables registered on their own (not by `put`), oldest use first. */
  #tables: string[] = [];
  readonly #pinned = new Set<string>();
  #nextId = 0;
  #closed = false;
  #pumpQueued = false;
  /** Signals whose abort cancels their tasks (listened to once each). */
  readonly #watched = new WeakSet<AbortSignal>();

  /** @param options size (default hardwareConcurrency), createWorker, idleMs (30 s), progressIntervalMs (100), maxTables (4) */
  constructor(options: Partial<PoolOptions> & Pick<PoolOptions, 'createWorker'>) {
    this.#options = { ...defaultPoolOptions, ...options };
    this.#options.size = Math.max(1, Math.floor(this.#options.size));
  }

  /** Most workers the pool runs at once. */
  get size(): number {
    return this.#options.size;
  }

  /** Live workers (for tests and diagnostics). */
  get workerCount(): number {
    return this.#slots.length;
  }

  /** Runs `run` on `input`: here with its parts on the workers, or whole on one worker. Rejects with an AbortError when `hooks.signal` aborts. */
  async run<K extends JobKind>(run: RunConfigOf<K>, input: JobInput<K>, hooks: RunHooks<JobEvent<K>> = {}): Promise<JobResult<K>> {
    throwIfAborted(hooks.signal);
    const resources = [...(hooks.resources ?? new Map<string, unknown>())];
    for (const [id, value] of resources) this.put(id, value);
    const resourceIds = resources.map(([id]) => id);
    const onProgress = throttleProgress(hooks.onProgress, this.#options.progressIntervalMs);
    if (runsOnPage(run.kind)) {
      const shared: SharedInput[] = [];
      try {
        // The job table (every algorithm) loads on the first page job, not with the page's start-up.
        const { runJob } = await import('../runs/local');
        const result = await runJob(run, input, { signal: hooks.signal, onProgress, onEvent: hooks.onEvent, resources: hooks.resources, parts: this.#executor(input, hooks, resourceIds, shared) });
        throwIfAborted(hooks.signal);
        return result;
      } finally {
        for (const s of shared) this.release(s);
      }
    }
    const ref: InputRef = input === null || input === undefined ? null : hooks.inline || !isTable(input) ? { value: input } : { id: this.#tableId(input) };
    const needs = [...(ref && 'id' in ref ? [ref.id] : []), ...resourceIds];
    return (await this.#schedule(
      {
        needs,
        affinity: hooks.affinity,
        urgent: hooks.urgent,
        signal: hooks.signal,
        run: async (slot) => {
          const progress = onProgress && Comlink.proxy(onProgress);
          const events = hooks.onEvent && Comlink.proxy(hooks.onEvent as (event: unknown) => void);
          return slot.api.run(run as RunConfig, ref, progress, events);
        },
      },
    )) as JobResult<K>;
  }

  /** Runs part `name` of job `kind` on a worker holding `input`. */
  runPart<T>(
    kind: JobKind,
    name: string,
    args: unknown,
    input: SharedInput,
    seed: number,
    hooks: { signal?: AbortSignal; resources?: string[] } & PartHooks = {},
  ): Promise<T> {
    const resources = hooks.resources ?? [];
    const onProgress = throttleProgress(hooks.onProgress, this.#options.progressIntervalMs);
    return this.#schedule(
      {
        needs: [input.shared, ...resources],
        signal: hooks.signal,
        priority: hooks.priority,
        group: hooks.group,
        run: (slot) => slot.api.part(kind, name, hooks.transferArgs && args && typeof args === 'object' ? Comlink.transfer(args, transferablesIn(args)) : args, { id: input.shared }, seed, onProgress && Comlink.proxy(onProgress)),
      },
    ) as Promise<T>;
  }

  /** Starts one worker ahead of the first task (its script fetched and evaluated) when none runs; it retires when idle like any other. */
  warm(): void {
    if (this.#closed || this.#slots.length > 0) return;
    this.#startIdleTimer(this.#spawn());
  }

  /** Registers `value` (a table, a model, typed arrays) under `id`; each worker is sent it once, when a task needs it. */
  put(id: string, value: unknown): void {
    const known = this.#resources.get(id);
    if (known?.value === value) return;
    if (known) this.#dropFromWorkers(id);
    this.#resources.set(id, { value });
  }

  /** Registers `value` under a new id (the same object gets the same id) as the input of parts. */
  share(value: unknown): SharedInput {
    if (value !== null && typeof value === 'object') {
      const known = this.#ids.get(value);
      if (known && this.#resources.has(known)) return { shared: known };
    }
    const id = `shared-${this.#nextId++}`;
    if (value !== null && typeof value === 'object') this.#ids.set(value, id);
    this.#resources.set(id, { value });
    return { shared: id };
  }

  /** Forgets a registered value here and in every worker. */
  release(ref: SharedInput | string): void {
    const id = typeof ref === 'string' ? ref : ref.shared;
    this.#resources.delete(id);
    this.#tables = this.#tables.filter((t) => t !== id);
    this.#dropFromWorkers(id);
  }

  /** Keeps the worker with affinity `key` alive while idle (e.g. it holds the segmentation the page shows). */
  pin(key: string): void {
    this.#pinned.add(key);
  }

  /** Lets the worker with affinity `key` be closed when idle again. */
  unpin(key: string): void {
    this.#pinned.delete(key);
    for (const slot of this.#slots) if (slot.affinity === key && !slot.busy) this.#startIdleTimer(slot);
  }

  /** Terminates every worker and rejects every queued task. */
  close(): void {
    this.#closed = true;
    for (const task of this.#queue) task.reject(abortError());
    this.#queue = [];
    for (const slot of [...this.#slots]) this.#kill(slot, abortError());
  }

  /** Runs the parts and sub-jobs of a page job on the workers. */
  #executor(input: unknown, hooks: RunHooks<never>, resources: string[], shared: SharedInput[]): PartExecutor {
    const { signal } = hooks;
    return {
      concurrency: this.size,
      share: (value) => {
        const ref = this.share(value);
        shared.push(ref);
        return ref;
      },
      part: <T>(kind: JobKind, name: string, args: unknown, ref: SharedInput | 'job', seed: number, partHooks: PartHooks = {}) =>
        this.runPart<T>(kind, name, args, ref === 'job' ? { shared: this.#tableId(input) } : ref, seed, { signal, resources, ...partHooks }),
      job: (run, onProgress) => this.run(run, input as never, { signal, onProgress, resources: hooks.resources, inline: hooks.inline }),
    };
  }

  /** The id of a table used as a job's input, registered on first use; only the last few stay registered. */
  #tableId(table: unknown): string {
    if (table === null || typeof table !== 'object') throw new Error('A job input to keep in the workers must be an object');
    let id = this.#ids.get(table);
    if (!id || !this.#resources.has(id)) {
      id = `table-${this.#nextId++}`;
      this.#ids.set(table, id);
      this.#resources.set(id, { value: table });
    }
    this.#tables = [...this.#tables.filter((t) => t !== id), id];
    while (this.#tables.length > this.#options.maxTables) this.release(this.#tables[0]);
    return id;
  }

  #schedule(task: Omit<Task, 'resolve' | 'reject'>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new Error('The worker pool is closed'));
      if (task.signal?.aborted) return reject(abortError());
      const queued: Task = { ...task, resolve, reject };
      // Behind every task of its priority or higher: long parts that cannot be split start first, short ones fill the end.
      const priority = queued.priority ?? 0;
      const at = this.#queue.findIndex((t) => (t.priority ?? 0) < priority);
      this.#queue.splice(at < 0 ? this.#queue.length : at, 0, queued);
      // One listener per signal, however many parts a run queues (a forest's chunks are dozens).
      const signal = task.signal;
      if (signal && !this.#watched.has(signal)) {
        this.#watched.add(signal);
        signal.addEventListener('abort', () => this.#cancel(signal), { once: true });
      }
      this.#pumpSoon();
    });
  }

  /** Rejects the queued tasks of `signal` and terminates the workers running its tasks. */
  #cancel(signal: AbortSignal): void {
    this.#queue = this.#queue.filter((task) => {
      if (task.signal === signal) task.reject(abortError());
      return task.signal !== signal;
    });
    for (const slot of [...this.#slots]) if (slot.busy && slot.signal === signal) this.#kill(slot, abortError());
  }

  /**
   * Pumps once the code queueing now is done: parts queued together (a forest's chunks, a CV's
   * folds) are all seen before any is handed out, so a free worker can take one of its group.
   */
  #pumpSoon(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    queueMicrotask(() => {
      this.#pumpQueued = false;
      this.#pump();
    });
  }

  #pump(): void {
    for (let i = 0; i < this.#queue.length && !this.#closed; ) {
      const task = this.#queue[i];
      const slot = this.#pick(task);
      if (!slot) {
        // Urgent tasks further back still get their extra worker; the others wait their turn.
        i++;
        continue;
      }
      const [chosen] = this.#queue.splice(this.#groupChoice(slot, i), 1);
      this.#start(slot, chosen);
    }
  }

  /**
   * Which queued task `slot` runs when the task at `i` is next: among the tasks of that one's
   * priority (it has a group), the first of a group this worker ran last (its data is still
   * there), else the first of a group no other worker has run (it is made once, not twice),
   * else the one at `i`.
   */
  #groupChoice(slot: Slot, i: number): number {
    const queue = this.#queue;
    if (!queue[i].group) return i;
    const priority = queue[i].priority ?? 0;
    let fresh = -1;
    for (let j = i; j < queue.length && (queue[j].priority ?? 0) === priority; j++) {
      const group = queue[j].group;
      if (!group) continue;
      if (slot.groups.includes(group)) return j;
      if (fresh < 0 && !this.#slots.some((other) => other !== slot && other.groups.includes(group))) fresh = j;
    }
    return fresh < 0 ? i : fresh;
  }

  /** The idle worker that suits `task` best (its affinity, then most of what it needs), a new one, or null. */
  #pick(task: Task): Slot | null {
    let best: Slot | null = null;
    let bestScore = -1;
    for (const slot of this.#slots) {
      if (slot.busy) continue;
      const score = (task.affinity && slot.affinity === task.affinity ? 1000 : 0) + task.needs.filter((id) => slot.held.has(id)).length;
      if (score > bestScore) [best, bestScore] = [slot, score];
    }
    if (best) return best;
    return this.#slots.length < this.#options.size || task.urgent ? this.#spawn() : null;
  }

  #spawn(): Slot {
    const worker = this.#options.createWorker();
    const slot: Slot = { worker, api: Comlink.wrap<JobBridge>(worker), held: new Set(), busy: false, groups: [] };
    const onError = (event: Event) => {
      event.preventDefault?.();
      const error = new Error((event as ErrorEvent).message || 'a worker stopped unexpectedly (it failed to load or ran out of memory)');
      error.name = 'WorkerError';
      if (this.#slots.includes(slot)) this.#kill(slot, error);
    };
    worker.addEventListener('error', onError as EventListener);
    worker.addEventListener('messageerror', onError as EventListener);
    this.#slots.push(slot);
    return slot;
  }

  #start(slot: Slot, task: Task): void {
    clearTimeout(slot.idleTimer);
    slot.busy = true;
    slot.signal = task.signal;
    if (task.affinity) slot.affinity = task.affinity;
    if (task.group) slot.groups = [task.group, ...slot.groups.filter((g) => g !== task.group)].slice(0, groupsKept);
    let settled = false;
    const finish = (ok: boolean, value: unknown) => {
      if (settled) return;
      settled = true;
      slot.busy = false;
      slot.fail = undefined;
      slot.signal = undefined;
      if (ok) task.resolve(value);
      else task.reject(value);
      if (this.#slots.includes(slot)) this.#startIdleTimer(slot);
      this.#pump();
    };
    slot.fail = (error) => finish(false, error);
    (slot.warming ?? Promise.resolve())
      .then(() => this.#ensure(slot, task.needs))
      .then(() => task.run(slot))
      .then(
        (value) => finish(true, value),
        (error: unknown) => finish(false, error),
      );
  }

  /** Sends the worker the resources it lacks: a table as a packed copy (made in slices) whose buffers are transferred, anything else cloned. */
  async #ensure(slot: Slot, ids: string[]): Promise<void> {
    for (const id of ids) {
      if (slot.held.has(id)) continue;
      const resource = this.#resources.get(id);
      if (!resource) throw new Error(`Nothing is registered as "${id}"`);
      if (isTable(resource.value)) {
        const packed = await packTableInSlices(resource.value);
        await slot.api.put(id, Comlink.transfer(packed, packedTransferables(packed)));
      } else await slot.api.put(id, resource.value);
      slot.held.add(id);
    }
  }

  #startIdleTimer(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    if (slot.affinity && this.#pinned.has(slot.affinity)) return;
    slot.idleTimer = setTimeout(() => {
      if (!slot.busy && this.#slots.includes(slot) && !(slot.affinity && this.#pinned.has(slot.affinity))) this.#kill(slot, null);
    }, this.#options.idleMs);
  }

  #dropFromWorkers(id: string): void {
    for (const slot of this.#slots) if (slot.held.delete(id)) void slot.api.drop(id).catch(() => undefined);
  }

  #kill(slot: Slot, error: Error | null): void {
    clearTimeout(slot.idleTimer);
    this.#slots = this.#slots.filter((s) => s !== slot);
    if (error) slot.fail?.(error);
    slot.api[Comlink.releaseProxy]();
    slot.worker.terminate();
    if (error?.name === 'AbortError' && !this.#closed) this.#replace(slot);
    this.#pump();
  }

  /**
   * Starts a worker in place of one terminated by a cancel and sends it the tables that one held,
   * so the next run (often the same settings again) does not wait for a cold start.
   */
  #replace(killed: Slot): void {
    if (this.#slots.length >= this.#options.size) return;
    const slot = this.#spawn();
    const tables = [...killed.held].filter((id) => isTable(this.#resources.get(id)?.value));
    slot.warming = this.#ensure(slot, tables).catch(() => undefined);
    this.#startIdleTimer(slot);
  }
}
