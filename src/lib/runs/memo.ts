/**
 * Values made once and kept while their input is kept (prepared folds, a segmentation's session,
 * a K-Means data copy), least recently used dropped first: each can hold arrays as large as the table.
 */

/** Entries kept per input unless told otherwise. */
export const defaultMemoEntries = 12;

/** A small least-recently-used cache of made values. */
export class Memo {
  readonly #entries = new Map<string, unknown>();
  readonly #limit: number;

  /** @param limit entries kept (default 12) */
  constructor(limit = defaultMemoEntries) {
    this.#limit = limit;
  }

  /** The value under `key`, made by `make` the first time (a failed promise is not kept). */
  get<T>(key: string, make: () => T): T {
    if (this.#entries.has(key)) {
      const value = this.#entries.get(key) as T;
      this.#entries.delete(key);
      this.#entries.set(key, value);
      return value;
    }
    const value = make();
    this.#entries.set(key, value);
    if (value instanceof Promise) value.catch(() => this.#entries.get(key) === value && this.#entries.delete(key));
    while (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value as string);
    return value;
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
  }
}
