/**
 * What a job function gets besides its input and config: the run's seed, progress, cancellation,
 * and the means to spread work. The same function runs in Node (the CLI, unit tests: everything in
 * this thread), in a worker, or, for jobs that only coordinate, on the page with its parts sent to
 * the worker pool. Only this context differs between them.
 */
import type { ProgressCallback } from '../ml/core/model';
import type { KernelTeam } from '../ml/segments/kernel-team';
import type { JobConfig, JobKind, JobResult } from './jobs';

/** A value handed to parts as their input instead of the job's table (sent once to each worker). */
export interface SharedInput {
  readonly shared: string;
}

/** Hooks of one sub-job or part. */
export interface SubHooks {
  onProgress?: ProgressCallback;
  /** The part's input: the job's own input unless a shared value is named. */
  input?: SharedInput;
  /** Hand the args' typed arrays over to the worker instead of copying them (the caller must not use them after). */
  transferArgs?: boolean;
  /** Where the part goes in the pool's queue: higher first, equal ones in order (default 0). Long parts that cannot be split go first, so short ones fill the end. */
  priority?: number;
  /**
   * Parts of one group share data a worker makes once and keeps (a forest fold's pipeline and
   * binned rows): among parts of the same priority, a free worker takes one of a group it ran
   * last, else one of a group no other worker has started.
   */
  group?: string;
}

/** The context of a running job. */
export interface JobContext<E = unknown> {
  /** The run's seed (RunConfig.seed). */
  seed: number;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** Intermediate results a page may show while the job runs (e.g. each finished tuning trial). */
  onEvent?: (event: E) => void;
  /** Parts that may run at the same time (1 in Node and without workers). */
  concurrency: number;
  /** Runs another job on the same input, with this run's seed. */
  run<K extends JobKind>(kind: K, config: JobConfig<K>, hooks?: SubHooks): Promise<JobResult<K>>;
  /** Runs part `name` of this job's kind on a worker (or here), with plain-data `args`. */
  part<T>(name: string, args: unknown, hooks?: SubHooks): Promise<T>;
  /** Makes `value` (plain data, typed arrays) the input of later parts, sent once to each worker. */
  share(value: unknown): SharedInput;
  /** A value kept as long as this thread keeps the job's input (e.g. prepared folds), made once. */
  memo<T>(key: string, make: () => T): T;
  /** A resource passed along with the run (e.g. a model artifact), by id. */
  resource<T>(id: string): T;
  /** Threads sharing WebAssembly memory for K-Means passes (Node CLI only). */
  kernelTeam?: KernelTeam;
}

/** A context whatever its events (for helpers shared by several job kinds). */
export type AnyJobContext = JobContext<never>;

/** What a part gets: the same context minus the means to start more parts. */
export type PartContext = Pick<JobContext, 'seed' | 'signal' | 'onProgress' | 'memo' | 'resource'>;
