/**
 * What the two model pages (Predict, Risk) share: the page's choices, the features offered and
 * chosen, the RunConfig of every model, and the runs on the pool: the models' cross-validations
 * (with the MLP's live loss), a learning curve, explanations, leakage checks, the with/without
 * comparison and tuning. Each run is a JobRun; its result belongs to the RunConfig it was made for.
 * A page in src/routes/ draws this state and calls its methods; it computes nothing itself.
 */
import type { ModelKind, Task } from '../ml/core/model';
import type { Table } from '../ml/core/table';
import type { CvResult } from '../ml/evaluation/cv/cross-validate';
import type { ModelExplanation } from '../ml/evaluation/explain/explain-fold';
import type { LabelSpec } from '../ml/labels/label';
import { chooseFeatures, defaultFeatureLimit, type FeatureChoice, type FeatureSelection } from '../ml/leakage/feature-choice';
import type { SuspicionFinding } from '../ml/leakage/suspicion';
import { dropsReferenceLevel } from '../ml/models/linear/reference-level';
import { modelInfo } from '../ml/models/registry';
import { planCategoricals, type CategoricalPlan } from '../ml/preprocess/encoding-plan';
import type { Collinearity } from '../ml/stats/collinearity';
import type { LearningCurveResult, CvEvent, CvJobConfig, SuspicionResult } from '../runs/jobs/model-jobs';
import { makeRunConfig, runKey, runsKey, type RunConfigOf } from '../runs/run-config';
import { pickRankMetric, rankMetricsFor, rankResults, type RankMetric } from '../ui/model/rank-metric';
import { appPool } from './app-pool';
import { recordedPool } from './recorded-pool';
import { dataset } from './dataset.svelte';
import { anyRunning, JobRun } from './job-run.svelte';
import { TuningRun } from './tuning.svelte';

/** Per-model options a page applies to its runs (e.g. the best settings of a tuning run). */
export type ModelOptionsByKind = Partial<Record<ModelKind, Record<string, unknown>>>;

/** A model whose run failed, and why. */
export interface ModelError {
  model: ModelKind;
  message: string;
}

/** Live training loss of a neural network (fold 1). */
export interface LossTrace {
  epoch: number[];
  loss: number[];
}

/** The cross-validations of a page's models: the results in order, the runs they belong to, the failures. */
export interface CvOutcome {
  results: CvResult[];
  /** The RunConfig of each result. */
  runs: RunConfigOf<'cv'>[];
  errors: ModelError[];
  /** The table they ran on. */
  table: Table;
}

/** The same cross-validation with and without the suspicious features. */
export interface WithWithout {
  with: CvResult;
  without: CvResult;
  suspects: string[];
}

/** The choices a model page keeps across navigation. */
export interface ModelSetup {
  /** null = the chooser's default features (every offered column but leaky ones). */
  features: string[] | null;
  models: ModelKind[];
  folds: number;
  seed: number;
  grouping: 'auto' | 'off';
  /** The model whose details are shown (null = the best). */
  selected: ModelKind | null;
  /** The metric results are ranked by (null = the task's default: R², ROC AUC or macro F1). */
  rankMetric: string | null;
  /** Options per model carried into every run (set by "Apply best settings" of tuning). */
  modelOptions: ModelOptionsByKind;
  /** Share of the rows held out as a test set, out of every fold and trial (0 = none). */
  testShare: number;
}

/** A page's first choices: the default features, these models, 5 folds, seed 0, duplicate grouping on. */
export function defaultModelSetup(models: ModelKind[]): ModelSetup {
  return { features: null, models, folds: 5, seed: 0, grouping: 'auto', selected: null, rankMetric: null, modelOptions: {}, testShare: 0 };
}

/** The runs and derived state of one model page. */
export abstract class ModelPage {
  /** The cross-validations of the chosen models. */
  readonly cv = new JobRun<CvOutcome>();
  /** The neural network's loss while it trains, by model. */
  loss = $state.raw<ReadonlyMap<ModelKind, LossTrace>>(new Map());
  readonly curve = new JobRun<LearningCurveResult>();
  readonly explain = new JobRun<ModelExplanation>();
  /** The leakage checks; `suspicionLive` holds the quick findings while the one-feature models run. */
  readonly suspicion = new JobRun<SuspicionResult>();
  suspicionLive = $state.raw<SuspicionResult | null>(null);
  readonly compare = new JobRun<WithWithout>();
  readonly tuning: TuningRun;

  abstract readonly setup: ModelSetup;
  abstract readonly task: Task;
  /** The table the models read (the label, if any, is built from its spec in the workers). */
  abstract readonly table: Table | null;
  /** The table with the label column, for the feature chooser and the encoding notes. */
  abstract readonly labelTable: Table | null;
  /** The target column (for a rule label: the label's column). */
  abstract readonly target: string;
  /** The label spec the runs carry, if the target is built. */
  abstract readonly label: LabelSpec | undefined;
  /** Columns the label is computed from. */
  abstract readonly labelReads: string[];
  /** Can the page run at all (a target and a usable label)? */
  abstract readonly isReady: boolean;
  /** Extra CV settings of the page (the Risk page's imbalance handling and positive class). */
  protected abstract cvExtras(): Partial<CvJobConfig>;
  /** Classes of the page's label before a result says (0 = regression or not known). */
  protected abstract classCountHint(): number;

  constructor() {
    this.tuning = new TuningRun(this);
  }

  selection = $derived.by((): FeatureSelection | null =>
    this.labelTable && this.target ? chooseFeatures(this.labelTable, { target: this.target, lineage: dataset.lineage, labelReads: this.labelReads, limit: defaultFeatureLimit }) : null,
  );
  /** Columns offered as features, each with its leak reason. */
  choices = $derived.by((): FeatureChoice[] => this.selection?.choices ?? []);
  /** The chosen features: the user's (those still offered), else the chooser's default. */
  chosen = $derived.by((): string[] => {
    const offered = new Set(this.choices.map((c) => c.name));
    return this.setup.features?.filter((f) => offered.has(f)) ?? this.selection?.features ?? [];
  });
  /** One CV config per chosen model. */
  configs = $derived.by((): CvJobConfig[] =>
    this.setup.models.map((model) => {
      const options = this.setup.modelOptions[model];
      return {
        target: this.target,
        task: this.task,
        model,
        features: [...this.chosen],
        folds: this.setup.folds,
        duplicateGrouping: this.setup.grouping,
        ...(this.setup.testShare ? { testShare: this.setup.testShare } : {}),
        ...(options && Object.keys(options).length ? { modelOptions: $state.snapshot(options) } : {}),
        ...(this.label ? { label: $state.snapshot(this.label) as LabelSpec } : {}),
        ...this.cvExtras(),
      };
    }),
  );
  /** The RunConfig of every chosen model's cross-validation. */
  runs = $derived.by(() => this.configs.map((config) => makeRunConfig('cv', config, { seed: this.setup.seed, data: dataset.fingerprint })));
  canRun = $derived.by(() => this.isReady && !!this.table && !!this.target && this.chosen.length > 0 && this.setup.models.length > 0);

  /** Classes of the results' label (else of the page's label; 0 for regression). */
  classCount = $derived.by((): number => this.cv.result?.results[0]?.classes?.length ?? this.classCountHint());
  /** The metrics results can be ranked by, the default first. */
  rankMetrics = $derived.by((): readonly RankMetric[] => rankMetricsFor(this.task, this.classCount));
  /** The metric results are ranked by: the user's choice, else R² (regression), ROC AUC (binary) or macro F1. */
  rankMetric = $derived.by((): RankMetric => pickRankMetric(this.task, this.classCount, this.setup.rankMetric));
  /** The metric tuning and learning curves score by: the ranking one, or the default where lower is better (RMSE, MAE). */
  metric = $derived.by((): string => (this.rankMetric.higherIsBetter ? this.rankMetric.key : this.rankMetrics[0].key));
  /** How the tuning and learning-curve metric reads. */
  metricLabel = $derived.by((): string => this.rankMetrics.find((m) => m.key === this.metric)?.label ?? this.metric);
  /** Results, best first by the ranking metric (out-of-fold means). */
  ranked = $derived.by((): CvResult[] => rankResults(this.cv.result?.results ?? [], this.rankMetric));
  best = $derived.by(() => this.ranked[0] ?? null);
  shown = $derived.by(() => this.ranked.find((r) => r.model === this.setup.selected) ?? this.best);
  /** The RunConfig of the shown result (explanations, curves and comparisons reuse it). */
  shownRun = $derived.by((): RunConfigOf<'cv'> | null => {
    const outcome = this.cv.result;
    const shown = this.shown;
    if (!outcome || !shown) return null;
    return outcome.runs[outcome.results.indexOf(shown)] ?? null;
  });
  /** The decision threshold chosen for one result (the threshold panel's slider); 0.5 for any other. */
  #threshold = $state.raw<{ result: CvResult; value: number } | null>(null);
  /** The shown binary model's decision threshold: what the threshold panel shows, Save model stores and the report counts at. */
  get threshold(): number {
    const chosen = this.#threshold;
    return chosen && chosen.result === this.shown ? chosen.value : 0.5;
  }
  /** Sets the shown model's decision threshold (kept until another model is shown or the page runs again). */
  setThreshold(value: number): void {
    if (!(value >= 0 && value <= 1)) return; // an empty or out-of-range field keeps the last threshold
    if (this.shown) this.#threshold = { result: this.shown, value };
  }
  /** Do the shown results belong to the current settings? */
  isStale = $derived.by(() => !!this.cv.result && this.cv.resultKey !== runsKey(this.runs));
  /** The leakage checks of the current target and features (the first model's config). */
  suspicionRun = $derived.by(() => {
    const config = this.configs[0];
    return config?.features?.length ? makeRunConfig('suspicion', { cv: $state.snapshot(config) as CvJobConfig }, { seed: this.setup.seed, data: dataset.fingerprint }) : null;
  });
  /** Findings of the checks of the current settings (live while the one-feature models run); none for other settings. */
  findings = $derived.by((): SuspicionFinding[] => {
    const key = this.suspicionRun ? runKey(this.suspicionRun) : null;
    if (key && this.suspicion.runningKey === key) return this.suspicionLive?.findings ?? [];
    return key && this.suspicion.isCurrent(key) ? (this.suspicion.result?.findings ?? []) : [];
  });
  /** Collinearity among the chosen features, made in a worker with the checks of the current settings (none until they arrive). */
  collinearity = $derived.by((): Collinearity => {
    const key = this.suspicionRun ? runKey(this.suspicionRun) : null;
    const checks = key && this.suspicion.runningKey === key ? this.suspicionLive : key && this.suspicion.isCurrent(key) ? this.suspicion.result : null;
    return checks?.collinearity ?? { pairs: [], highVif: [] };
  });
  /** Features to compare with: leaky ones left out, and chosen ones a check flagged (not ids, not duplicates). */
  suspects = $derived.by((): string[] => {
    const leftOut = this.choices.filter((c) => c.leak && !this.chosen.includes(c.name)).map((c) => c.name);
    const flagged = this.findings.filter((f) => f.column && f.check !== 'id-like' && this.chosen.includes(f.column)).map((f) => f.column);
    return [...new Set([...leftOut, ...flagged])];
  });
  /** How each chosen categorical is one-hot encoded: its levels, those with a column, those grouped into "Other". */
  encoding = $derived.by((): CategoricalPlan[] => (this.labelTable ? planCategoricals(this.labelTable, this.chosen) : []));
  /** The shown model's categoricals, with the reference level it drops (unpenalised linear models) or none. */
  shownEncoding = $derived.by((): CategoricalPlan[] => {
    const table = this.cv.result?.table;
    const shown = this.shown;
    if (!table || !shown?.coefficients) return [];
    const dropReferenceLevel = dropsReferenceLevel(shown.model, this.shownRun?.config.modelOptions);
    return planCategoricals(table, shown.features, { dropReferenceLevel, ...this.shownRun?.config.preprocess });
  });
  /** Is any computation of the page running (its root's aria-busy)? */
  busy = $derived.by(() => anyRunning(this.cv, this.curve, this.explain, this.suspicion, this.compare, this.tuning.job));

  /** Cross-validates every chosen model on the pool; a newer run or cancel stops this one. */
  run(): void {
    const table = this.table;
    if (!table || !this.canRun) return;
    const runs = $state.snapshot(this.runs) as RunConfigOf<'cv'>[];
    this.loss = new Map();
    const folds = runs.map((r) => r.config.folds ?? 5);
    void this.cv.start(runsKey(runs), async (handle) => {
      const fraction = new Float64Array(runs.length);
      const total = folds.reduce((s, f) => s + f, 0);
      // Each model's own progress ("Random forest: 2 of 5 folds done, 240 of 500 trees"), the unfinished ones in order.
      const notes = runs.map(() => '');
      const finished = runs.map(() => false);
      const note = () => runs.flatMap((run, m) => (finished[m] || !notes[m] ? [] : [`${modelInfo[run.config.model].label}: ${notes[m]}`])).join(' · ');
      handle.onProgress(0, total, `${runs.length} model${runs.length === 1 ? '' : 's'} × ${folds[0] ?? 5} folds`);
      const settled = await Promise.allSettled(
        runs.map((run, m) =>
          recordedPool({ findings: this.findings })
            .run(run, table, {
              signal: handle.signal,
              onProgress: (done, all, text) => {
                fraction[m] = all ? (done / all) * folds[m] : 0;
                if (text) notes[m] = text;
                handle.onProgress(fraction.reduce((s, v) => s + v, 0), total, note());
              },
              onEvent: (event: CvEvent) => {
                if (!handle.isCurrent() || event.fold !== 0) return;
                const model = run.config.model;
                const previous = this.loss.get(model) ?? { epoch: [], loss: [] };
                this.loss = new Map(this.loss).set(model, { epoch: [...previous.epoch, event.epoch], loss: [...previous.loss, event.loss] });
                notes[m] = `epoch ${event.epoch} of ${event.epochs}, loss ${event.loss.toPrecision(4)}`;
                handle.onProgress(fraction.reduce((s, v) => s + v, 0), total, note());
              },
            })
            .finally(() => {
              finished[m] = true;
              handle.onProgress(fraction.reduce((s, v) => s + v, 0), total, note());
            }),
        ),
      );
      const outcome: CvOutcome = { results: [], runs: [], errors: [], table };
      settled.forEach((s, m) => {
        if (s.status === 'fulfilled') {
          outcome.results.push(s.value);
          outcome.runs.push(runs[m]);
        } else if ((s.reason as { name?: string } | null)?.name !== 'AbortError') {
          outcome.errors.push({ model: runs[m].config.model, message: (s.reason as Error)?.message ?? String(s.reason) });
        }
      });
      return outcome;
    });
  }

  /** The learning curve of the shown model. */
  runLearningCurve(): void {
    const base = this.shownRun;
    const table = this.cv.result?.table;
    if (!base || !table) return;
    const run = makeRunConfig('learning-curve', { cv: base.config, metric: this.metric }, { seed: base.seed, data: base.data });
    void this.curve.start(runKey(run), (h) => appPool().run(run, table, { signal: h.signal, onProgress: h.onProgress }));
  }

  /** The explanation run of the shown model, or null. */
  explainRun = $derived.by(() => (this.shownRun ? makeRunConfig('explain', { cv: this.shownRun.config }, { seed: this.shownRun.seed, data: this.shownRun.data }) : null));

  /** Explains the shown model (permutation importance, TreeSHAP, partial dependence on out-of-fold rows). */
  runExplain(): void {
    const run = this.explainRun;
    const table = this.cv.result?.table;
    if (!run || !table) return;
    void this.explain.start(runKey(run), (h) => appPool().run(run, table, { signal: h.signal, onProgress: h.onProgress }));
  }

  /** The shown model's cross-validation with and without the suspicious features. */
  runCompare(): void {
    const base = this.shownRun;
    const table = this.cv.result?.table;
    if (!base || !table) return;
    const suspects = [...this.suspects];
    const features = base.config.features ?? [];
    const without = features.filter((f) => !suspects.includes(f));
    const withThem = [...without, ...suspects];
    const runOf = (list: string[]) => makeRunConfig('cv', { ...base.config, features: list }, { seed: base.seed, data: base.data });
    void this.compare.start(runKey(runOf(withThem)) + runKey(runOf(without)), async (h) => {
      if (!without.length) throw new Error('Every feature is suspicious: nothing is left to compare against');
      const [a, b] = await Promise.all([appPool().run(runOf(withThem), table, { signal: h.signal }), appPool().run(runOf(without), table, { signal: h.signal })]);
      return { with: a, without: b, suspects };
    });
  }

  /** Runs the leakage checks of the current settings, unless they are shown or under way. */
  checkSuspicions(): void {
    const table = this.table;
    const run = this.suspicionRun;
    if (!table || !run) return;
    const key = runKey(run);
    if (this.suspicion.runningKey === key || (this.suspicion.resultKey === key && !this.suspicion.running)) return;
    this.suspicionLive = null;
    void this.suspicion.start(key, (h) =>
      appPool().run(run, table, {
        signal: h.signal,
        onEvent: (quick) => {
          if (h.isCurrent()) this.suspicionLive = quick;
        },
      }),
    );
  }

  #loaded: unknown = undefined;

  /** Called with the loaded file whenever the page shows: another file's results say nothing about this one. */
  follow(loaded: unknown): void {
    if (loaded === this.#loaded) return;
    if (this.#loaded !== undefined) {
      this.clear();
      this.setup.features = null;
      this.setup.selected = null;
    }
    this.#loaded = loaded;
    this.fitLabelTo();
  }

  /** Makes the page's label fit a new file (the Risk page's rules name its columns). */
  protected fitLabelTo(): void {}

  /** Ranks the results by another metric (a key of `rankMetrics`). */
  setRankMetric(key: string): void {
    this.setup.rankMetric = key;
  }

  /** A new file: forget every result. */
  clear(): void {
    for (const run of [this.cv, this.curve, this.explain, this.suspicion, this.compare]) run.clear();
    this.loss = new Map();
  }
}
