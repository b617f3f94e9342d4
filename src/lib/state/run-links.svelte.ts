/**
 * Links that carry a run's settings (`#/predict?run=…`, made by "Copy link" on the Experiments
 * page): when the app opens such a link, the settings are applied to their page once a file is
 * loaded, the run is taken out of the address (a reload keeps the user's own changes), and the
 * page says what was applied, or why it could not be, or that the file differs from the run's.
 */
import type { RunPage } from '../experiments/run-record';
import { runConfigFromHash, type RunConfig } from '../runs/run-config';
import { dataset } from './dataset.svelte';
import { loader } from './loader.svelte';

/** A message about a run's settings: `isError` ones are alerts. */
export interface RunNotice {
  text: string;
  isError: boolean;
}

/** Describes what was applied. */
function appliedText(run: RunConfig, page: RunPage): string {
  const name = page === 'segments' ? 'Segments' : page === 'risk' ? 'Risk' : page === 'monitor' ? 'Monitor' : 'Predict';
  return `${name} is set up with the settings of the run (seed ${run.seed}); run it to get the same numbers on the same file.`;
}

class RunLinks {
  /** What the last link or "Open" did, or why it could not. */
  notice = $state<RunNotice | null>(null);
  /** A run read from the address, waiting for a file to be loaded. */
  #pending = $state.raw<RunConfig | null>(null);
  #following = false;

  /** Reads runs from the address now and on every change of it; applies them once a file is loaded. */
  follow(): void {
    if (this.#following || typeof window === 'undefined') return;
    this.#following = true;
    this.#read();
    window.addEventListener('hashchange', () => this.#read());
    $effect.root(() => {
      $effect(() => {
        const run = this.#pending;
        if (!run || !dataset.loaded || loader.busy) return;
        // A macrotask later: the kept file's settings (types, added columns) are put back right after it loads.
        const timer = setTimeout(() => {
          if (this.#pending !== run || !dataset.loaded || loader.busy) return;
          this.#pending = null;
          void this.open(run, false);
        }, 0);
        return () => clearTimeout(timer);
      });
    });
  }

  /** Applies `run`'s settings to its page, says so (and whether the file differs), and shows the page when `navigate`. */
  async open(run: RunConfig, navigate = true): Promise<RunPage | null> {
    // Applying settings reaches every page's state: loaded when a run is opened, not with the app's start.
    const { applyRunSettings, dataMismatch } = await import('./open-run');
    let page: RunPage;
    try {
      page = applyRunSettings(run);
    } catch (error) {
      this.notice = { text: (error as Error).message, isError: true };
      return null;
    }
    const mismatch = dataMismatch(run);
    this.notice = mismatch ? { text: mismatch, isError: true } : { text: appliedText(run, page), isError: false };
    if (navigate) location.hash = `#/${page}`;
    return page;
  }

  /** Clears the notice. */
  dismiss(): void {
    this.notice = null;
  }

  #read(): void {
    const hash = location.hash;
    const at = hash.indexOf('run=');
    if (at < 0) return;
    // The address keeps the page only, so a reload does not apply the run over the user's changes.
    const page = hash.slice(0, hash.indexOf('?') >= 0 ? hash.indexOf('?') : at);
    history.replaceState(history.state, '', `${location.pathname}${location.search}${page.replace(/[?&]$/, '') || '#/data'}`);
    try {
      this.#pending = runConfigFromHash(hash);
    } catch (error) {
      this.notice = { text: `This link's settings could not be read: ${(error as Error).message}.`, isError: true };
    }
  }
}

/** The app's run links. */
export const runLinks = new RunLinks();
