/**
 * The shape of one entry of the job table: a pure function of (input, config, context) and,
 * for jobs that spread their work, the parts a worker runs. Where the app runs it is stated
 * here too: 'worker' jobs run whole in a pool worker; 'page' jobs only coordinate (they draw no
 * rows themselves) and send their parts to the pool's workers.
 */
import type { JobContext, PartContext } from './job-context';

/** What a job reads: the dataset's table, a file to parse, or nothing but its config. */
export type JobInputKind = 'table' | 'file' | 'none';

/** One job kind. `I` input, `C` config (plain data), `R` result, `E` events while it runs. */
export interface JobSpec<I, C, R, E = never> {
  /** What the job does, in a few words (for the README and errors). */
  title: string;
  input: JobInputKind;
  /** 'worker': the whole job runs in a pool worker; 'page': it coordinates parts on the pool from the page. */
  runsOn: 'worker' | 'page';
  run(input: I, config: C, ctx: JobContext<E>): Promise<R>;
  /** Pieces a worker runs for this job: `ctx.part(name, args)`. */
  parts?: Record<string, (input: never, args: never, ctx: PartContext) => unknown>;
  /** Ids of the resources (model artifacts) the job reads besides its input. */
  resources?(config: C): string[];
  /** It runs K-Means passes: a worker that can share memory gives it a team of threads (`ctx.kernelTeam`). */
  usesKernelTeam?: boolean;
}

/** Declares a job kind (keeps its types for the table). */
export function defineJob<I, C, R, E = never>(spec: JobSpec<I, C, R, E>): JobSpec<I, C, R, E> {
  return spec;
}
