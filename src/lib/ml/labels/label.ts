/**
 * The one label builder: a classification target is either built from rules (`loyalty_score < 5`
 * adds a yes/no column) or a column of the file as it is, with its positive class. Risk, Customer,
 * the jobs and the CLI all go through `applyLabel`, so a label is described once, as plain data,
 * and built the same way everywhere (in a worker it is rebuilt from the spec, not sent as a column).
 */
import { cellText, getColumn, type Column, type Table } from '../core/table';
import { sortClasses } from '../preprocess/target';
import { buildLabel, withLabelColumn, type LabelRule } from './label-rules';

/** Name of a rule-built label column unless the spec names another. */
export const defaultLabelName = 'at_risk';

/** How a classification target is made. */
export type LabelSpec =
  | { source: 'rules'; rules: LabelRule[]; combine: 'and' | 'or'; /** Column name (default at_risk; a free name is chosen if taken). */ name?: string }
  | { source: 'column'; column: string; /** The positive class (binary labels); default the last class in sorted order. */ positive?: string };

/** A label made from its spec. */
export interface AppliedLabel {
  /** The table with the label column (the input table itself for a column label). */
  table: Table;
  /** The label column. */
  target: string;
  /** The positive class, when the label has one ('yes' for rules). */
  positive?: string;
  /** Columns the label is computed from (they may not be features). */
  reads: string[];
  /** Rows of the positive class, and rows with a label. */
  positives: number;
  present: number;
  /** The label's classes in model order, each with its rows (the file's own words). */
  classes: { value: string; count: number }[];
  /** The rule in words, or the column's name. */
  description: string;
}

/** Builds the label of `spec` on `table`. */
export function applyLabel(table: Table, spec: LabelSpec): AppliedLabel {
  if (spec.source === 'rules') {
    const built = buildLabel(table, { rules: spec.rules, combine: spec.combine });
    const { table: labelled, name } = withLabelColumn(table, built.label, spec.name ?? defaultLabelName);
    const classes = [
      { value: 'no', count: built.present - built.positives },
      { value: 'yes', count: built.positives },
    ];
    return { table: labelled, target: name, positive: 'yes', reads: built.columns, positives: built.positives, present: built.present, classes, description: built.description };
  }
  if (spec.source !== 'column') throw new Error(`A label comes from "rules" or a "column", not "${String((spec as { source?: unknown }).source)}"`);
  const column = getColumn(table, spec.column);
  const { counts, present } = countTexts(column, table.rowCount);
  const classes = sortClasses([...counts.keys()]).map((value) => ({ value, count: counts.get(value) ?? 0 }));
  const positive = spec.positive ?? (classes.length === 2 ? defaultPositive(classes) : undefined);
  if (positive !== undefined && !counts.has(positive)) {
    throw new Error(`"${positive}" is not a value of "${spec.column}"; its values are: ${classes.slice(0, 20).map((c) => c.value).join(', ')}`);
  }
  return { table, target: spec.column, positive, reads: [], positives: positive === undefined ? NaN : (counts.get(positive) ?? 0), present, classes, description: spec.column };
}

/** Words of a column name that say it records an outcome (churn, response, attrition, cancellation, default). */
/**
 * Rows per value of a column in its own words (cellText), and rows with a value. Codes or numbers are
 * counted first and each distinct one written once: writing 200,000 cells held the page for tens of ms.
 */
function countTexts(column: Column, rowCount: number): { counts: ReadonlyMap<string, number>; present: number } {
  const values = column.storage === 'category' ? column.codes : column.values;
  const known = textCounts.get(values);
  if (known && known.rowCount === rowCount && known.words === wordsOf(column)) return known;
  const counted = { ...countTextsOnce(column, rowCount), rowCount, words: wordsOf(column) };
  textCounts.set(values, counted);
  return counted;
}

/** What a column's values are written with besides the values: its dictionary, or its type and yes/no words and decimals. */
function wordsOf(column: Column): unknown {
  return column.storage === 'category' ? column.dictionary : `${column.type} ${column.labels?.join('\u0000') ?? ''} ${column.decimals ?? ''} ${column.time ?? ''}`;
}

/** Counts already made, per values array: the Risk page asks for every label column's classes, then for the label's. */
const textCounts = new WeakMap<object, { counts: ReadonlyMap<string, number>; present: number; rowCount: number; words: unknown }>();

function countTextsOnce(column: Column, rowCount: number): { counts: ReadonlyMap<string, number>; present: number } {
  const counts = new Map<string, number>();
  let present = 0;
  const add = (text: string, count: number) => {
    if (text === '') return;
    present += count;
    counts.set(text, (counts.get(text) ?? 0) + count);
  };
  if (column.storage === 'category') {
    const byCode = new Float64Array(column.dictionary.length);
    const order: number[] = [];
    for (let r = 0; r < rowCount; r++) {
      const code = column.codes[r];
      if (code >= 0 && byCode[code]++ === 0) order.push(code);
    }
    for (const code of order) add(column.dictionary[code], byCode[code]);
    return { counts, present };
  }
  const byValue = new Map<number, { row: number; count: number }>();
  for (let r = 0; r < rowCount; r++) {
    const v = column.values[r];
    if (Number.isNaN(v)) continue;
    const seen = byValue.get(v);
    if (seen) seen.count++;
    else byValue.set(v, { row: r, count: 1 });
  }
  for (const { row, count } of byValue.values()) add(cellText(column, row), count);
  return { counts, present };
}

const outcomeWords = /^(churn(ed|er|s)?|attrition|attrited|exited|responded|response|cancel(l)?ed|cancel(l)?ation|cancels?|defaulted|default)$/i;

/**
 * Does `name` say its column is an outcome, such as `Churn`, `Exited`, `is_churned`, `Response`,
 * `AcceptedCmpResponse` or `loan_default`? The name is split into words at non-letters and at
 * lower-to-upper case changes. A hint for defaults (`cancelled_orders` counts too), never a rule
 * that hides a column.
 */
export function isOutcomeName(name: string): boolean {
  return name.split(/[^A-Za-z]+|(?<=[a-z])(?=[A-Z])/).some((word) => outcomeWords.test(word));
}

/** Words that name the positive class of a churn or response label (yes, 1, true, churned, default…). */
const positiveWords = /^(yes|y|true|t|1|positive|pos|churn(ed|er)?|attrit(ed|ion)|cancel(l)?ed|left|exited|default(ed)?|responded|response|at.?risk|lost)$/i;

/**
 * The positive class of a two-class label: the one whose word says so (Yes, 1, true, churned…),
 * else the rarer one (what a churn or response model looks for), else the last in model order.
 */
export function defaultPositive(classes: readonly { value: string; count: number }[]): string {
  const named = classes.filter((c) => positiveWords.test(c.value.trim()));
  if (named.length === 1) return named[0].value;
  const [a, b] = classes;
  return a.count < b.count ? a.value : b.value;
}

/** The label's problem, in words, when it cannot train a classifier: every row or none is positive. */
export function labelProblem(label: AppliedLabel): string | null {
  if (label.present === 0) return 'No row has a label value.';
  if (label.positives === 0 || label.positives === label.present) {
    return `The label marks ${label.positives === 0 ? 'no' : 'every'} customer as ${label.positive ?? 'positive'}: a classifier needs both kinds.`;
  }
  return null;
}
