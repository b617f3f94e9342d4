/**
 * Customer lifetime value from a per-customer summary: BG/NBD for how many purchases, Gamma-Gamma
 * for their value, discounted month by month over a horizon (as `lifetimes`'
 * customer_lifetime_value: a month is 30 days, each month's expected purchases times the expected
 * value, divided by (1 + monthly discount)^month). With a calibration split, the holdout check
 * compares predicted and actual purchases by calibration frequency.
 */
import { conditionalExpectedPurchases, fitBgNbd, probabilityAlive, probabilityOfPurchases, type BgNbdFit, type BgNbdParams } from './bgnbd';
import { correlationWarning, expectedAverageValue, fitGammaGamma, type GammaGammaFit, type GammaGammaParams } from './gamma-gamma';
import type { CustomerSummary } from './summary';

/** Options of {@link analyseClv}. */
export interface ClvOptions {
  /** Months of future value. Default 12. */
  horizonMonths: number;
  /** Monthly discount rate. Default 0.01. */
  discount: number;
  /** L2 penalty of both fits. Default 0. */
  l2: number;
  /** Compute each customer's CLV interval (8 more CLV evaluations per customer). Default true. */
  interval: boolean;
}

/** Defaults of {@link ClvOptions}. */
export const defaultClvOptions: ClvOptions = { horizonMonths: 12, discount: 0.01, l2: 0, interval: true };

/** Mean predicted and actual holdout purchases per customer, for the customers with one calibration frequency. */
export interface HoldoutBucket {
  /** '0' … '6', '7+'. */
  frequency: string;
  customers: number;
  actual: number;
  predicted: number;
}

/** The CLV analysis of a summary. */
export interface ClvResult {
  bgnbd: BgNbdFit;
  /** Null when it cannot be fitted (too few repeat customers), with the reason in `notes`. */
  gammaGamma: GammaGammaFit | null;
  /** Per customer, in the summary's order. */
  probabilityAlive: Float64Array;
  /** Expected purchases over the horizon. */
  expectedPurchases: Float64Array;
  /** Expected value of each future purchase (Gamma-Gamma; NaN without it). */
  expectedValue: Float64Array;
  /** Discounted value over the horizon (NaN without Gamma-Gamma). */
  clv: Float64Array;
  /**
   * A 95 % interval of each CLV from the uncertainty of the seven parameters alone (delta method on
   * the Hessians' covariances; the lower end at least 0); NaN where a covariance is missing. It does
   * not include how much a customer's own purchases vary, which is far more.
   */
  clvLow: Float64Array;
  clvHigh: Float64Array;
  /** Customers by repeat purchases 0 … 6, 7+: observed, and expected under the model at each customer's T. */
  repeatCounts: { frequency: string; observed: number; model: number }[];
  holdout: { periods: number; actual: number; predicted: number; buckets: HoldoutBucket[] } | null;
  /** Expected purchases over the horizon and P(alive) for a customer of the longest T, by frequency and recency. */
  matrix: FrequencyRecencyMatrix;
  notes: string[];
}

/** Expected purchases and P(alive) on a grid of frequency (rows) × recency (columns), row-major. */
export interface FrequencyRecencyMatrix {
  /** T of the customer the grid describes, in the unit. */
  age: number;
  /** Periods of future purchases. */
  horizon: number;
  frequency: number[];
  recency: number[];
  expected: Float64Array;
  alive: Float64Array;
}

/**
 * The frequency–recency matrix of `lifetimes`' plot_frequency_recency_matrix and
 * plot_probability_alive_matrix: for a customer observed for T, each x in 0 … maxFrequency and t_x on
 * `steps` points in 0 … T (t_x = 0 only with x = 0; other cells with x = 0 are NaN, as no such customer exists).
 */
export function frequencyRecencyMatrix(params: BgNbdParams, age: number, maxFrequency: number, horizon: number, steps = 40): FrequencyRecencyMatrix {
  const frequency = Array.from({ length: maxFrequency + 1 }, (_, x) => x);
  const recency = Array.from({ length: steps + 1 }, (_, k) => (age * k) / steps);
  const expected = new Float64Array(frequency.length * recency.length);
  const alive = new Float64Array(frequency.length * recency.length);
  for (const x of frequency) {
    recency.forEach((tx, k) => {
      const at = x * recency.length + k;
      if (x === 0 && tx > 0) {
        expected[at] = alive[at] = NaN;
        return;
      }
      expected[at] = conditionalExpectedPurchases(params, horizon, x, x === 0 ? 0 : tx, age);
      alive[at] = probabilityAlive(params, x, x === 0 ? 0 : tx, age);
    });
  }
  return { age, horizon, frequency, recency, expected, alive };
}

const bucketNames = ['0', '1', '2', '3', '4', '5', '6', '7+'];

/** The discounted value of one customer: Σ over months of (E[purchases in the month] · value) / (1 + d)^month. */
export function customerValue(params: BgNbdParams, x: number, tx: number, T: number, value: number, months: number, discount: number, unitDays: number): number {
  let total = 0;
  let before = 0;
  for (let month = 1; month <= months; month++) {
    const upTo = conditionalExpectedPurchases(params, (30 * month) / unitDays, x, tx, T);
    total += ((upTo - before) * value) / Math.pow(1 + discount, month);
    before = upTo;
  }
  return total;
}

/**
 * Fits BG/NBD on every customer and Gamma-Gamma on the repeat ones, and values each customer.
 * @param options horizonMonths (default 12), discount (monthly, default 0.01), l2 (default 0)
 */
export function analyseClv(summary: CustomerSummary, options: Partial<ClvOptions> = {}): ClvResult {
  const o = { ...defaultClvOptions, ...options };
  if (!(o.horizonMonths > 0 && Number.isInteger(o.horizonMonths))) throw new Error(`The horizon must be a whole number of months, got ${o.horizonMonths}`);
  if (!(o.discount >= 0 && o.discount < 1)) throw new Error(`The monthly discount must be in [0, 1), got ${o.discount}`);
  const notes: string[] = [];
  const data = { frequency: summary.frequency, recency: summary.recency, age: summary.age };
  const bgnbd = fitBgNbd(data, { l2: o.l2 });
  if (!bgnbd.converged) notes.push(`BG/NBD: ${bgnbd.message}.`);
  let gammaGamma: GammaGammaFit | null = null;
  try {
    gammaGamma = fitGammaGamma(summary.frequency, summary.monetary, { l2: o.l2 });
    if (!gammaGamma.converged) notes.push(`Gamma-Gamma: ${gammaGamma.message}.`);
    if (Math.abs(gammaGamma.frequencyMonetaryCorrelation) > correlationWarning) {
      notes.push(`Frequency and monetary value are correlated (r = ${gammaGamma.frequencyMonetaryCorrelation.toFixed(2)}); Gamma-Gamma assumes they are not, so its values are doubtful.`);
    }
    if (gammaGamma.params.q <= 1) notes.push('Gamma-Gamma: q ≤ 1, so the mean spend is infinite under the model; values are not shown.');
  } catch (error) {
    notes.push(`Gamma-Gamma: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const n = summary.ids.length;
  const unitDays = summary.unit === 'weeks' ? 7 : 1;
  const horizon = (30 * o.horizonMonths) / unitDays;
  const params = bgnbd.params;
  const spend: GammaGammaParams | null = gammaGamma && gammaGamma.params.q > 1 ? gammaGamma.params : null;
  const alive = new Float64Array(n);
  const purchases = new Float64Array(n);
  const value = new Float64Array(n).fill(NaN);
  const clv = new Float64Array(n).fill(NaN);
  const clvLow = new Float64Array(n).fill(NaN);
  const clvHigh = new Float64Array(n).fill(NaN);
  const bgCov = bgnbd.logCovariance;
  const ggCov = gammaGamma?.logCovariance ?? null;
  const canInterval = o.interval && spend !== null && bgCov !== null && ggCov !== null;
  for (let i = 0; i < n; i++) {
    const x = summary.frequency[i];
    const tx = summary.recency[i];
    const T = summary.age[i];
    alive[i] = probabilityAlive(params, x, tx, T);
    purchases[i] = conditionalExpectedPurchases(params, horizon, x, tx, T);
    if (spend) {
      value[i] = expectedAverageValue(spend, x, summary.monetary[i]);
      clv[i] = customerValue(params, x, tx, T, value[i], o.horizonMonths, o.discount, unitDays);
      if (canInterval) {
        // CLV = (discounted purchases D(θ_bg)) × E[M](θ_gg): the two fits are independent, so
        // Var ≈ E[M]² ∇Dᵀ Σ_bg ∇D + D² ∇E[M]ᵀ Σ_gg ∇E[M], gradients in log θ by central differences.
        const purchasesValue = customerValue(params, x, tx, T, 1, o.horizonMonths, o.discount, unitDays);
        const d = logGradient([params.r, params.alpha, params.a, params.b], ([r, alpha, a, b]) => customerValue({ r, alpha, a, b }, x, tx, T, 1, o.horizonMonths, o.discount, unitDays));
        const m = logGradient([spend.p, spend.q, spend.v], ([p, q, v]) => expectedAverageValue({ p, q, v }, x, summary.monetary[i]));
        const variance = value[i] ** 2 * quadratic(d, bgCov) + purchasesValue ** 2 * quadratic(m, ggCov);
        const half = 1.96 * Math.sqrt(variance);
        clvLow[i] = Math.max(0, clv[i] - half);
        clvHigh[i] = clv[i] + half;
      }
    }
  }
  if (o.interval && spend && !canInterval) notes.push('CLV intervals are not shown: a fit has no positive-definite Hessian.');
  if (params.a <= 1 && params.a + params.b <= 1) notes.push('BG/NBD: a ≤ 1, so expected purchases may not be finite.');
  let maxAge = 0;
  let maxFrequency = 0;
  for (let i = 0; i < n; i++) {
    maxAge = Math.max(maxAge, summary.age[i]);
    maxFrequency = Math.max(maxFrequency, summary.frequency[i]);
  }
  const matrix = frequencyRecencyMatrix(params, maxAge, Math.min(30, maxFrequency), horizon);
  return { bgnbd, gammaGamma, probabilityAlive: alive, expectedPurchases: purchases, expectedValue: value, clv, clvLow, clvHigh, repeatCounts: repeatCounts(summary, params), holdout: holdoutCheck(summary, params), matrix, notes };
}

/** ∂f/∂ log θ_k at θ by central differences (step 1e-4 in log θ). */
function logGradient(theta: number[], f: (theta: number[]) => number): number[] {
  const h = 1e-4;
  return theta.map((_, k) => {
    const up = theta.slice();
    const down = theta.slice();
    up[k] *= Math.exp(h);
    down[k] *= Math.exp(-h);
    return (f(up) - f(down)) / (2 * h);
  });
}

/** gᵀ Σ g. */
function quadratic(g: number[], covariance: number[][]): number {
  let sum = 0;
  for (let i = 0; i < g.length; i++) for (let j = 0; j < g.length; j++) sum += g[i] * covariance[i][j] * g[j];
  return sum;
}

/** Customers by repeat purchases 0 … 6, 7+, observed and expected (Σ over customers of P(X(T_i) = x)). */
export function repeatCounts(summary: CustomerSummary, params: BgNbdParams): ClvResult['repeatCounts'] {
  const observed = new Float64Array(8);
  const model = new Float64Array(8);
  // Customers with equal T share their probabilities: compute them once per distinct T.
  const byAge = new Map<number, number[]>();
  for (let i = 0; i < summary.ids.length; i++) {
    observed[Math.min(7, summary.frequency[i])]++;
    const T = summary.age[i];
    let probs = byAge.get(T);
    if (!probs) {
      probs = [];
      let sum = 0;
      for (let x = 0; x < 7; x++) {
        probs.push(probabilityOfPurchases(params, T, x));
        sum += probs[x];
      }
      probs.push(Math.max(0, 1 - sum));
      byAge.set(T, probs);
    }
    for (let x = 0; x < 8; x++) model[x] += probs[x];
  }
  return bucketNames.map((frequency, k) => ({ frequency, observed: observed[k], model: model[k] }));
}

/** Predicted against actual holdout purchases, by calibration frequency (null without a calibration split). */
function holdoutCheck(summary: CustomerSummary, params: BgNbdParams): ClvResult['holdout'] {
  if (summary.holdoutEnd === null || !summary.holdoutFrequency) return null;
  const unitDays = summary.unit === 'weeks' ? 7 : 1;
  const periods = (summary.holdoutEnd - summary.end) / (unitDays * 86_400_000);
  const buckets = bucketNames.map((frequency) => ({ frequency, customers: 0, actual: 0, predicted: 0 }));
  let actual = 0;
  let predicted = 0;
  for (let i = 0; i < summary.ids.length; i++) {
    const bucket = buckets[Math.min(7, summary.frequency[i])];
    const p = conditionalExpectedPurchases(params, periods, summary.frequency[i], summary.recency[i], summary.age[i]);
    bucket.customers++;
    bucket.actual += summary.holdoutFrequency[i];
    bucket.predicted += p;
    actual += summary.holdoutFrequency[i];
    predicted += p;
  }
  return { periods, actual, predicted, buckets: buckets.map((b) => ({ ...b, actual: b.customers ? b.actual / b.customers : 0, predicted: b.customers ? b.predicted / b.customers : 0 })) };
}
