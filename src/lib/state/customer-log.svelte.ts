/**
 * "Summarise by customer" on the Data page: runs the 'clv' job on the loaded transaction log in a
 * worker and makes the customer table the dataset every page works on, keeping the log so the
 * user can go back to it. The latest run wins (JobRun). A kept log (a user's file) is kept with the
 * summary's settings, so a reload summarises it again; edits made to the customer table are not kept.
 */
import type { Table } from '../ml/core/table';
import type { ColumnProfile } from '../ml/data/profile';
import type { ClvJobConfig, ClvJobResult } from '../runs/jobs/clv-jobs';
import { makeRunConfig, runKey } from '../runs/run-config';
import { appPool } from './app-pool';
import { dataset } from './dataset.svelte';
import { JobRun } from './job-run.svelte';
import { loader } from './loader.svelte';

class CustomerLog {
  readonly job = new JobRun<ClvJobResult>();
  /** The log the customer table came from, with its profiles, while the customer table is the dataset. */
  log = $state.raw<{ table: Table; profiles: ReadonlyMap<string, ColumnProfile> } | null>(null);
  /** Is the dataset shown the customer table of the last summary? */
  isShowingCustomers = $derived(this.job.result !== null && dataset.loaded === this.job.result.table);

  /** Summarises the dataset (a transaction log) by customer; on success the customer table becomes the dataset. */
  async summarise(config: ClvJobConfig): Promise<void> {
    const table = dataset.table;
    if (!table) return;
    const profiles = loader.profiles;
    const run = makeRunConfig('clv', config, { data: dataset.fingerprint });
    const result = await this.job.start(runKey(run), (h) => appPool().run(run, table, { signal: h.signal, onProgress: h.onProgress }));
    if (!result || dataset.table !== table) return;
    loader.kept.keepSummary(config);
    this.log = { table, profiles };
    dataset.replace(result.table);
    loader.profiles = new Map(result.profiles.map((p) => [p.name, p]));
  }

  /** Stops the running summary. */
  cancel(): void {
    this.job.cancel();
  }

  /** Makes the log the dataset again. */
  backToLog(): void {
    if (!this.log || !this.isShowingCustomers) return;
    dataset.replace(this.log.table);
    loader.profiles = this.log.profiles;
    this.log = null;
    loader.kept.keepSummary(null);
  }
}

/** The app's one customer-log summary. */
export const customerLog = new CustomerLog();
