/**
 * Which columns a model page offers as features, which start checked, and why some do not:
 * ids and ignored columns are not offered; a column computed from the target, or one a rule-built
 * label reads, is offered unchecked with the reason (target leakage). Also the collinearity note.
 */
import { leakyFeatures, type DerivedColumn } from '../../ml/leakage/lineage';
import { exclusionReason } from '../../ml/preprocess/pipeline';
import { correlationMatrix, strongestPairs } from '../../ml/stats/correlation';
import { varianceInflation } from '../../ml/stats/vif';
import type { NumberColumn, Table } from '../../ml/core/table';

/** One offered feature. */
export interface FeatureChoice {
  name: string;
  /** Added on the Explore page (formula, engineered, merged). */
  isDerived: boolean;
  /** Why it starts unchecked (target leakage), or null. */
  leak: string | null;
}

/**
 * The features offered for `target`: every column but the target and id/text/ignored ones.
 * @param lineage derived columns with their sources
 * @param labelColumns columns a rule-built label reads
 */
export function featureChoices(table: Table, target: string, lineage: readonly DerivedColumn[], labelColumns: readonly string[] = []): FeatureChoice[] {
  const offered = table.columns.filter((c) => c.name !== target && !exclusionReason(c)).map((c) => c.name);
  const leaks = new Map(leakyFeatures(target, offered, lineage, labelColumns).map((l) => [l.column, l.reason]));
  const derived = new Set(lineage.map((d) => d.name));
  return offered.map((name) => ({ name, isDerived: derived.has(name), leak: leaks.get(name) ?? null }));
}

/** Numeric columns that can be a regression target (not ids, not booleans or dates). */
export function numericTargets(table: Table): string[] {
  return table.columns.filter((c) => c.storage === 'number' && c.type === 'numeric').map((c) => c.name);
}

/** Columns usable as a class label as they are: categorical or boolean with 2..20 values. */
export function labelColumns(table: Table): string[] {
  return table.columns
    .filter((c) => {
      if (c.type === 'boolean') return true;
      if (c.storage === 'category' && c.type === 'categorical') return c.dictionary.length >= 2 && c.dictionary.length <= 20;
      if (c.storage === 'number' && c.type === 'numeric') {
        const distinct = new Set<number>();
        for (const v of c.values) if (!Number.isNaN(v) && distinct.add(v).size > 2) return false;
        return distinct.size === 2;
      }
      return false;
    })
    .map((c) => c.name);
}

/** Population standard deviation of a numeric column (NaN skipped). */
export function columnStd(table: Table, name: string): number {
  const column = table.columns.find((c) => c.name === name);
  if (!column || column.storage !== 'number') return NaN;
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return n ? Math.sqrt(m2 / n) : NaN;
}

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
