/**
 * Histograms of numeric columns with Freedman–Diaconis bins (numpy's `bins='fd'`:
 * width 2·IQR·n^(−1/3)), or a bin count chosen by the user.
 */
import { quantileSorted, sortedFinite } from './quantile';

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** Bin count; 0 = Freedman–Diaconis. */
  bins: number;
  /** Upper bound on the automatic bin count (a long tail should not give 10,000 bins). */
  maxBins: number;
}

/** Default histogram options: Freedman–Diaconis, at most 100 bins. */
export const defaultHistogramOptions: HistogramOptions = { bins: 0, maxBins: 100 };

/** Equal-width bins: `counts[i]` values in [edges[i], edges[i+1]) (the last bin includes its right edge). */
export interface Histogram {
  edges: Float64Array;
  counts: Int32Array;
  /** Missing values, not in any bin. */
  missing: number;
}

/**
 * Freedman–Diaconis bin count of sorted values: ceil(range / (2·IQR·n^(−1/3))); Sturges'
 * log2(n) + 1 when the IQR is 0 (numpy's 'fd' would give a single bin); at least 1.
 */
export function freedmanDiaconisBins(sorted: Float64Array, maxBins = defaultHistogramOptions.maxBins): number {
  const n = sorted.length;
  if (n < 2) return 1;
  const range = sorted[n - 1] - sorted[0];
  if (range === 0) return 1;
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const width = 2 * iqr * n ** (-1 / 3);
  const bins = width > 0 ? Math.ceil(range / width) : Math.ceil(Math.log2(n)) + 1;
  return Math.max(1, Math.min(maxBins, bins));
}

/** The histogram of `values` (NaN = missing). */
export function histogram(values: Float64Array, options: Partial<HistogramOptions> = {}): Histogram {
  const opts = { ...defaultHistogramOptions, ...options };
  if (!Number.isInteger(opts.bins) || opts.bins < 0) throw new Error(`Histogram bins must be a whole number ≥ 0, got ${opts.bins}`);
  const sorted = sortedFinite(values);
  const missing = values.length - sorted.length;
  if (sorted.length === 0) return { edges: new Float64Array(0), counts: new Int32Array(0), missing };
  const bins = opts.bins || freedmanDiaconisBins(sorted, opts.maxBins);
  let lo = sorted[0];
  let hi = sorted[sorted.length - 1];
  // numpy widens an empty range to [v − 0.5, v + 0.5].
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = lo + ((hi - lo) * i) / bins;
  const counts = new Int32Array(bins);
  const scale = bins / (hi - lo);
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    let b = Math.floor((v - lo) * scale);
    // Floating-point rounding can put a value one bin off its edge; check against the edges.
    if (b >= bins) b = bins - 1;
    else if (b > 0 && v < edges[b]) b--;
    else if (b < bins - 1 && v >= edges[b + 1]) b++;
    counts[b]++;
  }
  return { edges, counts, missing };
}

/** Calendar unit of a date histogram. */
export type DateUnit = 'day' | 'month' | 'year';

/** Counts per calendar period (UTC). */
export interface DateHistogram {
  unit: DateUnit;
  /** Start of each period, epoch milliseconds (UTC). */
  starts: Float64Array;
  counts: Int32Array;
  missing: number;
}

function periodIndex(ms: number, unit: DateUnit, first: Date): number {
  const d = new Date(ms);
  if (unit === 'day') return Math.floor((ms - first.getTime()) / 86_400_000);
  const years = d.getUTCFullYear() - first.getUTCFullYear();
  return unit === 'year' ? years : years * 12 + d.getUTCMonth() - first.getUTCMonth();
}

/**
 * Counts of dates (epoch ms, NaN = missing) per day, month or year; the unit is chosen
 * from the span (up to 62 days: days; up to 5 years: months; else years) unless given.
 */
export function dateHistogram(values: Float64Array, unit?: DateUnit): DateHistogram {
  const sorted = sortedFinite(values);
  const missing = values.length - sorted.length;
  if (sorted.length === 0) return { unit: unit ?? 'day', starts: new Float64Array(0), counts: new Int32Array(0), missing };
  const span = sorted[sorted.length - 1] - sorted[0];
  const u: DateUnit = unit ?? (span <= 62 * 86_400_000 ? 'day' : span <= 5 * 366 * 86_400_000 ? 'month' : 'year');
  const f = new Date(sorted[0]);
  const first =
    u === 'day'
      ? new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth(), f.getUTCDate()))
      : new Date(Date.UTC(f.getUTCFullYear(), u === 'month' ? f.getUTCMonth() : 0, 1));
  const periods = periodIndex(sorted[sorted.length - 1], u, first) + 1;
  const counts = new Int32Array(periods);
  for (let i = 0; i < sorted.length; i++) counts[periodIndex(sorted[i], u, first)]++;
  const starts = new Float64Array(periods);
  for (let p = 0; p < periods; p++) {
    starts[p] =
      u === 'day'
        ? first.getTime() + p * 86_400_000
        : u === 'month'
          ? Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + p, 1)
          : Date.UTC(first.getUTCFullYear() + p, 0, 1);
  }
  return { unit: u, starts, counts, missing };
}
