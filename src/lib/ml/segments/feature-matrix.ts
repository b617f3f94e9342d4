/**
 * From a table to the row-major matrix of its chosen numeric columns, rows with a missing value
 * left out (and remembered, so labels map back to rows). Clustering reads it through
 * clustering-matrix.ts, which scales it and adds the chosen categorical columns.
 */
import { getColumn, isMissing, type Table } from '../core/table';

/** The clustering input and which table row each matrix row came from. */
export interface FeatureMatrix {
  data: Float64Array;
  n: number;
  d: number;
  names: string[];
  /** Table row of each matrix row. */
  rows: Int32Array;
  /** Rows left out because a chosen feature was missing. */
  dropped: number;
}

/** Numeric feature columns usable for clustering (numeric or boolean storage, role feature or target). */
export function numericFeatureNames(table: Table): string[] {
  return table.columns
    .filter((c) => c.storage === 'number' && (c.type === 'numeric' || c.type === 'boolean') && (c.role === 'feature' || c.role === 'target'))
    .map((c) => c.name);
}

/**
 * Builds the matrix of the numeric columns `names`, skipping rows with a missing value in any of
 * them or in any of the columns `alsoPresent` (the categorical columns clustered with them).
 */
export function buildFeatureMatrix(table: Table, names: readonly string[], alsoPresent: readonly string[] = []): FeatureMatrix {
  if (names.length + alsoPresent.length === 0) throw new RangeError('Choose at least one feature to cluster on');
  const columns = names.map((name) => {
    const column = getColumn(table, name);
    if (column.storage !== 'number') {
      throw new TypeError(`Column "${name}" is ${column.type}; clustering uses numeric, yes/no and categorical columns`);
    }
    return column.values;
  });
  const others = alsoPresent.map((name) => getColumn(table, name));
  const d = names.length;
  const keep = new Int32Array(table.rowCount);
  let n = 0;
  for (let i = 0; i < table.rowCount; i++) {
    let ok = true;
    for (let j = 0; j < d; j++) if (!Number.isFinite(columns[j][i])) ok = false;
    for (const other of others) if (isMissing(other, i)) ok = false;
    if (ok) keep[n++] = i;
  }
  const rows = keep.slice(0, n);
  const data = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    const i = rows[r];
    for (let j = 0; j < d; j++) data[r * d + j] = columns[j][i];
  }
  if (n === 0) throw new RangeError(`No row has a value in every chosen feature (${[...names, ...alsoPresent].join(', ')})`);
  return { data, n, d, names: [...names], rows, dropped: table.rowCount - n };
}
