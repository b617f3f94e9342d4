/**
 * How the pages write a column's numbers. Quantities get thousands separators (52,247.3); years,
 * ids and codes never do (Year_Birth 1957, ID 5524, zip 90210), since "1,957" reads as a quantity.
 * Counts of rows and columns are quantities (7,043 rows).
 */
import type { Column, Table } from '../../ml/core/table';
import { isIdLike, isIdName } from '../../ml/data/ids';
import { isYearLike } from '../../ml/data/years';

/** 'digits': plain digits, no separators (years, ids, codes); 'grouped': thousands separators. */
export type NumberStyle = 'digits' | 'grouped';

/** Words of a column name that say code or year (zip, postal code, year, birth…). */
const codeWords = new Set(['code', 'zip', 'zipcode', 'postal', 'postcode', 'plz', 'year', 'yr', 'birth', 'born', 'phone', 'fips', 'sic', 'naics']);

function nameSaysCode(name: string): boolean {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .some((w) => codeWords.has(w.toLowerCase()));
}

const styles = new WeakMap<Float64Array, Map<string, NumberStyle>>();

/** How `column`'s numbers are written: digits for year-like integers, ids and whole-number codes, else grouped. */
export function numberStyleOf(column: Column): NumberStyle {
  if (column.storage === 'category') return 'digits';
  if (column.type === 'id' || column.role === 'id') return 'digits';
  if (column.type !== 'numeric') return 'grouped';
  const key = `${column.name}\u0000${column.type}\u0000${column.role}`;
  let byKey = styles.get(column.values);
  if (!byKey) styles.set(column.values, (byKey = new Map()));
  const known = byKey.get(key);
  if (known) return known;
  let integers = true;
  for (let i = 0; i < column.values.length && integers; i++) {
    const v = column.values[i];
    if (!Number.isNaN(v) && !Number.isInteger(v)) integers = false;
  }
  const style: NumberStyle = integers && (isYearLike(column.values) || isIdLike(column) || isIdName(column.name) || nameSaysCode(column.name)) ? 'digits' : 'grouped';
  byKey.set(key, style);
  return style;
}

const compact = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const counts = new Intl.NumberFormat('en-US');

/**
 * A value in `style`: digits as written (1957, 5524, 1968.8); grouped whole numbers and values of
 * 1e6 or more in full (52,247; 1,234,567.5), other fractions to 4 significant digits (3.142). '—' when missing.
 */
export function formatNumber(value: number, style: NumberStyle): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (style === 'digits') return Number.isInteger(value) ? String(value) : String(+value.toPrecision(6));
  return Math.abs(value) >= 1e6 || Number.isInteger(value) ? counts.format(value) : compact.format(value);
}

/** A value of `column` as the pages write it (see {@link numberStyleOf}). */
export function formatColumnValue(value: number, column: Column): string {
  return formatNumber(value, numberStyleOf(column));
}

/** A count of rows, columns or values, with thousands separators: 7,043. */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** A formatter of values by column name for `table`'s columns (a name it does not know is written as a quantity). */
export function columnFormatter(table: Table | null): (name: string, value: number) => string {
  const byName = new Map((table?.columns ?? []).map((c) => [c.name, c]));
  return (name, value) => {
    const column = byName.get(name);
    return column ? formatColumnValue(value, column) : formatNumber(value, 'grouped');
  };
}

/** The style of each of `table`'s columns by name (cached per column; a name it does not know is grouped). */
export function columnStyler(table: Table | null): (name: string) => NumberStyle {
  const byName = new Map((table?.columns ?? []).map((c) => [c.name, c]));
  return (name) => {
    const column = byName.get(name);
    return column ? numberStyleOf(column) : 'grouped';
  };
}

/** Plotly axis settings that write `style`'s numbers: years and codes as plain whole digits (1957, never 1,957 or 2k). */
export function axisFormat(style: NumberStyle): Record<string, string> {
  return style === 'digits' ? { tickformat: 'd', hoverformat: 'd' } : {};
}
