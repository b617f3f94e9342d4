/**
 * State of the Segments page: the run configuration, the cluster worker (one per run,
 * kept after it so another k can be shown, terminated on cancel or when a newer run
 * starts) and the latest result.
 */
import type * as Comlink from 'comlink';
import Papa from 'papaparse';
import { numericFeatureNames } from '../ml/segments/feature-matrix';
import type { ScaleMethod } from '../ml/segments/scale';
import { defaultSegmentationConfig, type SegmentationConfig, type SegmentationResult } from '../ml/segments/segmentation';
import { cellText, type Table } from '../ml/core/table';
import type { ClusterWorkerApi } from '../workers/cluster.worker';
import { progressProxy } from './progress-proxy';
import { WorkerHandle } from '../workers/worker-handle';

/** The curated preset, used when every column is present. */
const curatedFeatures = ['annual_income', 'age', 'spend_to_income_ratio'];

/** Feature presets available for `table`: all numeric, and the curated set when present. */
export function featurePresets(table: Table): { id: string; label: string; features: string[] }[] {
  const all = numericFeatureNames(table).filter((n) => !/(^|_)id$/i.test(n));
  const presets = [{ id: 'all', label: 'All numeric', features: all }];
  const names = new Set(table.columns.map((c) => c.name));
  if (curatedFeatures.every((f) => names.has(f))) presets.push({ id: 'curated', label: 'Income, age, spend/income', features: curatedFeatures });
  return presets;
}

/** The rows of `table` with their segment and persona name, as CSV text (papaparse). */
export function segmentsCsv(table: Table, segmentOfRow: Int32Array, names: readonly string[]): string {
  const fields = [...table.columns.map((c) => c.name), 'segment', 'persona'];
  const data: string[][] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const s = segmentOfRow[i];
    data.push([...table.columns.map((c) => cellText(c, i)), s < 0 ? '' : String(s + 1), s < 0 ? '' : names[s] ?? '']);
  }
  return Papa.unparse({ fields, data });
}

class Segments {
  config = $state<SegmentationConfig>({ ...defaultSegmentationConfig });
  running = $state(false);
  done = $state(0);
  total = $state(1);
  note = $state('');
  error = $state<string | null>(null);
  result = $state.raw<SegmentationResult | null>(null);
  /** The loaded table the result belongs to (not reactive: only compared). */
  source: unknown = null;

  /** Forgets the result (a new file was loaded). */
  clear(): void {
    this.result = null;
    this.error = null;
  }
  /** Persona names as edited by the user, by segment. */
  names = $state<string[]>([]);
  /** Whether the view of another k is being fetched. */
  selecting = $state(false);
  private worker = new WorkerHandle<ClusterWorkerApi>(
    () => new Worker(new URL('../workers/cluster.worker.ts', import.meta.url), { type: 'module' }),
    (message) => this.crashed(message),
  );
  /** The API of the last run's worker (it keeps the sweep's fits), or null when there is none. */
  private remote: Comlink.Remote<ClusterWorkerApi> | null = null;
  private controller: AbortController | null = null;

  /** Sets the scale method. */
  setScale(scale: ScaleMethod): void {
    this.config = { ...this.config, scale };
  }

  /** Runs the sweep in a fresh worker; a newer run or `cancel` terminates this one. */
  async run(table: Table): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const remote = this.worker.api;
    this.remote = remote;
    const onProgress = progressProxy(this, controller.signal);
    this.running = true;
    this.error = null;
    this.done = 0;
    this.total = this.config.kMax - this.config.kMin + 2;
    try {
      const config = $state.snapshot(this.config) as SegmentationConfig;
      const result = await remote.segment(table, config, onProgress);
      if (controller.signal.aborted) return;
      this.result = result;
      this.names = result.personas.map((p) => p.name);
    } catch (error) {
      if (!controller.signal.aborted) this.error = error instanceof Error ? error.message : String(error);
      if (this.controller === controller) this.stopWorker();
    } finally {
      if (this.controller === controller) this.running = false;
    }
  }

  /** Shows another k of the last sweep (the worker still holds its fits). */
  async selectK(k: number): Promise<void> {
    const remote = this.remote;
    const current = this.result;
    if (!remote || !current || this.running || current.k === k) return;
    this.selecting = true;
    try {
      const view = await remote.describe(k);
      // A newer run replaced the worker or the result meanwhile: drop this answer.
      if (this.remote !== remote || this.result !== current) return;
      this.result = { ...current, ...view };
      this.names = view.personas.map((p) => p.name);
    } catch (error) {
      if (this.remote === remote) this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.selecting = false;
    }
  }

  /** Turns the stability score (mean ARI over 5 seeds per k) on or off. */
  setStability(on: boolean): void {
    this.config = { ...this.config, stabilityRuns: on ? 5 : 0 };
  }

  /** Stops the running computation by terminating its worker. */
  cancel(): void {
    this.controller?.abort();
    this.controller = null;
    this.stopWorker();
    this.running = false;
  }

  /** Downloads the rows with their segment and persona as CSV. */
  download(table: Table): void {
    if (!this.result) return;
    const blob = new Blob([segmentsCsv(table, this.result.segmentOfRow, this.names)], { type: 'text/csv' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${table.name.replace(/\.[^.]+$/, '')}-segments.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** A crashed worker (its calls never settle): the run stops with an error. */
  private crashed(message: string): void {
    this.cancel();
    this.selecting = false;
    this.error = `The segmentation stopped unexpectedly (${message}).`;
  }

  private stopWorker(): void {
    this.worker.terminate();
    this.remote = null;
  }
}

/** The Segments page's state. */
export const segments = new Segments();
