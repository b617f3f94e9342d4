/**
 * Job kinds of the Monitor page's simulations: 'simulate' (the retraining simulation) and
 * 'noise' (noise robustness of the models the user picks). Each runs whole in one pool worker,
 * reporting progress by month or by fit; cancelling terminates the worker.
 */
import type { ModelKind } from '../../ml/core/model';
import type { Table } from '../../ml/core/table';
import { applyLabel, type LabelSpec } from '../../ml/labels/label';
import { chooseFeatures } from '../../ml/leakage/feature-choice';
import { noiseCurve, type NoiseCurve, type NoiseOptions } from '../../ml/monitor/noise';
import { simulateRetraining, type SimulationOptions, type SimulationResult } from '../../ml/monitor/simulate';
import type { AnyJobContext } from '../job-context';
import { defineJob } from '../job-spec';

/** A simulation as a job describes it (the seed is the run's); `label` builds a classification target first. */
export type SimulateJobConfig = Partial<Omit<SimulationOptions, 'seed'>> & Pick<SimulationOptions, 'target' | 'task' | 'model'> & { label?: LabelSpec };

/** Noise robustness of several models on one target (the seed is the run's). */
export interface NoiseJobConfig extends Partial<NoiseOptions> {
  target: string;
  task: SimulationOptions['task'];
  models: ModelKind[];
  features?: string[];
  positive?: string;
  /** Folds of the cross-validation (default 5). */
  folds?: number;
  label?: LabelSpec;
}

/** The noise curves, one per model, in the order asked. */
export interface NoiseJobResult {
  curves: NoiseCurve[];
}

/** The table with the config's label built, its target, and features that never read the label's columns. */
function labelled(table: Table, config: { target: string; features?: string[]; positive?: string; label?: LabelSpec }) {
  if (!config.label) return { table, target: config.target, features: config.features, positive: config.positive };
  const applied = applyLabel(table, config.label);
  const reads = new Set(applied.reads);
  const features = config.features?.filter((f) => !reads.has(f)) ?? chooseFeatures(applied.table, { target: applied.target, labelReads: applied.reads }).features;
  return { table: applied.table, target: applied.target, features, positive: config.positive ?? applied.positive };
}

/** 'simulate': the retraining simulation on the dataset. */
export const simulateJob = defineJob({
  title: 'simulate monthly drift and retraining',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: SimulateJobConfig, ctx: AnyJobContext): Promise<SimulationResult> {
    const { label: _label, ...options } = config;
    const run = labelled(table, config);
    return simulateRetraining(run.table, { ...options, target: run.target, features: run.features, positive: run.positive, seed: ctx.seed }, { onProgress: ctx.onProgress, signal: ctx.signal });
  },
});

/** 'noise': each picked model's cross-validated metric against feature noise. */
export const noiseJob = defineJob({
  title: 'measure robustness to feature noise',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: NoiseJobConfig, ctx: AnyJobContext): Promise<NoiseJobResult> {
    if (!config.models.length) throw new Error('Pick at least one model');
    const run = labelled(table, config);
    const curves: NoiseCurve[] = [];
    const count = config.models.length;
    for (const [i, model] of config.models.entries()) {
      const cv = { target: run.target, task: config.task, model, features: run.features, positive: run.positive, folds: config.folds, seed: ctx.seed };
      const options = { levels: config.levels, repeats: config.repeats, noiseOn: config.noiseOn, metric: config.metric };
      const onProgress = (done: number, total: number) => ctx.onProgress?.(i + (total ? done / total : 0), count, `${model}: ${Math.round(done)} of ${total} fits`);
      curves.push(await noiseCurve(run.table, cv, options, { onProgress, signal: ctx.signal }));
    }
    ctx.onProgress?.(count, count);
    return { curves };
  },
});
