/** How findings write their numbers and lists: counts with thousands separators, shares to one decimal. */
import type { Column } from '../core/table';

const numberWords = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** A small count in words ("five"), larger ones in digits. */
export const countWord = (n: number): string => numberWords[n] ?? count(n);

/** A count of rows or columns, with thousands separators: 7,043. */
export const count = (n: number): string => n.toLocaleString('en-US');

/** A share in percent to one decimal: 22 of 7,043 → "0.3 %". */
export const pct = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)} %`;

/** `n thing` or `n things`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

/** "a", "a and b", "a, b and c". */
export const list = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** A value as the column holds it, never with thousands separators (years and codes stay 1957, 5524): its file decimals, else 4 significant digits. */
export function valueText(column: Column, value: number): string {
  if (column.storage === 'number' && column.decimals) return value.toFixed(column.decimals);
  return Number.isInteger(value) ? String(value) : String(+value.toPrecision(4));
}
