/** Mean, standard deviation and skewness of a numeric column, ignoring missing values. */

/** Count, mean, variance and skewness of the non-missing values. */
export interface Moments {
  /** Non-missing values. */
  count: number;
  /** Missing (NaN) values. */
  missing: number;
  mean: number;
  /** Sample standard deviation (ddof = 1, as pandas `std()`); NaN below 2 values. */
  std: number;
  min: number;
  max: number;
  /**
   * Adjusted Fisher–Pearson skewness G1, as pandas `Series.skew()`:
   * g1·√(n(n−1))/(n−2) with g1 = m3/m2^1.5; NaN below 3 values, 0 for a constant column.
   */
  skewness: number;
}

/** The moments of `values` (NaN = missing), in two passes for accuracy. */
export function momentsOf(values: Float64Array): Moments {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = n ? sum / n : NaN;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const d = v - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
  }
  const std = n >= 2 ? Math.sqrt(m2 / (n - 1)) : NaN;
  let skewness = NaN;
  if (n >= 3) {
    const pm2 = m2 / n;
    const pm3 = m3 / n;
    // A constant column: pandas reports 0 rather than 0/0.
    skewness = pm2 <= 1e-14 * (mean * mean + 1) ? 0 : ((pm3 / pm2 ** 1.5) * Math.sqrt(n * (n - 1))) / (n - 2);
  }
  return {
    count: n,
    missing: values.length - n,
    mean,
    std,
    min: n ? min : NaN,
    max: n ? max : NaN,
    skewness,
  };
}

/** Population standard deviation (ddof = 0) of the non-missing values (Welford); NaN when there are none. */
export function populationStd(values: Float64Array): number {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return n ? Math.sqrt(m2 / n) : NaN;
}
