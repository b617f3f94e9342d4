/** Collinearity among a model's numeric features: pairs with |r| > 0.9 and columns with VIF > 10 share their importance. */
import type { NumberColumn, Table } from '../core/table';
import { correlationMatrix, strongestPairs } from './correlation';
import { varianceInflation } from './vif';

/** Collinear numeric features: pairs with |r| > 0.9 and columns with VIF > 10. */
export interface Collinearity {
  pairs: { a: string; b: string; r: number }[];
  highVif: { name: string; vif: number }[];
}

/** The collinearity among the chosen numeric features (empty lists when there is none). */
export function collinearityOf(table: Table, features: readonly string[]): Collinearity {
  const columns = features
    .map((f) => table.columns.find((c) => c.name === f))
    .filter((c): c is NumberColumn => !!c && c.storage === 'number' && c.type === 'numeric');
  if (columns.length < 2) return { pairs: [], highVif: [] };
  const input = columns.map((c) => ({ name: c.name, values: c.values }));
  const pairs = strongestPairs(correlationMatrix(input)).filter((p) => Math.abs(p.r) > 0.9);
  const highVif = varianceInflation(input)
    .filter((v) => v.vif > 10)
    .map((v) => ({ name: v.name, vif: v.vif }));
  return { pairs, highVif };
}
