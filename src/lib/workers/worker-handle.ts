/**
 * A module worker behind a comlink proxy, made on first use and thrown away on cancel or crash.
 */
import * as Comlink from 'comlink';

/** A module worker made on first use and thrown away on cancel or crash (the only cancel that stops a busy worker). */
export class WorkerHandle<T> {
  #worker: Worker | null = null;
  #api: Comlink.Remote<T> | null = null;
  readonly #create: () => Worker;
  readonly #onCrash: (message: string) => void;

  constructor(create: () => Worker, onCrash: (message: string) => void) {
    this.#create = create;
    this.#onCrash = onCrash;
  }

  /** The worker's API, starting a worker if there is none. */
  get api(): Comlink.Remote<T> {
    if (this.#api) return this.#api;
    const worker = this.#create();
    // Comlink never settles a call whose worker died, so a crash is reported here.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.#worker !== worker) return;
      this.terminate();
      this.#onCrash(event.message || 'worker error');
    });
    this.#worker = worker;
    this.#api = Comlink.wrap<T>(worker);
    return this.#api;
  }

  /** Stops the worker now; the next call makes a new one. */
  terminate(): void {
    this.#api?.[Comlink.releaseProxy]();
    this.#worker?.terminate();
    this.#api = null;
    this.#worker = null;
  }
}
