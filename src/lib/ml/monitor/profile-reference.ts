/**
 * A saved model's training data, rebuilt from the column profile stored with it, as a reference
 * table for drift: a model file holds no rows, only each column's counts, percentiles and level
 * counts. Numbers are the training percentiles' quantile function read at n evenly spaced points
 * (so their deciles and PSI match the training data's up to interpolation between percentiles,
 * and KS and Wasserstein distances within about 1 % of the distribution); categories have exactly
 * the training counts, the levels beyond the profile's top ones as one "(other levels)". Missing
 * values keep the training share.
 */
import type { Column, Table } from '../core/table';
import { profilePercentiles, type TrainingColumnProfile, type TrainingProfile } from '../data/training-profile';

/** The label of the levels a profile did not keep one by one. */
export const otherLevels = '(other levels)';

/** The value at probability p of the quantile function through `percentiles` (at 0, 0.01, …, 1). */
function quantileAt(percentiles: readonly number[], p: number): number {
  const h = p * (percentiles.length - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, percentiles.length - 1);
  return percentiles[lo] + (h - lo) * (percentiles[hi] - percentiles[lo]);
}

/** `count` values spread over the profile's distribution, then the missing rows (NaN). */
function numbersOf(profile: Extract<TrainingColumnProfile, { kind: 'numeric' }>, rows: number): Float64Array {
  const values = new Float64Array(rows).fill(NaN);
  const percentiles = profile.percentiles;
  if (!percentiles || percentiles.length !== profilePercentiles.length) {
    throw new Error(`The model was saved before its training percentiles were kept, so “${profile.name}” cannot be rebuilt; save the model again to compare with its training data`);
  }
  const n = profile.count;
  // Points at i / (n − 1): the sample's own numpy-'linear' percentiles are then the profile's.
  for (let i = 0; i < n; i++) values[i] = quantileAt(percentiles, n === 1 ? 0.5 : i / (n - 1));
  return values;
}

function categoriesOf(profile: Extract<TrainingColumnProfile, { kind: 'categorical' }>, rows: number): { codes: Int32Array; dictionary: string[] } {
  const dictionary = profile.levels.map((l) => l.value);
  const counts = profile.levels.map((l) => l.count);
  if (profile.otherCount > 0) {
    dictionary.push(otherLevels);
    counts.push(profile.otherCount);
  }
  const codes = new Int32Array(rows).fill(-1);
  let at = 0;
  counts.forEach((count, code) => codes.fill(code, at, (at += count)));
  return { codes, dictionary };
}

/** The number a level of a number column stands for: its digits, or a yes/no word of `labels` (0, 1). */
function levelValue(level: string, labels: readonly [string, string]): number {
  if (level === labels[0]) return 0;
  if (level === labels[1]) return 1;
  return level.trim() === '' ? NaN : Number(level);
}

/**
 * The reference table of a training profile (one row per training row; `name` names it). Yes/no
 * columns are read back with the words of the same column in `like` (the data compared with it).
 */
export function referenceFromProfile(profile: TrainingProfile, name: string, like?: Table): Table {
  const rows = profile.rows;
  const labelsOf = (column: string): readonly [string, string] => {
    const c = like?.columns.find((x) => x.name === column);
    return (c?.storage === 'number' && c.labels) || ['false', 'true'];
  };
  const columns = profile.columns.map((c): Column => {
    const base = { name: c.name, type: c.type, role: 'feature' as const };
    if (c.kind === 'numeric') return { ...base, storage: 'number', values: numbersOf(c, rows) };
    const { codes, dictionary } = categoriesOf(c, rows);
    if (c.storage === 'category') return { ...base, storage: 'category', codes, dictionary };
    // Numbers kept as levels (yes/no, 0/1): back to numbers; "(other levels)" cannot be, so missing.
    const labels = labelsOf(c.name);
    const byCode = dictionary.map((level) => levelValue(level, labels));
    const values = new Float64Array(rows).fill(NaN);
    for (let i = 0; i < rows; i++) if (codes[i] >= 0) values[i] = byCode[codes[i]];
    return { ...base, storage: 'number', values, ...(c.type === 'boolean' && { labels }) };
  });
  return { name, rowCount: rows, columns };
}

/**
 * `table` with the levels of each category column that the profile did not keep one by one (past
 * its top levels) merged into "(other levels)", as in the rebuilt reference, so both count them
 * alike. Columns the profile kept whole, and other columns, are unchanged.
 */
export function alignToProfile(table: Table, profile: TrainingProfile): Table {
  const lumped = new Map(profile.columns.filter((c) => c.kind === 'categorical' && c.otherCount > 0).map((c) => [c.name, c] as const));
  if (!lumped.size) return table;
  const columns = table.columns.map((column): Column => {
    const kept = lumped.get(column.name);
    if (!kept || kept.kind !== 'categorical' || column.storage !== 'category') return column;
    const dictionary = [...kept.levels.map((l) => l.value), otherLevels];
    const index = new Map(dictionary.map((level, code) => [level, code] as const));
    const other = dictionary.length - 1;
    const remap = column.dictionary.map((level) => index.get(level) ?? other);
    return { ...column, dictionary, codes: column.codes.map((code) => (code < 0 ? -1 : remap[code])) };
  });
  return { ...table, columns };
}
