/**
 * The trial runner shared by the search drivers: runs `evaluate` with a concurrency limit (so trials
 * can go to a worker pool), reports each finished trial with the best so far, and on abort returns at
 * once with the trials finished so far.
 */
import type { Params } from './search-space';

/** Scores a hyperparameter point at a budget (fraction of rows or trees, in (0, 1]); higher is better. */
export type Evaluate = (params: Params, budget: number, signal: AbortSignal) => Promise<number>;

/** One evaluated point. */
export interface Trial {
  /** Order in which the driver planned the trial (stable across runs with the same seed). */
  index: number;
  params: Params;
  budget: number;
  /** The score, NaN when evaluate failed. */
  score: number;
  /** Successive halving's round (0 first); 0 for random search. */
  round: number;
  /** Why evaluate failed, when it did. */
  error?: string;
}

/** Called after each finished trial with the best trial so far and the progress. */
export type TrialCallback = (trial: Trial, best: Trial | null, done: number, total: number) => void;

/** What a search returns, also when cancelled. */
export interface SearchResult {
  /** The best finished trial: highest budget first, then highest score, then lowest index. */
  best: Trial | null;
  /** Finished trials, by index. */
  trials: Trial[];
  /** True when the signal aborted the search before it finished. */
  cancelled: boolean;
}

/** Options of the drivers' runner. */
export interface RunTrialsOptions {
  /** Trials evaluated at the same time (default 1). */
  concurrency: number;
  signal?: AbortSignal;
  onTrial?: TrialCallback;
}

/** A trial to run. */
export type TrialJob = Pick<Trial, 'index' | 'params' | 'budget' | 'round'>;

/** Does trial a beat the current best b? Larger budgets win (scores at different budgets are not comparable). */
export function isBetter(a: Trial, b: Trial | null): boolean {
  if (Number.isNaN(a.score)) return false;
  if (b === null || Number.isNaN(b.score)) return true;
  if (a.budget !== b.budget) return a.budget > b.budget;
  if (a.score !== b.score) return a.score > b.score;
  return a.index < b.index;
}

/** The best of some trials by {@link isBetter}. */
export function bestOf(trials: readonly Trial[], start: Trial | null = null): Trial | null {
  let best = start;
  for (const t of trials) if (isBetter(t, best)) best = t;
  return best;
}

/**
 * Runs the jobs with at most `concurrency` in flight. Resolves with the finished trials (by index)
 * and whether the signal aborted; an evaluate that throws or returns a non-finite score gives a
 * failed trial (score NaN) and the search goes on.
 * @param progress the best trial and count of trials done before these jobs, and the search's total
 */
export async function runTrials(
  jobs: readonly TrialJob[],
  evaluate: Evaluate,
  options: RunTrialsOptions,
  progress: { best: Trial | null; done: number; total: number },
): Promise<{ trials: Trial[]; cancelled: boolean }> {
  const { concurrency, signal, onTrial } = options;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  const controller = signal ? null : new AbortController();
  const trialSignal = signal ?? controller!.signal;
  const finished: Trial[] = [];
  if (trialSignal.aborted) return { trials: finished, cancelled: true };

  let onAbort: () => void = () => {};
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    trialSignal.addEventListener('abort', onAbort, { once: true });
  });
  const inFlight = new Map<number, Promise<Trial>>();
  let next = 0;
  try {
    while (next < jobs.length || inFlight.size > 0) {
      if (trialSignal.aborted) return { trials: sortByIndex(finished), cancelled: true };
      while (next < jobs.length && inFlight.size < concurrency) {
        const job = jobs[next++];
        inFlight.set(job.index, runOne(job, evaluate, trialSignal));
      }
      const first = await Promise.race([aborted, ...inFlight.values()]);
      if (first === 'aborted' || trialSignal.aborted) return { trials: sortByIndex(finished), cancelled: true };
      inFlight.delete(first.index);
      finished.push(first);
      if (isBetter(first, progress.best)) progress.best = first;
      progress.done++;
      onTrial?.(first, progress.best, progress.done, progress.total);
    }
    return { trials: sortByIndex(finished), cancelled: false };
  } finally {
    trialSignal.removeEventListener('abort', onAbort);
  }
}

async function runOne(job: TrialJob, evaluate: Evaluate, signal: AbortSignal): Promise<Trial> {
  try {
    const score = await evaluate(job.params, job.budget, signal);
    if (typeof score !== 'number' || !Number.isFinite(score)) return { ...job, score: NaN, error: `evaluate returned ${String(score)}` };
    return { ...job, score };
  } catch (error) {
    return { ...job, score: NaN, error: error instanceof Error ? error.message : String(error) };
  }
}

function sortByIndex(trials: Trial[]): Trial[] {
  return trials.sort((a, b) => a.index - b.index);
}
