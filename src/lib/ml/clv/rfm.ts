/**
 * RFM scores and the classic named RFM segments. Each score is 1–5 by quintile of the customers:
 * recency = days since the last purchase (fewer days score higher), frequency = orders, monetary =
 * total spend. Tied customers share a score (their middle rank decides), so scores are not always
 * five equal groups. Segments read the recency and frequency scores through the rules below,
 * shown to the user as they are.
 */

/** One named segment: the recency and frequency score ranges (inclusive) it covers. */
export interface RfmSegmentRule {
  name: string;
  recency: [number, number];
  frequency: [number, number];
  /** What it means, in a few words. */
  meaning: string;
}

/** The segment rules, read in order (the first that matches wins); together they cover all 25 (R, F) pairs. */
export const rfmSegmentRules: readonly RfmSegmentRule[] = [
  { name: 'Champions', recency: [5, 5], frequency: [4, 5], meaning: 'bought recently and often' },
  { name: 'Loyal customers', recency: [3, 4], frequency: [4, 5], meaning: 'buy often, fairly recently' },
  { name: 'Potential loyalists', recency: [4, 5], frequency: [2, 3], meaning: 'recent, a few orders' },
  { name: 'New customers', recency: [5, 5], frequency: [1, 1], meaning: 'bought recently, once' },
  { name: 'Promising', recency: [4, 4], frequency: [1, 1], meaning: 'fairly recent, once' },
  { name: 'Need attention', recency: [3, 3], frequency: [3, 3], meaning: 'average on both' },
  { name: 'About to sleep', recency: [3, 3], frequency: [1, 2], meaning: 'average recency, few orders' },
  { name: "Can't lose them", recency: [1, 2], frequency: [5, 5], meaning: 'bought most often, long ago' },
  { name: 'At risk', recency: [1, 2], frequency: [3, 4], meaning: 'bought often, long ago' },
  { name: 'Lost', recency: [1, 1], frequency: [1, 1], meaning: 'one order, longest ago' },
  { name: 'Hibernating', recency: [1, 2], frequency: [1, 2], meaning: 'few orders, long ago' },
];

/** The rule as text: `R 5, F 4–5`. */
export function ruleText(rule: RfmSegmentRule): string {
  const range = ([lo, hi]: [number, number]) => (lo === hi ? `${lo}` : `${lo}–${hi}`);
  return `R ${range(rule.recency)}, F ${range(rule.frequency)}`;
}

/** The segment of a recency and frequency score (the first rule that matches). */
export function rfmSegment(r: number, f: number): string {
  const inside = (v: number, [lo, hi]: [number, number]) => v >= lo && v <= hi;
  return rfmSegmentRules.find((s) => inside(r, s.recency) && inside(f, s.frequency))?.name ?? 'Other';
}

/**
 * Quintile scores 1–5 of `values` (higher value, higher score): score = 1 + ⌊5 · (mid-rank + ½) / n⌋,
 * mid-rank = (customers below) + (tied customers − 1) / 2, so equal values get equal scores and
 * the order reversed gives the scores reversed (6 − score).
 * NaN values score 0.
 */
export function quintileScores(values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  const sorted = Float64Array.from({ length: n }, (_, i) => values[i]).sort(); // NaN sorts last
  let m = n;
  while (m > 0 && Number.isNaN(sorted[m - 1])) m--;
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const below = firstAtLeast(sorted, m, v);
    const tied = firstAtLeast(sorted, m, v, true) - below;
    const mid = below + (tied - 1) / 2;
    scores[i] = Math.min(5, 1 + Math.floor((5 * (mid + 0.5)) / m));
  }
  return scores;
}

/** The first index of `sorted[0..m)` holding a value ≥ v (> v when `strictly`). */
function firstAtLeast(sorted: Float64Array, m: number, v: number, strictly = false): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v || (strictly && sorted[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** RFM scores and segments of customers. */
export interface RfmScores {
  recency: Uint8Array;
  frequency: Uint8Array;
  monetary: Uint8Array;
  segment: string[];
}

/**
 * Scores customers.
 * @param daysSinceLast days since each customer's last purchase (fewer is better)
 * @param orders orders per customer
 * @param spend total spend per customer
 */
export function scoreRfm(daysSinceLast: ArrayLike<number>, orders: ArrayLike<number>, spend: ArrayLike<number>): RfmScores {
  const negated = Float64Array.from({ length: daysSinceLast.length }, (_, i) => -daysSinceLast[i]);
  const recency = quintileScores(negated);
  const frequency = quintileScores(orders);
  const monetary = quintileScores(spend);
  const segment = Array.from(recency, (r, i) => rfmSegment(r, frequency[i]));
  return { recency, frequency, monetary, segment };
}
