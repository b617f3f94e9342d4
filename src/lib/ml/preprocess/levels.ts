/**
 * The levels of a categorical feature: how many training rows each has, which keep a one-hot column
 * (the most frequent, not rare), and which one is the reference when a level is dropped.
 */
import { cellText, type Column } from '../core/table';

/** Name of the merged level of rare categories. */
export const otherLevel = 'Other';

/** Limits of the kept levels (the pipeline's options of the same names). */
export interface LevelLimits {
  /** Levels seen in fewer than this share of rows merge into "Other". */
  minCategoryFraction: number;
  /** At most this many levels keep their own column (most frequent first). */
  maxCategories: number;
}

/** Training rows per non-missing level of a categorical column, in first-seen order (codes counted first, so a million rows stay fast). */
export function countLevels(column: Column, rows: ArrayLike<number>): Map<string, number> {
  const counts = new Map<string, number>();
  if (column.storage === 'category') {
    const byCode = new Float64Array(column.dictionary.length);
    const order: number[] = [];
    for (let r = 0; r < rows.length; r++) {
      const code = column.codes[rows[r]];
      if (code < 0) continue;
      if (byCode[code]++ === 0) order.push(code);
    }
    for (const code of order) {
      const level = column.dictionary[code];
      counts.set(level, (counts.get(level) ?? 0) + byCode[code]);
    }
    return counts;
  }
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (Number.isNaN(column.values[row])) continue;
    const level = cellText(column, row);
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  return counts;
}

/** The levels a one-hot encoding keeps (sorted), how many merge into "Other", and the fill of missing cells. */
export function chooseLevels(
  counts: ReadonlyMap<string, number>,
  rowCount: number,
  o: LevelLimits,
): { kept: string[]; grouped: number; fill: string } {
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const minCount = o.minCategoryFraction * rowCount;
  const kept = byCount.filter(([, c], i) => c >= minCount && i < o.maxCategories).map(([level]) => level);
  const fill = byCount.length ? byCount[0][0] : otherLevel;
  return { kept: kept.sort(), grouped: byCount.length - kept.length, fill };
}

/**
 * The level to drop: the first kept level in sorted order, when dropping and the categorical would
 * still have a column (a lone level, constant anyway, keeps its own); undefined otherwise.
 */
export function referenceLevel(kept: readonly string[], hasOther: boolean, drop: boolean): string | undefined {
  return drop && kept.length + (hasOther ? 1 : 0) >= 2 ? kept[0] : undefined;
}
