/**
 * The run history as the pages see it: the recorded runs (newest first), recording a new one,
 * deleting, export and import. Every write goes through one queue, in order. When the browser
 * gives no storage (a private window) or no more room, `problem` says so in words and the runs
 * of this session are still listed and compared; nothing else in the app is affected.
 */
import { version } from '../../../package.json';
import type { RunCurves, RunRecord } from '../experiments/run-record';
import { runsFromJson, runsToJson } from '../experiments/runs-file';
import { HistoryStore, historyFailureOf } from '../io/history-store';
import { errorMessage } from '../ml/core/abort';

/** The app's version, written into every record. */
export const appVersion: string = version;

/** Where the list stands: not read yet, being read, read from storage, or this session's runs only (no storage). */
export type HistoryStatus = 'idle' | 'loading' | 'ready' | 'session-only';

/** Curves of this session's runs kept in memory (for comparisons without storage), at most this many. */
const maxSessionCurves = 200;

/** Why history cannot be kept, in words. */
function problemText(error: unknown, doing: string): string {
  switch (historyFailureOf(error)) {
    case 'full':
      return `Run history: ${doing} failed because the browser has no room left for this page's storage. Runs of this session are listed until you reload; export the runs and delete old ones to make room. Everything else works as before.`;
    case 'unavailable':
      return `Run history is off: this browser does not let the page store data (a private window, or site data blocked), so runs are listed for this session only and are gone after a reload. Everything else works as before.`;
    default:
      return `Run history: ${doing} failed (${errorMessage(error)}). Runs of this session are listed until you reload; everything else works as before.`;
  }
}

/** The recorded runs and what can be done with them. */
export class RunHistory {
  /** Recorded runs without their curves, newest first. */
  records = $state.raw<RunRecord[]>([]);
  status = $state<HistoryStatus>('idle');
  /** Why history is not being kept (a storage failure), in words; null while it works. */
  problem = $state<string | null>(null);
  /** What the last import or export did, or why an import was refused. */
  note = $state<{ text: string; isError: boolean } | null>(null);
  /** Reads and writes under way. */
  pending = $state(0);
  /** Is the list being read or written (the Experiments page's aria-busy)? */
  busy = $derived(this.status === 'loading' || this.pending > 0);

  readonly #store: HistoryStore;
  readonly #curves = new Map<string, RunCurves>();
  #queue: Promise<unknown> = Promise.resolve();

  /** @param store where runs are kept (default: the app's database) */
  constructor(store: HistoryStore = new HistoryStore()) {
    this.#store = store;
  }

  /** Reads the stored runs once (later calls do nothing); runs recorded before it finishes are kept. */
  load(): Promise<void> {
    if (this.status !== 'idle') return this.#queue.then(() => undefined);
    this.status = 'loading';
    return this.#enqueue(async () => {
      try {
        const stored = await this.#store.list();
        const ids = new Set(stored.map((r) => r.id));
        this.records = [...this.records.filter((r) => !ids.has(r.id)), ...stored].sort((a, b) => b.finishedAt - a.finishedAt);
        this.status = 'ready';
      } catch (error) {
        this.status = 'session-only';
        this.problem = problemText(error, 'reading the runs');
      }
    });
  }

  /** Records a finished or cancelled run: listed at once, stored in the background. */
  add(record: RunRecord): Promise<void> {
    const { curves, ...listed } = record;
    if (curves) {
      this.#curves.set(record.id, curves);
      if (this.#curves.size > maxSessionCurves) this.#curves.delete(this.#curves.keys().next().value as string);
    }
    this.records = [listed, ...this.records.filter((r) => r.id !== record.id)];
    return this.#enqueue(async () => {
      try {
        await this.#store.add([record]);
      } catch (error) {
        this.problem = problemText(error, 'saving the newest run');
        if (historyFailureOf(error) === 'unavailable') this.status = 'session-only';
      }
    });
  }

  /** Hides the storage problem (it comes back with the next failure). */
  dismissProblem(): void {
    this.problem = null;
  }

  /** Deletes the run `id`. */
  remove(id: string): Promise<void> {
    this.records = this.records.filter((r) => r.id !== id);
    this.#curves.delete(id);
    return this.#enqueue(async () => {
      try {
        await this.#store.delete(id);
      } catch (error) {
        this.problem = problemText(error, 'deleting a run');
      }
    });
  }

  /** Deletes every run. */
  clear(): Promise<void> {
    this.records = [];
    this.#curves.clear();
    return this.#enqueue(async () => {
      try {
        await this.#store.clear();
      } catch (error) {
        this.problem = problemText(error, 'deleting the runs');
      }
    });
  }

  /** The curves of the runs `ids` (stored ones, else those of this session). */
  async curvesOf(ids: readonly string[]): Promise<Map<string, RunCurves>> {
    let stored = new Map<string, RunCurves>();
    if (this.status !== 'session-only') {
      try {
        stored = await this.#store.curves(ids);
      } catch {
        // Unreadable storage: this session's curves are all there is.
      }
    }
    for (const id of ids) {
      const kept = this.#curves.get(id);
      if (kept && !stored.has(id)) stored.set(id, kept);
    }
    return stored;
  }

  /** Every run with its curves as the text of a runs file. */
  async exportText(): Promise<string> {
    this.pending++;
    try {
      const curves = await this.curvesOf(this.records.map((r) => r.id));
      const runs = this.records.map((r) => {
        const c = curves.get(r.id);
        return c ? { ...r, curves: c } : r;
      });
      this.note = { text: `Exported ${runs.length} run${runs.length === 1 ? '' : 's'}.`, isError: false };
      return runsToJson(runs, { appVersion });
    } finally {
      this.pending--;
    }
  }

  /** Imports the runs of a runs file: new ones are added, ones already here (same id) stay one run; bad ones are named. */
  importText(text: string, fileName = 'the file'): Promise<void> {
    let read: ReturnType<typeof runsFromJson>;
    try {
      read = runsFromJson(text);
    } catch (error) {
      this.note = { text: `${fileName}: ${errorMessage(error)}`, isError: true };
      return Promise.resolve();
    }
    const { runs, problems } = read;
    const known = new Set(this.records.map((r) => r.id));
    const added = runs.filter((r) => !known.has(r.id)).length;
    const byId = new Map(runs.map((r) => [r.id, r] as const));
    for (const r of byId.values()) if (r.curves) this.#curves.set(r.id, r.curves);
    const listed = [...byId.values()].map(({ curves: _curves, ...r }) => r);
    this.records = [...this.records.filter((r) => !byId.has(r.id)), ...listed].sort((a, b) => b.finishedAt - a.finishedAt);
    const skipped = problems.length ? ` ${problems.length} could not be read: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}.` : '';
    this.note = {
      text: `${fileName}: ${runs.length} run${runs.length === 1 ? '' : 's'} read, ${added} new, ${runs.length - added} already here.${skipped}`,
      isError: problems.length > 0,
    };
    return this.#enqueue(async () => {
      try {
        await this.#store.add([...byId.values()]);
      } catch (error) {
        this.problem = problemText(error, 'saving the imported runs');
      }
    });
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    this.pending++;
    const next = this.#queue.then(work).finally(() => this.pending--);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** The app's run history. */
export const runHistory = new RunHistory();
