/**
 * The user's file kept in this browser so that a reload opens it again with the settings made
 * on it: what is kept, whether the file now shown is kept or open for this session only (and
 * why), saving the settings after each edit, and forgetting. Every write goes through one queue,
 * in order, so the last file opened is the one kept. A storage failure never touches the data
 * loaded: it is reported, in words that give the file's size and the reason.
 */
import { formatBytes } from '../io/byte-size';
import { FileStore, keepFailureOf, type KeptFileContents, type KeptFileInfo } from '../io/file-store';
import type { KeptReading } from '../io/kept-settings';
import type { Table } from '../ml/core/table';
import { errorMessage } from '../ml/core/abort';
import type { ClvJobConfig } from '../runs/jobs/clv-jobs';
import { dataset } from './dataset.svelte';

/**
 * Where the kept file stands: nothing kept; being written (the file or its settings); kept and
 * up to date; the file shown is open for this session only; or a kept file that could not be
 * opened again.
 */
export type KeptStatus = 'none' | 'saving' | 'kept' | 'session-only' | 'unreadable' | 'forgetting';

/** Options of KeptFile. */
export interface KeptFileOptions {
  store: FileStore;
  /** Tells the user something they must read (a warning alert). */
  onWarning: (text: string) => void;
  /** Quiet time after an edit before the settings are written (ms). */
  saveDelayMs: number;
}

/** Defaults of KeptFileOptions (warnings go nowhere unless given). */
export const defaultKeptFileOptions: KeptFileOptions = {
  store: new FileStore(),
  onWarning: () => undefined,
  saveDelayMs: 150,
};

/** Why a file is not kept, for the user: its name and size, what will happen on reload, and why. */
async function notKeptMessage(store: FileStore, name: string, size: number, error: unknown): Promise<string> {
  const opening = `${name} (${formatBytes(size)}) is open for this session only: it will not be opened again after a reload`;
  switch (keepFailureOf(error)) {
    case 'full': {
      const free = await store.room();
      const room = free === null ? '' : ` (about ${formatBytes(free)} free)`;
      return `${opening}, because it is too large for the storage this browser gives the page${room}.`;
    }
    case 'unavailable':
      return `${opening}, because this browser does not let the page store files (a private window, or site data blocked).`;
    default:
      return `${opening}, because the browser could not store it (${errorMessage(error)}).`;
  }
}

/** The file kept across reloads, and the kept state of the file shown. */
export class KeptFile {
  /** The kept file (name, size), or null when none is kept. */
  info = $state.raw<KeptFileInfo | null>(null);
  /** Where the kept file stands (see KeptStatus). */
  status = $state<KeptStatus>('none');
  /** Why the file shown is not kept, or why the kept file could not be opened, in words; null otherwise. */
  problem = $state<string | null>(null);

  readonly #options: KeptFileOptions;
  /** The loaded table the kept settings belong to: edits are saved while it is the one shown. */
  #table: Table | null = null;
  /** Every write, one after another. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Incremented by keep and forget: a write for an older file never changes the state. */
  #ticket = 0;
  /** Incremented by each settings save, so only the last one marks the file up to date. */
  #saves = 0;
  /** The settings save waiting for the edits to pause, if any. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The kept file is a transaction log shown summarised by customer with these settings (null: shown as it is). */
  #summary = $state.raw<ClvJobConfig | null>(null);
  /** The sheet and decimal mark the kept file is read with (null: as detected). */
  #reading: KeptReading | null = null;

  constructor(options: Partial<KeptFileOptions> = {}) {
    this.#options = { ...defaultKeptFileOptions, ...options };
    dataset.onEdit(() => this.#edited());
  }

  /** The kept file with its settings, or null when none is kept or storage cannot be read. */
  async read(): Promise<KeptFileContents | null> {
    try {
      const stored = await this.#options.store.read();
      if (stored) this.info = { id: stored.id, name: stored.name, size: stored.size, savedAt: stored.savedAt };
      return stored;
    } catch {
      // No storage (a private window, blocked site data): there is nothing to open again.
      return null;
    }
  }

  /** Keeps the user's `file`, just loaded as `table` (read with `reading`), in place of the file kept before; resolves when written or reported. */
  keep(file: Blob, name: string, table: Table, reading: KeptReading | null = null): Promise<void> {
    const ticket = this.#begin('saving');
    return this.#enqueue(async () => {
      try {
        const info = await this.#options.store.keep(file, name);
        if (ticket !== this.#ticket) return;
        this.info = info;
        this.#table = table;
        this.#reading = reading;
        this.status = 'kept';
        // Edits made while the file was being written, or a sheet or decimal mark chosen.
        if (dataset.loaded === table && (dataset.overrides.size > 0 || dataset.derived.length > 0 || reading)) this.#saveSettings();
      } catch (error) {
        const message = await notKeptMessage(this.#options.store, name, file.size, error);
        if (ticket !== this.#ticket) return;
        this.status = 'session-only';
        this.problem = message;
        this.#options.onWarning(message);
      }
    });
  }

  /** The kept file `stored` is shown again as `table` (its settings applied): later edits are saved to it. */
  /** The settings of the summary by customer the kept file was last shown with, or null. */
  get summary(): ClvJobConfig | null {
    return this.#summary;
  }

  follow(stored: KeptFileInfo & { settings?: KeptFileContents['settings'] }, table: Table): void {
    this.info = { id: stored.id, name: stored.name, size: stored.size, savedAt: stored.savedAt };
    this.#table = table;
    this.#summary = stored.settings?.summary ?? null;
    this.#reading = stored.settings?.reading ?? null;
    this.status = 'kept';
    this.problem = null;
  }

  /**
   * The kept file, loaded now, is about to be shown summarised by customer with `summary` (or, with
   * null, shown as it is again): kept with its settings so a reload does the same.
   */
  keepSummary(summary: ClvJobConfig | null): void {
    if (!this.info || dataset.loaded !== this.#table) return;
    this.#summary = summary;
    this.#cancelTimer();
    this.#saveSettings();
  }

  /** The kept file could not be opened again (`reason` in words): it stays kept until forgotten. */
  markUnreadable(reason: string): void {
    this.#table = null;
    this.status = 'unreadable';
    this.problem = reason;
  }

  /** Is `table` the kept file as loaded? */
  isShowing(table: Table | null): boolean {
    return table !== null && this.info !== null && table === this.#table;
  }

  /** Removes the kept file and its settings; resolves when done (a failure is reported). */
  forget(): Promise<void> {
    // 'forgetting' until the store has removed it: a reload before then would still find it.
    const ticket = this.#begin('forgetting');
    return this.#enqueue(async () => {
      try {
        await this.#options.store.forget();
      } catch (error) {
        // No storage at all means nothing is kept: only a real failure is worth telling.
        if (ticket === this.#ticket && keepFailureOf(error) !== 'unavailable') {
          this.#options.onWarning(`The file kept in this browser could not be removed (${errorMessage(error)}).`);
        }
      } finally {
        if (ticket === this.#ticket) this.status = 'none';
      }
    });
  }

  /** Starts a keep or forget: older writes no longer change the state. */
  #begin(status: KeptStatus): number {
    this.#cancelTimer();
    this.info = null;
    this.#table = null;
    this.#summary = null;
    this.#reading = null;
    this.status = status;
    this.problem = null;
    return ++this.#ticket;
  }

  #enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(write);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #edited(): void {
    if (!this.info || this.#table === null || dataset.loaded !== this.#table) return;
    this.status = 'saving';
    this.#cancelTimer();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#saveSettings();
    }, this.#options.saveDelayMs);
  }

  #cancelTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #saveSettings(): void {
    const info = this.info;
    if (!info || dataset.loaded !== this.#table) return;
    const summary = this.#summary;
    const reading = this.#reading;
    const settings = { ...dataset.settings(), ...(summary && { summary }), ...(reading && { reading }) };
    const ticket = this.#ticket;
    const save = ++this.#saves;
    this.status = 'saving';
    void this.#enqueue(async () => {
      try {
        const isSaved = await this.#options.store.saveSettings(info.id, settings);
        // Another tab kept another file since: this one is no longer kept.
        if (!isSaved && ticket === this.#ticket) this.#begin('none');
      } catch (error) {
        if (ticket === this.#ticket) {
          this.#options.onWarning(
            `${info.name}: your changes to types, roles and added columns could not be kept (${errorMessage(error)}); after a reload the file opens without them.`,
          );
        }
      }
      const isLast = save === this.#saves && this.#timer === undefined;
      if (ticket === this.#ticket && isLast && this.status === 'saving') this.status = 'kept';
    });
  }
}
