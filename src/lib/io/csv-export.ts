/**
 * Writing tables out as CSV (papaparse). Cells are the
 * data's own text; a cell that a spreadsheet would run as a formula (=, +, -, @ first) is quoted
 * with a leading apostrophe, so an export never carries a formula.
 */
import Papa from 'papaparse';
import { cellText, type Table } from '../ml/core/table';

/** A whole number written plainly (`-2.5`, `+3`, `1e-3`): a spreadsheet reads it as a number, not a formula. */
const plainNumber = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * `text` made safe for a spreadsheet (OWASP CSV injection): a cell starting with =, +, -, @, tab or
 * carriage return gets an apostrophe before it, unless it is a plain number. Every other cell is unchanged.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

/** The rows of `table` with their segment and persona name, as CSV text. */
export function segmentsCsv(table: Table, segmentOfRow: Int32Array, names: readonly string[]): string {
  const fields = [...table.columns.map((c) => c.name), 'segment', 'persona'].map(spreadsheetSafe);
  const data: string[][] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const s = segmentOfRow[i];
    data.push([...table.columns.map((c) => spreadsheetSafe(cellText(c, i))), s < 0 ? '' : String(s + 1), s < 0 ? '' : spreadsheetSafe(names[s] ?? '')]);
  }
  return Papa.unparse({ fields, data });
}
