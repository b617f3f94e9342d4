/**
 * The business meaning of columns that engineered features need (income, spend,
 * loyalty, purchase frequency), guessed from column names and settable by the user.
 */
import type { Table } from '../core/table';

/** A business role a column can play. */
export type BusinessRole = 'income' | 'spend' | 'loyalty' | 'frequency';

/** All business roles, in the order the UI lists them. */
export const businessRoles: readonly BusinessRole[] = ['income', 'spend', 'loyalty', 'frequency'];

/** Which column plays each role (a role left out is not mapped). */
export type RoleMap = Partial<Record<BusinessRole, string>>;

/** Name patterns per role, most specific first. */
const patterns: Record<BusinessRole, RegExp[]> = {
  income: [/income/i, /salary|earning|wage/i],
  spend: [/purchase_?amount|amount_?spent|total_?spend/i, /spend|spent|monetary|revenue|sales/i, /amount/i],
  loyalty: [/loyal/i],
  frequency: [/purchase_?freq|frequen/i, /num_?purchases|n_?orders|order_?count|transactions/i],
};

/**
 * Does `name` say its column is an amount of money (spend, amount, revenue, sales, charges, price,
 * value, CLV)? What the report needs before it calls a sum of predictions "revenue".
 */
export function namesMoney(name: string): boolean {
  return patterns.spend.some((p) => p.test(name)) || /charge|price|value|clv|payment|mnt/i.test(name);
}

/** Is `name` a numeric, non-constant column of `table` that may feed a feature (not an id, not ignored)? */
export function isRoleCandidate(table: Table, name: string): boolean {
  const c = table.columns.find((x) => x.name === name);
  if (!c || c.storage !== 'number' || c.type !== 'numeric' || c.role === 'id' || c.role === 'ignore') return false;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max > min;
}

/** The role map guessed from column names: for each role, the first numeric column matching its most specific pattern. */
export function detectRoles(table: Table): RoleMap {
  const roles: RoleMap = {};
  const used = new Set<string>();
  for (const role of businessRoles) {
    for (const pattern of patterns[role]) {
      const hit = table.columns.find((c) => !used.has(c.name) && pattern.test(c.name) && isRoleCandidate(table, c.name));
      if (hit) {
        roles[role] = hit.name;
        used.add(hit.name);
        break;
      }
    }
  }
  return roles;
}
