/**
 * The job bridge: what every pool worker offers, as a plain object (testable in Node without a
 * Worker; job.worker.ts only exposes it with comlink). A worker keeps the resources it is sent
 * (tables, models, a sweep's scaled rows) and runs any job kind, or any part of one, on them.
 * Results go back with their typed arrays transferred, not copied.
 */
import * as Comlink from 'comlink';
import type { ProgressCallback } from '../ml/core/model';
import { jobSpec, type JobKind } from '../runs/jobs';
import { runJob, runPart, type PartExecutor } from '../runs/local';
import type { RunConfig } from '../runs/run-config';
import type { KernelTeam } from '../ml/segments/kernel-team';
import { parallelThreshold } from '../ml/segments/sweep';
import { canShareMemory, startWorkerTeam } from './kernel-workers';
import { WorkerPool, type WorkerLike } from './pool';
import { throttleProgress } from './throttle';
import { isPackedTable, isTable, transferablesIn, unpackTable } from './transfer';

export { progressIntervalMs, throttleProgress } from './throttle';

/** A job's input: a resource this worker holds, a value sent with the call, or none. */
export type InputRef = { id: string } | { value: unknown } | null;

/** `value` marked for comlink to transfer its typed arrays' buffers (only objects can be marked). */
function handOver<T>(value: T): T {
  return value !== null && typeof value === 'object' ? Comlink.transfer(value, transferablesIn(value)) : value;
}

/** Releases a comlink-proxied callback (comlink #590: its port stays open until released). */
function release(callback: unknown): void {
  const free = (callback as Record<symbol, unknown> | undefined)?.[Comlink.releaseProxy];
  if (typeof free === 'function') free.call(callback);
}

/** Helper workers a job in this worker may start: one per core when this thread can start workers. */
function helperCount(): number {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return typeof Worker !== 'undefined' && cores >= 2 ? cores : 1;
}

/**
 * This worker's K-Means team (itself and one helper per other core, on shared memory), started on
 * first use and kept; undefined where memory cannot be shared (the page is not cross-origin
 * isolated) or the helpers fail to start: the job then copies its rows to helper workers.
 */
let kernelTeam: Promise<KernelTeam | undefined> | undefined;
function workerKernelTeam(): Promise<KernelTeam | undefined> {
  if (!canShareMemory() || helperCount() < 2) return Promise.resolve(undefined);
  return (kernelTeam ??= startWorkerTeam(helperCount()).then(
    (started) => started.team,
    () => undefined,
  ));
}

/** Makes a bridge with its own store (the worker has one; tests make their own). */
export function createJobBridge(createHelper: () => WorkerLike = () => new Worker(self.location.href, { type: 'module' })) {
  const store = new Map<string, unknown>();
  const inputOf = (ref: InputRef): unknown => {
    if (ref === null) return null;
    if ('value' in ref) return ref.value;
    if (!store.has(ref.id)) throw new Error(`This worker was not sent "${ref.id}"`);
    return store.get(ref.id);
  };

  /** Parts of a job running here go to helper workers (made on first use, closed with the job). */
  const helpers = (input: unknown): { executor: PartExecutor; close(): void } => {
    let pool: WorkerPool | null = null;
    const open = () => (pool ??= new WorkerPool({ size: helperCount(), createWorker: createHelper }));
    return {
      executor: {
        concurrency: helperCount(),
        share: (value) => open().share(value),
        part: (kind, name, args, ref, seed, hooks) => open().runPart(kind, name, args, ref === 'job' ? open().share(input) : ref, seed, { onProgress: hooks?.onProgress }),
        // A sub-job of a job already in a worker runs here.
        job: (run, onProgress) => runJob(run, input as never, { onProgress, resources: store }),
      },
      close: () => pool?.close(),
    };
  };

  return {
    /** Keeps `value` under `id` (its buffers were transferred in; a table arrives packed). */
    put(id: string, value: unknown): void {
      store.set(id, isPackedTable(value) ? unpackTable(value) : value);
    },
    /** Forgets a resource. */
    drop(id: string): void {
      store.delete(id);
    },
    /** Does this worker hold `id`? */
    has(id: string): boolean {
      return store.has(id);
    },
    /** Runs a whole job here (its parts on helper workers when it has any and they are worth it). */
    async run(run: RunConfig, input: InputRef, onProgress?: ProgressCallback, onEvent?: (event: unknown) => void): Promise<unknown> {
      const value = inputOf(input);
      const parallel = helperCount() > 1 ? helpers(value) : null;
      // Helpers are started only for a table big enough to be split (smaller sweeps run in one thread).
      const team = jobSpec(run.kind).usesKernelTeam && isTable(value) && value.rowCount * value.columns.length >= parallelThreshold ? await workerKernelTeam() : undefined;
      try {
        const progress = throttleProgress(onProgress);
        const events = onEvent && ((event: unknown) => void Promise.resolve(onEvent(event)).catch(() => undefined));
        const result = await runJob(run, value as never, { onProgress: progress, onEvent: events, resources: store, parts: parallel?.executor, kernelTeam: team });
        return handOver(result);
      } finally {
        // The helpers let go of this job's memory (they would keep its rows while the worker idles).
        team?.release();
        parallel?.close();
        release(onProgress);
        release(onEvent);
      }
    },
    /** Runs part `name` of job `kind` on `input` (a fold, a tuning trial, a K-Means restart). */
    async part(kind: JobKind, name: string, args: unknown, input: InputRef, seed: number, onProgress?: ProgressCallback): Promise<unknown> {
      try {
        return handOver(await runPart(kind, name, inputOf(input), args, { seed, onProgress: throttleProgress(onProgress), resources: store }));
      } finally {
        release(onProgress);
      }
    },
  };
}

/** What a pool worker offers (import only the type on the page side). */
export type JobBridge = ReturnType<typeof createJobBridge>;
