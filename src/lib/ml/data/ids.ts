/**
 * The one identifier detector: which columns are row identifiers (customer ids, order numbers,
 * e-mails), used by the CSV type inference, the Explore findings, the leakage checks, the
 * segmentation presets and the Customer lookup. An identifier only lets a model memorise rows.
 */
import type { Column, Table } from '../core/table';

/** Does the name say identifier: a word id, uuid, guid or identifier (customer_id, CustomerID, userId, ID), or exactly "key"? Not paid, valid, Kidhome. */
export function isIdName(name: string): boolean {
  const trimmed = name.trim();
  if (/^key$/i.test(trimmed)) return true;
  const words = trimmed
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase());
  return words.some((w) => w === 'id' || w === 'uuid' || w === 'guid' || w === 'identifier');
}

/** Rows a column needs before unique values alone (without an id-like name) make it an identifier. */
export const minRowsForUniqueId = 10;

/** The values of a number column at most this many apart get a bitmap to test uniqueness without sorting. */
const maxBitmapRange = 1 << 26;

/** Is every present value of `values` a distinct whole number, and do they run nearly consecutively (range ≤ 2 × count) or in equal steps? O(n), no sort. */
function wholeNumberRun(values: Float64Array): { present: number; allIntegers: boolean; unique: boolean; runs: boolean } {
  let present = 0;
  let allIntegers = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    present++;
    if (!Number.isInteger(v)) allIntegers = false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!allIntegers || present < 2) return { present, allIntegers, unique: false, runs: false };
  const range = max - min;
  const consecutive = range + 1 <= 2 * present;
  // Equal steps: present values spaced exactly (max − min) / (present − 1) apart.
  const step = range / (present - 1);
  const stepped = !consecutive && Number.isInteger(step) && step > 0;
  if (!consecutive && !stepped) return { present, allIntegers, unique: distinctNumbers(values) === present, runs: false };
  const slots = consecutive ? range + 1 : present;
  if (slots > maxBitmapRange) return { present, allIntegers, unique: distinctNumbers(values) === present, runs: false };
  const seen = new Uint8Array(slots);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const offset = v - min;
    const slot = consecutive ? offset : offset / step;
    if (!Number.isInteger(slot) || seen[slot]) return { present, allIntegers, unique: stepped ? distinctNumbers(values) === present : false, runs: false };
    seen[slot] = 1;
  }
  return { present, allIntegers, unique: true, runs: true };
}

/** Distinct present values of a number column. */
function distinctNumbers(values: Float64Array): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) seen.add(values[i]);
  return seen.size;
}

/** Present and distinct codes of a category column (one pass, a bitmap over the dictionary). */
function distinctCodes(codes: Int32Array, levels: number): { present: number; distinct: number } {
  const seen = new Uint8Array(levels);
  let present = 0;
  let distinct = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) continue;
    present++;
    if (!seen[c]) {
      seen[c] = 1;
      distinct++;
    }
  }
  return { present, distinct };
}

/** Reasons already worked out, per values array (a table's columns share their arrays across type and role edits). */
const known = new WeakMap<object, Map<string, string | null>>();

/**
 * Why `column` looks like a row identifier, in words, or null when it does not: typed or roled as
 * an id; text unique per row; whole numbers unique per row that run nearly consecutively, in equal
 * steps, or under an id-like name; or an id-like name with at least 95 % unique values.
 * Dates and booleans are never identifiers.
 */
export function idLikeReason(column: Column): string | null {
  if (column.type === 'id') return 'it is typed as an id';
  if (column.role === 'id') return 'it has the id role';
  if (column.type === 'date' || column.type === 'boolean') return null;
  const array = column.storage === 'number' ? column.values : column.codes;
  const named = isIdName(column.name);
  let byName = known.get(array);
  if (!byName) known.set(array, (byName = new Map()));
  const key = `${named}`;
  if (byName.has(key)) return byName.get(key) ?? null;
  const reason = computeReason(column, named);
  byName.set(key, reason);
  return reason;
}

function computeReason(column: Column, named: boolean): string | null {
  if (column.storage === 'category') {
    const { present, distinct } = distinctCodes(column.codes, column.dictionary.length);
    if (present < 2) return null;
    if (distinct === present && (named || present >= minRowsForUniqueId)) return 'every row has its own value';
    return named && distinct / present >= 0.95 ? 'its name says id and almost every value is unique' : null;
  }
  const run = wholeNumberRun(column.values);
  if (run.present < 2) return null;
  if (run.allIntegers && run.unique && (named || (run.present >= minRowsForUniqueId && run.runs))) {
    return 'its whole numbers are unique per row and nearly consecutive';
  }
  if (!named) return null;
  return distinctNumbers(column.values) / run.present >= 0.95 ? 'its name says id and almost every value is unique' : null;
}

/** Does `column` look like a row identifier (see {@link idLikeReason})? */
export function isIdLike(column: Column): boolean {
  return idLikeReason(column) !== null;
}

/** The column to look customers up by: the first typed or roled as id, else the first id-like one with an id-like name; null when there is none. */
export function findIdColumn(table: Table): string | null {
  const typed = table.columns.find((c) => c.type === 'id' || c.role === 'id');
  if (typed) return typed.name;
  return table.columns.find((c) => isIdName(c.name) && isIdLike(c))?.name ?? null;
}
