/**
 * Job kinds of the model pages: cross-validation, learning curve, explanations, leakage checks and
 * hyperparameter search. Each only coordinates: its folds, points or trials are parts that run on
 * the pool's workers (or one after another in Node), each worker preparing the folds once.
 */
import { isAbortError } from '../../ml/core/abort';
import type { ProgressValues } from '../../ml/core/model';
import type { Table } from '../../ml/core/table';
import { combineFolds, defaultCvConfig, planOf, prepareCv, runFold, type CvConfig, type CvPlan, type CvResult, type FoldResult, type PreparedCv } from '../../ml/evaluation/cv/cross-validate';
import { scoreHoldout, type HoldoutScore } from '../../ml/evaluation/cv/holdout';
import { combineExplanations, explainFold, type ExplainOptions, type FoldExplanation, type ModelExplanation } from '../../ml/evaluation/explain/explain-fold';
import { defaultLearningCurveOptions, learningCurvePoint, summariseLearningCurve, type LearningCurvePoint, type LearningCurveRow } from '../../ml/evaluation/learning-curve';
import { randomSearch } from '../../ml/evaluation/tuning/random-search';
import type { Evaluate, SearchResult, Trial } from '../../ml/evaluation/tuning/run-trials';
import type { Params, SearchSpace } from '../../ml/evaluation/tuning/search-space';
import { successiveHalving } from '../../ml/evaluation/tuning/successive-halving';
import { scoreTrial } from '../../ml/evaluation/tuning/trial-score';
import { applyLabel, type LabelSpec } from '../../ml/labels/label';
import { collinearityOf, type Collinearity } from '../../ml/stats/collinearity';
import { labelInputReason } from '../../ml/leakage/feature-choice';
import { defaultSuspicionOptions, quickSuspicions, singleFeatureFindings, type QuickSuspicions, type SuspicionFinding } from '../../ml/leakage/suspicion';
import type { AnyJobContext, JobContext, PartContext } from '../job-context';
import { defineJob } from '../job-spec';
import { stableJson } from '../stable-json';
import { chunkCount, treeRanges, type ForestChunk, type TreeRange } from './forest-chunks';

/** A cross-validation run as a job describes it: the CV settings (the seed is the run's) and, for a classification label, how it is built. */
export type CvJobConfig = Omit<CvConfig, 'seed'> & {
  /** Build the target first (a rule label, or a column with its positive class); `target` is then the label's column. */
  label?: LabelSpec;
  /**
   * Send back the metrics only, without the out-of-fold rows and curves (the leakage checks' one-feature
   * runs: their rows would cross to the page a few MB a run, for nothing, and make its garbage collector pause).
   */
  metricsOnly?: boolean;
  /** Checks the page makes on its own (the leakage checks' one-feature runs): their parts wait behind those of runs the user started. */
  background?: boolean;
};

/** The table with the run's label, and the CV config that reads it. */
function labelled(table: Table, config: CvJobConfig, memo: PartContext['memo']): { table: Table; config: Omit<CvConfig, 'seed'> } {
  const { label, metricsOnly: _metricsOnly, background: _background, ...cv } = config;
  if (!label) return { table, config: cv };
  const applied = memo(`label ${stableJson(label)}`, () => applyLabel(table, label));
  // The columns the label reads are never features; the result says why they are left out.
  const listed = new Set((cv.exclusions ?? []).map((e) => e.column));
  const exclusions = [...(cv.exclusions ?? []), ...applied.reads.filter((c) => !listed.has(c)).map((column) => ({ column, reason: labelInputReason }))];
  return { table: applied.table, config: { ...cv, target: applied.target, positive: cv.positive ?? applied.positive, ...(exclusions.length ? { exclusions } : {}) } };
}

/** The prepared folds of `config` on this thread's copy of the table, made once per config and seed. */
function preparedOf(table: Table, config: CvJobConfig, ctx: PartContext): PreparedCv {
  return ctx.memo(`cv ${ctx.seed} ${stableJson(config)}`, () => {
    const run = labelled(table, config, ctx.memo);
    return prepareCv(run.table, { ...run.config, seed: ctx.seed });
  });
}

/** Folds a config draws: one for a holdout split, `folds × repeats` for repeated k-fold, else `folds`. */
async function foldCountOf(config: CvJobConfig, ctx: AnyJobContext): Promise<number> {
  // Repeated k-fold falls back to k folds when duplicates are grouped, which only the data can tell.
  if (config.splitter === 'repeated') return (await ctx.part<CvPlan>('plan', { config })).foldCount;
  if (config.splitter === 'holdout' && config.groupColumn === undefined) return 1;
  return config.folds ?? defaultCvConfig.folds;
}

/** Runs `count` parts at once with their progress summed into the job's (units: parts). */
function partsWithProgress<T>(ctx: AnyJobContext, count: number, note: string, start: (index: number, onProgress: (done: number, total: number, values?: ProgressValues) => void) => Promise<T>): Promise<T[]> {
  const fraction = new Float64Array(count);
  const report = (values?: ProgressValues) => ctx.onProgress?.(fraction.reduce((s, v) => s + v, 0), count, note, values);
  report();
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      start(i, (done, total, values) => {
        fraction[i] = total ? Math.min(1, done / total) : 0;
        report(values);
      }).then((result) => {
        fraction[i] = 1;
        report();
        return result;
      }),
    ),
  );
}

/** One fold's result, with the plan of the run from fold 0. */
interface FoldOutcome {
  result: FoldResult;
  plan?: CvPlan;
}

/** A neural network's training loss in one fold, as it trains. */
export interface CvEvent {
  fold: number;
  epoch: number;
  epochs: number;
  loss: number;
  validationLoss?: number;
}

/** A cross-validation's result, with the held-out test set's metrics when the run kept one (`testShare`). */
export type CvJobResult = CvResult & { test?: HoldoutScore };

/** `result` without its out-of-fold rows, curves and threshold curve (empty arrays in their place). */
function withoutRows(result: CvResult): CvResult {
  const { curves: _curves, threshold: _threshold, ...rest } = result;
  return { ...rest, oof: { rows: new Int32Array(0), fold: new Int32Array(0), yTrue: new Float64Array(0), predictions: new Float64Array(0) } };
}

/** Per-fold progress of a cross-validation: folds finished, and the trees (or other units) of the folds under way. */
class FoldProgress {
  readonly #done: Float64Array;
  readonly #totals: Float64Array;
  readonly #finished: Uint8Array;
  constructor(
    readonly count: number,
    readonly unit: string | null,
    readonly report: (fraction: number, note: string, values?: ProgressValues) => void,
  ) {
    this.#done = new Float64Array(count);
    this.#totals = new Float64Array(count);
    this.#finished = new Uint8Array(count);
  }

  /** Fold `fold` has done `done` of `total` units (a forest split in chunks: the sum over its chunks). */
  set(fold: number, done: number, total: number, values?: ProgressValues): void {
    this.#done[fold] = done;
    this.#totals[fold] = total;
    this.send(values);
  }

  /** Fold `fold` is finished. */
  finish(fold: number): void {
    this.#finished[fold] = 1;
    if (this.#totals[fold]) this.#done[fold] = this.#totals[fold];
    this.send();
  }

  /** Sends the job's progress (units: folds) and its note, e.g. "2 of 5 folds done, 240 of 500 trees". */
  send(values?: ProgressValues): void {
    let fraction = 0;
    let finished = 0;
    let units = 0;
    let all = 0;
    // A fold not started yet counts the units of the others (every fold fits the same model).
    const typical = Math.max(0, ...this.#totals);
    for (let f = 0; f < this.count; f++) {
      finished += this.#finished[f];
      fraction += this.#finished[f] ? 1 : this.#totals[f] ? Math.min(1, this.#done[f] / this.#totals[f]) : 0;
      units += this.#done[f];
      all += this.#totals[f] || typical;
    }
    const tail = this.unit && all ? `, ${Math.round(units)} of ${Math.round(all)} ${this.unit}` : '';
    this.report(fraction, `${finished} of ${this.count} folds done${tail}`, values);
  }
}

/** How a forest's folds are split into chunks of trees on the pool (one chunk: the fold runs whole). */
async function forestPlan(config: CvJobConfig, count: number, concurrency: number): Promise<{ trees: number; ranges: TreeRange[] }> {
  // Background runs (the leakage checks) come many at once: their folds alone keep every worker busy.
  if (config.model !== 'rf' || concurrency <= 1 || config.background) return { trees: 0, ranges: [] };
  const { defaultRandomForestOptions } = await import('../../ml/models/tree/forest');
  const trees = Number(config.modelOptions?.nEstimators ?? defaultRandomForestOptions.nEstimators);
  if (!Number.isInteger(trees) || trees < 1) return { trees: 0, ranges: [] };
  const chunks = chunkCount(trees, concurrency, count);
  return { trees, ranges: chunks > 1 ? treeRanges(trees, chunks) : [] };
}

/** Queue priorities of a CV's parts: a fold's merge first (it frees its chunks), then folds that run whole, then chunks of trees. */
const mergePriority = 2;
const foldPriority = 1;
const chunkPriority = 0;
/** Added to a background run's priorities: below every part of a run the user started. */
const backgroundShift = -10;
/** Numbers the forest CVs run from this page, to name their folds' groups of chunks. */
let nextForestRun = 0;

/** 'cv': cross-validates one model; its folds run in parallel (and the held-out test set's fit beside them); a random forest's folds in chunks of trees. */
export const cvJob = defineJob({
  title: 'cross-validate a model',
  input: 'table',
  runsOn: 'page',
  async run(_table: Table, config: CvJobConfig, ctx: JobContext<CvEvent>): Promise<CvJobResult> {
    const started = performance.now();
    const count = await foldCountOf(config, ctx);
    const tested = config.testShare ? ctx.part<HoldoutScore>('test', { config }, { priority: foldPriority + (config.background ? backgroundShift : 0) }) : Promise.resolve(undefined);
    const forest = await forestPlan(config, count, ctx.concurrency);
    const shift = config.background ? backgroundShift : 0;
    const unit = config.model === 'rf' || config.model === 'gbm' ? 'trees' : null;
    const progress = new FoldProgress(count, unit, (fraction, note, values) => ctx.onProgress?.(fraction, count, note, values));
    progress.send();
    const runWhole = (fold: number) =>
      ctx.part<FoldOutcome>(
        'fold',
        { config, fold },
        {
          priority: foldPriority + shift,
          onProgress: (done, total, _note, values) => {
            progress.set(fold, done, total, values);
            if (values?.loss !== undefined) ctx.onEvent?.({ fold, epoch: done, epochs: total, loss: values.loss, ...(values.validationLoss === undefined ? {} : { validationLoss: values.validationLoss }) });
          },
        },
      );
    // A fold's chunks share its data (pipeline, test rows, binned features), which a worker makes
    // once and keeps for its last two folds: the pool gives a worker the chunks of its folds
    // (`group`), and the first chunks of every fold are queued first, so the workers start on
    // different folds.
    const run = nextForestRun++;
    const treesDone = Array.from({ length: count }, () => new Float64Array(forest.ranges.length));
    const chunkParts = Array.from({ length: count }, () => new Array<Promise<ForestChunk>>(forest.ranges.length));
    forest.ranges.forEach((range, c) => {
      for (let fold = 0; fold < count; fold++) {
        chunkParts[fold][c] = ctx.part<ForestChunk>('trees', { config, fold, ...range }, {
          priority: chunkPriority + shift,
          group: `forest ${run} fold ${fold}`,
          onProgress: (done) => {
            treesDone[fold][c] = done;
            progress.set(fold, treesDone[fold].reduce((s, v) => s + v, 0), forest.trees);
          },
        });
        // Awaited with the fold's other chunks below; a cancel must not leave this one unhandled meanwhile.
        chunkParts[fold][c].catch(() => undefined);
      }
    });
    const runInChunks = async (fold: number): Promise<FoldOutcome> => {
      const chunks = await Promise.all(chunkParts[fold]);
      return ctx.part<FoldOutcome>('forest-fold', { config, fold, chunks, trees: forest.trees }, { priority: mergePriority + shift, transferArgs: true });
    };
    const folds = Promise.all(
      Array.from({ length: count }, (_, fold) =>
        (forest.ranges.length ? runInChunks(fold) : runWhole(fold)).then((outcome) => {
          progress.finish(fold);
          return outcome;
        }),
      ),
    );
    // A cancel rejects every fold; only the first rejection is awaited, the others must not reach the page as uncaught.
    folds.catch(() => undefined);
    const [outcomes, test] = await Promise.all([folds, tested]);
    const plan = outcomes.find((o) => o.plan)?.plan;
    if (!plan) throw new Error('No fold returned the plan of the run');
    if (plan.foldCount !== count) throw new Error(`The splitter drew ${plan.foldCount} folds, not ${count}`);
    // Pooled metrics and curves sort every out-of-fold row: a worker does it, not the page.
    const result = await ctx.part<CvResult>('combine', { plan, folds: outcomes.map((o) => o.result), seconds: (performance.now() - started) / 1000, metricsOnly: config.metricsOnly }, { transferArgs: true, priority: mergePriority + shift });
    return test ? { ...result, test } : result;
  },
  parts: {
    plan: (table: Table, args: { config: CvJobConfig }, ctx: PartContext): CvPlan => planOf(preparedOf(table, args.config, ctx)),
    async fold(table: Table, args: { config: CvJobConfig; fold: number }, ctx: PartContext): Promise<FoldOutcome> {
      const prepared = preparedOf(table, args.config, ctx);
      const result = await runFold(prepared, args.fold, ctx.onProgress);
      return args.fold === 0 ? { result, plan: planOf(prepared) } : { result };
    },
    /** Trees [treeOffset, treeOffset + nEstimators) of a fold's forest, read on the fold's test rows. */
    async trees(table: Table, args: { config: CvJobConfig; fold: number } & TreeRange, ctx: PartContext): Promise<ForestChunk> {
      const prepared = preparedOf(table, args.config, ctx);
      const { foldData, foldDataOf, fitForestChunk } = await import('./forest-chunk-fit');
      const data = await foldDataOf(table, `${ctx.seed} ${args.fold} ${stableJson(args.config)}`, () => foldData(prepared, args.fold));
      return fitForestChunk(data, { treeOffset: args.treeOffset, nEstimators: args.nEstimators }, ctx.onProgress);
    },
    /** A fold's result from every chunk of its forest (what the `fold` part returns for the whole forest). */
    async 'forest-fold'(table: Table, args: { config: CvJobConfig; fold: number; chunks: ForestChunk[]; trees: number }, ctx: PartContext): Promise<FoldOutcome> {
      const prepared = preparedOf(table, args.config, ctx);
      const { forestFoldResult } = await import('./forest-chunk-fit');
      const result = forestFoldResult(prepared, args.fold, args.chunks, args.trees);
      return args.fold === 0 ? { result, plan: planOf(prepared) } : { result };
    },
    combine: (_table: Table, args: { plan: CvPlan; folds: FoldResult[]; seconds: number; metricsOnly?: boolean }): CvResult => {
      const result = combineFolds(args.plan, args.folds, args.seconds);
      return args.metricsOnly ? withoutRows(result) : result;
    },
    test: (table: Table, args: { config: CvJobConfig }, ctx: PartContext): Promise<HoldoutScore> => scoreHoldout(preparedOf(table, args.config, ctx), ctx.onProgress),
  },
});

/** A learning curve of one model. */
export interface LearningCurveResult {
  model: CvConfig['model'];
  metric: string;
  rows: LearningCurveRow[];
}

/** 'learning-curve': the CV score when each training fold keeps 10 %..100 % of its rows. */
export const learningCurveJob = defineJob({
  title: 'draw a learning curve',
  input: 'table',
  runsOn: 'page',
  async run(_table: Table, config: { cv: CvJobConfig; metric: string; fractions?: number[] }, ctx): Promise<LearningCurveResult> {
    const fractions = config.fractions ?? defaultLearningCurveOptions.fractions;
    const folds = await foldCountOf(config.cv, ctx);
    const jobs = fractions.flatMap((fraction) => Array.from({ length: folds }, (_, fold) => ({ fraction, fold })));
    const points = await partsWithProgress(ctx, jobs.length, `${jobs.length} fits`, (i) => ctx.part<LearningCurvePoint>('point', { config: config.cv, ...jobs[i] }));
    return { model: config.cv.model, metric: config.metric, rows: summariseLearningCurve(points, config.metric) };
  },
  parts: {
    point: (table: Table, args: { config: CvJobConfig; fold: number; fraction: number }, ctx: PartContext) =>
      learningCurvePoint(preparedOf(table, args.config, ctx), args.fold, args.fraction, ctx.seed),
  },
});

/** 'explain': permutation importance, TreeSHAP and partial dependence on out-of-fold rows, per fold in parallel. */
export const explainJob = defineJob({
  title: 'explain a model',
  input: 'table',
  runsOn: 'page',
  async run(_table: Table, config: { cv: CvJobConfig; options?: Partial<ExplainOptions> }, ctx): Promise<ModelExplanation> {
    const started = performance.now();
    const count = await foldCountOf(config.cv, ctx);
    const folds = await partsWithProgress(ctx, count, `${count} folds`, (fold) =>
      ctx.part<{ explanation: FoldExplanation; plan?: CvPlan }>('fold', { config: config.cv, fold, options: config.options ?? {} }),
    );
    const plan = folds.find((f) => f.plan)?.plan;
    if (!plan) throw new Error('No fold returned the plan of the run');
    return ctx.part<ModelExplanation>('combine', { plan, folds: folds.map((f) => f.explanation), seconds: (performance.now() - started) / 1000 }, { transferArgs: true });
  },
  parts: {
    async fold(table: Table, args: { config: CvJobConfig; fold: number; options: Partial<ExplainOptions> }, ctx: PartContext) {
      const prepared = preparedOf(table, args.config, ctx);
      const explanation = await explainFold(prepared, args.fold, args.options);
      return args.fold === 0 ? { explanation, plan: planOf(prepared) } : { explanation };
    },
    combine: (_table: Table, args: { plan: CvPlan; folds: FoldExplanation[]; seconds: number }): ModelExplanation => combineExplanations(args.plan, args.folds, args.seconds),
  },
});

/**
 * Rows the one-feature leakage runs read at most (a seeded sample on larger files): a leak scores near
 * 1 on any 20,000 rows (a 20-tree forest of depth 8 has at most 256 leaves), and on a 200,000-row
 * file the runs on every row took about a third of the CPU of the default models' CV.
 */
export const leakageCheckRows = 20_000;

/** The leakage checks of a model page's target and features. */
export interface SuspicionResult {
  findings: SuspicionFinding[];
  duplicateRate: number;
  /** What the one-feature models were scored by ('CV R²', 'ROC-AUC'). */
  scoreName: string;
  /** The rows each one-feature model read when the file has more than `leakageCheckRows` (a seeded sample); null when every row. */
  sampledRows: number | null;
  /** Collinearity among the numeric features (not a leak, but it reads every row as the checks do, so it is made with them in a worker). */
  collinearity: Collinearity;
}

/** The checks that need no model, and the features' collinearity. */
type QuickChecks = QuickSuspicions & { collinearity: Collinearity };

/**
 * 'suspicion': correlation, id-like and duplicate checks and the features' collinearity at once (sent
 * as an event), then a quick one-feature forest per feature, cross-validated (R² for regression,
 * ROC-AUC for binary labels, else accuracy).
 */
export const suspicionJob = defineJob({
  title: 'check for leakage',
  input: 'table',
  runsOn: 'page',
  async run(table: Table, config: { cv: CvJobConfig }, ctx: JobContext<SuspicionResult>): Promise<SuspicionResult> {
    const base = config.cv;
    const sampledRows = table.rowCount > leakageCheckRows ? leakageCheckRows : null;
    const features = base.features ?? [];
    const metric = base.task === 'regression' ? 'r2' : 'roc_auc';
    const scoreName = metric === 'r2' ? 'CV R²' : 'ROC-AUC';
    const quick = await ctx.part<QuickChecks>('quick', { config: base });
    const tail = quick.duplicates ? [quick.duplicates] : [];
    const { collinearity } = quick;
    ctx.onEvent?.({ findings: [...quick.correlation, ...quick.ids, ...tail], duplicateRate: quick.duplicateRate, scoreName, sampledRows, collinearity });
    // Every one-feature run starts at once so the pool spreads them; a failed one scores NaN (no finding).
    const scores = new Map(
      features.map((f) => {
        const single: CvJobConfig = { ...base, model: 'rf', features: [f], modelOptions: { nEstimators: 20, maxDepth: 8 }, sampleRows: leakageCheckRows, metricsOnly: true, background: true };
        const score = ctx
          .run('cv', single)
          .then((r) => r.metrics[metric]?.mean ?? r.metrics.accuracy?.mean ?? NaN)
          .catch((error: unknown) => (isAbortError(error) ? Promise.reject(error) : NaN));
        // The scores are awaited one after another: a cancel rejects them all, and only the first
        // rejection is awaited. Mark the others handled so none reaches the page as uncaught.
        score.catch(() => undefined);
        return [f, score] as const;
      }),
    );
    const single = await singleFeatureFindings(features, (f) => scores.get(f) ?? NaN, defaultSuspicionOptions.scoreThreshold, scoreName);
    return { findings: [...quick.correlation, ...quick.ids, ...single, ...tail], duplicateRate: quick.duplicateRate, scoreName, sampledRows, collinearity };
  },
  parts: {
    quick(table: Table, args: { config: CvJobConfig }, ctx: PartContext): QuickChecks {
      const run = labelled(table, args.config, ctx.memo);
      const features = run.config.features ?? [];
      return { ...quickSuspicions(run.table, run.config.target, features), collinearity: collinearityOf(run.table, features) };
    },
  },
});

/** A hyperparameter search: what to tune and how. */
export interface TuneConfig {
  cv: CvJobConfig;
  space: SearchSpace;
  method: 'random' | 'halving';
  /** Random search: trials; successive halving: candidates of the first round. */
  nTrials: number;
  /** Fold metric to maximise (r2, f1, roc_auc…). */
  metric: string;
  /** Seed of the points drawn (the run's seed draws the folds). */
  searchSeed: number;
}

/** What a search sends while it runs: each finished trial with the best so far, and the default settings' score. */
export type TuneEvent = { kind: 'trial'; trial: Trial; best: Trial | null; done: number; total: number } | { kind: 'baseline'; score: number };

/** The search's trials and best, and the score of the model's default settings. */
export type TuneResult = SearchResult & { baseline: number | null };

/** 'tune': random search or successive halving over a model's options; trials run in parallel, cancelling keeps the best so far. */
export const tuneJob = defineJob({
  title: 'tune a model',
  input: 'table',
  runsOn: 'page',
  async run(_table: Table, config: TuneConfig, ctx: JobContext<TuneEvent>): Promise<TuneResult> {
    const { cv, space, method, nTrials, metric, searchSeed } = config;
    const trial = (params: Params, budget: number) => ctx.part<number>('trial', { config: cv, params, budget, metric });
    let baseline: number | null = null;
    const baselineDone = trial({}, 1).then(
      (score) => {
        baseline = score;
        ctx.onEvent?.({ kind: 'baseline', score });
      },
      () => undefined,
    );
    const evaluate: Evaluate = (params, budget) => trial(params, budget);
    const options = {
      seed: searchSeed,
      concurrency: Math.max(1, ctx.concurrency),
      signal: ctx.signal,
      onTrial: (t: Trial, best: Trial | null, done: number, total: number) => {
        ctx.onProgress?.(done, total, `${done} of ${total} trials`);
        ctx.onEvent?.({ kind: 'trial', trial: t, best, done, total });
      },
    };
    const result = method === 'random' ? await randomSearch(space, evaluate, { ...options, nTrials }) : await successiveHalving(space, evaluate, { ...options, nCandidates: nTrials });
    if (!result.cancelled) await baselineDone;
    return { ...result, baseline };
  },
  parts: {
    trial: (table: Table, args: { config: CvJobConfig; params: Params; budget: number; metric: string }, ctx: PartContext) =>
      scoreTrial(preparedOf(table, args.config, ctx), args.params, args.budget, args.metric),
  },
});
