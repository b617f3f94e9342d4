/** Merging rare levels of a categorical column into another level or "Other". */
import type { CategoryColumn } from '../core/table';

/**
 * A copy of `column` where every level in `from` becomes `into` (an existing level or a
 * new one such as "Other"); merged-away levels leave the dictionary, missing stays missing.
 */
export function mergeCategories(column: CategoryColumn, from: readonly string[], into: string): CategoryColumn {
  if (!into.trim()) throw new Error(`Merging in "${column.name}": the target level name is empty`);
  for (const f of from) if (!column.dictionary.includes(f)) throw new Error(`Column "${column.name}" has no level "${f}"; it has: ${column.dictionary.join(', ')}`);
  const merged = new Set(from.filter((f) => f !== into));
  const dictionary: string[] = [];
  const remap = new Int32Array(column.dictionary.length);
  const codeOf = new Map<string, number>();
  const add = (label: string) => {
    let c = codeOf.get(label);
    if (c === undefined) {
      c = dictionary.length;
      dictionary.push(label);
      codeOf.set(label, c);
    }
    return c;
  };
  column.dictionary.forEach((label, i) => {
    remap[i] = add(merged.has(label) ? into : label);
  });
  const codes = new Int32Array(column.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = column.codes[i] < 0 ? -1 : remap[column.codes[i]];
  return { ...column, dictionary, codes };
}
