/**
 * How each categorical feature of a run will be one-hot encoded, so the pages can say it: how many
 * levels it has, which keep a column of their own, how many merge into "Other", and which level is
 * the reference when an unpenalised linear model drops one. The same choice as the fitted pipeline
 * (`chooseLevels` of levels.ts), made here on the rows given (the pages use every row; a fold decides on its
 * training rows, which can differ only for a level at the edge of the thresholds).
 */
import { getColumn, type Column, type Table } from '../core/table';
import { chooseLevels, countLevels, referenceLevel } from './levels';
import { defaultPipelineOptions, exclusionReason, isOneHotColumn, type PipelineOptions } from './pipeline';

/** Above this many levels a categorical is high-cardinality: its encoding is always stated. */
export const highCardinalityLevels = 50;

/** The encoding of one categorical feature. */
export interface CategoricalPlan {
  column: string;
  /** Distinct non-missing levels in the rows. */
  levels: number;
  /** Levels with a column of their own, sorted (the reference excluded). */
  kept: string[];
  /** Levels merged into "Other" (rare or beyond `maxCategories`). */
  grouped: number;
  /** Over {@link highCardinalityLevels} levels. */
  isHighCardinality: boolean;
  /** The level without a column (every other level's weight is the difference from it), or null when every level keeps one. */
  reference: string | null;
}

/** Level counts over every row, per values array: a page asks again for each model shown, and a click must not count 200,000 rows. */
const allRowCounts = new WeakMap<object, { rowCount: number; dictionary?: readonly string[]; counts: ReadonlyMap<string, number> }>();

function countAllLevels(column: Column, rowCount: number): ReadonlyMap<string, number> {
  const key = column.storage === 'category' ? column.codes : column.values;
  const dictionary = column.storage === 'category' ? column.dictionary : undefined;
  const known = allRowCounts.get(key);
  if (known && known.rowCount === rowCount && known.dictionary === dictionary) return known.counts;
  const counts = countLevels(column, Int32Array.from({ length: rowCount }, (_, i) => i));
  allRowCounts.set(key, { rowCount, dictionary, counts });
  return counts;
}

/**
 * The one-hot encoding of every categorical among `features` (other columns are skipped).
 * @param table the data
 * @param features the run's feature columns
 * @param options pipeline options (defaults: rare under 1 % and beyond 30 levels grouped, no reference dropped)
 * @param rows the rows to count (default every row)
 */
export function planCategoricals(
  table: Table,
  features: readonly string[],
  options: Partial<PipelineOptions> = {},
  rows?: ArrayLike<number>,
): CategoricalPlan[] {
  const o = { ...defaultPipelineOptions, ...options };
  const plans: CategoricalPlan[] = [];
  for (const name of features) {
    const column = getColumn(table, name);
    if (!isOneHotColumn(column) || exclusionReason(column)) continue;
    const counts = rows ? countLevels(column, rows) : countAllLevels(column, table.rowCount);
    const { kept, grouped } = chooseLevels(counts, rows?.length ?? table.rowCount, o);
    const reference = referenceLevel(kept, grouped > 0, o.dropReferenceLevel);
    plans.push({
      column: name,
      levels: counts.size,
      kept: reference === undefined ? kept : kept.slice(1),
      grouped,
      isHighCardinality: counts.size > highCardinalityLevels,
      reference: reference ?? null,
    });
  }
  return plans;
}
