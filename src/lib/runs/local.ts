/**
 * Runs a job in this thread: the CLI, the unit tests, and sub-jobs inside a worker. Parts run one
 * after another here; the same job functions spread them over workers when the pool runs them.
 */
import { throwIfAborted } from '../ml/core/abort';
import type { ProgressCallback } from '../ml/core/model';
import type { KernelTeam } from '../ml/segments/kernel-team';
import type { JobContext, PartContext, SharedInput, SubHooks } from './job-context';
import { jobSpec, type JobEvent, type JobInput, type JobKind, type JobResult } from './jobs';
import { Memo } from './memo';
import { makeRunConfig, type RunConfigOf } from './run-config';

/** Where a job's parts run: here one after another (the default), or on workers. */
export interface PartExecutor {
  /** Parts that may run at the same time. */
  concurrency: number;
  /** Makes `value` the input of later parts (sent once to each worker). */
  share(value: unknown): SharedInput;
  /** Runs part `name` of job `kind` on `input` ('job': the job's own input). */
  part<T>(kind: JobKind, name: string, args: unknown, input: SharedInput | 'job', seed: number, hooks?: PartHooks): Promise<T>;
  /** Runs a whole sub-job on the job's own input (where its kind runs: a worker, or here with its parts on workers). */
  job<K extends JobKind>(run: RunConfigOf<K>, onProgress?: ProgressCallback): Promise<JobResult<K>>;
}

/** How a part runs on workers: its progress, and its place in the queue (see SubHooks). */
export type PartHooks = Pick<SubHooks, 'onProgress' | 'transferArgs' | 'priority' | 'group'>;

/** Hooks and environment of a run in this thread. */
export interface LocalRunOptions<E = unknown> {
  onProgress?: ProgressCallback;
  onEvent?: (event: E) => void;
  signal?: AbortSignal;
  /** Resources the run may read by id (model artifacts). */
  resources?: ReadonlyMap<string, unknown>;
  /** Threads for the K-Means passes (the CLI's --threads). */
  kernelTeam?: KernelTeam;
  /** Where parts run (default: here, one after another). */
  parts?: PartExecutor;
}

/** Memos by input object: a job's parts and sub-jobs on one input share prepared folds. */
const memos = new WeakMap<object, Memo>();

/** The memo of an input (a fresh one for inputs that are not objects). */
export function memoOf(input: unknown): Memo {
  if (input === null || typeof input !== 'object') return new Memo();
  let memo = memos.get(input);
  if (!memo) memos.set(input, (memo = new Memo()));
  return memo;
}

/** Checks that `input` is what a job of `kind` reads. */
export function checkInput(kind: JobKind, input: unknown): void {
  const expected = jobSpec(kind).input;
  const isTable = !!input && typeof input === 'object' && Array.isArray((input as { columns?: unknown }).columns);
  if (expected === 'table' && !isTable) throw new Error(`A "${kind}" run needs a table as its input`);
  if (expected === 'file' && !(typeof Blob !== 'undefined' && input instanceof Blob)) throw new Error(`A "${kind}" run needs a file (Blob) as its input`);
}

/** Runs part `name` of job `kind` on `input` in this thread (a worker's share of a job). */
export async function runPart<T>(
  kind: JobKind,
  name: string,
  input: unknown,
  args: unknown,
  context: { seed: number; onProgress?: ProgressCallback; signal?: AbortSignal; resources?: ReadonlyMap<string, unknown> },
): Promise<T> {
  const part = jobSpec(kind).parts?.[name] as ((input: unknown, args: unknown, ctx: PartContext) => T | Promise<T>) | undefined;
  if (!part) throw new Error(`Job kind "${kind}" has no part "${name}"`);
  throwIfAborted(context.signal);
  return part(input, args, {
    seed: context.seed,
    signal: context.signal,
    onProgress: context.onProgress,
    memo: (key, make) => memoOf(input).get(key, make),
    resource: <R>(id: string): R => resourceFrom(context.resources, id),
  });
}

function resourceFrom<R>(resources: ReadonlyMap<string, unknown> | undefined, id: string): R {
  if (!resources?.has(id)) throw new Error(`The run needs the resource "${id}", which was not given`);
  return resources.get(id) as R;
}

/** Runs `run` on `input` in this thread, parts one after another. */
export async function runJob<K extends JobKind>(run: RunConfigOf<K>, input: JobInput<K>, options: LocalRunOptions<JobEvent<K>> = {}): Promise<JobResult<K>> {
  const spec = jobSpec(run.kind);
  checkInput(run.kind, input);
  throwIfAborted(options.signal);
  const shared = new Map<string, unknown>();
  const resource = <T>(id: string): T => resourceFrom(options.resources, id);
  const ctx: JobContext<JobEvent<K>> = {
    seed: run.seed,
    signal: options.signal,
    onProgress: options.onProgress,
    onEvent: options.onEvent,
    concurrency: options.parts?.concurrency ?? 1,
    kernelTeam: options.kernelTeam,
    run: (kind, config, hooks = {}) => {
      const sub = makeRunConfig(kind, config, { seed: run.seed, data: run.data });
      return options.parts ? options.parts.job(sub, hooks.onProgress) : runJob(sub, input as never, { ...options, onProgress: hooks.onProgress, onEvent: undefined });
    },
    async part<T>(name: string, args: unknown, hooks: SubHooks = {}): Promise<T> {
      throwIfAborted(options.signal);
      const { onProgress, transferArgs, priority, group } = hooks;
      if (options.parts) return options.parts.part<T>(run.kind, name, args, hooks.input ?? 'job', run.seed, { onProgress, transferArgs, priority, group });
      const partInput = hooks.input ? shared.get(hooks.input.shared) : input;
      return runPart<T>(run.kind, name, partInput, args, { seed: run.seed, signal: options.signal, onProgress: hooks.onProgress, resources: options.resources });
    },
    share(value: unknown): SharedInput {
      if (options.parts) return options.parts.share(value);
      const id = `shared-${shared.size}`;
      shared.set(id, value);
      return { shared: id };
    },
    memo: (key, make) => memoOf(input).get(key, make),
    resource,
  };
  return spec.run(input, run.config, ctx);
}
