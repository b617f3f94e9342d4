/**
 * The run history kept in this browser: every recorded run in IndexedDB (a database of its own,
 * apart from the kept file), its curves in a second store so that listing 2,000 runs reads only
 * their small part. Records are keyed by their stable id, so adding a run that is already there
 * replaces it: importing the same file twice keeps one copy. Failures keep the browser's error
 * name (`QuotaExceededError`, …) so callers branch on `error.name`.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { committed, IdbConnection } from './idb';
import type { RunCurves, RunRecord } from '../experiments/run-record';
import { keepFailureOf, type KeepFailure } from './file-store';

/** Options of a HistoryStore. */
export interface HistoryStoreOptions {
  /** IndexedDB database name. */
  dbName: string;
}

/** The app's run history database. */
export const defaultHistoryStoreOptions: HistoryStoreOptions = { dbName: 'customer-intelligence-runs' };

/** A run as stored: the record without its curves. */
type StoredRun = Omit<RunRecord, 'curves'>;

interface HistoryDB extends DBSchema {
  runs: { key: string; value: StoredRun; indexes: { finishedAt: number } };
  curves: { key: string; value: RunCurves };
}

/** What an import did. */
export interface AddOutcome {
  /** Runs that were not stored before. */
  added: number;
  /** Runs already stored (same id), replaced by the same content. */
  present: number;
}

/** Why history could not be read or written: no room, no storage at all, or anything else. */
export type HistoryFailure = KeepFailure;

/** Classifies a storage error by its name. */
export function historyFailureOf(error: unknown): HistoryFailure {
  return keepFailureOf(error);
}

/** The record without its curves, and its curves. */
function split(record: RunRecord): { run: StoredRun; curves: RunCurves | undefined } {
  const { curves, ...run } = record;
  return { run, curves };
}

/** Recorded runs in IndexedDB. */
export class HistoryStore {
  readonly #options: HistoryStoreOptions;
  readonly #connection: IdbConnection<HistoryDB>;

  constructor(options: Partial<HistoryStoreOptions> = {}) {
    this.#options = { ...defaultHistoryStoreOptions, ...options };
    this.#connection = new IdbConnection<HistoryDB>(this.#options.dbName, (db) => {
      const runs = db.createObjectStore('runs');
      runs.createIndex('finishedAt', 'finishedAt');
      db.createObjectStore('curves');
    });
  }

  /** Stores `records` (replacing any with the same id) in one transaction; says how many were new. */
  async add(records: readonly RunRecord[]): Promise<AddOutcome> {
    if (!records.length) return { added: 0, present: 0 };
    const db = await this.#open();
    const tx = db.transaction(['runs', 'curves'], 'readwrite');
    const runs = tx.objectStore('runs');
    const curves = tx.objectStore('curves');
    const known = new Set(await runs.getAllKeys());
    const requests: Promise<unknown>[] = [];
    let added = 0;
    for (const record of records) {
      if (!known.has(record.id)) added++;
      known.add(record.id);
      const parts = split(record);
      requests.push(runs.put(parts.run, record.id));
      requests.push(parts.curves ? curves.put(parts.curves, record.id) : curves.delete(record.id));
    }
    await committed(tx, ...requests);
    return { added, present: records.length - added };
  }

  /** Every stored run without its curves, newest first. */
  async list(): Promise<RunRecord[]> {
    const db = await this.#open();
    const runs = await db.getAllFromIndex('runs', 'finishedAt');
    return runs.reverse();
  }

  /** The curves of the runs `ids` (runs without curves are left out). */
  async curves(ids: readonly string[]): Promise<Map<string, RunCurves>> {
    const db = await this.#open();
    const tx = db.transaction('curves', 'readonly');
    const found = await Promise.all(ids.map((id) => tx.objectStore('curves').get(id)));
    await tx.done;
    const map = new Map<string, RunCurves>();
    ids.forEach((id, i) => {
      const c = found[i];
      if (c) map.set(id, c);
    });
    return map;
  }

  /** Every stored run with its curves, newest first (what an export writes). */
  async all(): Promise<RunRecord[]> {
    const runs = await this.list();
    const curves = await this.curves(runs.map((r) => r.id));
    return runs.map((r) => {
      const c = curves.get(r.id);
      return c ? { ...r, curves: c } : r;
    });
  }

  /** Removes the run `id` (nothing happens when there is none). */
  async delete(id: string): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(['runs', 'curves'], 'readwrite');
    await committed(tx, tx.objectStore('runs').delete(id), tx.objectStore('curves').delete(id));
  }

  /** Removes every run. */
  async clear(): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(['runs', 'curves'], 'readwrite');
    await committed(tx, tx.objectStore('runs').clear(), tx.objectStore('curves').clear());
  }

  #open(): Promise<IDBPDatabase<HistoryDB>> {
    return this.#connection.open();
  }
}
