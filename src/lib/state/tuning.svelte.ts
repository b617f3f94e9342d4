/**
 * A model page's hyperparameter tuning: the 'tune' job on the pool (a new search aborts the previous
 * one), its trials shown live as they finish, cancel that keeps the best finished trial, and "apply
 * best" that writes the winner into the page's per-model options.
 */
import type { ModelKind } from '../ml/core/model';
import type { Trial } from '../ml/evaluation/tuning/run-trials';
import { defaultSearchSpace, validateSearchSpace, type SearchSpace } from '../ml/evaluation/tuning/search-space';
import { defaultSuccessiveHalvingOptions, halvingSchedule } from '../ml/evaluation/tuning/successive-halving';
import type { Table } from '../ml/core/table';
import type { TuneEvent, TuneResult } from '../runs/jobs/model-jobs';
import { makeRunConfig, runKey, type RunConfigOf } from '../runs/run-config';
import { recordedPool } from './recorded-pool';
import { JobRun } from './job-run.svelte';

/** Random search or successive halving. */
export type TuningMethod = 'random' | 'halving';

/** The panel's choices (kept across navigation). */
export interface TuningSettings {
  model: ModelKind | null;
  method: TuningMethod;
  /** Random search: trials; successive halving: candidates of the first round. */
  nTrials: number;
  /** Seed of the points drawn. */
  seed: number;
  /** Edited search spaces by model; a model without one uses its default space. */
  spaces: Partial<Record<ModelKind, SearchSpace>>;
}

/** Trials a search plans: nTrials for random search, the sum over rounds for successive halving. */
export function plannedTrials(method: TuningMethod, nTrials: number): number {
  if (method === 'random') return nTrials;
  const { minBudget, maxBudget, eta } = defaultSuccessiveHalvingOptions;
  return halvingSchedule(nTrials, minBudget, maxBudget, eta).reduce((s, r) => s + Math.min(r.candidates, nTrials), 0);
}

/** What tuning needs of its page: the table, the CV run of each model, and the per-model options "apply best" writes. */
export interface TunedPage {
  readonly table: Table | null;
  readonly runs: readonly RunConfigOf<'cv'>[];
  readonly metric: string;
  readonly setup: { modelOptions: Partial<Record<ModelKind, Record<string, unknown>>> };
}

/** One page's tuning state. */
export class TuningRun {
  settings = $state<TuningSettings>({ model: null, method: 'random', nTrials: 12, seed: 0, spaces: {} });
  readonly job = new JobRun<TuneResult>();
  /** Finished trials in the order they finished (live while the search runs, kept when it is stopped). */
  trials = $state.raw<Trial[]>([]);
  /** Best finished trial (largest budget first). */
  best = $state.raw<Trial | null>(null);
  /** CV score of the model with its default options, for comparison. */
  baseline = $state<number | null>(null);
  /** Model, metric and method the shown trials belong to. */
  model = $state<ModelKind | null>(null);
  metric = $state('');
  method = $state<TuningMethod>('random');
  running = $derived(this.job.running);
  done = $derived(this.job.done);
  total = $derived(this.job.total);
  cancelled = $derived(this.job.status === 'cancelled');
  error = $derived(this.job.error);
  readonly #page: TunedPage;

  /** @param page the page whose runs are tuned and whose per-model options "apply best" writes */
  constructor(page: TunedPage) {
    this.#page = page;
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

  /** The 'tune' run of `kind` with the current settings, or null when the page has no run of it. */
  runFor(kind: ModelKind): RunConfigOf<'tune'> | null {
    const cv = this.#page.runs.find((r) => r.config.model === kind);
    if (!cv) return null;
    const { method, nTrials, seed } = this.settings;
    // Trials and the baseline start from the model's defaults, not from options applied before.
    const { modelOptions: _applied, ...base } = cv.config;
    const config = { cv: base, space: $state.snapshot(this.spaceOf(kind)) as SearchSpace, method, nTrials, metric: this.#page.metric, searchSeed: seed };
    return makeRunConfig('tune', $state.snapshot(config) as typeof config, { seed: cv.seed, data: cv.data });
  }

  /** Searches `kind`'s options on the pool; a newer search or cancel stops this one (the finished trials stay). */
  start(kind: ModelKind): void {
    const run = this.runFor(kind);
    const table = this.#page.table;
    if (!run || !table) return;
    validateSearchSpace(run.config.space);
    this.trials = [];
    this.best = null;
    this.baseline = null;
    this.model = kind;
    this.metric = run.config.metric;
    this.method = run.config.method;
    void this.job.start(runKey(run), async (h) => {
      h.onProgress(0, plannedTrials(run.config.method, run.config.nTrials));
      const result = await recordedPool().run(run, table, {
        signal: h.signal,
        onProgress: h.onProgress,
        onEvent: (event: TuneEvent) => {
          if (!h.isCurrent()) return;
          if (event.kind === 'baseline') this.baseline = event.score;
          else {
            this.trials = [...this.trials, event.trial];
            this.best = event.best;
          }
        },
      });
      this.best = result.best;
      const failed = result.trials.find((t) => t.error);
      if (!result.best && failed) throw new Error(`Every trial failed: ${failed.error}`);
      return result;
    });
  }

  /** Stops the search now (running trials are terminated); the best finished trial stays. */
  cancel(): void {
    this.job.cancel();
  }

  /** Writes the best trial's params into the page's options of the tuned model (its next CV run uses them). */
  applyBest(): void {
    if (!this.best || !this.model) return;
    this.#page.setup.modelOptions = { ...this.#page.setup.modelOptions, [this.model]: { ...this.best.params } };
  }

  /** The options the page applies to `kind`, if any. */
  appliedTo(kind: ModelKind): Record<string, unknown> | undefined {
    return this.#page.setup.modelOptions[kind];
  }

  /** Drops the page's options of `kind` (back to the model's defaults). */
  resetApplied(kind: ModelKind): void {
    const options = { ...this.#page.setup.modelOptions };
    delete options[kind];
    this.#page.setup.modelOptions = options;
  }
}
