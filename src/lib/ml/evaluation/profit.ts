/**
 * Expected profit of a retention campaign at each threshold, on labelled (out-of-fold) scores:
 * contact every customer with score ≥ t; each contact costs `cost`; each contacted customer who
 * truly was at risk (a true positive) is kept with probability `successRate` and is then worth
 * `value`. So profit(t) = successRate · value · TP(t) − cost · (TP(t) + FP(t)), and contacting
 * nobody earns 0. Read from a {@link ThresholdCurve}: O(distinct scores), no sort.
 */
import { thresholdCurve, type ThresholdCurve } from './threshold';

/** What a contact costs and what a kept customer is worth. */
export interface ProfitOptions {
  /** Value of a retained customer (any currency, the same as cost). */
  value: number;
  /** Cost of one contact. */
  cost: number;
  /** Share of contacted at-risk customers the contact keeps, in [0, 1] (default 1: every one). */
  successRate: number;
}

/** Defaults of {@link ProfitOptions} (value and cost must be given). */
export const defaultProfitOptions: Pick<ProfitOptions, 'successRate'> = { successRate: 1 };

/** Profit at every distinct score, highest threshold first. */
export interface ProfitCurve {
  thresholds: Float64Array;
  profit: Float64Array;
  /** Customers contacted (score ≥ threshold). */
  contacted: Float64Array;
}

/** The threshold that earns most, or null when no contact pays (contacting nobody earns 0). */
export interface BestProfit {
  threshold: number | null;
  profit: number;
  contacted: number;
  truePositives: number;
}

/** Profit of contacting `contacted` customers of whom `truePositives` were at risk. */
export function profitOf(truePositives: number, contacted: number, options: ProfitOptions): number {
  return options.successRate * options.value * truePositives - options.cost * contacted;
}

/**
 * Profit at every distinct score of the curve.
 * @param options value and cost (≥ 0, finite), successRate in [0, 1] (default 1)
 */
export function profitCurveOn(curve: ThresholdCurve, options: Partial<ProfitOptions> & Pick<ProfitOptions, 'value' | 'cost'>): ProfitCurve {
  const o = checkProfitOptions(options);
  const { tp, fp } = curve;
  const m = curve.thresholds.length;
  const profit = new Float64Array(m);
  const contacted = new Float64Array(m);
  const gain = o.successRate * o.value;
  for (let i = 0; i < m; i++) {
    const c = tp[i] + fp[i];
    contacted[i] = c;
    profit[i] = gain * tp[i] - o.cost * c;
  }
  return { thresholds: curve.thresholds, profit, contacted };
}

/**
 * The threshold with the highest profit (ties: the higher threshold, fewer contacts); null when
 * every threshold loses money or earns nothing.
 * @param options value and cost (≥ 0, finite), successRate in [0, 1] (default 1)
 */
export function bestProfitOn(curve: ThresholdCurve, options: Partial<ProfitOptions> & Pick<ProfitOptions, 'value' | 'cost'>): BestProfit {
  const o = checkProfitOptions(options);
  const { tp, fp } = curve;
  const gain = o.successRate * o.value;
  let at = -1;
  let most = 0;
  for (let i = 0; i < tp.length; i++) {
    const profit = gain * tp[i] - o.cost * (tp[i] + fp[i]);
    if (profit > most) (most = profit), (at = i);
  }
  if (at < 0) return { threshold: null, profit: 0, contacted: 0, truePositives: 0 };
  return { threshold: curve.thresholds[at], profit: profitOf(tp[at], tp[at] + fp[at], o), contacted: tp[at] + fp[at], truePositives: tp[at] };
}

/**
 * {@link bestProfitOn} from scores and labels (sorts once).
 * @param scores higher means more likely positive
 * @param labels 1 positive, 0 negative
 */
export function bestProfitThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, options: Partial<ProfitOptions> & Pick<ProfitOptions, 'value' | 'cost'>): BestProfit {
  return bestProfitOn(thresholdCurve(scores, labels), options);
}

function checkProfitOptions(options: Partial<ProfitOptions>): ProfitOptions {
  const o = { ...defaultProfitOptions, ...options } as ProfitOptions;
  if (!(Number.isFinite(o.value) && o.value >= 0)) throw new Error(`profit: the value of a retained customer must be a number ≥ 0, got ${o.value}`);
  if (!(Number.isFinite(o.cost) && o.cost >= 0)) throw new Error(`profit: the cost of a contact must be a number ≥ 0, got ${o.cost}`);
  if (!(o.successRate >= 0 && o.successRate <= 1)) throw new Error(`profit: the success rate must be in [0, 1], got ${o.successRate}`);
  return o;
}
