/**
 * The jobs harness page: the app's worker pool and job bridge without the app, so an end-to-end test
 * can run any RunConfig through real module workers in Chromium and compare the result with Node.
 * `window.harness.run(runJson, options)` answers with the result as plain JSON.
 */
import type { Table } from '../../../src/lib/ml/core/table';
import { profileTable } from '../../../src/lib/ml/customer/profile-row';
import type { TrainSummary } from '../../../src/lib/ml/customer/customer-models';
import type { JobKind } from '../../../src/lib/runs/jobs';
import { runConfigFromJson, type RunConfigOf } from '../../../src/lib/runs/run-config';
import { WorkerPool } from '../../../src/lib/workers/pool';
import { resourceOf } from '../../unit/job-resources';

const pool = new WorkerPool({ createWorker: () => new Worker(new URL('../../../src/lib/workers/job.worker.ts', import.meta.url), { type: 'module' }) });
let table: Table | null = null;
const saved = new Map<string, unknown>();

/** Typed arrays as arrays and Maps as objects, for the trip back to the test. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v instanceof Map ? Object.fromEntries(v) : v)));
}

/** What a harness run reads and keeps. */
interface HarnessOptions {
  /** 'file': the CSV text as a Blob (a 'parse' run keeps the parsed table); 'profile': the initial profile row of a saved customer summary. */
  input?: 'table' | 'file' | 'profile';
  csv?: string;
  /** Keep the result under this name (a model artifact for later 'score' runs, a customer summary). */
  saveAs?: string;
  /** Saved results to send as resources, by name. */
  resources?: string[];
  /** With input 'profile': the saved customer models' name. */
  customer?: string;
  /** With input 'file': a saved model file (a 'model-file' result) to read instead of the CSV. */
  file?: string;
}

const harness = {
  async run(runJson: string, options: HarnessOptions = {}): Promise<{ result: unknown; workers: number; progress: number }> {
    const run = runConfigFromJson(runJson) as RunConfigOf<JobKind>;
    let input: unknown = table;
    if (options.input === 'file') input = new Blob([options.file ? (saved.get(options.file) as { text: string }).text : (options.csv ?? '')]);
    if (options.input === 'profile') {
      const summary = (saved.get(options.customer ?? '') as { summary: TrainSummary }).summary;
      input = profileTable(summary.inputs, summary.initialProfile);
    }
    const resources = new Map((options.resources ?? []).map((name) => [name, resourceOf(saved, name)]));
    let progress = 0;
    const result = await pool.run(run, input as never, { resources, inline: options.input === 'profile', onProgress: () => void progress++ });
    if (run.kind === 'parse') table = (result as { table: Table }).table;
    if (options.saveAs) saved.set(options.saveAs, result);
    return { result: plain(result), workers: pool.workerCount, progress };
  },
};

(window as unknown as { harness: typeof harness }).harness = harness;
document.title = 'jobs harness ready';
