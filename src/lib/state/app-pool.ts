/** The app's one worker pool, made on first use, sized to the machine, running job.worker.ts. */
import { WorkerPool } from '../workers/pool';

let pool: WorkerPool | null = null;

/** The pool every page runs its jobs on. */
export function appPool(): WorkerPool {
  pool ??= new WorkerPool({ createWorker: () => new Worker(new URL('../workers/job.worker.ts', import.meta.url), { type: 'module' }) });
  return pool;
}
