/**
 * Columns computed by a formula (engineered features, the user's own formulas) as a model records
 * them: which a model's inputs need, and recomputing them on a file that lacks them, in dependency
 * order, with a message naming the column when that cannot be done.
 */
import type { Column, ColumnType, Table } from '../core/table';
import { evaluateFormula } from './formula/evaluate';
import { columnsOf, parseFormula } from './formula/parser';

/** A column computed by a formula (engineered or user-written), recomputed when a file lacks it. */
export interface DerivedFormula {
  name: string;
  /** Formula in the formula language, e.g. `purchase_amount / purchase_frequency`. */
  formula: string;
  /** The columns it is computed from (lineage, for the user and leakage checks; scoring reads the formula). */
  sources: string[];
}

/**
 * `table` plus every derived column that `needed` reads (directly or through other derived
 * columns) and the table lacks, computed from its formula, in dependency order.
 */
export function withDerivedColumns(table: Table, derived: readonly DerivedFormula[], needed: readonly string[], types: ReadonlyMap<string, ColumnType>): Table {
  const byName = new Map(derived.map((d) => [d.name, d]));
  const have = new Set(table.columns.map((c) => c.name));
  const added: Column[] = [];
  let current = table;
  const ensure = (name: string, path: readonly string[]): void => {
    const d = byName.get(name);
    if (have.has(name) || !d) return;
    if (path.includes(name)) throw new Error(`Derived columns ${[...path, name].map((n) => `"${n}"`).join(' → ')} depend on each other in a cycle`);
    let reads: string[];
    try {
      reads = columnsOf(parseFormula(d.formula));
    } catch (e) {
      throw new Error(`Column "${name}" is missing from ${table.name} and its formula ${d.formula} cannot be read: ${(e as Error).message}`);
    }
    for (const source of reads) ensure(source, [...path, name]);
    const lacking = reads.filter((s) => !have.has(s));
    if (lacking.length) {
      throw new Error(
        `Column "${name}" is missing from ${table.name} and cannot be recomputed from its formula ${d.formula}: ${lacking.map((s) => `"${s}"`).join(', ')} ${lacking.length > 1 ? 'are' : 'is'} missing too`,
      );
    }
    let values: Float64Array;
    try {
      values = evaluateFormula(d.formula, current);
    } catch (e) {
      throw new Error(`Column "${name}" is missing from ${table.name} and its formula ${d.formula} could not be computed: ${(e as Error).message}`);
    }
    const type = types.get(name);
    added.push({ name, type: type === 'boolean' || type === 'date' ? type : 'numeric', role: 'feature', storage: 'number', values });
    current = { ...table, columns: [...table.columns, ...added] };
    have.add(name);
  };
  for (const name of needed) ensure(name, []);
  return current;
}

/** Every column the formula of derived column `name` reads, directly or through other derived columns. */
export function formulaReads(derived: readonly DerivedFormula[], name: string): string[] {
  const needed = derivedNeeded(derived, [name]);
  return [...new Set(needed.flatMap((d) => columnsOf(parseFormula(d.formula))))].filter((c) => c !== name);
}

/** The derived columns that `inputs` read, directly or through other derived columns, in their given order. */
export function derivedNeeded(derived: readonly DerivedFormula[], inputs: readonly string[]): DerivedFormula[] {
  const byName = new Map(derived.map((d) => [d.name, d]));
  const keep = new Set<string>();
  const visit = (name: string): void => {
    const d = byName.get(name);
    if (!d || keep.has(name)) return;
    keep.add(name);
    let reads: string[];
    try {
      reads = columnsOf(parseFormula(d.formula));
    } catch (e) {
      throw new Error(`The formula of derived column "${name}" (${d.formula}) cannot be read: ${(e as Error).message}`);
    }
    reads.forEach(visit);
  };
  inputs.forEach(visit);
  return derived.filter((d) => keep.has(d.name));
}
