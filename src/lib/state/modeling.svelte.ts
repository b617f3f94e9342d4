/**
 * A page's model run: several models cross-validated at once through the shared worker pool, with
 * progress, live MLP loss, cancel (terminates the workers) and "latest run wins". Results are
 * `$state.raw` and replaced whole. Also the learning curve of one model, computed in the pool.
 */
import type { CvConfig, CvResult } from '../ml/evaluation/cv/cross-validate';
import { summariseLearningCurve, defaultLearningCurveOptions, type LearningCurvePoint, type LearningCurveRow } from '../ml/evaluation/learning-curve';
import type { ModelKind } from '../ml/core/model';
import type { Table } from '../ml/core/table';
import { MlPool } from '../workers/pool';

let sharedPool: MlPool | null = null;

/** The app's one ML worker pool, made on first use. */
export function mlPool(): MlPool {
  sharedPool ??= new MlPool();
  return sharedPool;
}

/** A model that failed, and why. */
export interface ModelError {
  model: ModelKind;
  message: string;
}

/** Live training loss of a neural network (fold 1), one entry per progress note. */
export interface LossTrace {
  epoch: number[];
  loss: number[];
}

/** A learning curve of one model. */
export interface LearningCurveResult {
  model: ModelKind;
  metric: string;
  rows: LearningCurveRow[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

/** Per-model options a page applies to its runs (e.g. the best settings of a tuning run). */
export type ModelOptionsByKind = Partial<Record<ModelKind, Record<string, unknown>>>;

/** One page's runs (Predict or Risk). */
export class ModelingRun {
  running = $state(false);
  /** Folds done (fractional) over all models. */
  done = $state(0);
  total = $state(1);
  note = $state('');
  results = $state.raw<CvResult[]>([]);
  errors = $state.raw<ModelError[]>([]);
  /** MLP loss while it trains, by model. */
  loss = $state.raw<Partial<Record<ModelKind, LossTrace>>>({});
  /** The table the results were computed on (for labels and rows of the plots). */
  table = $state.raw<Table | null>(null);
  curve = $state.raw<LearningCurveResult | null>(null);
  curveRunning = $state(false);
  curveError = $state<string | null>(null);
  private controller: AbortController | null = null;
  private curveController: AbortController | null = null;

  private readonly modelOptionsOf: () => ModelOptionsByKind;

  /** @param modelOptionsOf the page's per-model options, merged under each config's own modelOptions */
  constructor(modelOptionsOf: () => ModelOptionsByKind = () => ({})) {
    this.modelOptionsOf = modelOptionsOf;
  }

  /** `config` with the page's options for its model (a plain copy: state proxies cannot cross to a worker). */
  private withModelOptions(config: CvConfig): CvConfig {
    const options = $state.snapshot(this.modelOptionsOf()[config.model]);
    return options && Object.keys(options).length ? { ...config, modelOptions: { ...options, ...config.modelOptions } } : config;
  }

  /** Cross-validates every config (one per model) in the pool; a newer run or cancel stops this one. */
  async run(table: Table, pageConfigs: CvConfig[]): Promise<void> {
    this.cancel();
    const configs = pageConfigs.map((c) => this.withModelOptions(c));
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const folds = configs.map((c) => c.folds ?? 5);
    const fraction = new Float64Array(configs.length);
    this.running = true;
    this.done = 0;
    this.total = folds.reduce((s, f) => s + f, 0);
    this.note = `${configs.length} model${configs.length === 1 ? '' : 's'} × ${folds[0] ?? 5} folds`;
    this.errors = [];
    this.loss = {};
    this.curve = null;
    const pool = mlPool();
    // Each label rule makes a new table: let the workers forget the previous one.
    if (this.table && this.table !== table) pool.dropData(pool.setData(this.table));
    const settled = await Promise.allSettled(
      configs.map((config, m) =>
        pool.crossValidate(table, config, {
          signal,
          onProgress: (done) => {
            if (signal.aborted) return;
            fraction[m] = done;
            this.done = fraction.reduce((s, v) => s + v, 0);
          },
          onFoldNote: (fold, epoch, epochs, note) => {
            if (signal.aborted || fold !== 0) return;
            const loss = /loss ([-\d.e+]+)/.exec(note);
            if (!loss) return;
            const previous = this.loss[config.model] ?? { epoch: [], loss: [] };
            this.loss = { ...this.loss, [config.model]: { epoch: [...previous.epoch, epoch], loss: [...previous.loss, Number(loss[1])] } };
            this.note = `${config.model}: epoch ${epoch} of ${epochs}, ${note}`;
          },
        }),
      ),
    );
    if (signal.aborted || this.controller !== controller) return;
    const results: CvResult[] = [];
    const errors: ModelError[] = [];
    settled.forEach((s, m) => {
      if (s.status === 'fulfilled') results.push(s.value);
      else if (!isAbort(s.reason)) errors.push({ model: configs[m].model, message: messageOf(s.reason) });
    });
    this.table = table;
    this.results = results;
    this.errors = errors;
    this.done = this.total;
    this.running = false;
    this.controller = null;
  }

  /** Stops the run now: queued folds are dropped and running workers terminated. */
  cancel(): void {
    this.controller?.abort();
    this.controller = null;
    this.running = false;
    this.note = '';
  }

  /** The learning curve of `config`'s model (each fold × fraction a pool task). */
  async runLearningCurve(table: Table, pageConfig: CvConfig, metric: string, fractions = defaultLearningCurveOptions.fractions): Promise<void> {
    this.curveController?.abort();
    const config = this.withModelOptions(pageConfig);
    const controller = new AbortController();
    this.curveController = controller;
    const { signal } = controller;
    this.curveRunning = true;
    this.curveError = null;
    const pool = mlPool();
    const k = config.folds ?? 5;
    const tasks: Promise<LearningCurvePoint>[] = [];
    for (const fraction of fractions) {
      for (let f = 0; f < k; f++) tasks.push(pool.runOnData(table, (api, id) => api.learningCurvePoint(id, config, f, fraction, config.seed ?? 0), signal));
    }
    try {
      const points = await Promise.all(tasks);
      if (signal.aborted) return;
      this.curve = { model: config.model, metric, rows: summariseLearningCurve(points, metric) };
    } catch (error) {
      if (!signal.aborted && !isAbort(error)) this.curveError = messageOf(error);
    } finally {
      if (this.curveController === controller) {
        this.curveRunning = false;
        this.curveController = null;
      }
    }
  }

  /** Stops a running learning curve. */
  cancelLearningCurve(): void {
    this.curveController?.abort();
    this.curveController = null;
    this.curveRunning = false;
  }
}

/** The Predict page's runs. */
export const predictRun = new ModelingRun(() => predictSetup.modelOptions);
/** The Risk page's runs. */
export const riskRun = new ModelingRun(() => riskSetup.modelOptions);

/** The Predict page's choices (kept across navigation). */
export const predictSetup = $state({
  target: 'purchase_amount',
  /** null = the default features of the target (every offered column but leaky ones). */
  features: null as string[] | null,
  models: ['linear', 'ridge', 'rf', 'gbm'] as ModelKind[],
  folds: 5,
  seed: 0,
  grouping: 'auto' as 'auto' | 'off',
  selected: null as ModelKind | null,
  /** Options per model carried into every run (set by "Apply best settings" of tuning). */
  modelOptions: {} as ModelOptionsByKind,
});

/** The Risk page's choices (kept across navigation). */
export const riskSetup = $state({
  /** 'rules' = a label built from rules; otherwise the name of an existing label column. */
  labelSource: 'rules',
  rules: [{ column: 'loyalty_score', operator: '<', value: 5 }] as import('../ml/labels/label-rules').LabelRule[],
  combine: 'and' as 'and' | 'or',
  positive: '',
  features: null as string[] | null,
  models: ['logistic', 'rf', 'gbm'] as ModelKind[],
  imbalance: 'none' as 'none' | 'balanced-weights' | 'smote',
  folds: 5,
  seed: 0,
  grouping: 'auto' as 'auto' | 'off',
  selected: null as ModelKind | null,
  /** Options per model carried into every run (set by "Apply best settings" of tuning). */
  modelOptions: {} as ModelOptionsByKind,
});
