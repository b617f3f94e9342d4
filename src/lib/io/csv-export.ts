/**
 * Writing tables out as CSV (papaparse). Cells are the
 * data's own text; a cell that a spreadsheet would run as a formula (=, +, -, @ first) is quoted
 * with a leading apostrophe, so an export never carries a formula.
 */
import Papa from 'papaparse';
import { cellText, type Table } from '../ml/core/table';

/** `text` made safe for a spreadsheet: a leading =, +, -, @, tab or carriage return gets an apostrophe before it. */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^[-+]?(\d|\.\d)/.test(text) ? `'${text}` : text;
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
