/**
 * The text of a typed cell (from a workbook, a Parquet file or a JSON line) as the CSV reader
 * would have seen it, so that every format shares the CSV typing rules (column-plan.ts,
 * column-type.ts): numbers in plain notation, dates as ISO text, booleans as true/false.
 */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A date as `yyyy-mm-dd`, with `Thh:mm[:ss[.fff]]Z` when it has a time of day (UTC). */
export function isoDateText(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return '';
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const h = date.getUTCHours();
  const m = date.getUTCMinutes();
  const s = date.getUTCSeconds();
  const milli = date.getUTCMilliseconds();
  if (h === 0 && m === 0 && s === 0 && milli === 0) return day;
  const seconds = s || milli ? `:${pad(s)}${milli ? `.${pad(milli, 3)}` : ''}` : '';
  return `${day}T${pad(h)}:${pad(m)}${seconds}Z`;
}

/**
 * The CSV text of a value: '' for null, undefined and NaN; numbers and bigints in digits;
 * booleans as `true`/`false`; dates as {@link isoDateText}; strings as they are.
 * Other values (nested objects, arrays) give null: the caller decides what they mean.
 */
export function cellText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return '';
    default:
      if (value === null) return '';
      if (value instanceof Date) return isoDateText(value);
      return null;
  }
}
