/**
 * Which columns the quadratic summaries read (correlations, VIFs, associations, the scatter
 * matrix): all of them up to 50, else a bounded, stated set: the user's own choice, or the
 * columns most associated with the target, or those that vary most on a common scale. Each
 * score is one pass over a column, so choosing stays linear in the table.
 */
import type { Column, Table } from '../core/table';
import { comparableColumnsOf } from './columns';
import { associationWithTarget, targetCoding, type TargetCoding } from './target';

/** Options of {@link chooseColumns}. */
export interface ColumnChoiceOptions {
  /** Most columns chosen (default 50). */
  max: number;
  /** The target whose strongest associations are chosen; null = none. */
  target: string | null;
  /** The user's columns ([] = choose automatically); names that are not comparable columns are skipped. */
  columns: readonly string[];
}

/** Default choice: at most 50 columns, no target, chosen automatically. */
export const defaultColumnChoiceOptions: ColumnChoiceOptions = { max: 50, target: null, columns: [] };

/** Why these columns: all there are, the user's, the most spread, or the most associated with the target. */
export type ChoiceReason = 'all' | 'user' | 'spread' | 'target';

/** The chosen columns and how they were chosen. */
export interface ColumnChoice {
  /** Chosen names, in table order. */
  names: string[];
  /** Columns there were to choose from (numbers, booleans, categoricals of at most 50 levels; no ids). */
  total: number;
  by: ChoiceReason;
  /** The target the choice ranked by ('target'), else null. */
  target: string | null;
  max: number;
}

/**
 * How much a column varies on a common scale: the variance of its values scaled to 0–1 (min to
 * max; a boolean's 0/1 as they are, so p·(1 − p)), and for a categorical half its Gini impurity
 * (1 − Σ pᵢ²)/2, which equals a boolean's variance for two levels. 0 for a constant or empty column.
 */
export function spreadOf(column: Column): number {
  if (column.storage === 'category') {
    const counts = new Float64Array(column.dictionary.length);
    let n = 0;
    for (let i = 0; i < column.codes.length; i++) {
      if (column.codes[i] < 0) continue;
      counts[column.codes[i]]++;
      n++;
    }
    if (n === 0) return 0;
    let sum = 0;
    for (const c of counts) sum += (c / n) * (c / n);
    return (1 - sum) / 2;
  }
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  let total = 0;
  for (let i = 0; i < column.values.length; i++) {
    const v = column.values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    total += v;
    n++;
  }
  if (n === 0 || !(hi > lo)) return 0;
  const range = hi - lo;
  const mean = (total / n - lo) / range;
  let ss = 0;
  for (let i = 0; i < column.values.length; i++) {
    const v = column.values[i];
    if (!Number.isFinite(v)) continue;
    const d = (v - lo) / range - mean;
    ss += d * d;
  }
  return ss / n;
}

function codingOf(table: Table, name: string | null): TargetCoding | null {
  if (name === null) return null;
  const column = table.columns.find((c) => c.name === name);
  if (!column) return null;
  try {
    return targetCoding(column);
  } catch {
    return null;
  }
}

/** The `max` highest scores' indices (ties: the earlier column), in table order. */
function topIndices(scores: Float64Array, max: number): number[] {
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  return order.slice(0, max).sort((a, b) => a - b);
}

/** The columns the quadratic summaries of `table` read, and why (see the module comment). */
export function chooseColumns(table: Table, options: Partial<ColumnChoiceOptions> = {}): ColumnChoice {
  const o = { ...defaultColumnChoiceOptions, ...options };
  if (!Number.isInteger(o.max) || o.max < 2) throw new Error(`Choose at least 2 columns, got ${o.max}`);
  const columns = comparableColumnsOf(table);
  const total = columns.length;
  const wanted = new Set(o.columns);
  if (wanted.size) {
    const names = columns.filter((c) => wanted.has(c.name)).map((c) => c.name);
    if (names.length) return { names: names.slice(0, o.max), total, by: 'user', target: null, max: o.max };
  }
  if (total <= o.max) return { names: columns.map((c) => c.name), total, by: 'all', target: null, max: o.max };
  const target = codingOf(table, o.target);
  if (target) {
    // The target first, then the columns most associated with it (|r|, η or V, all 0 to 1).
    const scores = Float64Array.from(columns, (c) => {
      if (c.name === target.name) return Infinity;
      const v = Math.abs(associationWithTarget(c, target).value);
      return Number.isNaN(v) ? -1 : v;
    });
    return { names: topIndices(scores, o.max).map((i) => columns[i].name), total, by: 'target', target: target.name, max: o.max };
  }
  const scores = Float64Array.from(columns, spreadOf);
  return { names: topIndices(scores, o.max).map((i) => columns[i].name), total, by: 'spread', target: null, max: o.max };
}

/** The reason of a choice in words, e.g. "chosen by their spread (variance after scaling to 0–1)". */
export function choiceText(choice: ColumnChoice): string {
  switch (choice.by) {
    case 'all':
      return 'all of them';
    case 'user':
      return 'chosen by you';
    case 'target':
      return `chosen by their association with the target ${choice.target} (|r|, η or Cramér's V)`;
    case 'spread':
      return 'chosen by their spread (the variance of each column scaled to 0–1; half the Gini impurity for a categorical)';
  }
}
