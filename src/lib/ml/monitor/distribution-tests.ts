/**
 * The categorical and distance tests of drift: chi-square test of homogeneity, two-proportion
 * z-test, Wasserstein-1 distance (over the reference's standard deviation) and Jensen–Shannon
 * distance. Counts come as level-aligned arrays (`reference[k]`, `current[k]` rows of level k).
 */
import { sortedFinite } from '../stats/quantile';
import { chiSquareSf, normalTwoSided } from './special-functions';

/** A test's statistic and p-value. */
export interface TestResult {
  statistic: number;
  pValue: number;
}

/**
 * Chi-square test of homogeneity of two samples over the same levels: the 2 × k contingency table
 * (levels empty in both dropped), expected counts from the margins, k − 1 degrees of freedom.
 * scipy.stats.chi2_contingency with correction=False; for a 2 × 2 table too (no Yates
 * correction), so a two-level column gives exactly the square of the two-proportion z-test.
 * NaN when a side has no rows; 0 with p-value 1 when both hold the one same level.
 */
export function chiSquareHomogeneity(reference: ArrayLike<number>, current: ArrayLike<number>): TestResult & { dof: number } {
  if (reference.length !== current.length) throw new Error(`Chi-square needs aligned levels, got ${reference.length} and ${current.length}`);
  let nRef = 0;
  let nCur = 0;
  let levels = 0;
  for (let k = 0; k < reference.length; k++) {
    nRef += reference[k];
    nCur += current[k];
    if (reference[k] + current[k] > 0) levels++;
  }
  const total = nRef + nCur;
  if (nRef === 0 || nCur === 0) return { statistic: NaN, pValue: NaN, dof: Math.max(0, levels - 1) };
  // One level on both sides: the same distribution (scipy would divide by a zero expected count).
  if (levels < 2) return { statistic: 0, pValue: 1, dof: 0 };
  let statistic = 0;
  for (let k = 0; k < reference.length; k++) {
    const level = reference[k] + current[k];
    if (level === 0) continue;
    const eRef = (nRef * level) / total;
    const eCur = (nCur * level) / total;
    statistic += (reference[k] - eRef) ** 2 / eRef + (current[k] - eCur) ** 2 / eCur;
  }
  const dof = levels - 1;
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}

/**
 * Two-sided two-proportion z-test with the pooled proportion (statsmodels proportions_ztest):
 * z = (p_ref − p_cur) / √(p̂(1 − p̂)(1/n_ref + 1/n_cur)). NaN when a side is empty; 0 with p-value 1 when p̂ is 0 or 1.
 * @param positivesRef rows with the level counted in the reference, out of nRef
 */
export function twoProportionZTest(positivesRef: number, nRef: number, positivesCur: number, nCur: number): TestResult {
  if (nRef === 0 || nCur === 0) return { statistic: NaN, pValue: NaN };
  const pooled = (positivesRef + positivesCur) / (nRef + nCur);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nRef + 1 / nCur));
  if (!(se > 0)) return { statistic: pooled === 0 || pooled === 1 ? 0 : NaN, pValue: 1 };
  const z = (positivesRef / nRef - positivesCur / nCur) / se;
  return { statistic: z, pValue: normalTwoSided(z) };
}

/** Wasserstein-1 distance ∫|F_a − F_b| between two empirical distributions (scipy.stats.wasserstein_distance); missing values left out. */
export function wasserstein(reference: Float64Array, current: Float64Array): number {
  const a = sortedFinite(reference);
  const b = sortedFinite(current);
  if (a.length === 0 || b.length === 0) return NaN;
  let i = 0;
  let j = 0;
  let x = Math.min(a[0], b[0]);
  let total = 0;
  while (i < a.length || j < b.length) {
    const next = Math.min(i < a.length ? a[i] : Infinity, j < b.length ? b[j] : Infinity);
    total += Math.abs(i / a.length - j / b.length) * (next - x);
    x = next;
    while (i < a.length && a[i] === next) i++;
    while (j < b.length && b[j] === next) j++;
  }
  return total;
}

/** Floor of the reference standard deviation that normalises the distance (Evidently's 0.001). */
export const wassersteinStdFloor = 0.001;

/**
 * Wasserstein-1 distance divided by the reference's population standard deviation (floored at
 * 0.001), as Evidently's `wasserstein` drift test: 0.1 means the mass moved a tenth of a σ on average.
 */
export function wassersteinNormalised(reference: Float64Array, current: Float64Array): number {
  const a = sortedFinite(reference);
  if (a.length === 0) return NaN;
  let mean = 0;
  for (const v of a) mean += v / a.length;
  let variance = 0;
  for (const v of a) variance += (v - mean) ** 2 / a.length;
  return wasserstein(a, current) / Math.max(Math.sqrt(variance), wassersteinStdFloor);
}

/**
 * Jensen–Shannon distance between two count (or share) vectors over the same levels, natural log
 * (scipy.spatial.distance.jensenshannon's default base e): √(½ KL(p‖m) + ½ KL(q‖m)), m = (p + q)/2,
 * between 0 and √ln 2 ≈ 0.833. NaN when a side is empty.
 */
export function jensenShannon(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  if (reference.length !== current.length) throw new Error(`Jensen–Shannon needs aligned levels, got ${reference.length} and ${current.length}`);
  let sr = 0;
  let sc = 0;
  for (let k = 0; k < reference.length; k++) {
    sr += reference[k];
    sc += current[k];
  }
  if (!(sr > 0) || !(sc > 0)) return NaN;
  let divergence = 0;
  for (let k = 0; k < reference.length; k++) {
    const p = reference[k] / sr;
    const q = current[k] / sc;
    const m = (p + q) / 2;
    if (p > 0) divergence += 0.5 * p * Math.log(p / m);
    if (q > 0) divergence += 0.5 * q * Math.log(q / m);
  }
  return Math.sqrt(Math.max(0, divergence));
}
