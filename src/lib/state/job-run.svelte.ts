/**
 * One computation a page shows: its status, progress, result and error, for every page alike.
 * The latest run wins: starting again aborts the run under way (its workers are terminated), and
 * a result that arrives for an older start is never shown, so a result always belongs to the
 * settings it is shown with (`resultKey`). A cancelled run is not an error. Big results live in
 * `$state.raw` and are replaced whole.
 */
import { errorMessage, isAbortError } from '../ml/core/abort';
import type { ProgressCallback } from '../ml/core/model';

/** Where a run is: never run, running, finished, failed, or stopped by the user. */
export type RunStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

/** What the work of a run gets: its abort signal and a progress callback that only reaches the page while the run is current. */
export interface RunHandle {
  signal: AbortSignal;
  onProgress: ProgressCallback;
  /** Is this still the run the page shows? Check it before writing any other state. */
  isCurrent(): boolean;
}

/** How a new start treats the run under way: abort it (default), or let it finish and run the newest start after it (live previews: one in flight, the newest waiting). */
export type Supersede = 'abort' | 'queue';

/** A page's run of one kind of computation. */
export class JobRun<T> {
  status = $state<RunStatus>('idle');
  done = $state(0);
  total = $state(0);
  note = $state('');
  result = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  /** The settings the shown result was computed for. */
  resultKey = $state<string | null>(null);
  /** The settings of the run under way. */
  runningKey = $state<string | null>(null);
  /** True while a run is under way. */
  running = $derived(this.status === 'running');

  readonly #supersede: Supersede;
  #controller: AbortController | null = null;
  #ticket = 0;
  #queued: { key: string; work: (run: RunHandle) => Promise<T> } | null = null;

  /** @param supersede 'abort' (default) or 'queue' */
  constructor(supersede: Supersede = 'abort') {
    this.#supersede = supersede;
  }

  /**
   * Runs `work` for the settings `key`. Resolves with its result when it is still the current run
   * when it ends, else (superseded, cancelled, failed) with null.
   */
  async start(key: string, work: (run: RunHandle) => Promise<T>): Promise<T | null> {
    if (this.#supersede === 'queue' && this.#controller) {
      this.#queued = { key, work };
      return null;
    }
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const ticket = ++this.#ticket;
    const isCurrent = () => ticket === this.#ticket && !controller.signal.aborted;
    this.status = 'running';
    this.runningKey = key;
    this.error = null;
    this.done = 0;
    this.total = 0;
    this.note = '';
    const onProgress: ProgressCallback = (done, total, note) => {
      if (!isCurrent()) return;
      this.done = done;
      this.total = total;
      if (note !== undefined) this.note = note;
    };
    let value: T | null = null;
    try {
      const result = await work({ signal: controller.signal, onProgress, isCurrent });
      if (isCurrent() && !this.#queued) {
        this.result = result;
        this.resultKey = key;
        this.status = 'done';
        value = result;
      }
    } catch (error) {
      if (isCurrent() && !isAbortError(error)) {
        this.error = errorMessage(error);
        this.status = 'error';
      }
    } finally {
      if (ticket === this.#ticket) {
        this.#controller = null;
        this.runningKey = null;
        if (this.status === 'running') this.status = this.result === null ? 'idle' : 'done';
        const next = this.#queued;
        this.#queued = null;
        if (next) void this.start(next.key, next.work);
      }
    }
    return value;
  }

  /** Stops the run under way (its workers are terminated); the result shown before stays. */
  cancel(): void {
    if (!this.#controller) return;
    this.#queued = null;
    this.#controller.abort();
    this.#controller = null;
    this.#ticket++;
    this.runningKey = null;
    this.status = 'cancelled';
    this.note = '';
  }

  /** Stops any run and forgets the result (e.g. a new file was loaded). */
  clear(): void {
    this.cancel();
    this.result = null;
    this.resultKey = null;
    this.error = null;
    this.status = 'idle';
  }

  /** Does the shown result belong to the settings `key`? */
  isCurrent(key: string): boolean {
    return this.resultKey === key;
  }
}

/** Is any of these runs under way (a page's `aria-busy`)? */
export function anyRunning(...runs: readonly { running: boolean }[]): boolean {
  return runs.some((r) => r.running);
}
