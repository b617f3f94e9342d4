/**
 * The final type of a column, decided once every row is read, from what the
 * whole column holds: 0/1 and yes/no columns are boolean, unique values under
 * an id-like name are ids, long mostly-unique strings are text.
 */
import { isIdName } from '../ids';

/** The value (1 or 0) of each word of a yes/no pair; a boolean column uses one pair only. */
const booleanPairs = new Map<string, [string, 1 | 0]>([
  ['true', ['tf', 1]],
  ['false', ['tf', 0]],
  ['yes', ['yn', 1]],
  ['no', ['yn', 0]],
  ['y', ['yn1', 1]],
  ['n', ['yn1', 0]],
  ['t', ['tf1', 1]],
  ['f', ['tf1', 0]],
]);

/**
 * The 0/1 value of each dictionary entry when the entries are the words of one
 * yes/no pair (true/false, yes/no, y/n, t/f) in any case, else null.
 */
export function booleanValuesOf(dictionary: readonly string[]): Float64Array | null {
  // A handful of entries at most: the two words in a few spellings (Yes, yes, YES).
  if (dictionary.length === 0 || dictionary.length > 8) return null;
  const values = new Float64Array(dictionary.length);
  let pair = '';
  for (let i = 0; i < dictionary.length; i++) {
    const entry = booleanPairs.get(dictionary[i].toLowerCase());
    if (!entry || (pair && entry[0] !== pair)) return null;
    pair = entry[0];
    values[i] = entry[1];
  }
  return values;
}

/** The other word of a yes/no pair, written like `word` (Yes → No, TRUE → FALSE, y → n). */
export function booleanCounterpart(word: string): string {
  const lower = word.toLowerCase();
  const other = [['true', 'false'], ['yes', 'no'], ['y', 'n'], ['t', 'f']].flatMap(([a, b]) => (lower === a ? [b] : lower === b ? [a] : []))[0] ?? '';
  if (word === word.toUpperCase() && word !== word.toLowerCase()) return other.toUpperCase();
  if (word[0] === word[0]?.toUpperCase() && word !== word.toLowerCase()) return other.charAt(0).toUpperCase() + other.slice(1);
  return other;
}

/**
 * The words a boolean column shows for 0 and 1: for each value, its most frequent spelling in the
 * file; a value that never occurs takes its counterpart's spelling (all `Yes` → `No` for 0).
 * @param values 0/1 per dictionary entry (booleanValuesOf)
 * @param counts rows per dictionary entry
 */
export function booleanLabelsOf(dictionary: readonly string[], values: Float64Array, counts: ArrayLike<number>): [string, string] {
  const best: [string, string] = ['', ''];
  const most = [-1, -1];
  dictionary.forEach((word, i) => {
    const v = values[i] === 1 ? 1 : 0;
    if (counts[i] > most[v]) [most[v], best[v]] = [counts[i], word];
  });
  if (!best[0]) best[0] = booleanCounterpart(best[1]);
  if (!best[1]) best[1] = booleanCounterpart(best[0]);
  return best;
}

/** What a string column holds, summarised for {@link stringColumnType}. */
export interface StringColumnStats {
  rowCount: number;
  missing: number;
  unique: number;
  /** Mean length of the distinct values. */
  meanLength: number;
  /** Share of distinct values containing a space. */
  spacedShare: number;
  /** Share of distinct values written only in digits (codes such as 0042, card numbers); default 0. */
  digitShare?: number;
}

/** Rows needed before a column of unique strings without an id-like name is called id or text. */
const minRowsForUnique = 20;

/** Levels past which a column is no longer a category a model or a chart can use as is. */
export const maxCategoryLevels = 50;

/** Does the name say code or number of a thing (InvoiceNo, StockCode, order_number, SKU, ref)? */
export function isCodeName(name: string): boolean {
  const words = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase());
  return words.some((w) => w === 'no' || w === 'nr' || w === 'num' || w === 'number' || w === 'code' || w === 'sku' || w === 'ref' || w === 'reference');
}

/**
 * id, text or categorical, for a string column that is not boolean. Besides unique values: over
 * {@link maxCategoryLevels} levels, codes without spaces under a code-like or id-like name
 * (InvoiceNo, StockCode, CustomerID) are ids and mostly spaced phrases (a product Description) are
 * text, as in a transaction log where both repeat across rows.
 */
export function stringColumnType(name: string, s: StringColumnStats): 'id' | 'text' | 'categorical' {
  const present = s.rowCount - s.missing;
  const isUniquePerRow = s.missing === 0 && s.unique === s.rowCount && s.rowCount >= 2;
  if (isUniquePerRow && isIdName(name)) return 'id';
  if (present < minRowsForUnique) return 'categorical';
  // Codes written in digits (long card numbers included) are identifiers, not prose.
  if (isUniquePerRow) return (s.meanLength >= 15 || s.spacedShare > 0.5) && (s.digitShare ?? 0) < 1 ? 'text' : 'id';
  if (s.unique > 0.5 * present && s.meanLength >= 20) return 'text';
  if (s.unique > maxCategoryLevels) {
    if (s.spacedShare < 0.1 && (isIdName(name) || isCodeName(name))) return 'id';
    if (s.spacedShare > 0.5 && s.meanLength >= 15) return 'text';
  }
  return 'categorical';
}
