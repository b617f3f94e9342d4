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

/** What a string column holds, summarised for {@link stringColumnType}. */
export interface StringColumnStats {
  rowCount: number;
  missing: number;
  unique: number;
  /** Mean length of the distinct values. */
  meanLength: number;
  /** Share of distinct values containing a space. */
  spacedShare: number;
}

/** Rows needed before a column of unique strings without an id-like name is called id or text. */
const minRowsForUnique = 20;

/** id, text or categorical, for a string column that is not boolean. */
export function stringColumnType(name: string, s: StringColumnStats): 'id' | 'text' | 'categorical' {
  const present = s.rowCount - s.missing;
  const isUniquePerRow = s.missing === 0 && s.unique === s.rowCount && s.rowCount >= 2;
  if (isUniquePerRow && isIdName(name)) return 'id';
  if (present < minRowsForUnique) return 'categorical';
  if (isUniquePerRow) return s.meanLength >= 15 || s.spacedShare > 0.5 ? 'text' : 'id';
  if (s.unique > 0.5 * present && s.meanLength >= 20) return 'text';
  return 'categorical';
}
