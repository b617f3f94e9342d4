/**
 * The leakage guard for a plain file (the CLI), where no Explore page recorded lineage: a column
 * named like one of our engineered features is taken to be that feature, its sources read from the
 * detected business roles, and any numeric column that is a copy of the target (|Pearson| or
 * |Spearman| ≥ 0.9999) is left out too.
 */
import { availableEngineered } from '../features/engineered';
import { detectRoles } from '../features/roles';
import { getColumn, type Column, type Table } from '../core/table';
import { leakyFeatures } from './lineage';
import { targetCorrelation } from './target-correlation';

/** Options of {@link fileLeaks}. */
export interface FileLeakOptions {
  /** |Pearson| or |Spearman| at or above this marks a copy of the target (default 0.9999). */
  copyThreshold: number;
}

/** Defaults of {@link FileLeakOptions}. */
export const defaultFileLeakOptions: FileLeakOptions = { copyThreshold: 0.9999 };

/**
 * The features of a file that leak `target`, each with a reason: engineered features whose sources
 * include the target, and copies of the target.
 * @param options copyThreshold (default 0.9999)
 */
export function fileLeaks(table: Table, target: string, features: readonly string[], options: Partial<FileLeakOptions> = {}): { column: string; reason: string }[] {
  const { copyThreshold } = { ...defaultFileLeakOptions, ...options };
  const present = new Set(table.columns.map((c) => c.name));
  const lineage = availableEngineered(table, detectRoles(table))
    .filter((f) => present.has(f.name))
    .map((f) => ({ name: f.name, sources: f.sources }));
  const out = leakyFeatures(target, features, lineage).map((l) => ({ column: l.column, reason: `target leakage: ${l.reason}` }));
  const y = asNumbers(getColumn(table, target));
  if (!y) return out;
  for (const name of features) {
    if (out.some((l) => l.column === name)) continue;
    const x = asNumbers(getColumn(table, name));
    if (!x) continue;
    const { pearson, spearman } = targetCorrelation(x, y);
    const r = Math.max(Math.abs(pearson) || 0, Math.abs(spearman) || 0);
    if (r >= copyThreshold) {
      out.push({ column: name, reason: `target leakage: a copy of the target "${target}" (|correlation| ${r.toFixed(4)} ≥ ${copyThreshold})` });
    }
  }
  return out;
}

function asNumbers(column: Column): Float64Array | null {
  if (column.storage === 'number') return column.values;
  return column.dictionary.length === 2 ? Float64Array.from(column.codes, (c) => (c < 0 ? NaN : c)) : null;
}
