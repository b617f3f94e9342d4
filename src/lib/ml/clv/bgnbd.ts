/**
 * The BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005, "Counting your customers the
 * easy way"): while alive a customer buys at Poisson rate λ ~ Gamma(r, α), and after each repeat
 * purchase drops out with probability p ~ Beta(a, b). A customer is summarised by x (repeat
 * purchases), t_x (time of the last purchase after the first) and T (time since the first).
 * Paper: http://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf (equations 6, 10, 11, 13).
 */
import { fitLogParameters, type MleFit, type MleOptions } from './mle';
import { hyp2f1, lgamma, logAddExp } from './special';

/** BG/NBD parameters. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Frequency, recency and age of each customer, in one time unit, as columns. */
export interface RfmData {
  /** Repeat purchases x. */
  frequency: Float64Array;
  /** t_x: time from the first to the last purchase (0 when x = 0). */
  recency: Float64Array;
  /** T: time from the first purchase to the end of observation. */
  age: Float64Array;
  /** How many customers each entry stands for (default 1 each): see {@link compressRfm}. */
  weight?: Float64Array;
}

/** A fitted BG/NBD model. */
export interface BgNbdFit extends Omit<MleFit, 'values' | 'standardErrors'> {
  params: BgNbdParams;
  standardErrors: BgNbdParams;
  customers: number;
}

/** The parameters as an array, in the order r, α, a, b. */
function toArray(p: BgNbdParams): number[] {
  return [p.r, p.alpha, p.a, p.b];
}

function fromArray([r, alpha, a, b]: number[]): BgNbdParams {
  return { r, alpha, a, b };
}

/** Checks that the three columns have equal lengths and sensible values; throws naming the first bad customer. */
export function checkRfmData(data: RfmData): void {
  const n = data.frequency.length;
  if (data.recency.length !== n || data.age.length !== n) throw new Error('frequency, recency and T must have the same length');
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const tx = data.recency[i];
    const T = data.age[i];
    if (!(Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx && (x > 0 || tx === 0))) {
      throw new Error(`Customer ${i + 1} has frequency ${x}, recency ${tx}, T ${T}: need a whole x ≥ 0, 0 ≤ t_x ≤ T and t_x = 0 when x = 0`);
    }
  }
}

/**
 * The log-likelihood of each customer (paper eq. 6, in logs; the terms in Γ are the same for
 * every customer with the same x, so they are computed once per distinct x).
 */
export function bgnbdLoglikTerms(params: BgNbdParams, data: RfmData): Float64Array {
  const { r, alpha, a, b } = params;
  const n = data.frequency.length;
  const out = new Float64Array(n);
  const byX = new Map<number, number>();
  const common = r * Math.log(alpha) - lgamma(r) + lgamma(a + b) - lgamma(b);
  const logA = Math.log(a);
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    let gammas = byX.get(x);
    if (gammas === undefined) {
      gammas = lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x) + common;
      byX.set(x, gammas);
    }
    const alive = -(r + x) * Math.log(alpha + data.age[i]);
    const dropped = x > 0 ? logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + data.recency[i]) : -Infinity;
    out[i] = gammas + logAddExp(alive, dropped);
  }
  return out;
}

/** The total log-likelihood of the customers under `params` (each entry counted `weight` times). */
export function bgnbdLoglik(params: BgNbdParams, data: RfmData): number {
  // The same sum as bgnbdLoglikTerms without an array per call: the optimiser calls this hundreds of times.
  const { r, alpha, a, b } = params;
  const { frequency, recency, age, weight } = data;
  const common = r * Math.log(alpha) - lgamma(r) + lgamma(a + b) - lgamma(b);
  const logA = Math.log(a);
  let maxX = 0;
  for (let i = 0; i < frequency.length; i++) if (frequency[i] > maxX) maxX = frequency[i];
  const byX = new Float64Array(maxX + 1).fill(NaN);
  let sum = 0;
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i];
    let gammas = byX[x];
    if (gammas !== gammas) {
      gammas = lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x) + common;
      byX[x] = gammas;
    }
    const alive = -(r + x) * Math.log(alpha + age[i]);
    let term = alive;
    if (x > 0) {
      const dropped = logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + recency[i]);
      term = dropped > alive ? dropped + Math.log1p(Math.exp(alive - dropped)) : alive + Math.log1p(Math.exp(dropped - alive));
    }
    sum += (weight ? weight[i] : 1) * (gammas + term);
  }
  return sum;
}

/**
 * The distinct (x, t_x, T) of the customers with how many share each: the likelihood only depends
 * on these, and with dates in days most customers share theirs (every one-time buyer who started
 * on the same day), so a fit on a million-row log evaluates far fewer terms.
 */
export function compressRfm(data: RfmData): RfmData {
  // Nested maps on the numbers themselves: no key strings for a million customers.
  const index = new Map<number, Map<number, Map<number, number>>>();
  const frequency: number[] = [];
  const recency: number[] = [];
  const age: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < data.frequency.length; i++) {
    let byRecency = index.get(data.frequency[i]);
    if (!byRecency) index.set(data.frequency[i], (byRecency = new Map()));
    let byAge = byRecency.get(data.recency[i]);
    if (!byAge) byRecency.set(data.recency[i], (byAge = new Map()));
    const k = byAge.get(data.age[i]);
    const w = data.weight ? data.weight[i] : 1;
    if (k !== undefined) {
      weight[k] += w;
      continue;
    }
    byAge.set(data.age[i], frequency.length);
    frequency.push(data.frequency[i]);
    recency.push(data.recency[i]);
    age.push(data.age[i]);
    weight.push(w);
  }
  return { frequency: Float64Array.from(frequency), recency: Float64Array.from(recency), age: Float64Array.from(age), weight: Float64Array.from(weight) };
}

/**
 * Fits BG/NBD by maximum likelihood on log-parameters (Nelder–Mead; see mle.ts), with standard
 * errors from the Hessian.
 * @param options l2 (default 0) penalty on the parameters, as in `lifetimes`' penalizer_coef
 */
export function fitBgNbd(data: RfmData, options: Partial<MleOptions> = {}): BgNbdFit {
  checkRfmData(data);
  const n = data.frequency.length;
  if (n < 2) throw new Error(`BG/NBD needs at least 2 customers, got ${n}`);
  let repeaters = 0;
  for (let i = 0; i < n; i++) if (data.frequency[i] > 0) repeaters++;
  if (repeaters === 0) throw new Error('BG/NBD cannot be fitted: no customer bought more than once');
  const distinct = compressRfm(data);
  const fit = fitLogParameters((theta) => bgnbdLoglik(fromArray(theta), distinct), [1, 1, 1, 1], n, { names: ['r', 'α', 'a', 'b'], ...options });
  const { values, standardErrors, ...rest } = fit;
  return { ...rest, params: fromArray(values), standardErrors: fromArray(standardErrors), customers: n };
}

/** The ratio a/(b+x−1)·((α+T)/(α+t_x))^(r+x) that decides how likely a customer is to have dropped out (0 when x = 0). */
function dropoutOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 0;
  return (p.a / (p.b + x - 1)) * Math.exp((p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx)));
}

/** P(alive | x, t_x, T): the probability that a customer has not dropped out by T (paper eq. 13 / Fader et al. 2008 note). */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 / (1 + dropoutOdds(p, x, tx, T));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t periods of a customer with this history (paper eq. 10).
 * @param t the horizon, in the model's time unit
 */
export function conditionalExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  if (!(a > 1 || a + b + x - 1 > 0)) return NaN;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const tail = 1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  return (head * tail) / (1 + dropoutOdds(p, x, tx, T));
}

/** E[X(t)]: expected purchases of a new customer in t periods after the first (paper eq. 7). */
export function expectedPurchases(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.exp(r * Math.log(alpha / (alpha + t))) * hyp2f1(r, b, a + b - 1, z));
}

/** P(X(t) = x): the probability of exactly x repeat purchases in t periods after the first (paper eq. 8). */
export function probabilityOfPurchases(p: BgNbdParams, t: number, x: number): number {
  const { r, alpha, a, b } = p;
  const logBeta = (u: number, v: number) => lgamma(u) + lgamma(v) - lgamma(u + v);
  const logStay = Math.log(alpha / (alpha + t));
  const logMove = Math.log(t / (alpha + t));
  const nbd = (j: number) => Math.exp(lgamma(r + j) - lgamma(r) - lgamma(j + 1) + r * logStay + (j > 0 ? j * logMove : 0));
  let value = Math.exp(logBeta(a, b + x) - logBeta(a, b)) * nbd(x);
  if (x > 0) {
    let partial = 0;
    for (let j = 0; j < x; j++) partial += nbd(j);
    value += Math.exp(logBeta(a + 1, b + x - 1) - logBeta(a, b)) * (1 - partial);
  }
  return value;
}
