/**
 * 'drift': the loaded table (the reference) against a current table — a second file, parsed on the
 * page by the 'parse' job and passed as a resource — or against its own later periods by a date
 * column (the first period is the reference). With a saved model: each column's drift weighted by
 * the model's importance, and the model's counted and label-free performance per period.
 * Runs whole in a worker; the CLI `drift` calls the same compareTables.
 */
import type { Table } from '../../ml/core/table';
import { compareTables, type DriftOptions, type DriftReport } from '../../ml/monitor/drift';
import { splitByPeriod, tableOfRows, type PeriodLength } from '../../ml/monitor/periods';
import { alignToProfile, referenceFromProfile } from '../../ml/monitor/profile-reference';
import { weightDrift, type WeightedDrift } from '../../ml/monitor/weighted-drift';
import { loadArtifact, type LoadedArtifact, type ModelArtifact } from '../artifact';
import { decodeModelFile, isSegmentArtifact } from '../artifact-segments';
import { modelImportance, periodPerformance, type PeriodPerformance } from '../drift-model';
import { defineJob } from '../job-spec';

/**
 * What is compared: the loaded table (the reference) with a second table, or with its own later
 * periods; or ('training') the loaded table (the current data) with the saved model's training
 * data, rebuilt from the column profile in its file.
 */
export type DriftSource = { kind: 'table'; current: string } | { kind: 'periods'; dateColumn: string; length: PeriodLength } | { kind: 'training' };

/** Settings of a 'drift' run. */
export interface DriftJobConfig {
  source: DriftSource;
  options?: Partial<DriftOptions>;
  /** Resource id of a saved model (its file's text, or an artifact). */
  model?: string;
  /** A drifted input with at least this share of the model's importance is alarming (default 0.05). */
  minImportance?: number;
}

/** One table compared with the reference. */
export interface DriftComparison {
  label: string;
  rows: number;
  report: DriftReport;
  weighted: WeightedDrift | null;
  performance: PeriodPerformance | null;
}

/** What a 'drift' run returns. */
export interface DriftJobResult {
  reference: { label: string; rows: number; performance: PeriodPerformance | null };
  comparisons: DriftComparison[];
  /** Model importance shares by input, largest first; null without a model. */
  importance: [string, number][] | null;
  model: { name: string; target: string; task: string; threshold: number | null; positive: string | null } | null;
}

async function loadedModel(resource: unknown): Promise<LoadedArtifact> {
  const artifact = typeof resource === 'string' ? decodeModelFile(resource) : (resource as ModelArtifact);
  if (isSegmentArtifact(artifact)) throw new Error('A segmentation has no prediction to monitor; choose a prediction model');
  return loadArtifact(artifact);
}

/** 'drift': see the file's comment. */
export const driftJob = defineJob({
  title: 'compare data for drift',
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: DriftJobConfig, ctx): Promise<DriftJobResult> {
    let reference = table;
    let currents: { label: string; table: Table }[];
    const options = { ...config.options };
    const loaded = config.model ? await loadedModel(ctx.resource(config.model)) : null;
    const isTraining = config.source.kind === 'training';
    if (config.source.kind === 'training') {
      if (!loaded) throw new Error('Comparing with the training data needs a saved model: choose one');
      const artifact = loaded.artifact;
      reference = referenceFromProfile(artifact.profile, `the training data of “${artifact.name ?? artifact.target.name}”`, table);
      currents = [{ label: table.name, table: alignToProfile(table, artifact.profile) }];
    } else if (config.source.kind === 'table') {
      const current = ctx.resource<Table>(config.source.current);
      currents = [{ label: current.name, table: current }];
    } else {
      const periods = splitByPeriod(table, config.source.dateColumn, config.source.length);
      reference = tableOfRows(table, periods[0].rows, periods[0].label);
      currents = periods.slice(1).map((p) => ({ label: p.label, table: tableOfRows(table, p.rows, p.label) }));
      options.exclude = [...(options.exclude ?? []), config.source.dateColumn];
    }
    const steps = currents.length * (loaded ? 2 : 1) + (loaded ? 2 : 0);
    let step = 0;
    const progress = (note: string) => {
      ctx.signal?.throwIfAborted();
      ctx.onProgress?.(step++, steps, note);
    };
    let importance: Map<string, number> | null = null;
    let referencePerformance: PeriodPerformance | null = null;
    if (loaded) {
      // A rebuilt training table has each column's distribution but not their rows together:
      // importance is measured on the current data instead, and the reference is not scored.
      progress('model importance');
      importance = await modelImportance(loaded, isTraining ? table : reference, ctx.seed);
      progress('reference performance');
      if (!isTraining) referencePerformance = await periodPerformance(loaded, reference);
    }
    const comparisons: DriftComparison[] = [];
    for (const current of currents) {
      progress(`comparing ${current.label}`);
      const report = compareTables(reference, current.table, options);
      let performance: PeriodPerformance | null = null;
      if (loaded) {
        progress(`scoring ${current.label}`);
        performance = await periodPerformance(loaded, current.table);
      }
      comparisons.push({ label: current.label, rows: current.table.rowCount, report, weighted: importance ? weightDrift(report.columns, importance, config.minImportance === undefined ? {} : { minImportance: config.minImportance }) : null, performance });
    }
    ctx.onProgress?.(steps, steps, 'done');
    const artifact = loaded?.artifact;
    return {
      reference: { label: reference.name, rows: reference.rowCount, performance: referencePerformance },
      comparisons,
      importance: importance ? [...importance].sort((a, b) => b[1] - a[1]) : null,
      model: artifact
        ? { name: artifact.name ?? artifact.target.name, target: artifact.target.name, task: artifact.target.task, threshold: artifact.threshold ?? null, positive: artifact.target.positive ?? null }
        : null,
    };
  },
  resources: (config) => [...(config.source.kind === 'table' ? [config.source.current] : []), ...(config.model ? [config.model] : [])],
});
