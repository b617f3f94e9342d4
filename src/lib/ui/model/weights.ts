/**
 * The bars of a linear model's weights chart: features ranked by the absolute value of their mean
 * standardised weight over the folds (largest first), each with its sign. Pure: no DOM, no Svelte.
 */

/** One feature's weight across the folds. */
export interface WeightSummary {
  feature: string;
  mean: number;
  std: number;
}

/** A bar: the weight and which way it pushes the prediction. */
export interface WeightBar extends WeightSummary {
  /** 1 raises the prediction, −1 lowers it, 0 not used (e.g. zeroed by the lasso). */
  sign: 1 | -1 | 0;
}

/**
 * The `limit` largest weights by |mean|, largest first (ties keep the model's order); features
 * without a finite mean (absent from every fold) are left out.
 * @param weights mean and std of each feature's standardised weight over the folds
 * @param limit bars shown (default 20)
 * @returns the bars and how many other features were not shown
 */
export function rankWeights(weights: readonly WeightSummary[], limit = 20): { bars: WeightBar[]; hidden: number } {
  const finite = weights
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => Number.isFinite(w.mean))
    .sort((a, b) => Math.abs(b.w.mean) - Math.abs(a.w.mean) || a.i - b.i);
  const bars = finite.slice(0, limit).map(({ w }): WeightBar => ({ feature: w.feature, mean: w.mean, std: Number.isFinite(w.std) ? w.std : 0, sign: w.mean > 0 ? 1 : w.mean < 0 ? -1 : 0 }));
  return { bars, hidden: weights.length - bars.length };
}

/** Bar colours: blue raises the prediction, red lowers it, grey is not used. */
export const weightColours = { raises: '#2f6fdb', lowers: '#d9534f', none: '#9aa3ad' } as const;

/** The colour of a bar's sign. */
export function weightColour(sign: WeightBar['sign']): string {
  return sign > 0 ? weightColours.raises : sign < 0 ? weightColours.lowers : weightColours.none;
}
