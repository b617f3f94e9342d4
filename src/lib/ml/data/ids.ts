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

/** Present count, distinct count and integer range of a column's values. */
interface Uniqueness {
  present: number;
  distinct: number;
  allIntegers: boolean;
  min: number;
  max: number;
  /** Whole numbers in one constant step once sorted (1000, 1007, 1014, …). */
  equalSteps: boolean;
}

function uniquenessOf(column: Column): Uniqueness {
  if (column.storage === 'category') {
    const seen = new Set<number>();
    let present = 0;
    for (const code of column.codes) {
      if (code < 0) continue;
      present++;
      seen.add(code);
    }
    return { present, distinct: seen.size, allIntegers: false, min: NaN, max: NaN, equalSteps: false };
  }
  const finite: number[] = [];
  let allIntegers = true;
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    finite.push(v);
    if (!Number.isInteger(v)) allIntegers = false;
  }
  const sorted = Float64Array.from(finite).sort();
  let distinct = sorted.length ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  let equalSteps = allIntegers && sorted.length >= 2 && distinct === sorted.length;
  const step = sorted[1] - sorted[0];
  for (let i = 2; equalSteps && i < sorted.length; i++) if (sorted[i] - sorted[i - 1] !== step) equalSteps = false;
  return { present: sorted.length, distinct, allIntegers, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, equalSteps };
}

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
  const { present, distinct, allIntegers, min, max, equalSteps } = uniquenessOf(column);
  if (present < 2) return null;
  const named = isIdName(column.name);
  const unique = distinct === present && (named || present >= minRowsForUniqueId);
  if (column.storage === 'category' && unique) return 'every row has its own value';
  if (column.storage === 'number' && unique && allIntegers && (named || max - min + 1 <= 2 * present || equalSteps)) {
    return 'its whole numbers are unique per row and nearly consecutive';
  }
  if (named && distinct / present >= 0.95) return 'its name says id and almost every value is unique';
  return null;
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
