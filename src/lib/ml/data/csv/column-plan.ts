/**
 * How a column is stored while rows stream in, chosen from the first rows
 * (the sample): numbers, dates in one day-month order, or categories. A later
 * cell that does not fit demotes the column and the file is read again with
 * the plan the whole column agrees on.
 */
import { dateParts, dateMs, type DateOrder } from './date-cell';
import { isMissingCell } from './missing-cell';
import { parseNumberCell } from './number-cell';

/** Storage plan of one column during parsing. */
export type ColumnPlan = { kind: 'number' } | { kind: 'date'; order: DateOrder } | { kind: 'category' };

/** Tracks which date readings every cell of a column allows; shared by planning and the date sink. */
export class DateEvidence {
  /** A non-missing cell that is not a date at all. */
  hasNonDate = false;
  /** A cell that is no valid date when read day first (or month first). */
  failsDmy = false;
  failsMdy = false;
  /** The separator of the first non-ISO date, for the default order. */
  separator = '';

  /** Records one non-missing cell. */
  add(cell: string): void {
    const parts = dateParts(cell);
    if (!parts) {
      this.hasNonDate = true;
      return;
    }
    if (parts.isIso) {
      if (Number.isNaN(dateMs(parts, 'dmy'))) this.failsDmy = this.failsMdy = true;
      return;
    }
    this.separator ||= parts.separator;
    if (Number.isNaN(dateMs(parts, 'dmy'))) this.failsDmy = true;
    if (Number.isNaN(dateMs(parts, 'mdy'))) this.failsMdy = true;
  }

  /**
   * The order every cell allows, or null when none does. When both do, European
   * dd-mm-yyyy and dd.mm.yyyy are day first, and mm/dd/yyyy is month first.
   */
  order(): DateOrder | null {
    if (this.hasNonDate || (this.failsDmy && this.failsMdy)) return null;
    if (this.failsDmy) return 'mdy';
    if (this.failsMdy) return 'dmy';
    return this.separator === '/' ? 'mdy' : 'dmy';
  }
}

/** The storage plan the sample cells of a column agree on. All-missing samples plan numbers. */
export function planColumn(cells: readonly string[]): ColumnPlan {
  if (cells.every((cell) => isMissingCell(cell) || !Number.isNaN(parseNumberCell(cell)))) return { kind: 'number' };
  const dates = new DateEvidence();
  for (const cell of cells) {
    if (isMissingCell(cell)) continue;
    dates.add(cell);
    if (dates.hasNonDate) return { kind: 'category' };
  }
  const order = dates.order();
  return order ? { kind: 'date', order } : { kind: 'category' };
}
