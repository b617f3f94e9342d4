/**
 * Rule-built labels ("at risk" = `loyalty_score < 5`, or low frequency and low spend): each rule
 * compares one column with a value, and the rules combine with and/or. The columns a label reads
 * must not be features (they predict the label by construction), so the result names them.
 */
import { getColumn, type CategoryColumn, type Column, type Table } from '../core/table';

/** Comparison of a rule; categorical columns take only `=` and `!=`. */
export type RuleOperator = '<' | '<=' | '>' | '>=' | '=' | '!=';

/** All rule operators, in the order the UI lists them. */
export const ruleOperators: readonly RuleOperator[] = ['<', '<=', '>', '>=', '=', '!='];

/** One comparison: `column operator value`. */
export interface LabelRule {
  column: string;
  operator: RuleOperator;
  /** A number for numeric columns; a category label for categorical ones. */
  value: number | string;
}

/** Rules and how they combine (all must hold, or any). */
export interface LabelRules {
  rules: LabelRule[];
  combine: 'and' | 'or';
}

/** A built label. */
export interface BuiltLabel {
  /** 1 where the rules hold, 0 where they do not, NaN where a column the rules read is missing. */
  label: Float64Array;
  /** The columns the rules read, each once, in rule order. */
  columns: string[];
  /** Rows labelled 1. */
  positives: number;
  /** Rows with a label (not NaN). */
  present: number;
  /** positives / present (NaN when no row has a label). */
  prevalence: number;
  /** The rules in words, e.g. `loyalty_score < 5 and purchase_frequency < 12`. */
  description: string;
}

/** The rules as text, e.g. `loyalty_score < 5 or region = "East"`. */
export function describeLabel(spec: LabelRules): string {
  return spec.rules.map((r) => `${r.column} ${r.operator} ${typeof r.value === 'string' ? `"${r.value}"` : r.value}`).join(` ${spec.combine} `);
}

/**
 * Evaluates the rules on every row of `table`.
 * A row whose value is missing in any column the rules read gets NaN (unknown, left out of training).
 * @param table the data
 * @param spec rules (at least one) and how they combine
 */
export function buildLabel(table: Table, spec: LabelRules): BuiltLabel {
  if (!spec.rules.length) throw new Error('A label needs at least one rule');
  if (spec.combine !== 'and' && spec.combine !== 'or') throw new Error(`Rules combine with "and" or "or", not "${String(spec.combine)}"`);
  const n = table.rowCount;
  const label = new Float64Array(n).fill(spec.combine === 'and' ? 1 : 0);
  const missing = new Uint8Array(n);
  for (const rule of spec.rules) {
    const column = getColumn(table, rule.column);
    if (!ruleOperators.includes(rule.operator)) throw new Error(`Unknown operator "${String(rule.operator)}" in the rule on "${rule.column}"; use one of ${ruleOperators.join(' ')}`);
    const holds = evaluateRule(column, rule);
    for (let i = 0; i < n; i++) {
      const h = holds[i];
      if (h === 2) missing[i] = 1;
      else if (spec.combine === 'and') label[i] = label[i] && h;
      else label[i] = label[i] || h;
    }
  }
  let positives = 0;
  let present = 0;
  for (let i = 0; i < n; i++) {
    if (missing[i]) label[i] = NaN;
    else {
      present++;
      positives += label[i];
    }
  }
  const columns = [...new Set(spec.rules.map((r) => r.column))];
  return { label, columns, positives, present, prevalence: present ? positives / present : NaN, description: describeLabel(spec) };
}

/** Per row: 1 the rule holds, 0 it does not, 2 the value is missing. */
function evaluateRule(column: Column, rule: LabelRule): Uint8Array {
  const n = column.storage === 'number' ? column.values.length : column.codes.length;
  const out = new Uint8Array(n);
  const { operator } = rule;
  if (column.storage === 'category') return evaluateCategoryRule(column, rule, out);
  const value = typeof rule.value === 'number' ? rule.value : Number(rule.value);
  if (typeof rule.value === 'string' && (rule.value.trim() === '' || !Number.isFinite(value))) {
    throw new Error(`The rule on "${rule.column}" compares a numeric column with "${rule.value}", which is not a number`);
  }
  const values = column.values;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) out[i] = 2;
    else {
      const h =
        operator === '<' ? v < value : operator === '<=' ? v <= value : operator === '>' ? v > value : operator === '>=' ? v >= value : operator === '=' ? v === value : v !== value;
      out[i] = h ? 1 : 0;
    }
  }
  return out;
}

function evaluateCategoryRule(column: CategoryColumn, rule: LabelRule, out: Uint8Array): Uint8Array {
  if (rule.operator !== '=' && rule.operator !== '!=') {
    throw new Error(`"${rule.column}" is categorical: its rules take = or !=, not ${rule.operator}`);
  }
  const code = column.dictionary.indexOf(String(rule.value));
  if (code < 0) throw new Error(`"${rule.column}" has no value "${rule.value}"; its values are: ${column.dictionary.slice(0, 20).join(', ')}`);
  const equal = rule.operator === '=';
  for (let i = 0; i < out.length; i++) {
    const c = column.codes[i];
    out[i] = c < 0 ? 2 : (c === code) === equal ? 1 : 0;
  }
  return out;
}

/**
 * `table` with the label added as a boolean category column (`no`/`yes`, so `yes` is the positive
 * class) with role target; a free name is chosen from `name` if it is taken.
 */
export function withLabelColumn(table: Table, label: Float64Array, name = 'at_risk'): { table: Table; name: string } {
  if (label.length !== table.rowCount) throw new Error(`The label has ${label.length} rows but the table has ${table.rowCount}`);
  const names = new Set(table.columns.map((c) => c.name));
  let free = name;
  for (let k = 2; names.has(free); k++) free = `${name}_${k}`;
  const codes = Int32Array.from(label, (v) => (Number.isNaN(v) ? -1 : v ? 1 : 0));
  const column: CategoryColumn = { name: free, type: 'boolean', role: 'target', storage: 'category', codes, dictionary: ['no', 'yes'] };
  return { table: { ...table, columns: [...table.columns, column] }, name: free };
}
