/** The target column as model input: numbers for regression, class indices for classification. */
import type { Task } from '../core/model';
import { cellText, getColumn, type Table } from '../core/table';

/** An encoded target over the rows where it is present. */
export interface EncodedTarget {
  /** Rows of the table with a non-missing target, ascending. */
  rows: Int32Array;
  /** Target per entry of `rows` (class index for classification). */
  y: Float64Array;
  /** Class labels, sorted (numerically when all are numbers); classification only. */
  classes?: string[];
}

/** Most classes a classification target may have before it looks continuous. */
export const maxClasses = 100;

/** Encodes `target` of `table` for `task`; rows with a missing target are left out. */
export function encodeTarget(table: Table, target: string, task: Task): EncodedTarget {
  const column = getColumn(table, target);
  const present: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const missing = column.storage === 'number' ? Number.isNaN(column.values[i]) : column.codes[i] < 0;
    if (!missing) present.push(i);
  }
  const rows = Int32Array.from(present);
  if (rows.length === 0) throw new Error(`Target "${target}" has no values`);
  if (task === 'regression') {
    if (column.storage !== 'number' || column.type === 'id') {
      throw new Error(`Target "${target}" is ${column.type}, not numeric; use --task classification or pick a numeric target`);
    }
    const y = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) y[r] = column.values[rows[r]];
    return { rows, y };
  }
  const labels = Array.from(rows, (row) => cellText(column, row));
  const classes = sortClasses([...new Set(labels)]);
  if (classes.length < 2) throw new Error(`Target "${target}" has a single class ("${classes[0]}"); classification needs at least 2`);
  if (classes.length > maxClasses) {
    throw new Error(`Target "${target}" has ${classes.length} distinct values, too many classes (max ${maxClasses}); use --task regression`);
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = Float64Array.from(labels, (l) => index.get(l) as number);
  return { rows, y, classes };
}

/** Class labels in model order: numerically when every label is a number, else by code unit. */
export function sortClasses(labels: string[]): string[] {
  const numeric = labels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return labels.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The index of the positive class: the one named `positive`, else the last in sorted order
 * (sklearn's convention: 1 of {0, 1}, "true" of {false, true}, "yes" of {no, yes}).
 */
export function positiveClassIndex(classes: readonly string[], positive?: string): number {
  if (positive === undefined || positive === '') return classes.length - 1;
  const i = classes.indexOf(positive);
  if (i < 0) throw new Error(`Positive class "${positive}" is not a class of the target; classes are: ${classes.join(', ')}`);
  return i;
}
