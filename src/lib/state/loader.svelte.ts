/**
 * Loading a dataset: a picked or dropped file (CSV/TSV, .csv.gz, .xlsx, .parquet, .jsonl), or one
 * of the bundled examples, parsed in a worker (the 'parse' job) with progress and cancel. A
 * workbook's sheet and the reading of decimal commas can be chosen after a load, which reads the
 * same file again with that choice. On success the
 * table replaces `dataset`; on failure the dataset loaded before stays as it was.
 * The user's own file is kept in this browser (`kept`) and opened again, with its
 * settings, at start-up; choosing an example forgets it.
 */
import { readKeptReading } from '../io/kept-settings';
import type { ReadOptions } from '../io/read-file';
import type { Table } from '../ml/core/table';
import type { DecimalCommaNote } from '../ml/data/csv/decimal-comma';
import { rememberValueHashes } from '../ml/data/fingerprint';
import type { ColumnProfile } from '../ml/data/profile';
import type { ParsedFile } from '../runs/jobs/data-jobs';
import { makeRunConfig, runKey } from '../runs/run-config';
import { appPool } from './app-pool';
import { dataset } from './dataset.svelte';
import { JobRun } from './job-run.svelte';
import { KeptFile } from './kept-file.svelte';

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

/** Files up to this size are read on the page rather than in a worker (bytes): the default example (7 kB) is; parsing and profiling 64 kB takes well under 50 ms. */
const inlineParseBytes = 64 * 1024;

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

/** Loading files: the 'parse' job on the pool (an extra worker if all are busy), with progress, cancel and the alerts of the last load. */
class Loader {
  /** The load under way (reading, then profiling) and its result. */
  readonly job = new JobRun<ParsedFile>();
  /** True while a file is being read and parsed. */
  busy = $derived(this.job.running);
  /** The file being loaded (or last loaded). */
  fileName = $state('');
  /** What the running load is doing: reading and parsing the file, then profiling its columns. */
  phase = $derived<'reading' | 'profiling'>(this.job.note === 'profiling' ? 'profiling' : 'reading');
  bytesRead = $derived(this.job.done);
  totalBytes = $state(0);
  /** Profiles of the loaded table's columns, by name (computed in a worker with the load). */
  profiles = $state.raw<ReadonlyMap<string, ColumnProfile>>(new Map());
  /** Errors and warnings not yet dismissed. */
  alerts = $state.raw<Alert[]>([]);
  /** The example the current dataset came from, or null for the user's own file. */
  example = $state.raw<ExampleDataset | null>(null);
  /** The sheets of the workbook loaded (empty for other formats) and the one shown. */
  sheets = $state.raw<readonly string[]>([]);
  sheet = $state('');
  /** Decimal commas found in the file loaded, and whether they were read as numbers; null when none. */
  decimalComma = $state.raw<DecimalCommaNote | null>(null);
  /** True once the user answered the decimal-comma question for the file shown (a reading with their choice). */
  isDecimalSettled = $state(false);
  /** The file shown and how it was read, to read it again with another sheet or decimal mark. */
  #source: { file: Blob; name: string; example: ExampleDataset | null; options: ReadOptions } | null = null;
  /** Incremented by every load and cancel: an example still downloading is dropped when a newer load started. */
  #loads = 0;
  #nextAlertId = 1;

  /** The user's file kept in this browser across reloads, and whether the file shown is kept. */
  readonly kept = new KeptFile({ onWarning: (text) => this.#alert('warning', text) });
  /** True at start-up while the kept file is looked for, before any load starts. */
  starting = $state(false);

  /** Parses the user's `file` in a worker, makes it the dataset and keeps it in this browser; resolves false on error or cancel (the dataset loaded before stays). */
  async loadFile(file: Blob, name: string): Promise<boolean> {
    const table = await this.#load(file, name, null);
    if (table) void this.kept.keep(file, name, table);
    return table !== null;
  }

  /** Loads a bundled example the user chose; the file kept in this browser is forgotten (the example is what a reload shows). */
  async loadExample(example: ExampleDataset): Promise<boolean> {
    const isLoaded = await this.#loadExample(example);
    if (isLoaded) await this.kept.forget();
    return isLoaded;
  }

  /**
   * Start-up: opens the file kept in this browser with its settings, or else the default example.
   * A kept file that no longer opens is reported by name, the default example is shown instead,
   * and the file stays kept until the user forgets it. A file picked meanwhile wins.
   */
  async open(): Promise<void> {
    const loads = this.#loads;
    this.starting = true;
    const stored = await this.kept.read();
    this.starting = false;
    if (loads !== this.#loads) return;
    if (!stored) {
      await this.#loadExample(exampleDatasets[0]);
      return;
    }
    const table = await this.#load(stored.file, stored.name, null, stored.settings.reading ?? {});
    if (table) {
      dataset.applySettings(stored.settings);
      this.kept.follow(stored, table);
      return;
    }
    // Cancelled, or another file picked while it loaded: nothing failed.
    if (!this.job.error) return;
    const reason = `${stored.name}, the file kept in this browser, could not be opened again: ${this.job.error}`;
    this.kept.markUnreadable(reason);
    await this.#loadExample(exampleDatasets[0]);
    this.#alert('error', `${reason} The default example is shown instead; “Forget this file” on the Data page removes it.`);
  }

  /** Forgets the kept file; when it is the dataset shown, the default example replaces it. */
  async forgetKept(): Promise<void> {
    const isShowing = this.kept.isShowing(dataset.loaded);
    await this.kept.forget();
    if (isShowing) await this.#loadExample(exampleDatasets[0]);
  }

  /**
   * Reads the file shown again with another sheet or decimal mark (the earlier choices kept);
   * resolves false on error or cancel, when the table shown stays.
   */
  async reread(choice: ReadOptions): Promise<boolean> {
    const source = this.#source;
    if (!source) return false;
    const table = await this.#load(source.file, source.name, source.example, { ...source.options, ...choice });
    if (table && !source.example) void this.kept.keep(source.file, source.name, table, readKeptReading(this.#source?.options));
    return table !== null;
  }

  /** Stops the running load: its worker is terminated. */
  cancel(): void {
    this.#loads++;
    this.job.cancel();
  }

  /** Removes an alert. */
  dismiss(id: number): void {
    this.alerts = this.alerts.filter((a) => a.id !== id);
  }

  /** Parses `file` in a worker and makes it the dataset; resolves with its table, or null on error or cancel (the dataset loaded before stays). */
  async #load(file: Blob, name: string, example: ExampleDataset | null, options: ReadOptions = {}): Promise<Table | null> {
    this.#loads++;
    this.alerts = [];
    this.fileName = name;
    this.totalBytes = file.size;
    const run = makeRunConfig('parse', { name, options });
    const parsed = await this.job.start(runKey(run), async (handle) => {
      // A small file (the bundled examples) is read here: tens of ms, and the start-up need not wait
      // for the worker's script (every algorithm) before showing data. Larger files go to the pool.
      if (file.size <= inlineParseBytes) return (await import('../runs/jobs/parse-job')).parseFile(file, run.config, handle.onProgress);
      return appPool().run(run, file, { signal: handle.signal, onProgress: handle.onProgress, inline: true, urgent: true });
    });
    if (!parsed) {
      if (this.job.error) this.#alert('error', namingFile(name, this.job.error || 'the file could not be read.'));
      return null;
    }
    rememberValueHashes(parsed.table, parsed.valueHashes);
    dataset.replace(parsed.table);
    this.profiles = new Map(parsed.profiles.map((p) => [p.name, p]));
    this.example = example;
    this.#source = { file, name, example, options };
    this.sheets = parsed.sheets ?? [];
    this.sheet = parsed.sheet ?? '';
    this.decimalComma = parsed.decimalComma ?? null;
    this.isDecimalSettled = options.decimal === '.' || options.decimal === ',';
    for (const warning of parsed.warnings) this.#alert('warning', namingFile(name, warning));
    return parsed.table;
  }

  /** Fetches a bundled example (relative to the page, so any sub-path works) and loads it. */
  async #loadExample(example: ExampleDataset): Promise<boolean> {
    const load = this.#loads;
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
    if (load !== this.#loads) return false;
    return (await this.#load(blob, example.file, example)) !== null;
  }

  #alert(level: Alert['level'], text: string): void {
    this.alerts = [...this.alerts, { id: this.#nextAlertId++, level, text }];
  }
}

/** The app's one loader. */
export const loader = new Loader();
