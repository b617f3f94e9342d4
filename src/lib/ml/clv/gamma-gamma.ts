/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: using
 * iso-value curves", and Fader & Hardie's note "The Gamma-Gamma model of monetary value"): each
 * transaction's value is Gamma(p, ν) with ν ~ Gamma(q, v) across customers, fitted on repeat
 * customers' x and mean repeat value m̄. It assumes spend is independent of frequency, so the fit
 * reports the frequency–monetary correlation beside the parameters.
 * Note: http://www.brucehardie.com/notes/025/gamma_gamma.pdf (equations 1 and 5).
 */
import { fitLogParameters, type MleFit, type MleOptions } from './mle';
import { lgamma } from './special';

/** Gamma-Gamma parameters. */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** A fitted Gamma-Gamma model. */
export interface GammaGammaFit extends Omit<MleFit, 'values' | 'standardErrors'> {
  params: GammaGammaParams;
  standardErrors: GammaGammaParams;
  /** Repeat customers it was fitted on. */
  customers: number;
  /** Pearson correlation of frequency and mean repeat value over those customers (should be near 0). */
  frequencyMonetaryCorrelation: number;
}

/** Correlation magnitude above which the independence assumption is reported as doubtful. */
export const correlationWarning = 0.3;

/** The log-likelihood of one repeat customer with x transactions of mean value m (note eq. 1, integrated over ν). */
export function gammaGammaLoglikOne(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = params;
  const px = p * x;
  return lgamma(px + q) - lgamma(px) - lgamma(q) + q * Math.log(v) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(x * m + v);
}

/** The total log-likelihood of the customers with x > 0 and m > 0 (the others are left out; the Γ terms computed once per distinct x). */
export function gammaGammaLoglik(params: GammaGammaParams, frequency: ArrayLike<number>, monetary: ArrayLike<number>): number {
  const { p, q, v } = params;
  const byX = new Map<number, number>();
  const common = q * Math.log(v) - lgamma(q);
  let sum = 0;
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i];
    const m = monetary[i];
    if (!(x > 0 && m > 0)) continue;
    const px = p * x;
    let gammas = byX.get(x);
    if (gammas === undefined) {
      gammas = lgamma(px + q) - lgamma(px) + px * Math.log(x) + common;
      byX.set(x, gammas);
    }
    sum += gammas + (px - 1) * Math.log(m) - (px + q) * Math.log(x * m + v);
  }
  return sum;
}

/**
 * The same sum as {@link gammaGammaLoglik} for the optimiser's hundreds of calls: ln m̄ and x ln x
 * computed once, the Γ terms once per distinct x per call.
 */
function preparedLoglik(xs: number[], ms: number[]): (theta: number[]) => number {
  const n = xs.length;
  const logM = Float64Array.from(ms, Math.log);
  const xLogX = Float64Array.from(xs, (x) => x * Math.log(x));
  const x = Float64Array.from(xs);
  const m = Float64Array.from(ms);
  const distinct = [...new Set(xs)];
  const slot = new Map(distinct.map((v, k) => [v, k]));
  const slotOf = Int32Array.from(xs, (v) => slot.get(v) as number);
  const gammas = new Float64Array(distinct.length);
  return ([p, q, v]) => {
    const common = q * Math.log(v) - lgamma(q);
    for (let k = 0; k < distinct.length; k++) gammas[k] = lgamma(p * distinct[k] + q) - lgamma(p * distinct[k]) + common;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const px = p * x[i];
      sum += gammas[slotOf[i]] + p * xLogX[i] + (px - 1) * logM[i] - (px + q) * Math.log(x[i] * m[i] + v);
    }
    return sum;
  };
}

function correlation(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/**
 * Fits Gamma-Gamma by maximum likelihood on the customers with x > 0 and m̄ > 0.
 * @param options l2 (default 0) penalty on the parameters
 */
export function fitGammaGamma(frequency: ArrayLike<number>, monetary: ArrayLike<number>, options: Partial<MleOptions> = {}): GammaGammaFit {
  if (frequency.length !== monetary.length) throw new Error('frequency and monetary value must have the same length');
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i] > 0 && monetary[i] > 0) {
      xs.push(frequency[i]);
      ms.push(monetary[i]);
    }
  }
  if (xs.length < 2) throw new Error(`Gamma-Gamma needs at least 2 repeat customers with a positive spend, got ${xs.length}`);
  const mean = ms.reduce((s, v) => s + v, 0) / ms.length;
  const fit = fitLogParameters(preparedLoglik(xs, ms), [1, 1, mean], xs.length, { names: ['p', 'q', 'v'], ...options });
  const { values, standardErrors, ...rest } = fit;
  return {
    ...rest,
    params: { p: values[0], q: values[1], v: values[2] },
    standardErrors: { p: standardErrors[0], q: standardErrors[1], v: standardErrors[2] },
    customers: xs.length,
    frequencyMonetaryCorrelation: correlation(xs, ms),
  };
}

/**
 * E[M | x, m̄]: the expected value of a customer's future transactions (note eq. 5), a weighted
 * mean of the population mean p·v/(q−1) and the customer's own m̄. Customers with no repeat
 * purchase get the population mean.
 */
export function expectedAverageValue(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = params;
  if (!(x > 0 && m > 0)) return (p * v) / (q - 1);
  return (p * (v + x * m)) / (p * x + q - 1);
}
