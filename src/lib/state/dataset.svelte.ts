/**
 * The dataset every page works on: the table as loaded, the user's edits of
 * types and roles, and the columns they added (engineered features, formulas,
 * merged categories). Big data lives in `$state.raw` and is replaced whole.
 */
import { columnLength, type KeptSettings } from '../io/kept-settings';
import type { Column, ColumnRole, ColumnType, Table } from '../ml/core/table';
import { fingerprintTable, type TableFingerprint } from '../ml/data/fingerprint';
import type { DerivedColumn as Lineage } from '../ml/leakage/lineage';

/** A column the user added, with the columns it was computed from. */
export interface DerivedColumn {
  column: Column;
  /** Where it came from, shown to the user (e.g. the formula). */
  formula: string;
  /** Source columns, transitively (lineage). */
  sources: string[];
}

class Dataset {
  /** The table as parsed from its file; null until the first load finishes. */
  loaded = $state.raw<Table | null>(null);
  /** Columns added by the user, in the order they were added. */
  derived = $state.raw<DerivedColumn[]>([]);
  /** The user's type and role choices, by column name; kept while they work. */
  overrides = $state.raw<ReadonlyMap<string, { type?: ColumnType; role?: ColumnRole }>>(new Map());
  /** Told after every edit of types, roles or added columns (the kept file saves them). */
  readonly #editListeners = new Set<() => void>();

  /**
   * What every page sees: loaded columns with the user's overrides, then derived columns.
   * A derived column named like a loaded one replaces it in place (e.g. merged categories).
   */
  table = $derived.by((): Table | null => {
    const base = this.loaded;
    if (!base) return null;
    const replacing = new Map(this.derived.map((d) => [d.column.name, d.column]));
    const baseNames = new Set(base.columns.map((c) => c.name));
    const added = this.derived.filter((d) => !baseNames.has(d.column.name)).map((d) => d.column);
    const columns = [...base.columns.map((c) => replacing.get(c.name) ?? c), ...added].map((c) => {
      const o = this.overrides.get(c.name);
      return o ? ({ ...c, ...o } as Column) : c;
    });
    return { ...base, columns };
  });

  /** Each added column with the columns it is computed from (the leakage guard reads this). */
  lineage = $derived.by((): Lineage[] => this.derived.map((d) => ({ name: d.column.name, sources: d.sources })));

  /** What runs record about the data they ran on. */
  fingerprint = $derived.by((): TableFingerprint | null => (this.table ? fingerprintTable(this.table) : null));

  /** Replaces the dataset (a new file); derived columns and overrides start afresh. */
  replace(table: Table): void {
    this.derived = [];
    this.overrides = new Map();
    this.loaded = table;
  }

  /** Sets a column's type or role. */
  override(name: string, change: { type?: ColumnType; role?: ColumnRole }): void {
    this.overrides = new Map(this.overrides).set(name, { ...this.overrides.get(name), ...change });
    this.#edited();
  }

  /** Adds or replaces (by name) a derived column. */
  putDerived(d: DerivedColumn): void {
    this.derived = [...this.derived.filter((x) => x.column.name !== d.column.name), d];
    this.#edited();
  }

  /** Removes a derived column by name. */
  removeDerived(name: string): void {
    this.derived = this.derived.filter((x) => x.column.name !== name);
    this.#edited();
  }

  /** The user's types, roles and added columns as plain data, to keep with the file. */
  settings(): KeptSettings {
    return {
      overrides: [...this.overrides].map(([name, o]) => ({ name, ...o })),
      derived: this.derived.map((d) => ({ column: d.column, formula: d.formula, sources: [...d.sources] })),
    };
  }

  /** Puts back settings kept with the loaded file; an added column of another length than the table is dropped. */
  applySettings(settings: KeptSettings): void {
    const rowCount = this.loaded?.rowCount;
    this.overrides = new Map(settings.overrides.map(({ name, ...o }) => [name, o]));
    this.derived = settings.derived.filter((d) => columnLength(d.column) === rowCount);
  }

  /** Calls `listener` after each edit of types, roles or added columns (not on replace or applySettings); returns its removal. */
  onEdit(listener: () => void): () => void {
    this.#editListeners.add(listener);
    return () => this.#editListeners.delete(listener);
  }

  #edited(): void {
    for (const listener of this.#editListeners) listener();
  }
}

/** The app's one dataset. */
export const dataset = new Dataset();
