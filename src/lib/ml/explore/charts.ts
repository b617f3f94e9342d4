/**
 * The data of the Explore page's charts, computed where the rows are (a worker): a histogram per
 * numeric column (its chosen bins, or Freedman–Diaconis; linear or log scale), the class balance
 * of each two-valued column, counts per categorical, dates per period, and box plots with means
 * of every numeric column by a categorical or boolean. On a wide file only the compared columns
 * (selection.ts) are charted, at most 12 of each kind. The page only draws them.
 */
import type { CategoryColumn, Table } from '../core/table';
import { boxStatsBy, type BoxStats } from '../stats/boxplot';
import { categoryCounts, type CategoryCounts } from '../stats/category-counts';
import { dateHistogram, histogram, type DateHistogram, type Histogram } from '../stats/histogram';
import { meansByGroup } from './association';
import { booleanAsCategory, booleanColumnsOf, categoricalColumnsOf, dateColumnsOf, groupingColumnsOf, numericColumnsOf } from './columns';
import { logHistogram } from './log-histogram';
import { chooseColumns, type ColumnChoice } from './selection';

/** What the charts are drawn with. */
export interface ExploreChartsConfig {
  /** Bins per numeric column (absent or 0 = Freedman–Diaconis). */
  bins: [string, number][];
  /** The categorical or boolean column box plots group by ('' = the target if it can group, else the first). */
  boxBy: string;
  /** Columns whose histogram is drawn on a log scale. */
  log?: string[];
  /** The user's compared columns ([] or absent = chosen automatically, see selection.ts). */
  columns?: string[];
  /** The target column, if any (it ranks the compared columns of a wide file, and groups the boxes by default). */
  target?: string | null;
}

/** Charts of one kind drawn at most on a wide file (a file whose compared columns are a bounded choice); otherwise one per column. */
export const maxChartsPerKind = 12;

/** Outlier points kept per box at most (evenly through the sorted outliers, both extremes kept). */
export const maxOutliersPerBox = 100;

/** A box with at most {@link maxOutliersPerBox} of its outliers, how many it has, and the mean of its values. */
export type ChartBox = BoxStats & { outlierCount: number; mean: number };

/** A numeric column's histogram. */
export interface ChartHistogram {
  column: string;
  histogram: Histogram;
  /** 'log': the edges are log10 of the values and only positive values are binned. */
  scale: 'linear' | 'log';
  /** On a log scale, the zeros and negative values it cannot show (0 on a linear scale). */
  zeros: number;
  negatives: number;
  /** Infinite values, never binned. */
  infinite: number;
}

/** The class balance of a two-valued column (a boolean in the file's words, or a categorical with two levels). */
export interface ClassBalance {
  column: string;
  labels: string[];
  counts: number[];
  missing: number;
}

/** How many of a kind are drawn, of how many there are. */
export interface Shown {
  shown: number;
  total: number;
}

/** The chart data of every column. */
export interface ExploreCharts {
  histograms: ChartHistogram[];
  balances: ClassBalance[];
  categories: { column: string; counts: CategoryCounts }[];
  dates: { column: string; histogram: DateHistogram }[];
  /** The columns boxes can group by (categoricals of at most 50 levels and booleans), in table order; on a wide file those compared and the one grouping now. */
  groupings: string[];
  /** The column the boxes group by, and each numeric column's boxes. */
  boxBy: string | null;
  boxes: { column: string; boxes: ChartBox[] }[];
  /** Drawn and present counts per kind. */
  limits: { histograms: Shown; balances: Shown; categories: Shown; dates: Shown };
  /** The compared columns the charts are limited to. */
  choice: ColumnChoice;
}

/** `box` with its outliers thinned to at most {@link maxOutliersPerBox}. */
function thinned(box: BoxStats, mean: number): ChartBox {
  const all = box.outliers;
  const kept = Math.min(all.length, maxOutliersPerBox);
  const outliers = kept === all.length ? all : Float64Array.from({ length: kept }, (_, t) => all[kept === 1 ? 0 : Math.round((t * (all.length - 1)) / (kept - 1))]);
  return { ...box, outliers, outlierCount: all.length, mean };
}

/** `values` with infinities as missing (a histogram's edges must be finite), and how many there were. */
function finiteValues(values: Float64Array): { values: Float64Array; infinite: number } {
  let infinite = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === Infinity || values[i] === -Infinity) infinite++;
  return infinite ? { values: Float64Array.from(values, (v) => (Number.isFinite(v) ? v : NaN)), infinite } : { values, infinite };
}

function histogramOf(column: string, raw: Float64Array, bins: number, log: boolean): ChartHistogram {
  const { values, infinite } = finiteValues(raw);
  if (log) {
    const l = logHistogram(values, bins);
    if (l.histogram.counts.length > 0) return { column, histogram: l.histogram, scale: 'log', zeros: l.zeros, negatives: l.negatives, infinite };
  }
  return { column, histogram: histogram(values, { bins }), scale: 'linear', zeros: 0, negatives: 0, infinite };
}

/** The first `max` of `items` (the compared ones) and how many there are of the kind in all (`total`). */
function bounded<T>(items: T[], total: number, max: number): { items: T[]; shown: Shown } {
  const kept = items.slice(0, max);
  return { items: kept, shown: { shown: kept.length, total } };
}

/** The chart data of `table` for the chosen bins, scales, grouping and columns. */
export function exploreCharts(table: Table, config: ExploreChartsConfig): ExploreCharts {
  const bins = new Map(config.bins);
  const log = new Set(config.log ?? []);
  const target = config.target ?? null;
  const choice = chooseColumns(table, { target, columns: config.columns ?? [] });
  const compared = new Set(choice.names);
  const inChoice = <C extends { name: string }>(columns: C[]): C[] => (choice.by === 'all' ? columns : columns.filter((c) => compared.has(c.name)));
  const max = choice.by === 'all' ? Infinity : maxChartsPerKind;

  const allNumeric = numericColumnsOf(table);
  const numeric = bounded(inChoice(allNumeric), allNumeric.length, max);
  const categorical = categoricalColumnsOf(table);
  const twoValued = new Map<string, CategoryColumn>();
  for (const c of booleanColumnsOf(table)) twoValued.set(c.name, booleanAsCategory(c));
  for (const c of categorical) if (categoryCounts(c).counts.filter((k) => k > 0).length === 2) twoValued.set(c.name, c);
  const twoNames = new Set(twoValued.keys());
  const allBalances = table.columns.flatMap((c) => twoValued.get(c.name) ?? []);
  const balances = bounded(inChoice(allBalances), allBalances.length, max);
  const allCategories = categorical.filter((c) => !twoNames.has(c.name));
  const categories = bounded(inChoice(allCategories), allCategories.length, max);
  const allDates = dateColumnsOf(table);
  const dates = bounded(allDates, allDates.length, max);

  const groupings = groupingColumnsOf(table);
  const by = groupings.find((c) => c.name === config.boxBy) ?? groupings.find((c) => c.name === target) ?? groupings[0] ?? null;
  const boxes = by
    ? numeric.items.map((c) => {
        const values = finiteValues(c.values).values;
        const { means } = meansByGroup(by.codes, by.dictionary.length, values);
        const meanOf = new Map(by.dictionary.map((label, g) => [label, means[g]]));
        return { column: c.name, boxes: boxStatsBy(values, by).map((b) => thinned(b, meanOf.get(b.label) ?? NaN)) };
      })
    : [];

  return {
    histograms: numeric.items.map((c) => histogramOf(c.name, c.values, bins.get(c.name) ?? 0, log.has(c.name))),
    balances: balances.items.map((c) => {
      const counts = categoryCounts(c);
      const order = c.dictionary.map((label) => counts.labels.indexOf(label)).filter((i) => i >= 0 && counts.counts[i] > 0);
      return { column: c.name, labels: order.map((i) => counts.labels[i]), counts: order.map((i) => counts.counts[i]), missing: counts.missing };
    }),
    categories: categories.items.map((c) => ({ column: c.name, counts: categoryCounts(c) })),
    dates: dates.items.map((c) => ({ column: c.name, histogram: dateHistogram(c.values) })),
    groupings: groupings.filter((c) => choice.by === 'all' || compared.has(c.name) || c === by).map((c) => c.name),
    boxBy: by?.name ?? null,
    boxes,
    limits: { histograms: numeric.shown, balances: balances.shown, categories: categories.shown, dates: dates.shown },
    choice,
  };
}
