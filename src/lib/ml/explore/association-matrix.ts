/**
 * One matrix of how strongly every pair of columns goes together, whatever their kinds: Pearson
 * or Spearman between numbers (booleans as 0/1, so number–boolean is the point-biserial r and
 * boolean–boolean φ), the correlation ratio η between a categorical and a number, Cramér's V
 * between two categoricals. It is quadratic in the columns: callers pass a bounded set.
 */
import type { Column } from '../core/table';
import { correlationMatrix, type CorrelationMethod } from '../stats/correlation';
import { correlationRatio, cramersV } from './association';

/** The measure of one pair. */
export type AssociationMeasure = CorrelationMethod | 'eta' | 'cramers-v';

/** A symmetric matrix over mixed columns: `values[i * names.length + j]`. */
export interface AssociationMatrix {
  /** The method between two number columns. */
  method: CorrelationMethod;
  names: string[];
  /** Per column: compared as numbers (numeric, boolean as 0/1) or as categories. */
  kinds: ('number' | 'category')[];
  values: Float64Array;
}

/** One pair of an association matrix. */
export interface AssociationPair {
  a: string;
  b: string;
  /** Signed r for two numbers; η or V (0 to 1) otherwise. */
  r: number;
  measure: AssociationMeasure;
}

/** The measure between columns i and j of `matrix`. */
export function measureOf(matrix: Pick<AssociationMatrix, 'kinds' | 'method'>, i: number, j: number): AssociationMeasure {
  const a = matrix.kinds[i];
  const b = matrix.kinds[j];
  if (a === 'number' && b === 'number') return matrix.method;
  return a === 'category' && b === 'category' ? 'cramers-v' : 'eta';
}

/** Short names of the measures, as the page writes them (r, ρ, η, V). */
export const measureSymbol: Readonly<Record<AssociationMeasure, string>> = { pearson: 'r', spearman: 'ρ', eta: 'η', 'cramers-v': 'V' };

/**
 * The association matrix of `columns` (number columns of storage 'number', the rest as categories).
 * @param method between two number columns (default Pearson)
 */
export function associationMatrix(columns: readonly Column[], method: CorrelationMethod = 'pearson'): AssociationMatrix {
  const k = columns.length;
  const kinds = columns.map((c): 'number' | 'category' => (c.storage === 'number' ? 'number' : 'category'));
  const values = new Float64Array(k * k);
  const numberIndex = columns.flatMap((c, i) => (c.storage === 'number' ? [i] : []));
  const numbers = correlationMatrix(
    numberIndex.map((i) => {
      const c = columns[i];
      return { name: c.name, values: c.storage === 'number' ? c.values : new Float64Array(0) };
    }),
    method,
  );
  const m = numberIndex.length;
  for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) values[numberIndex[p] * k + numberIndex[q]] = numbers.values[p * m + q];
  for (let i = 0; i < k; i++) {
    const a = columns[i];
    for (let j = i; j < k; j++) {
      const b = columns[j];
      if (a.storage === 'number' && b.storage === 'number') continue;
      let v: number;
      if (a.storage === 'category' && b.storage === 'category') {
        v = cramersV(a.codes, a.dictionary.length, b.codes, b.dictionary.length);
        if (i === j && !Number.isNaN(v)) v = 1;
      } else if (a.storage === 'category' && b.storage === 'number') v = correlationRatio(a.codes, a.dictionary.length, b.values);
      else if (a.storage === 'number' && b.storage === 'category') v = correlationRatio(b.codes, b.dictionary.length, a.values);
      else v = NaN;
      values[i * k + j] = v;
      values[j * k + i] = v;
    }
  }
  return { method, names: columns.map((c) => c.name), kinds, values };
}

/** The off-diagonal pairs, strongest |value| first (NaN pairs left out). */
export function strongestAssociations(matrix: AssociationMatrix, limit = Infinity): AssociationPair[] {
  const k = matrix.names.length;
  const pairs: AssociationPair[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const r = matrix.values[i * k + j];
      if (!Number.isNaN(r)) pairs.push({ a: matrix.names[i], b: matrix.names[j], r, measure: measureOf(matrix, i, j) });
    }
  }
  pairs.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
  return pairs.slice(0, limit);
}
