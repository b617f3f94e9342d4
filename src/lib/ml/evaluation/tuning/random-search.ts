/**
 * Random search (Bergstra & Bengio 2012): a fixed number of points drawn from the search space, all
 * drawn from the seed before any runs, so the trials do not depend on the order they finish in.
 */
import { Random } from '../../core/random';
import { runTrials, type Evaluate, type SearchResult, type Trial, type TrialCallback } from './run-trials';
import { sampleParams, validateSearchSpace, type SearchSpace } from './search-space';

/** Options of {@link randomSearch}. */
export interface RandomSearchOptions {
  /** Points to evaluate (default 20). */
  nTrials: number;
  seed: number;
  /** Trials evaluated at the same time (default 1). */
  concurrency: number;
  /** Budget passed to every evaluation (default 1: all rows, all trees). */
  budget: number;
  /** Aborting returns the best trial so far. */
  signal?: AbortSignal;
  onTrial?: TrialCallback;
}

/** Defaults of {@link RandomSearchOptions}. */
export const defaultRandomSearchOptions: RandomSearchOptions = { nTrials: 20, seed: 0, concurrency: 1, budget: 1 };

/**
 * Evaluates `nTrials` random points of `space` and returns the best (higher score is better).
 * @param space the hyperparameter ranges
 * @param evaluate scores one point; gets the budget and the abort signal
 * @param options nTrials (default 20), seed (0), concurrency (1), budget (1), signal, onTrial
 */
export async function randomSearch(space: SearchSpace, evaluate: Evaluate, options: Partial<RandomSearchOptions> = {}): Promise<SearchResult> {
  const { nTrials, seed, concurrency, budget, signal, onTrial } = { ...defaultRandomSearchOptions, ...options };
  validateSearchSpace(space);
  if (!(Number.isInteger(nTrials) && nTrials >= 1)) throw new Error(`randomSearch: nTrials must be a positive integer, got ${nTrials}`);
  if (!(budget > 0 && budget <= 1)) throw new Error(`randomSearch: budget must be in (0, 1], got ${budget}`);
  const random = new Random(seed);
  const jobs = Array.from({ length: nTrials }, (_, index) => ({ index, params: sampleParams(space, random), budget, round: 0 }));
  const progress = { best: null as Trial | null, done: 0, total: nTrials };
  const { trials, cancelled } = await runTrials(jobs, evaluate, { concurrency, signal, onTrial }, progress);
  return { best: progress.best, trials, cancelled };
}
