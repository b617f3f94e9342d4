/**
 * A list of charts that lets its old items go a few a task. When a new file replaces fifty charts,
 * destroying them all in one task (each chart purges its Plotly plot) blocked the page for most of
 * a second; here items that stay are updated and new ones added at once (a chart draws in a task of
 * its own anyway), while those leaving are hidden at once and destroyed `perTask` a task.
 */

/** An item of the list and whether it is on its way out (render it hidden). */
export interface StagedItem<T> {
  key: string;
  item: T;
  leaving: boolean;
}

/** Follows `set(items)` with old items removed a few a task (see the module comment). */
export class StagedList<T> {
  items = $state.raw<StagedItem<T>[]>([]);
  /** The same list, read without subscribing (set() runs in effects, which must not depend on it). */
  #current: StagedItem<T>[] = [];
  readonly #keyOf: (item: T) => string;
  readonly #perTask: number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * @param keyOf each item's stable key (a column name)
   * @param perTask items destroyed a task at most (default 4)
   */
  constructor(keyOf: (item: T) => string, perTask = 4) {
    this.#keyOf = keyOf;
    this.#perTask = perTask;
  }

  /** Shows `next`: new and kept items now, the old ones hidden now and destroyed over the next tasks. */
  set(next: readonly T[]): void {
    const wanted = new Set(next.map(this.#keyOf));
    const leaving = this.#current.filter((x) => !wanted.has(x.key)).map((x) => ({ ...x, leaving: true }));
    this.#show([...next.map((item) => ({ key: this.#keyOf(item), item, leaving: false })), ...leaving]);
  }

  #show(items: StagedItem<T>[]): void {
    this.#current = items;
    this.items = items;
    if (this.#timer !== null || !items.some((x) => x.leaving)) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      let dropped = 0;
      this.#show(this.#current.filter((x) => !(x.leaving && dropped++ < this.#perTask)));
    }, 0);
  }
}
