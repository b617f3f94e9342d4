/**
 * The Drift section of #/monitor: the reference is the loaded dataset; the current data is a second
 * file opened here (parsed in a worker by the 'parse' job, as the Data page reads files) or the
 * loaded data's own periods by a date column. Or the loaded data is the current data and a saved
 * model's training data (rebuilt from the profile in its file) the reference. The comparison runs in a worker (the 'drift' job),
 * optionally with a saved model for importance weighting and per-period performance.
 */
import type { Table } from '../ml/core/table';
import { defaultDriftOptions } from '../ml/monitor/drift';
import type { PeriodLength } from '../ml/monitor/periods';
import { defaultWeightOptions } from '../ml/monitor/weighted-drift';
import type { DriftJobConfig, DriftJobResult } from '../runs/jobs/drift-jobs';
import { makeRunConfig, runKey } from '../runs/run-config';
import { appPool } from './app-pool';
import { dataset } from './dataset.svelte';
import { JobRun } from './job-run.svelte';
import { models } from './models.svelte';

/** The thresholds the user sets. */
export interface DriftThresholds {
  alpha: number;
  distanceThreshold: number;
  smallSampleRows: number;
  driftShare: number;
  minImportance: number;
}

/** The defaults of the tools the thresholds come from. */
export const defaultThresholds: DriftThresholds = {
  alpha: defaultDriftOptions.alpha,
  distanceThreshold: defaultDriftOptions.distanceThreshold,
  smallSampleRows: defaultDriftOptions.smallSampleRows,
  driftShare: defaultDriftOptions.driftShare,
  minImportance: defaultWeightOptions.minImportance,
};

let nextFile = 0;

class DriftPage {
  /** The loaded data against a second file, its own periods, or the saved model's training data. */
  source = $state<'file' | 'periods' | 'training'>('file');
  /** The current file, parsed. */
  current = $state.raw<{ name: string; table: Table; resource: string } | null>(null);
  dateColumn = $state('');
  length = $state<PeriodLength>('month');
  /** Saved model id ('' for none). */
  modelId = $state('');
  thresholds = $state<DriftThresholds>({ ...defaultThresholds });
  /** Which comparison the column table shows (index into the result's comparisons). */
  shown = $state(0);
  /** Reading the current file. */
  readonly reading = new JobRun<{ name: string; table: Table }>();
  readonly comparing = new JobRun<DriftJobResult>();
  /** Date columns of the loaded data. */
  dateColumns = $derived((dataset.table?.columns ?? []).filter((c) => c.type === 'date').map((c) => c.name));
  chosenDate = $derived(this.dateColumns.includes(this.dateColumn) ? this.dateColumn : (this.dateColumns[0] ?? ''));
  /** Saved prediction models (segmentations have nothing to monitor). */
  usableModels = $derived(models.list.filter((m) => m.task !== 'segments'));
  model = $derived(this.usableModels.find((m) => m.id === this.modelId) ?? null);
  busy = $derived(this.reading.running || this.comparing.running);
  config = $derived.by((): DriftJobConfig | null => {
    const t = this.thresholds;
    const options = { alpha: t.alpha, distanceThreshold: t.distanceThreshold, smallSampleRows: t.smallSampleRows, driftShare: t.driftShare };
    const model = this.model ? { model: `drift-model-${this.model.id}`, minImportance: t.minImportance } : {};
    if (this.source === 'file') return this.current ? { source: { kind: 'table', current: this.current.resource }, options, ...model } : null;
    if (this.source === 'training') return this.model ? { source: { kind: 'training' }, options, ...model } : null;
    return this.chosenDate ? { source: { kind: 'periods', dateColumn: this.chosenDate, length: this.length }, options, ...model } : null;
  });
  run = $derived(this.config && dataset.table ? makeRunConfig('drift', this.config, { data: dataset.fingerprint }) : null);
  /** Is the shown result the one of the settings on screen? */
  isStale = $derived(this.comparing.result !== null && (this.run === null || this.comparing.resultKey !== runKey(this.run)));

  /** Reads `file` in a worker as the current data, then compares. A bad file is an alert; the previous file stays. */
  async open(file: File): Promise<void> {
    const parsed = await this.reading.start(`${file.name} ${file.size} ${file.lastModified}`, async (h) => {
      const result = await appPool().run(makeRunConfig('parse', { name: file.name }), file, { signal: h.signal, onProgress: h.onProgress, inline: true, urgent: true });
      return { name: file.name, table: result.table };
    });
    if (!parsed) return;
    if (this.current) appPool().release(this.current.resource);
    this.current = { ...parsed, resource: `drift-current-${nextFile++}` };
    this.source = 'file';
    this.shown = 0;
    await this.compare();
  }

  /** Compares the reference with the current data in a worker (a newer start or cancel stops it). */
  async compare(): Promise<void> {
    const table = dataset.table;
    const run = this.run ? ($state.snapshot(this.run) as NonNullable<typeof this.run>) : null;
    if (!table || !run) return;
    // A file that failed to read before is no longer the news once a comparison starts.
    if (this.reading.status === 'error') this.reading.clear();
    const current = this.current;
    const model = this.model;
    await this.comparing.start(runKey(run), async (h) => {
      const resources = new Map<string, unknown>();
      if (run.config.source.kind === 'table' && current) resources.set(current.resource, current.table);
      if (model && run.config.model) {
        const text = await models.text(model.id);
        if (text === null) throw new Error(`The model “${model.name}” is no longer saved in this browser`);
        resources.set(run.config.model, text);
      }
      try {
        return await appPool().run(run, table, { signal: h.signal, onProgress: h.onProgress, resources });
      } finally {
        if (run.config.model) appPool().release(run.config.model);
      }
    });
    this.shown = Math.max(0, (this.comparing.result?.comparisons.length ?? 1) - 1);
  }

  /** Stops reading or comparing. */
  cancel(): void {
    this.reading.cancel();
    this.comparing.cancel();
  }
}

/** The Drift section's state. */
export const driftPage = new DriftPage();
