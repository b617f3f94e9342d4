/** Words and numbers of the Drift section, kept out of the components. */
import type { DriftTestName } from '../../ml/monitor/drift';
import type { DriftWeight } from '../../ml/monitor/weighted-drift';

/** Each deciding test in words. */
export const testNames: Record<DriftTestName, string> = {
  ks: 'Kolmogorov–Smirnov',
  'chi-square': 'chi-square',
  'z-test': 'two-proportion z-test',
  wasserstein: 'Wasserstein / σ',
  'jensen-shannon': 'Jensen–Shannon',
};

/** What a drifted column means for the model, in words. */
export const weightWords: Record<DriftWeight, string> = {
  alarming: 'drifted and the model leans on it',
  minor: 'drifted, but the model barely uses it',
  unused: 'drifted, not a model input',
  stable: '',
};

/** A statistic or distance to 3 decimals ('–' when not a number). */
export function fixed(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

/** A p-value: 3 decimals, or "< 0.001" with its exponent form. */
export function pText(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  return p >= 0.001 ? p.toFixed(3) : p === 0 ? '< 1e-300' : p.toExponential(1);
}

/** A share as a whole percent. */
export function percent(v: number): string {
  return `${Math.round(v * 100)} %`;
}
