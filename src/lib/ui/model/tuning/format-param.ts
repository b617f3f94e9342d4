/** How tuning values read on screen: short numbers, layer widths as "64 × 32", budgets as fractions. */
import type { ParamValue } from '../../../ml/evaluation/tuning/search-space';

/** A hyperparameter value for a table cell (3 significant digits, integers as they are). */
export function formatParam(value: ParamValue | undefined): string {
  if (value === undefined) return '–';
  if (Array.isArray(value)) return value.join(' × ');
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e4) ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}

/** A budget in (0, 1] as "1/9", "1/3" or "all". */
export function formatBudget(budget: number): string {
  if (budget >= 1) return 'all';
  const inverse = Math.round(1 / budget);
  return Math.abs(1 / inverse - budget) < 1e-9 ? `1/${inverse}` : `${Math.round(budget * 100)} %`;
}
