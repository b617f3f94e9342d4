/**
 * Saved models kept in this browser: each model's artifact as the compact text a download holds
 * (artifact-codec.ts) and a small list entry (name, task, target, model, cross-validation metrics)
 * so the list never decodes a model, in an IndexedDB database of its own. A model's id is a hash of
 * its text, so uploading the same file twice keeps one copy. Failures keep the browser's error
 * name (`QuotaExceededError`, …); `keepFailureOf` (file-store.ts) classifies them.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { committed, IdbConnection } from './idb';
import { decodeModelFile, type AnyArtifact } from '../runs/artifact-segments';
import { modelFileOf, type ModelFile, type SavedModelInfo } from '../runs/artifact-summary';

export type { SavedModelInfo } from '../runs/artifact-summary';

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

/** Saved models in IndexedDB. */
export class ModelStore {
  readonly #options: ModelStoreOptions;
  readonly #connection: IdbConnection<ModelsDB>;

  constructor(options: Partial<ModelStoreOptions> = {}) {
    this.#options = { ...defaultModelStoreOptions, ...options };
    this.#connection = new IdbConnection<ModelsDB>(this.#options.dbName, (db) => {
      db.createObjectStore('models');
      db.createObjectStore('artifacts');
    });
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

  /** Saves `artifact` (a model or a segmentation: its compact text and list entry); the same model saved again keeps its entry. */
  async save(artifact: AnyArtifact): Promise<SavedModelInfo> {
    return this.saveFile(modelFileOf(artifact));
  }

  /**
   * Saves a model file's text (an upload) after checking it is one: a file that is not a model, is
   * damaged, or holds a model this version cannot read is refused with a message saying why.
   */
  async saveText(text: string): Promise<SavedModelInfo> {
    return this.save(decodeModelFile(text));
  }

  /** Saves a model file made elsewhere (a worker), as it is: its text is not decoded again here. */
  async saveFile(file: ModelFile): Promise<SavedModelInfo> {
    const { id } = file.info;
    const db = await this.#open();
    const tx = db.transaction(['models', 'artifacts'], 'readwrite');
    const known = await tx.objectStore('models').get(id);
    const info: SavedModelInfo = known?.version === 1 ? (({ version: _version, ...rest }) => rest)(known) : { ...file.info, savedAt: Date.now() };
    await committed(tx, tx.objectStore('models').put({ version: 1, ...info }, id), tx.objectStore('artifacts').put({ version: 1, text: file.text }, id));
    return info;
  }

  /** The saved model's text (what a download holds), or null. */
  async text(id: string): Promise<string | null> {
    const db = await this.#open();
    const record = await db.get('artifacts', id);
    return record?.version === 1 && typeof record.text === 'string' ? record.text : null;
  }

  /** The saved model, decoded, or null. */
  async read(id: string): Promise<AnyArtifact | null> {
    const text = await this.text(id);
    return text === null ? null : decodeModelFile(text);
  }

  /** Removes a saved model. */
  async remove(id: string): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(['models', 'artifacts'], 'readwrite');
    await committed(tx, tx.objectStore('models').delete(id), tx.objectStore('artifacts').delete(id));
  }

  #open(): Promise<IDBPDatabase<ModelsDB>> {
    return this.#connection.open();
  }
}
