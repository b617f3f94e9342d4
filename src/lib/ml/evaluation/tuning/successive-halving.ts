/**
 * Successive halving (Jamieson & Talwalkar 2016; scikit-learn's HalvingRandomSearchCV): many random
 * candidates on a small budget, the best 1/eta of them promoted to an eta times larger budget, until
 * the full budget. The budget is a fraction of rows or of trees; the caller's evaluate maps it.
 */
import { Random } from '../../core/random';
import { bestOf, runTrials, type Evaluate, type SearchResult, type Trial, type TrialCallback, type TrialJob } from './run-trials';
import { sampleParams, validateSearchSpace, type Params, type SearchSpace } from './search-space';

/** Options of {@link successiveHalving}. */
export interface SuccessiveHalvingOptions {
  /** Random candidates in the first round (default 27). */
  nCandidates: number;
  /** Budget of the first round (default 1/9); rounded up so that budgets step by eta to maxBudget. */
  minBudget: number;
  /** Budget of the last round (default 1). */
  maxBudget: number;
  /** Reduction factor: keep 1/eta of the candidates, multiply the budget by eta (default 3). */
  eta: number;
  seed: number;
  /** Trials evaluated at the same time (default 1). */
  concurrency: number;
  /** Aborting returns the best trial so far at the largest budget reached. */
  signal?: AbortSignal;
  onTrial?: TrialCallback;
}

/** Defaults of {@link SuccessiveHalvingOptions}: 27 → 9 → 3 candidates at budgets 1/9, 1/3, 1. */
export const defaultSuccessiveHalvingOptions: SuccessiveHalvingOptions = {
  nCandidates: 27,
  minBudget: 1 / 9,
  maxBudget: 1,
  eta: 3,
  seed: 0,
  concurrency: 1,
};

/** The budget and candidate count of each round. */
export function halvingSchedule(nCandidates: number, minBudget: number, maxBudget: number, eta: number): { budget: number; candidates: number }[] {
  // the small epsilon keeps 1/9 → 3 rounds despite floating point (log(9)/log(3) = 1.9999…)
  const rounds = Math.floor(Math.log(maxBudget / minBudget) / Math.log(eta) + 1e-9) + 1;
  return Array.from({ length: rounds }, (_, i) => ({
    budget: maxBudget / eta ** (rounds - 1 - i),
    candidates: Math.max(1, Math.ceil(nCandidates / eta ** i)),
  }));
}

/**
 * Successive halving over random points of `space` (higher score is better). The best is the best
 * trial of the last round reached.
 * @param space the hyperparameter ranges
 * @param evaluate scores one point at a budget in (0, 1]
 * @param options nCandidates (27), minBudget (1/9), maxBudget (1), eta (3), seed (0), concurrency (1), signal, onTrial
 */
export async function successiveHalving(space: SearchSpace, evaluate: Evaluate, options: Partial<SuccessiveHalvingOptions> = {}): Promise<SearchResult> {
  const { nCandidates, minBudget, maxBudget, eta, seed, concurrency, signal, onTrial } = { ...defaultSuccessiveHalvingOptions, ...options };
  validateSearchSpace(space);
  if (!(Number.isInteger(nCandidates) && nCandidates >= 1)) throw new Error(`successiveHalving: nCandidates must be a positive integer, got ${nCandidates}`);
  if (!(eta > 1)) throw new Error(`successiveHalving: eta must be greater than 1, got ${eta}`);
  if (!(maxBudget > 0 && maxBudget <= 1)) throw new Error(`successiveHalving: maxBudget must be in (0, 1], got ${maxBudget}`);
  if (!(minBudget > 0 && minBudget <= maxBudget)) throw new Error(`successiveHalving: minBudget must be in (0, maxBudget], got ${minBudget}`);

  const schedule = halvingSchedule(nCandidates, minBudget, maxBudget, eta);
  const random = new Random(seed);
  let candidates: Params[] = Array.from({ length: nCandidates }, () => sampleParams(space, random));
  const progress = { best: null as Trial | null, done: 0, total: schedule.reduce((s, r) => s + Math.min(r.candidates, nCandidates), 0) };
  const all: Trial[] = [];
  let index = 0;
  for (const [round, { budget, candidates: keep }] of schedule.entries()) {
    if (round > 0) candidates = promote(all.filter((t) => t.round === round - 1), keep);
    const jobs: TrialJob[] = candidates.map((params) => ({ index: index++, params, budget, round }));
    const { trials, cancelled } = await runTrials(jobs, evaluate, { concurrency, signal, onTrial }, progress);
    all.push(...trials);
    if (cancelled) return { best: bestOf(all), trials: all, cancelled: true };
  }
  return { best: bestOf(all), trials: all, cancelled: false };
}

/** The params of the `keep` best trials of a round (failed trials last, ties by index). */
function promote(round: Trial[], keep: number): Params[] {
  const ranked = [...round].sort((a, b) => {
    const sa = Number.isNaN(a.score) ? -Infinity : a.score;
    const sb = Number.isNaN(b.score) ? -Infinity : b.score;
    return sb - sa || a.index - b.index;
  });
  return ranked.slice(0, keep).map((t) => t.params);
}
