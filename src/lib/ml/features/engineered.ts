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

/** A feature of a known kind of file, found by its column names rather than by roles. */
interface NamedColumnsFeatureSpec {
  name: string;
  /** Its formula, sources and meaning on `table`; null when the columns it needs are not there. */
  find: (table: Table) => { formula: string; sources: string[]; meaning: string } | null;
}

/** Numeric or yes/no columns of `table` (not ids, not ignored) whose names match `pattern`, in file order. */
function numberColumnsNamed(table: Table, pattern: RegExp): string[] {
  return table.columns.filter((c) => c.storage === 'number' && (c.type === 'numeric' || c.type === 'boolean') && c.role !== 'id' && c.role !== 'ignore' && pattern.test(c.name)).map((c) => c.name);
}

/** The first date column of `table` whose name matches `pattern`, or null. */
function dateColumnNamed(table: Table, pattern: RegExp): string | null {
  return table.columns.find((c) => c.storage === 'number' && c.type === 'date' && pattern.test(c.name))?.name ?? null;
}

/** A sum of at least two matching columns, or null. */
function sumOf(table: Table, pattern: RegExp, meaning: (names: string[]) => string, except?: RegExp) {
  const names = numberColumnsNamed(table, pattern).filter((n) => !except?.test(n));
  return names.length >= 2 ? { formula: names.map(quoteName).join(' + '), sources: names, meaning: meaning(names) } : null;
}

const enrolment = /^dt_?customer$/i;

/**
 * Features of the Customer Personality data (Kaggle, `marketing_campaign.csv`) and files shaped
 * like it. Age and tenure count to the latest enrolment date in the file: it has no survey date,
 * and the current year would age every customer a little more each time the file is opened.
 */
export const namedColumnsFeatureSpecs: readonly NamedColumnsFeatureSpec[] = [
  {
    name: 'age',
    find: (t) => {
      const born = numberColumnsNamed(t, /^year_?birth$/i)[0];
      const enrolled = dateColumnNamed(t, enrolment);
      if (!born || !enrolled) return null;
      return { formula: `colmax(year(${quoteName(enrolled)})) - ${quoteName(born)}`, sources: [enrolled, born], meaning: `Age in the year of the latest ${enrolled} in the file (it has no survey date).` };
    },
  },
  {
    name: 'tenure_days',
    find: (t) => {
      const enrolled = dateColumnNamed(t, enrolment);
      if (!enrolled) return null;
      return { formula: `colmax(days(${quoteName(enrolled)})) - days(${quoteName(enrolled)})`, sources: [enrolled], meaning: `Days from the customer's ${enrolled} to the latest one in the file.` };
    },
  },
  {
    name: 'total_spend',
    find: (t) => sumOf(t, /^mnt/i, (n) => `Total spend over the ${n.length} product categories (${n.join(', ')}).`),
  },
  {
    name: 'total_purchases',
    find: (t) =>
      sumOf(t, /^num\w*purchases$/i, (n) => `Purchases over the channels ${n.join(', ')}; purchases with a discount (deals) are among them, so they are not added again.`, /deal/i),
  },
  {
    name: 'children',
    find: (t) => sumOf(t, /^(kid|teen)_?home$/i, (n) => `Children at home (${n.join(' + ')}).`),
  },
  {
    name: 'accepted_campaigns',
    find: (t) => sumOf(t, /^accepted_?cmp\d+$/i, (n) => `How many of the ${n.length} earlier campaigns the customer accepted (the last campaign's Response is the label, so it is not counted).`),
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
  for (const spec of namedColumnsFeatureSpecs) {
    const found = spec.find(table);
    if (found) out.push({ name: spec.name, ...found });
  }
  return out;
}

/** Computes the engineered feature `name` on `table`; throws naming the roles it lacks. */
export function computeEngineered(table: Table, name: string, roles: RoleMap): EngineeredFeature & { column: NumberColumn } {
  const spec = engineeredFeatureSpecs.find((s) => s.name === name);
  const named = namedColumnsFeatureSpecs.find((s) => s.name === name);
  if (!spec && !named) {
    const known = [...engineeredFeatureSpecs, ...namedColumnsFeatureSpecs].map((s) => s.name);
    throw new Error(`Unknown engineered feature "${name}"; known: ${known.join(', ')}`);
  }
  const feature = availableEngineered(table, roles).find((f) => f.name === name);
  if (!feature && !spec) throw new Error(`"${name}" needs columns this file does not have`);
  if (!feature) {
    const lacking = spec!.needs.filter((r) => roles[r] === undefined || !isRoleCandidate(table, roles[r]!));
    throw new Error(`"${name}" needs a numeric column for ${lacking.join(', ')}; map ${lacking.length > 1 ? 'them' : 'it'} first`);
  }
  const values = evaluateFormula(feature.formula, table);
  return { ...feature, column: { name, type: 'numeric', role: 'feature', storage: 'number', values } };
}
