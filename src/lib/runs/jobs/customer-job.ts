/**
 * 'customer': the Customer page's two models. A spend forest and a risk forest (on the rule label
 * "riskColumn < riskThreshold") are each trained on every row and cross-validated for their error
 * band: four sub-jobs that run side by side on the pool. The page then scores one profile row at a
 * time with the two artifacts ('score' with explanations), so a slider move sends one row.
 */
import type { Table } from '../../ml/core/table';
import type { CvResult } from '../../ml/evaluation/cv/cross-validate';
import { findIdColumn } from '../../ml/data/ids';
import { defaultCustomerModelsConfig, numericColumn, riskLabelOf, type CustomerModelsConfig, type ModelSummary, type TrainSummary } from '../../ml/customer/customer-models';
import { initialProfileOf, profileInput, type ProfileInput } from '../../ml/customer/profile-row';
import { applyLabel, labelProblem } from '../../ml/labels/label';
import { chooseFeatures, defaultFeatureLimit } from '../../ml/leakage/feature-choice';
import { getColumn } from '../../ml/core/table';
import type { ModelArtifact } from '../artifact';
import type { PartContext } from '../job-context';
import { defineJob } from '../job-spec';
import type { TrainJobConfig } from './artifact-jobs';
import type { CvJobConfig } from './model-jobs';

/** The trained models and what they report. */
export interface CustomerModels {
  summary: TrainSummary;
  spend: ModelArtifact;
  risk: ModelArtifact;
}

/** RMSE of the out-of-fold probability of the positive class against the 0/1 label. */
function probabilityRmse(cv: CvResult): number {
  const { proba, yTrue } = cv.oof;
  const positive = cv.classes?.indexOf(cv.positive ?? '') ?? -1;
  if (!proba || positive < 0) return NaN;
  let ss = 0;
  for (let i = 0; i < yTrue.length; i++) ss += (proba[i * 2 + positive] - (yTrue[i] === positive ? 1 : 0)) ** 2;
  return Math.sqrt(ss / yTrue.length);
}

function summaryOf(cv: CvResult, cvRmse: number, cvMetrics: Record<string, number>): ModelSummary {
  return { features: cv.features, excluded: cv.excluded, cvRmse, cvMetrics, splitter: cv.splitter, rows: cv.oof.rows.length };
}

/** Sums the progress of parallel steps, each `weight` units. */
function progressOf(ctx: { onProgress?: (done: number, total: number, note?: string) => void }, weights: number[], notes: string[]) {
  const done = new Float64Array(weights.length);
  const total = weights.reduce((s, w) => s + w, 0);
  return (step: number) => (d: number, t: number) => {
    done[step] = t ? (weights[step] * d) / t : 0;
    ctx.onProgress?.(done.reduce((s, v) => s + v, 0), total, notes[step]);
  };
}

export const customerJob = defineJob({
  title: 'train the customer models',
  input: 'table',
  runsOn: 'page',
  async run(table: Table, input: CustomerModelsConfig, ctx): Promise<CustomerModels> {
    const started = performance.now();
    const config = { ...defaultCustomerModelsConfig, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)), seed: ctx.seed } as TrainSummary['config'];
    if (!(config.minSamplesLeaf >= 1)) config.minSamplesLeaf = Math.max(1, Math.round(table.rowCount / 500));
    const target = numericColumn(table, config.target, 'The spend target');
    numericColumn(table, config.riskColumn, 'The risk rule column');
    if (!Number.isFinite(config.riskThreshold)) throw new Error(`The risk threshold must be a number, got ${String(config.riskThreshold)}`);
    if (config.riskColumn === config.target) throw new Error(`The risk rule column cannot be the spend target "${config.target}"`);
    const lineage = config.lineage ?? [];
    const riskLabel = riskLabelOf(config);
    const label = applyLabel(table, riskLabel);
    if (labelProblem(label)) {
      throw new Error(`Nobody is ${label.positives === 0 ? '' : 'not '}at risk with "${config.riskColumn} < ${config.riskThreshold}" (${label.positives} of ${label.present} rows): pick another threshold`);
    }
    const spendChoice = chooseFeatures(table, { target: target.name, lineage, limit: defaultFeatureLimit });
    const riskChoice = chooseFeatures(label.table, { target: label.target, lineage, labelReads: label.reads, limit: defaultFeatureLimit });
    const forest = { nEstimators: config.nEstimators, maxDepth: config.maxDepth, minSamplesLeaf: config.minSamplesLeaf };
    const spendCv: CvJobConfig = { target: target.name, task: 'regression', model: 'rf', features: spendChoice.features, exclusions: spendChoice.exclusions, folds: config.folds, duplicateGrouping: 'auto', modelOptions: forest };
    const riskCv: CvJobConfig = { target: label.target, task: 'classification', model: 'rf', features: riskChoice.features, exclusions: riskChoice.exclusions, folds: config.folds, duplicateGrouping: 'auto', modelOptions: forest, label: riskLabel, positive: 'yes' };
    const step = progressOf(ctx, [1, config.folds, 1, config.folds], ['Training the spend model', 'Cross-validating the spend model', 'Training the risk model', 'Cross-validating the risk model']);
    const trainOf = ({ target, task, model, features, modelOptions, label, positive }: CvJobConfig & { features: string[] }): TrainJobConfig => ({ target, task, model, features, modelOptions, label, positive });
    const [spend, spendResult, risk, riskResult, inputs] = await Promise.all([
      ctx.run('train', trainOf({ ...spendCv, features: spendChoice.features }), { onProgress: step(0) }),
      ctx.run('cv', spendCv, { onProgress: step(1) }),
      ctx.run('train', trainOf({ ...riskCv, features: riskChoice.features }), { onProgress: step(2) }),
      ctx.run('cv', riskCv, { onProgress: step(3) }),
      ctx.part<ProfileInput[]>('inputs', { spend: spendChoice.features, risk: riskChoice.features }),
    ]);
    const idColumn = config.idColumn ?? findIdColumn(table);
    if (idColumn !== null) getColumn(table, idColumn);
    const summary: TrainSummary = {
      config,
      idColumn,
      inputs,
      initialProfile: initialProfileOf(inputs),
      spend: summaryOf(spendResult, spendResult.metrics.rmse.mean, { r2: spendResult.metrics.r2.mean, mae: spendResult.metrics.mae.mean }),
      risk: {
        ...summaryOf(riskResult, probabilityRmse(riskResult), { roc_auc: riskResult.metrics.roc_auc?.mean ?? NaN, accuracy: riskResult.metrics.accuracy.mean }),
        positiveRate: label.positives / label.present,
      },
      seconds: (performance.now() - started) / 1000,
    };
    return { summary, spend, risk };
  },
  parts: {
    /** The profile fields (sliders) of the columns either model reads, in table order. */
    inputs(table: Table, args: { spend: string[]; risk: string[] }, _ctx: PartContext): ProfileInput[] {
      const spend = new Set(args.spend);
      const risk = new Set(args.risk);
      return table.columns
        .filter((c) => spend.has(c.name) || risk.has(c.name))
        .map((c) => profileInput(c, [...(spend.has(c.name) ? ['spend' as const] : []), ...(risk.has(c.name) ? ['risk' as const] : [])]));
    },
  },
});
