/**
 * Decimal commas (European exports: `1.234,5` for 1234.5, `;` between fields): detected from the
 * first records, then, once the user confirms (or by default when detected), each such cell is
 * rewritten to plain `1234.5` before the usual number rules read it.
 */
import { isMissingCell } from './missing-cell';
import { tokenizeCsv } from './tokenize';

/** How decimals are written: 'auto' detects decimal commas; ',' and '.' are the user's choice. */
export type DecimalMark = 'auto' | '.' | ',';

/** What the reader found and did about decimal commas, for the notice that asks the user. */
export interface DecimalCommaNote {
  /** A cell of the file written with a decimal comma, e.g. `1.234,5`. */
  example: string;
  /** The number it is (or would be) read as. */
  value: number;
  /** True when such cells were read as numbers; false when kept as written. */
  isApplied: boolean;
}

/** A number with a decimal comma and optional dot thousands groups: `1.234,5`, `-0,75`, `12,0`. */
const commaDecimal = /^\s*[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+\s*$/;
/** Dot thousands groups without decimals: `1.234`, `12.345.678`. */
const dotThousands = /^\s*[+-]?\d{1,3}(?:\.\d{3})+\s*$/;
/** A plain decimal point that cannot be a thousands group: `3.5`, `12.25`, `0.1234`. */
const pointDecimal = /^\s*[+-]?\d*\.(?:\d{1,2}|\d{4,})\s*$/;
const integer = /^\s*[+-]?\d+\s*$/;

/** The cell as plain notation when it is written with a decimal comma or dot thousands groups; else the cell. */
export function fromDecimalComma(cell: string): string {
  if (cell.length < 3 || (cell.indexOf(',') < 0 && cell.indexOf('.') < 0)) return cell;
  if (!commaDecimal.test(cell) && !dotThousands.test(cell)) return cell;
  return cell.trim().replace(/\./g, '').replace(',', '.');
}

/**
 * The first cell written with a decimal comma, when the file's separator is not a comma and some
 * column holds only such numbers (and integers) while no column holds plain decimal points; else null.
 * @param sample the start of the file
 * @param maxRecords records examined after the header (default 200)
 */
export function detectDecimalComma(sample: string, delimiter: string, maxRecords = 200): string | null {
  if (delimiter === ',') return null;
  const columns: string[][] = [];
  let records = 0;
  tokenizeCsv(sample, delimiter, (fields) => {
    if (records++ === 0) return true;
    fields.forEach((cell, j) => (columns[j] ??= []).push(cell));
    return records <= maxRecords;
  });
  let example: string | null = null;
  for (const cells of columns) {
    const present = cells.filter((c) => !isMissingCell(c));
    if (present.length === 0) continue;
    if (present.every((c) => integer.test(c) || pointDecimal.test(c)) && present.some((c) => pointDecimal.test(c))) return null;
    const first = present.find((c) => commaDecimal.test(c));
    if (first !== undefined && present.every((c) => integer.test(c) || commaDecimal.test(c) || dotThousands.test(c))) example ??= first.trim();
  }
  return example;
}

/** The reader's decision: whether to rewrite decimal-comma cells, and the note for the user (when there is one). */
export interface DecimalDecision {
  isApplied: boolean;
  note?: DecimalCommaNote;
}

/** Decides from the sample and the user's mark: 'auto' applies when detected, ',' always, '.' never (the note still offers it). */
export function decideDecimalMark(sample: string, delimiter: string, mark: DecimalMark): DecimalDecision {
  const example = detectDecimalComma(sample, delimiter);
  const isApplied = mark === ',' || (mark === 'auto' && example !== null);
  if (example === null) return { isApplied };
  return { isApplied, note: { example, value: Number(fromDecimalComma(example)), isApplied } };
}

/** The row handler that rewrites decimal-comma cells before `addRow`, or `addRow` itself when not applied. */
export function withDecimalMark(isApplied: boolean, addRow: (fields: readonly string[], line: number) => boolean): (fields: readonly string[], line: number) => boolean {
  if (!isApplied) return addRow;
  return (fields, line) => addRow(fields.map(fromDecimalComma), line);
}
