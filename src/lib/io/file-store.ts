/**
 * The user's file kept in this browser across reloads: its bytes (the Blob as picked, not a
 * parsed copy), its name and its Data page settings, in IndexedDB. One file at a time;
 * nothing here ever leaves the browser. Failures keep the browser's error name
 * (`QuotaExceededError`, …) so callers branch on `error.name` (see `keepFailureOf`).
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { committed, IdbConnection, storageError } from './idb';
import { emptyKeptSettings, readKeptSettings, type KeptSettings } from './kept-settings';

/** What is known about the kept file without reading its bytes. */
export interface KeptFileInfo {
  /** Changes with every file kept, so settings are only ever applied to the file they were made on. */
  id: string;
  name: string;
  /** Bytes. */
  size: number;
  /** When it was kept (epoch milliseconds). */
  savedAt: number;
}

/** The kept file as read back: its bytes and the settings last saved for it. */
export interface KeptFileContents extends KeptFileInfo {
  file: Blob;
  settings: KeptSettings;
}

/** Options of a FileStore. */
export interface FileStoreOptions {
  /** IndexedDB database name. */
  dbName: string;
}

/** The app's database. */
export const defaultFileStoreOptions: FileStoreOptions = { dbName: 'customer-intelligence' };

/** Why a file could not be kept: no room, no storage at all (private window, blocked site data), or anything else. */
export type KeepFailure = 'full' | 'unavailable' | 'failed';

interface FileRecord extends KeptFileInfo {
  version: 1;
  file: Blob;
}

interface SettingsRecord {
  version: 1;
  fileId: string;
  settings: KeptSettings;
}

interface KeptDB extends DBSchema {
  files: { key: 'current'; value: FileRecord };
  settings: { key: 'current'; value: SettingsRecord };
}

const current = 'current';

/** Classifies a storage error by its name (errors cross boundaries as name and message only). */
export function keepFailureOf(error: unknown): KeepFailure {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') return 'full';
  // SecurityError: site data blocked; InvalidStateError: Firefox private windows before v115.
  if (name === 'StorageUnavailableError' || name === 'SecurityError' || name === 'InvalidStateError') return 'unavailable';
  return 'failed';
}

/**
 * Waits for `requests` and the commit of `tx`. A transaction that fails on commit (no room left)
 * rejects its requests with a bare AbortError: the transaction's own error says why.
 */
let ids = 0;

/** One kept file and its settings in IndexedDB. */
export class FileStore {
  readonly #options: FileStoreOptions;
  readonly #connection: IdbConnection<KeptDB>;

  constructor(options: Partial<FileStoreOptions> = {}) {
    this.#options = { ...defaultFileStoreOptions, ...options };
    this.#connection = new IdbConnection<KeptDB>(this.#options.dbName, (db) => {
      db.createObjectStore('files');
      db.createObjectStore('settings');
    });
  }

  /** The kept file, or null when there is none (or its record is not one this version wrote). */
  async read(): Promise<KeptFileContents | null> {
    const db = await this.#open();
    const tx = db.transaction(['files', 'settings'], 'readonly');
    const [record, settings] = await Promise.all([tx.objectStore('files').get(current), tx.objectStore('settings').get(current), tx.done]);
    if (!record || record.version !== 1 || !(record.file instanceof Blob) || typeof record.name !== 'string') return null;
    const { id, name, size, savedAt, file } = record;
    const matches = settings?.version === 1 && settings.fileId === id;
    return { id, name, size, savedAt, file, settings: matches ? readKeptSettings(settings.settings) : emptyKeptSettings };
  }

  /**
   * Keeps `file` as `name` with no settings, replacing the file kept before (which is removed
   * first, so a file that does not fit leaves nothing behind rather than an older file).
   * Rejects with a `QuotaExceededError` when the browser says there is no room for it.
   */
  async keep(file: Blob, name: string): Promise<KeptFileInfo> {
    await this.forget();
    const free = await this.room();
    if (free !== null && file.size > free) {
      throw storageError('QuotaExceededError', `the browser allows this page about ${free} more bytes`);
    }
    const savedAt = Date.now();
    const info: KeptFileInfo = { id: `${savedAt}-${++ids}`, name, size: file.size, savedAt };
    const db = await this.#open();
    const tx = db.transaction(['files', 'settings'], 'readwrite');
    await committed(
      tx,
      tx.objectStore('files').put({ version: 1, ...info, file }, current),
      tx.objectStore('settings').put({ version: 1, fileId: info.id, settings: emptyKeptSettings }, current),
    );
    return info;
  }

  /** Saves the settings of the kept file `fileId`; resolves false (saving nothing) when another file is kept now. */
  async saveSettings(fileId: string, settings: KeptSettings): Promise<boolean> {
    const db = await this.#open();
    const tx = db.transaction(['files', 'settings'], 'readwrite');
    const record = await tx.objectStore('files').get(current);
    if (record?.id !== fileId) {
      await tx.done;
      return false;
    }
    await committed(tx, tx.objectStore('settings').put({ version: 1, fileId, settings }, current));
    return true;
  }

  /** Removes the kept file and its settings. */
  async forget(): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(['files', 'settings'], 'readwrite');
    await committed(tx, tx.objectStore('files').delete(current), tx.objectStore('settings').delete(current));
  }

  /** Bytes the browser says this page may still store, or null when it does not say. */
  async room(): Promise<number | null> {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage?.estimate) return null;
    try {
      const { quota, usage } = await storage.estimate();
      return quota === undefined ? null : Math.max(0, quota - (usage ?? 0));
    } catch {
      return null;
    }
  }

  #open(): Promise<IDBPDatabase<KeptDB>> {
    return this.#connection.open();
  }
}
