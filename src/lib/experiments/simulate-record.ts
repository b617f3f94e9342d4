/**
 * The record of a retraining simulation (Monitor page): its settings and shifts as entries, the
 * followed metric's baseline, last and mean month without and with retraining, the number of
 * retrainings, and the two monthly curves. A cancelled run keeps its settings and how far it got.
 */
import type { SimulationResult } from '../ml/monitor/simulate';
import type { RunConfigOf } from '../runs/run-config';
import { stableJson } from '../runs/stable-json';
import { describeLabel, recordedData, timingOf, withId, type RecordContext } from './build-record';
import { thinCurve } from './compact-curve';
import { runRecordVersion, type MetricEntry, type ParamEntry, type RunRecord } from './run-record';

/** Mean of the finite values (NaN when none). */
function meanOf(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((s, v) => s + v, 0) / finite.length : NaN;
}

/**
 * The record of one simulation.
 * @param result the result, or null when the run was cancelled before it finished
 */
export function simulateRecord(run: RunConfigOf<'simulate'>, result: SimulationResult | null, context: RecordContext): RunRecord {
  const c = run.config;
  const params: ParamEntry[] = [
    { name: 'months', value: c.months ?? 12 },
    { name: 'rows a month', value: c.batchSize ?? 200 },
    { name: 'retrain: metric drop above', value: c.metricDrop ?? 0.1 },
    { name: 'retrain: PSI above', value: c.psiThreshold ?? 0.25 },
    { name: 'retrain: window (months)', value: c.window ?? 3 },
    { name: 'shifts', value: stableJson(c.shifts ?? { numeric: [] }) },
  ];
  if (c.metric !== undefined) params.push({ name: 'metric', value: c.metric });
  const settings: ParamEntry[] = [{ name: 'seed', value: run.seed }];
  if (c.label) settings.push({ name: 'label', value: describeLabel(c.label) });
  if (c.positive !== undefined) settings.push({ name: 'positive class', value: c.positive });
  const metrics: MetricEntry[] = [];
  if (result) {
    const last = result.months.at(-1);
    const one = (key: string, mean: number) => metrics.push({ key, mean, std: NaN });
    one('baseline', result.baseline);
    if (last) (one('final_without', last.without), one('final_with', last.with));
    one('mean_without', meanOf(result.months.map((m) => m.without)));
    one('mean_with', meanOf(result.months.map((m) => m.with)));
    one('retrainings', result.retrainedMonths.length);
    one('psi_floor', result.psiFloor);
  }
  const months = result?.months.map((m) => m.month) ?? [];
  return withId({
    version: runRecordVersion,
    page: 'monitor',
    kind: 'simulate',
    status: result ? 'done' : 'cancelled',
    run,
    ...timingOf(context),
    task: c.task,
    target: result?.target ?? c.target,
    features: [...(result?.features ?? c.features ?? [])],
    model: c.model,
    params: [...params, ...(result ? [{ name: 'metric followed', value: result.metric }, { name: 'retrained after months', value: result.retrainedMonths }] : [])],
    settings,
    metrics,
    perFold: [],
    foldKey: null,
    exclusions: [],
    findings: [],
    backend: c.model === 'mlp' ? 'tfjs-auto' : 'cpu',
    appVersion: context.appVersion,
    data: recordedData(run, context.columns),
    ...(result
      ? { curves: { withoutRetraining: thinCurve(months, result.months.map((m) => m.without)), withRetraining: thinCurve(months, result.months.map((m) => m.with)) } }
      : {}),
    ...(!result && context.progress ? { progress: context.progress } : {}),
  });
}
