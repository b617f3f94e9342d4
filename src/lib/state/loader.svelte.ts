/**
 * Loading a dataset: a picked or dropped file, or one of the bundled examples,
 * parsed in a module worker with progress and cancel. On success the table
 * replaces `dataset`; on failure the dataset loaded before stays as it was.
 */
import * as Comlink from 'comlink';
import type { ParseWorkerApi } from '../workers/parse.worker';
import type { ProfileWorkerApi } from '../workers/profile.worker';
import type { ColumnProfile } from '../ml/data/profile';
import { transferablesOf } from '../ml/core/table';
import { dataset } from './dataset.svelte';
import { WorkerHandle } from '../workers/worker-handle';

/** A dataset shipped with the app in `static/data/`, with where it comes from. */
export interface ExampleDataset {
  /** File name under `static/data/`. */
  file: string;
  title: string;
  /** Its shape, in words. */
  size: string;
  /** Provenance shown next to the data. */
  source: string;
  sourceUrl: string;
}

/** The bundled examples; the first one is loaded when the app opens. */
export const exampleDatasets: readonly ExampleDataset[] = [
  {
    file: 'customer_purchasing_behaviors.csv',
    title: 'Purchasing behaviors',
    size: '238 customers × 7 columns',
    source: 'Kaggle “Customer Purchasing Behaviors” (hanaksoy)',
    sourceUrl: 'https://www.kaggle.com/datasets/hanaksoy/customer-purchasing-behaviors',
  },
  {
    file: 'marketing_campaign.csv',
    title: 'Marketing campaign',
    size: '2,240 customers × 29 columns, tab-separated',
    source: 'Kaggle “Customer Personality Analysis” (imakash3011)',
    sourceUrl: 'https://www.kaggle.com/datasets/imakash3011/customer-personality-analysis',
  },
];

/** A message the user must read (shown with `role="alert"` until dismissed). */
export interface Alert {
  id: number;
  level: 'error' | 'warning';
  text: string;
}

/** `message` as shown to the user: prefixed with the file name unless it already names it. */
function namingFile(name: string, message: string): string {
  return message.includes(name) ? message : `${name}: ${message}`;
}

/** The parse worker behind a comlink proxy, with progress, cancel and the alerts of the last load. */
class Loader {
  /** True while a file is being read and parsed. */
  busy = $state(false);
  /** The file being loaded (or last loaded). */
  fileName = $state('');
  /** What the running load is doing: reading and parsing the file, then profiling its columns. */
  phase = $state<'reading' | 'profiling'>('reading');
  bytesRead = $state(0);
  totalBytes = $state(0);
  /** Profiles of the loaded table's columns, by name (computed in a worker with the load). */
  profiles = $state.raw<ReadonlyMap<string, ColumnProfile>>(new Map());
  /** Errors and warnings not yet dismissed. */
  alerts = $state.raw<Alert[]>([]);
  /** The example the current dataset came from, or null for the user's own file. */
  example = $state.raw<ExampleDataset | null>(null);

  #parser = new WorkerHandle<ParseWorkerApi>(
    () => new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module' }),
    (message) => this.#crashed(`the parser stopped unexpectedly (${message}).`),
  );
  #profiler = new WorkerHandle<ProfileWorkerApi>(
    () => new Worker(new URL('../workers/profile.worker.ts', import.meta.url), { type: 'module' }),
    (message) => this.#crashed(`profiling the columns stopped unexpectedly (${message}).`),
  );
  /** Incremented by every load and cancel: only the latest load may touch state. */
  #run = 0;
  #nextAlertId = 1;

  /** Parses `file` in the worker and makes it the dataset; resolves false on error or cancel. */
  async loadFile(file: Blob, name: string, example: ExampleDataset | null = null): Promise<boolean> {
    // Latest load wins: a load still running is stopped rather than left to race this one.
    if (this.busy) this.#terminate();
    const run = ++this.#run;
    this.alerts = [];
    this.busy = true;
    this.phase = 'reading';
    this.fileName = name;
    this.bytesRead = 0;
    this.totalBytes = file.size;
    const onProgress = Comlink.proxy((bytesRead: number, totalBytes: number) => {
      if (run !== this.#run) return;
      this.bytesRead = bytesRead;
      this.totalBytes = totalBytes;
    });
    try {
      const outcome = await this.#parser.api.parseFile(file, name, onProgress);
      if (run !== this.#run) return false;
      this.phase = 'profiling';
      const parsed = outcome.table;
      // Profiled in a worker (sorting a million values takes ~100 ms a column); the buffers go there and back without a copy.
      const { table, profiles } = await this.#profiler.api.profile(Comlink.transfer(parsed, [...new Set(transferablesOf(parsed))]));
      if (run !== this.#run) return false;
      dataset.replace(table);
      this.profiles = new Map(profiles.map((p) => [p.name, p]));
      this.example = example;
      for (const warning of outcome.warnings) this.#alert('warning', namingFile(name, warning));
      return true;
    } catch (error) {
      if (run !== this.#run) return false;
      const message = error instanceof Error || (typeof error === 'object' && error && 'message' in error)
        ? String((error as { message: unknown }).message)
        : String(error);
      this.#alert('error', namingFile(name, message || 'the file could not be read.'));
      return false;
    } finally {
      if (run === this.#run) this.busy = false;
    }
  }

  /** Fetches a bundled example (relative to the page, so any sub-path works) and loads it. */
  async loadExample(example: ExampleDataset): Promise<boolean> {
    const run = this.#run;
    let blob: Blob;
    try {
      const response = await fetch(new URL(`data/${example.file}`, document.baseURI));
      if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
      blob = await response.blob();
    } catch (error) {
      this.#alert('error', `${example.file}: could not fetch the example dataset (${(error as Error).message}).`);
      return false;
    }
    // A file picked while the example was downloading wins over it.
    if (run !== this.#run) return false;
    return this.loadFile(blob, example.file, example);
  }

  /** Stops the running load: the worker is terminated and a new one is made next time. */
  cancel(): void {
    if (!this.busy) return;
    this.#run++;
    this.#terminate();
    this.busy = false;
  }

  /** Removes an alert. */
  dismiss(id: number): void {
    this.alerts = this.alerts.filter((a) => a.id !== id);
  }

  #alert(level: Alert['level'], text: string): void {
    this.alerts = [...this.alerts, { id: this.#nextAlertId++, level, text }];
  }

  #crashed(message: string): void {
    const name = this.fileName;
    this.#run++;
    this.#terminate();
    this.busy = false;
    this.#alert('error', namingFile(name, message));
  }

  #terminate(): void {
    this.#parser.terminate();
    this.#profiler.terminate();
  }
}

/** The app's one loader. */
export const loader = new Loader();
