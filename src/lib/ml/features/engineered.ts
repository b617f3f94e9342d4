/**
 * Engineered customer features, each a formula of the formula language over the
 * columns mapped to business roles, so what the user sees is exactly what runs.
 *
 * "Percent rank" (percentile) is pandas `s.rank(pct=True) * 100` with ties averaged:
 * the average 1-based rank divided by the number of non-missing values, times 100
 * (the smallest of n distinct values gets 100/n, the largest 100).
 */
import { evaluateFormula, quoteName } from './formula/evaluate';
import type { NumberColumn, Table } from '../core/table';
import { isRoleCandidate, type BusinessRole, type RoleMap } from './roles';

/** A feature that can be derived once its roles are mapped. */
export interface EngineeredFeatureSpec {
  name: string;
  /** One line for the user. */
  meaning: string;
  /** Roles whose columns it reads. */
  needs: readonly BusinessRole[];
  /** Its formula, given the column (already quoted) of each role. */
  formula: (col: Record<BusinessRole, string>) => string;
}

const valueScore = (c: Record<BusinessRole, string>) =>
  `(percentile(${c.income}) + percentile(${c.spend}) + percentile(${c.loyalty}) + percentile(${c.frequency})) / 4`;

/** The engineered features, in the order they are offered. */
export const engineeredFeatureSpecs: readonly EngineeredFeatureSpec[] = [
  {
    name: 'spend_per_purchase',
    meaning: 'Average amount spent per purchase (missing when the frequency is 0).',
    needs: ['spend', 'frequency'],
    formula: (c) => `${c.spend} / ${c.frequency}`,
  },
  {
    name: 'spend_to_income_ratio',
    meaning: 'Share of income spent: how much of their means a customer spends with us.',
    needs: ['spend', 'income'],
    formula: (c) => `${c.spend} / ${c.income}`,
  },
  {
    name: 'income_percentile',
    meaning: 'Percent rank of income among all customers, 0–100 (ties averaged).',
    needs: ['income'],
    formula: (c) => `percentile(${c.income})`,
  },
  {
    name: 'customer_value_score',
    meaning: 'Mean of the percent ranks of income, spend, loyalty and frequency, 0–100: higher is more valuable.',
    needs: ['income', 'spend', 'loyalty', 'frequency'],
    formula: valueScore,
  },
  {
    name: 'churn_risk_score',
    meaning: '100 minus the customer value score: higher means less engaged and more likely to leave.',
    needs: ['income', 'spend', 'loyalty', 'frequency'],
    formula: (c) => `100 - ${valueScore(c)}`,
  },
  {
    name: 'growth_potential_score',
    meaning: 'Income percentile minus spend percentile (−100 to 100): positive means they could spend more.',
    needs: ['income', 'spend'],
    formula: (c) => `percentile(${c.income}) - percentile(${c.spend})`,
  },
];

/** An engineered feature ready to offer: its formula on this table's columns and its lineage. */
export interface EngineeredFeature {
  name: string;
  meaning: string;
  formula: string;
  /** The original columns it reads. */
  sources: string[];
}

/** The features whose roles are all mapped to numeric columns of `table`, with their formulas. */
export function availableEngineered(table: Table, roles: RoleMap): EngineeredFeature[] {
  const out: EngineeredFeature[] = [];
  for (const spec of engineeredFeatureSpecs) {
    if (!spec.needs.every((r) => roles[r] !== undefined && isRoleCandidate(table, roles[r]!))) continue;
    const quoted = Object.fromEntries(Object.entries(roles).map(([r, c]) => [r, quoteName(c!)])) as Record<BusinessRole, string>;
    out.push({ name: spec.name, meaning: spec.meaning, formula: spec.formula(quoted), sources: spec.needs.map((r) => roles[r]!) });
  }
  return out;
}

/** Computes the engineered feature `name` on `table`; throws naming the roles it lacks. */
export function computeEngineered(table: Table, name: string, roles: RoleMap): EngineeredFeature & { column: NumberColumn } {
  const spec = engineeredFeatureSpecs.find((s) => s.name === name);
  if (!spec) throw new Error(`Unknown engineered feature "${name}"; known: ${engineeredFeatureSpecs.map((s) => s.name).join(', ')}`);
  const feature = availableEngineered(table, roles).find((f) => f.name === name);
  if (!feature) {
    const lacking = spec.needs.filter((r) => roles[r] === undefined || !isRoleCandidate(table, roles[r]!));
    throw new Error(`"${name}" needs a numeric column for ${lacking.join(', ')}; map ${lacking.length > 1 ? 'them' : 'it'} first`);
  }
  const values = evaluateFormula(feature.formula, table);
  return { ...feature, column: { name, type: 'numeric', role: 'feature', storage: 'number', values } };
}
