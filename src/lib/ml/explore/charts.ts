/**
 * The data of the Explore page's charts, computed where the rows are (a worker): a histogram per
 * numeric column (its chosen bins, or Freedman–Diaconis), counts per categorical, dates per period,
 * and box plots of every numeric column by one categorical. The page only draws them.
 */
import type { Table } from '../core/table';
import { boxStatsBy, type BoxStats } from '../stats/boxplot';
import { categoryCounts, type CategoryCounts } from '../stats/category-counts';
import { dateHistogram, histogram, type DateHistogram, type Histogram } from '../stats/histogram';
import { categoricalColumnsOf, dateColumnsOf, numericColumnsOf } from './columns';

/** What the charts are drawn with. */
export interface ExploreChartsConfig {
  /** Bins per numeric column (absent or 0 = Freedman–Diaconis). */
  bins: [string, number][];
  /** The categorical column box plots group by ('' = the first). */
  boxBy: string;
}

/** Outlier points kept per box at most (evenly through the sorted outliers, both extremes kept). */
export const maxOutliersPerBox = 100;

/** A box with at most {@link maxOutliersPerBox} of its outliers, and how many it has. */
export type ChartBox = BoxStats & { outlierCount: number };

/** The chart data of every column. */
export interface ExploreCharts {
  histograms: { column: string; histogram: Histogram }[];
  categories: { column: string; counts: CategoryCounts }[];
  dates: { column: string; histogram: DateHistogram }[];
  /** The column the boxes group by, and each numeric column's boxes. */
  boxBy: string | null;
  boxes: { column: string; boxes: ChartBox[] }[];
}

/** `box` with its outliers thinned to at most {@link maxOutliersPerBox}. */
function thinned(box: BoxStats): ChartBox {
  const all = box.outliers;
  const kept = Math.min(all.length, maxOutliersPerBox);
  const outliers = kept === all.length ? all : Float64Array.from({ length: kept }, (_, t) => all[kept === 1 ? 0 : Math.round((t * (all.length - 1)) / (kept - 1))]);
  return { ...box, outliers, outlierCount: all.length };
}

/** The chart data of `table` for the chosen bins and grouping. */
export function exploreCharts(table: Table, config: ExploreChartsConfig): ExploreCharts {
  const bins = new Map(config.bins);
  const categorical = categoricalColumnsOf(table);
  const by = categorical.find((c) => c.name === config.boxBy) ?? categorical[0] ?? null;
  const numeric = numericColumnsOf(table);
  return {
    histograms: numeric.map((c) => ({ column: c.name, histogram: histogram(c.values, { bins: bins.get(c.name) ?? 0 }) })),
    categories: categorical.map((c) => ({ column: c.name, counts: categoryCounts(c) })),
    dates: dateColumnsOf(table).map((c) => ({ column: c.name, histogram: dateHistogram(c.values) })),
    boxBy: by?.name ?? null,
    boxes: by ? numeric.map((c) => ({ column: c.name, boxes: boxStatsBy(c.values, by).map(thinned) })) : [],
  };
}
