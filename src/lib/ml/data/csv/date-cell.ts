/**
 * Reading dates: ISO `yyyy-mm-dd`, and `dd-mm-yyyy`, `mm/dd/yyyy`, `dd.mm.yyyy`,
 * each optionally followed by a time `hh:mm[:ss[.fff]]` and a zone `Z` or `±hh:mm`.
 * Day-month order is a property of the column, not of the cell: see {@link DateOrder}.
 */

/** How the two short parts of a non-ISO date are read: day first or month first. */
export type DateOrder = 'dmy' | 'mdy';

const datePattern =
  /^\s*(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$/;

/** The parts of a date cell before day and month are assigned. */
export interface DateParts {
  /** True for yyyy-mm-dd (order does not apply). */
  isIso: boolean;
  /** The separator between the parts: '-', '/' or '.'. */
  separator: string;
  /** For ISO: month and day; otherwise the first and second short parts. */
  first: number;
  second: number;
  year: number;
  /** Milliseconds since midnight UTC, zone applied. */
  timeMs: number;
}

/** Splits a date cell into parts, or null when it is not a date in a supported format. */
export function dateParts(cell: string): DateParts | null {
  const m = datePattern.exec(cell);
  if (!m) return null;
  const isIso = m[1].length === 4;
  if (isIso ? m[4].length > 2 : m[1].length > 2 || m[4].length !== 4) return null;
  let timeMs = 0;
  if (m[5] !== undefined) {
    const h = +m[5];
    const min = +m[6];
    const sec = m[7] === undefined ? 0 : +m[7];
    if (h > 23 || min > 59 || sec > 60) return null;
    const ms = m[8] === undefined ? 0 : Math.round(+`0.${m[8]}` * 1000);
    timeMs = ((h * 60 + min) * 60 + sec) * 1000 + ms;
    const zone = m[9];
    if (zone !== undefined && zone !== 'Z') {
      const digits = zone.replace(':', '');
      const offset = (+digits.slice(1, 3) * 60 + +digits.slice(3, 5)) * 60_000;
      timeMs -= zone[0] === '-' ? -offset : offset;
    }
  }
  return isIso
    ? { isIso, separator: m[2], year: +m[1], first: +m[3], second: +m[4], timeMs }
    : { isIso, separator: m[2], year: +m[4], first: +m[1], second: +m[3], timeMs };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch milliseconds (UTC) of a calendar date and time, or NaN when the date does not exist. */
export function utcMs(year: number, month: number, day: number, timeMs: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return Date.UTC(year, month - 1, day) + timeMs;
}

/** Epoch milliseconds of parsed parts under a column's day-month order, or NaN when invalid. */
export function dateMs(parts: DateParts, order: DateOrder): number {
  if (parts.isIso) return utcMs(parts.year, parts.first, parts.second, parts.timeMs);
  return order === 'dmy'
    ? utcMs(parts.year, parts.second, parts.first, parts.timeMs)
    : utcMs(parts.year, parts.first, parts.second, parts.timeMs);
}

/** Epoch milliseconds (UTC) of a date cell under `order`, or NaN when it is not a valid date. */
export function parseDateCell(cell: string, order: DateOrder): number {
  const parts = dateParts(cell);
  return parts ? dateMs(parts, order) : NaN;
}
