/**
 * What every IndexedDB store of the app shares (the kept file, saved models, run history): one
 * connection opened on first use and reopened after another tab upgrades or the browser closes
 * it, storage failures as errors named like the browser's own, and writes that resolve only
 * once their transaction has committed.
 */
import { openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb';

/** An error with a DOMException-like name, as browsers report storage failures. */
export function storageError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Waits for `requests` and the commit of `tx`; a failed commit reports the transaction's own error (e.g. QuotaExceededError). */
export async function committed(tx: { done: Promise<void>; error: DOMException | null }, ...requests: Promise<unknown>[]): Promise<void> {
  try {
    await Promise.all([...requests, tx.done]);
  } catch (error) {
    throw tx.error ?? error;
  }
}

/** A database opened on first use, at version 1, with `upgrade` creating its stores. */
export class IdbConnection<S extends DBSchema> {
  readonly #name: string;
  readonly #upgrade: NonNullable<OpenDBCallbacks<S>['upgrade']>;
  #db: Promise<IDBPDatabase<S>> | null = null;

  constructor(name: string, upgrade: NonNullable<OpenDBCallbacks<S>['upgrade']>) {
    this.#name = name;
    this.#upgrade = upgrade;
  }

  /** The open database; rejects with a StorageUnavailableError where the page has no IndexedDB. */
  open(): Promise<IDBPDatabase<S>> {
    if (typeof indexedDB === 'undefined') {
      return Promise.reject(storageError('StorageUnavailableError', 'this browser offers the page no IndexedDB'));
    }
    this.#db ??= openDB<S>(this.#name, 1, {
      upgrade: this.#upgrade,
      // Another tab opening a newer version: let it, and reopen on the next call.
      blocking: () => this.close(),
      terminated: () => (this.#db = null),
    });
    // A failed open (private window, blocked site data) is tried again next time, not remembered.
    this.#db.catch(() => (this.#db = null));
    return this.#db;
  }

  /** Closes the connection; the next `open` opens a new one. */
  close(): void {
    const db = this.#db;
    this.#db = null;
    void db?.then((d) => d.close()).catch(() => undefined);
  }
}
