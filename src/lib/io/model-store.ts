/**
 * Saved models kept in this browser: each model's artifact as the compact text a download holds
 * (artifact-codec.ts) and a small list entry (name, task, target, model, cross-validation metrics)
 * so the list never decodes a model, in an IndexedDB database of its own. A model's id is a hash of
 * its text, so uploading the same file twice keeps one copy. Failures keep the browser's error
 * name (`QuotaExceededError`, …); `keepFailureOf` (file-store.ts) classifies them.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { decodeArtifact, encodeArtifact } from '../runs/artifact-codec';
import type { ArtifactSource, ModelArtifact } from '../runs/artifact';

/** A saved model as the list shows it. */
export interface SavedModelInfo {
  id: string;
  name: string;
  /** When the model was trained (ISO 8601, from the artifact). */
  createdAt: string;
  /** When it was saved in this browser (epoch milliseconds). */
  savedAt: number;
  task: 'regression' | 'classification';
  target: string;
  /** Model kind (rf, ridge…). */
  model: string;
  /** Binary classification: the positive class and the threshold of `label`. */
  positive?: string;
  threshold?: number;
  /** Columns a file to score must have. */
  inputs: string[];
  /** Rows it was trained on. */
  rows: number;
  /** Cross-validation means ± std by metric, when it was saved from a run. */
  cv: { metric: string; mean: number; std: number }[];
  /** Metrics on the held-out test rows, when the run kept some out. */
  test: { metric: string; value: number }[];
  source?: ArtifactSource;
  /** Characters of the model file. */
  size: number;
}

/** Options of a ModelStore. */
export interface ModelStoreOptions {
  /** IndexedDB database name. */
  dbName: string;
}

/** The app's database of saved models (apart from the kept file's, so neither upgrade touches the other). */
export const defaultModelStoreOptions: ModelStoreOptions = { dbName: 'customer-intelligence-models' };

interface InfoRecord extends SavedModelInfo {
  version: 1;
}

interface ModelsDB extends DBSchema {
  models: { key: string; value: InfoRecord };
  artifacts: { key: string; value: { version: 1; text: string } };
}

/** The list entry of `artifact` saved as `text` under `id`. */
export function savedModelInfo(artifact: ModelArtifact, text: string, id: string, savedAt: number): SavedModelInfo {
  const { target } = artifact;
  const cv = metricList(artifact.metrics?.cv).map(([metric, v]) => ({ metric, mean: numberOf(v, 'mean'), std: numberOf(v, 'std') }));
  const test = metricList(artifact.metrics?.test).flatMap(([metric, v]) => (typeof v === 'number' ? [{ metric, value: v }] : []));
  return {
    id,
    name: artifact.name ?? `${target.name}${target.positive !== undefined ? ` = ${target.positive}` : ''}, ${artifact.model.kind}`,
    createdAt: artifact.createdAt,
    savedAt,
    task: target.task,
    target: target.name,
    model: artifact.model.kind,
    ...(target.positive !== undefined && { positive: target.positive, threshold: artifact.threshold ?? 0.5 }),
    inputs: artifact.inputs.map((i) => i.name),
    rows: artifact.training.rows,
    cv,
    test,
    ...(artifact.source && { source: artifact.source }),
    size: text.length,
  };
}

/** `[name, value]` pairs of a metrics object (own properties only), or none. */
function metricList(value: unknown): [string, unknown][] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}

function numberOf(value: unknown, key: 'mean' | 'std'): number {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : NaN;
}

/** 16 hex digits of a 64-bit FNV-1a-style hash of `text` (two 32-bit lanes). */
export function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ (c + 0x9e3779b9), 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** An error with a DOMException-like name, as browsers report storage failures. */
function storageError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Waits for `requests` and the commit of `tx`; a failed commit's own error says why (no room left). */
async function committed(tx: { done: Promise<void>; error: DOMException | null }, ...requests: Promise<unknown>[]): Promise<void> {
  try {
    await Promise.all([...requests, tx.done]);
  } catch (error) {
    throw tx.error ?? error;
  }
}

/** Saved models in IndexedDB. */
export class ModelStore {
  readonly #options: ModelStoreOptions;
  #db: Promise<IDBPDatabase<ModelsDB>> | null = null;

  constructor(options: Partial<ModelStoreOptions> = {}) {
    this.#options = { ...defaultModelStoreOptions, ...options };
  }

  /** Every saved model's list entry, the most recently saved first. */
  async list(): Promise<SavedModelInfo[]> {
    const db = await this.#open();
    const records = await db.getAll('models');
    return records
      .filter((r) => r.version === 1)
      .map(({ version: _version, ...info }) => info)
      .sort((x, y) => y.savedAt - x.savedAt || (x.id < y.id ? -1 : 1));
  }

  /** Saves `artifact` (its compact text and list entry); the same model saved again keeps its entry. */
  async save(artifact: ModelArtifact): Promise<SavedModelInfo> {
    return this.#put(artifact, encodeArtifact(artifact));
  }

  /**
   * Saves a model file's text (an upload) after checking it is one: a file that is not a model, is
   * damaged, or holds a model this version cannot read is refused with a message saying why.
   */
  async saveText(text: string): Promise<SavedModelInfo> {
    const artifact = decodeArtifact(text);
    return this.#put(artifact, encodeArtifact(artifact));
  }

  /** The saved model's text (what a download holds), or null. */
  async text(id: string): Promise<string | null> {
    const db = await this.#open();
    const record = await db.get('artifacts', id);
    return record?.version === 1 && typeof record.text === 'string' ? record.text : null;
  }

  /** The saved model, decoded, or null. */
  async read(id: string): Promise<ModelArtifact | null> {
    const text = await this.text(id);
    return text === null ? null : decodeArtifact(text);
  }

  /** Removes a saved model. */
  async remove(id: string): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(['models', 'artifacts'], 'readwrite');
    await committed(tx, tx.objectStore('models').delete(id), tx.objectStore('artifacts').delete(id));
  }

  async #put(artifact: ModelArtifact, text: string): Promise<SavedModelInfo> {
    const id = `model-${textHash(text)}`;
    const db = await this.#open();
    const tx = db.transaction(['models', 'artifacts'], 'readwrite');
    const known = await tx.objectStore('models').get(id);
    const info = known?.version === 1 ? (({ version: _version, ...rest }) => rest)(known) : savedModelInfo(artifact, text, id, Date.now());
    await committed(tx, tx.objectStore('models').put({ version: 1, ...info }, id), tx.objectStore('artifacts').put({ version: 1, text }, id));
    return info;
  }

  #open(): Promise<IDBPDatabase<ModelsDB>> {
    if (typeof indexedDB === 'undefined') {
      return Promise.reject(storageError('StorageUnavailableError', 'this browser offers the page no IndexedDB'));
    }
    this.#db ??= openDB<ModelsDB>(this.#options.dbName, 1, {
      upgrade(db) {
        db.createObjectStore('models');
        db.createObjectStore('artifacts');
      },
      // Another tab opening a newer version: let it, and reopen on the next call.
      blocking: () => this.#close(),
      terminated: () => (this.#db = null),
    });
    // A failed open (private window, blocked site data) is tried again next time, not remembered.
    this.#db.catch(() => (this.#db = null));
    return this.#db;
  }

  #close(): void {
    const db = this.#db;
    this.#db = null;
    void db?.then((d) => d.close()).catch(() => undefined);
  }
}
