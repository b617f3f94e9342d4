/**
 * A pool of ML workers sized to the machine. Each dataset is transferred to each worker once
 * (setData with an id); fold tasks are then queued across idle workers. Cancelling terminates
 * the workers that are running (a tight training loop cannot read a stop message) and new ones
 * start on the next call. A crash or a worker 'error' event rejects the task; nothing hangs.
 */
import * as Comlink from 'comlink';
import { combineFolds, prepareCv, throwIfAborted, type CvConfig, type CvResult, type FoldResult } from '../ml/evaluation/cv/cross-validate';
import { combineExplanations, type ExplainOptions, type FoldExplanation, type ModelExplanation } from '../ml/evaluation/explain/explain-fold';
import type { ProgressCallback } from '../ml/core/model';
import { transferablesOf, type Column, type Table } from '../ml/core/table';
import type { Params } from '../ml/evaluation/tuning/search-space';
import type { MlWorkerApi } from './ml-api';

/** What the pool needs of a worker: a Comlink endpoint that can be terminated. */
export type WorkerLike = Comlink.Endpoint & { terminate(): void };

/** Options of the pool. */
export interface PoolOptions {
  /** Number of workers (default navigator.hardwareConcurrency, at least 1). */
  size: number;
  /** Makes one worker (default: a module Worker on ml.worker.ts). */
  createWorker: () => WorkerLike;
  /** Minimum ms between progress callbacks on the page (default 100). */
  progressIntervalMs: number;
}

/** Defaults of the pool. */
export const defaultPoolOptions: PoolOptions = {
  size: Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1),
  createWorker: () => new Worker(new URL('./ml.worker.ts', import.meta.url), { type: 'module' }),
  progressIntervalMs: 100,
};

/** One worker of the pool and what it holds. */
export interface Slot {
  worker: WorkerLike;
  api: Comlink.Remote<MlWorkerApi>;
  datasets: Set<string>;
  busy: boolean;
  /** Signal of the running task. */
  signal?: AbortSignal;
  /** Rejects the running task when the worker dies. */
  fail?: (error: Error) => void;
}

interface Task<T> {
  run: (slot: Slot) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
}

/** Error thrown when a run is cancelled (branch on `error.name === 'AbortError'`). */
function abortError(): Error {
  const error = new Error('Cancelled');
  error.name = 'AbortError';
  return error;
}

/** A copy of a table with fresh buffers, so one copy can be transferred per worker. */
function cloneTable(table: Table): Table {
  const columns = table.columns.map(
    (c): Column => (c.storage === 'number' ? { ...c, values: c.values.slice() } : { ...c, codes: c.codes.slice(), dictionary: [...c.dictionary] }),
  );
  return { name: table.name, rowCount: table.rowCount, columns };
}

/** The pool of ML workers. */
export class MlPool {
  private readonly options: PoolOptions;
  private slots: Slot[] = [];
  private queue: Task<unknown>[] = [];
  private tables = new Map<string, Table>();
  private ids = new WeakMap<Table, string>();
  private nextId = 0;

  /** @param options size (default hardwareConcurrency), createWorker, progressIntervalMs */
  constructor(options: Partial<PoolOptions> = {}) {
    this.options = { ...defaultPoolOptions, ...options };
    this.options.size = Math.max(1, Math.floor(this.options.size));
  }

  /** Most workers the pool runs at once (tasks beyond it queue). */
  get size(): number {
    return this.options.size;
  }

  /** Number of live workers (for tests and diagnostics). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Registers a table and returns its dataset id (the same table object gets the same id). */
  setData(table: Table): string {
    let id = this.ids.get(table);
    if (!id) {
      id = `dataset-${this.nextId++}`;
      this.ids.set(table, id);
      this.tables.set(id, table);
    }
    return id;
  }

  /** Forgets a dataset here and in every worker. */
  dropData(id: string): void {
    this.tables.delete(id);
    for (const slot of this.slots) {
      if (slot.datasets.delete(id)) void slot.api.dropData(id).catch(() => undefined);
    }
  }

  /**
   * Cross-validates with the folds spread over the workers; same result as `crossValidate` in one thread.
   * Progress is (folds done, fractional, of total folds), throttled.
   */
  async crossValidate(
    table: Table,
    config: CvConfig,
    hooks: { onProgress?: ProgressCallback; signal?: AbortSignal; onFoldNote?: (fold: number, done: number, total: number, note: string) => void } = {},
  ): Promise<CvResult> {
    const started = performance.now();
    throwIfAborted(hooks.signal);
    const id = this.setData(table);
    const prepared = prepareCv(table, config);
    const total = prepared.folds.length;
    const fraction = new Float64Array(total);
    let last = -Infinity;
    const report = (force: boolean) => {
      const now = performance.now();
      if (!hooks.onProgress || (!force && now - last < this.options.progressIntervalMs)) return;
      last = now;
      hooks.onProgress(fraction.reduce((s, v) => s + v, 0), total, `${total} folds on ${Math.min(this.options.size, total)} workers`);
    };
    report(true);
    const results = await Promise.all(
      prepared.folds.map((_, f) =>
        this.schedule<FoldResult>(async (slot) => {
          await this.ensureData(slot, id);
          const progress = Comlink.proxy((done: number, all: number, note?: string) => {
            fraction[f] = all ? done / all : 0;
            if (note) hooks.onFoldNote?.(f, done, all, note);
            report(false);
          });
          const result = await slot.api.runFold(id, config, f, progress);
          fraction[f] = 1;
          report(false);
          return result;
        }, hooks.signal),
      ),
    );
    report(true);
    return combineFolds(prepared, results, (performance.now() - started) / 1000);
  }

  /**
   * Explains `config`'s model with one pool task per fold (permutation importance, TreeSHAP and
   * partial dependence on each fold's test rows), then pools the folds. Progress is folds done.
   */
  async explain(table: Table, config: CvConfig, options: Partial<ExplainOptions> = {}, hooks: { onProgress?: ProgressCallback; signal?: AbortSignal } = {}): Promise<ModelExplanation> {
    const started = performance.now();
    throwIfAborted(hooks.signal);
    const prepared = prepareCv(table, config);
    const total = prepared.folds.length;
    let done = 0;
    hooks.onProgress?.(0, total);
    const folds = await Promise.all(
      prepared.folds.map((_, f) =>
        this.runOnData<FoldExplanation>(table, (api, id) => api.explainFold(id, config, f, options), hooks.signal).then((r) => {
          hooks.onProgress?.(++done, total);
          return r;
        }),
      ),
    );
    return combineExplanations(prepared, folds, (performance.now() - started) / 1000);
  }

  /** Runs `run` on the next idle worker once it holds `table` (sent once per worker), e.g. learning-curve points. */
  runOnData<T>(table: Table, run: (api: Comlink.Remote<MlWorkerApi>, id: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const id = this.setData(table);
    return this.schedule(async (slot) => {
      await this.ensureData(slot, id);
      return run(slot.api, id);
    }, signal);
  }

  /**
   * One tuning trial on the next idle worker: the mean CV `metric` of `config`'s model with `params`
   * at `budget`. The table goes to each worker once; the folds are drawn once per worker and config.
   */
  scoreTrial(table: Table, config: CvConfig, params: Params, budget: number, metric: string, signal?: AbortSignal): Promise<number> {
    return this.runOnData(table, (api, id) => api.scoreTrial(id, config, params, budget, metric), signal);
  }

  /** Runs `run` on the next idle worker (the generic entry for fold tasks and tuning trials). */
  schedule<T>(run: (slot: Slot) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const task: Task<T> = { run, resolve, reject, signal };
      this.queue.push(task as Task<unknown>);
      signal?.addEventListener('abort', () => this.cancel(signal), { once: true });
      this.pump();
    });
  }

  /** Terminates every worker and rejects every queued task (e.g. when the page goes away). */
  terminate(): void {
    for (const task of this.queue) task.reject(abortError());
    this.queue = [];
    for (const slot of [...this.slots]) this.kill(slot, abortError());
  }

  /** Rejects the tasks of `signal` and terminates the workers running them. */
  private cancel(signal: AbortSignal): void {
    this.queue = this.queue.filter((task) => {
      if (task.signal === signal) task.reject(abortError());
      return task.signal !== signal;
    });
    for (const slot of [...this.slots]) {
      if (slot.busy && slot.signal === signal) this.kill(slot, abortError());
    }
  }

  private kill(slot: Slot, error: Error): void {
    this.slots = this.slots.filter((s) => s !== slot);
    slot.fail?.(error);
    slot.api[Comlink.releaseProxy]();
    slot.worker.terminate();
    this.pump();
  }

  private spawn(): Slot {
    const worker = this.options.createWorker();
    const slot: Slot = { worker, api: Comlink.wrap<MlWorkerApi>(worker), datasets: new Set(), busy: false };
    const onError = (event: Event) => {
      const message = (event as ErrorEvent).message || 'the ML worker crashed (failed to load or ran out of memory)';
      const error = new Error(message);
      error.name = 'WorkerError';
      event.preventDefault?.();
      if (this.slots.includes(slot)) this.kill(slot, error);
    };
    worker.addEventListener('error', onError as EventListener);
    worker.addEventListener('messageerror', onError as EventListener);
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift() as Task<unknown>;
      this.start(slot, task);
    }
  }

  private start(slot: Slot, task: Task<unknown>): void {
    slot.busy = true;
    slot.signal = task.signal;
    let settled = false;
    const finish = (ok: boolean, value: unknown) => {
      if (settled) return;
      settled = true;
      slot.busy = false;
      slot.fail = undefined;
      slot.signal = undefined;
      if (ok) task.resolve(value);
      else task.reject(value);
      this.pump();
    };
    slot.fail = (error) => finish(false, error);
    task.run(slot).then(
      (value) => finish(true, value),
      (error: unknown) => finish(false, error),
    );
  }

  /** Sends dataset `id` to the slot's worker unless it has it: one transfer per worker. */
  private async ensureData(slot: Slot, id: string): Promise<void> {
    if (slot.datasets.has(id)) return;
    const table = this.tables.get(id);
    if (!table) throw new Error(`Unknown dataset "${id}"`);
    const copy = cloneTable(table);
    await slot.api.setData(id, Comlink.transfer(copy, transferablesOf(copy)));
    slot.datasets.add(id);
  }
}
