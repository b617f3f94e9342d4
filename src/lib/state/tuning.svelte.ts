/**
 * A page's hyperparameter tuning: one search at a time (a new one aborts the previous, latest wins),
 * trials spread over the shared worker pool, live trials and best so far, cancel that keeps the best
 * finished trial, and "apply best" that writes the winner into the page's per-model options.
 */
import type { CvConfig } from '../ml/evaluation/cv/cross-validate';
import type { ModelKind } from '../ml/core/model';
import type { Table } from '../ml/core/table';
import { randomSearch } from '../ml/evaluation/tuning/random-search';
import type { Evaluate, Trial, TrialCallback } from '../ml/evaluation/tuning/run-trials';
import { defaultSearchSpace, validateSearchSpace, type SearchSpace } from '../ml/evaluation/tuning/search-space';
import { halvingSchedule, successiveHalving, defaultSuccessiveHalvingOptions } from '../ml/evaluation/tuning/successive-halving';
import { mlPool, predictSetup, riskSetup, type ModelOptionsByKind } from './modeling.svelte';

/** Random search or successive halving. */
export type TuningMethod = 'random' | 'halving';

/** The panel's choices (kept across navigation). */
export interface TuningSettings {
  model: ModelKind | null;
  method: TuningMethod;
  /** Random search: trials; successive halving: candidates of the first round. */
  nTrials: number;
  seed: number;
  /** Edited search spaces by model; a model without one uses its default space. */
  spaces: Partial<Record<ModelKind, SearchSpace>>;
}

/** What one search needs. */
export interface TuningRequest {
  table: Table;
  /** The page's CV config of the model to tune (plain data, no state proxies). */
  config: CvConfig;
  space: SearchSpace;
  method: TuningMethod;
  nTrials: number;
  seed: number;
  /** Fold metric to maximise (r2, f1, roc_auc…). */
  metric: string;
}

/** Trials a search plans: nTrials for random search, the sum over rounds for successive halving. */
export function plannedTrials(method: TuningMethod, nTrials: number): number {
  if (method === 'random') return nTrials;
  const { minBudget, maxBudget, eta } = defaultSuccessiveHalvingOptions;
  return halvingSchedule(nTrials, minBudget, maxBudget, eta).reduce((s, r) => s + Math.min(r.candidates, nTrials), 0);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One page's tuning state. */
export class TuningRun {
  settings = $state<TuningSettings>({ model: null, method: 'random', nTrials: 12, seed: 0, spaces: {} });
  running = $state(false);
  done = $state(0);
  total = $state(0);
  /** Finished trials in the order they finished. */
  trials = $state.raw<Trial[]>([]);
  /** Best finished trial (largest budget first); kept on cancel. */
  best = $state.raw<Trial | null>(null);
  /** CV score of the model with its default options, for comparison. */
  baseline = $state<number | null>(null);
  /** Model, metric and method the shown trials belong to. */
  model = $state<ModelKind | null>(null);
  metric = $state('');
  method = $state<TuningMethod>('random');
  cancelled = $state(false);
  error = $state<string | null>(null);
  private controller: AbortController | null = null;
  private readonly setup: { modelOptions: ModelOptionsByKind };

  /** @param setup the page's settings, whose per-model options "apply best" writes */
  constructor(setup: { modelOptions: ModelOptionsByKind }) {
    this.setup = setup;
  }

  /** The search space of `kind`: the edited one, else the default. */
  spaceOf(kind: ModelKind): SearchSpace {
    return this.settings.spaces[kind] ?? defaultSearchSpace(kind);
  }

  /** Replaces the edited space of `kind` (null restores the default). */
  setSpace(kind: ModelKind, space: SearchSpace | null): void {
    const spaces = { ...this.settings.spaces };
    if (space) spaces[kind] = space;
    else delete spaces[kind];
    this.settings.spaces = spaces;
  }

  /** Runs a search in the worker pool; a newer run or cancel stops this one. */
  async run(request: TuningRequest): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const { table, config, space, method, nTrials, seed, metric } = request;
    this.running = true;
    this.cancelled = false;
    this.error = null;
    this.trials = [];
    this.best = null;
    this.baseline = null;
    this.done = 0;
    this.total = plannedTrials(method, nTrials);
    this.model = config.model;
    this.metric = metric;
    this.method = method;
    const isCurrent = () => this.controller === controller;
    try {
      validateSearchSpace(space);
      const pool = mlPool();
      const evaluate: Evaluate = (params, budget, trialSignal) => pool.scoreTrial(table, config, params, budget, metric, trialSignal);
      const onTrial: TrialCallback = (trial, best, done, total) => {
        if (!isCurrent()) return;
        this.trials = [...this.trials, trial];
        this.best = best;
        this.done = done;
        this.total = total;
      };
      void pool.scoreTrial(table, config, {}, 1, metric, signal).then(
        (score) => isCurrent() && (this.baseline = score),
        () => undefined,
      );
      const concurrency = Math.max(1, pool.size);
      const result =
        method === 'random'
          ? await randomSearch(space, evaluate, { nTrials, seed, concurrency, signal, onTrial })
          : await successiveHalving(space, evaluate, { nCandidates: nTrials, seed, concurrency, signal, onTrial });
      if (!isCurrent()) return;
      this.best = result.best;
      const failed = result.trials.find((t) => t.error);
      if (!result.best && failed) this.error = `Every trial failed: ${failed.error}`;
    } catch (error) {
      if (isCurrent()) this.error = messageOf(error);
    } finally {
      if (isCurrent()) {
        this.running = false;
        this.controller = null;
      }
    }
  }

  /** Stops the search now (running trials are terminated); the best finished trial stays. */
  cancel(): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = null;
    this.running = false;
    this.cancelled = true;
  }

  /** Writes the best trial's params into the page's options of the tuned model (its next CV run uses them). */
  applyBest(): void {
    if (!this.best || !this.model) return;
    this.setup.modelOptions = { ...this.setup.modelOptions, [this.model]: { ...this.best.params } };
  }

  /** The options the page applies to `kind`, if any. */
  appliedTo(kind: ModelKind): Record<string, unknown> | undefined {
    return this.setup.modelOptions[kind];
  }

  /** Drops the page's options of `kind` (back to the model's defaults). */
  resetApplied(kind: ModelKind): void {
    const options = { ...this.setup.modelOptions };
    delete options[kind];
    this.setup.modelOptions = options;
  }
}

/** The Predict page's tuning. */
export const predictTuning = new TuningRun(predictSetup);
/** The Risk page's tuning. */
export const riskTuning = new TuningRun(riskSetup);
/** A page's tuning by page name. */
export const tuningOf: Record<'predict' | 'risk', TuningRun> = { predict: predictTuning, risk: riskTuning };
