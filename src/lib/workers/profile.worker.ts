/**
 * Column profiles off the main thread. The table's buffers are transferred in
 * and handed back, so profiling a million rows copies nothing.
 */
import * as Comlink from 'comlink';
import { profileTable, type ColumnProfile } from '../ml/data/profile';
import { transferablesOf, type Table } from '../ml/core/table';

const api = {
  /** Profiles every column and returns the table (buffers transferred back) with its profiles. */
  profile(table: Table): { table: Table; profiles: ColumnProfile[] } {
    const profiles = profileTable(table);
    // A Set: columns may share one buffer, and listing a buffer twice makes the transfer throw.
    return Comlink.transfer({ table, profiles }, [...new Set(transferablesOf(table))]);
  },
};

Comlink.expose(api);

/** The profile worker's API, for `Comlink.wrap<ProfileWorkerApi>`. */
export type ProfileWorkerApi = typeof api;
