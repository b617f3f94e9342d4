/**
 * A table as the page shows it (header cells, then body rows of cell texts) written as CSV, every
 * cell made spreadsheet-safe: what "Download table as CSV" saves.
 */
import Papa from 'papaparse';
import { spreadsheetSafe } from './csv-export';

/** CSV text of `header` and `rows` (cells as shown, formulas neutralised). */
export function gridCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return Papa.unparse({ fields: header.map(spreadsheetSafe), data: rows.map((r) => r.map(spreadsheetSafe)) });
}

/** A file name from a caption or label: letters, digits and dashes, at most 60 characters. */
export function fileStem(label: string, fallback: string): string {
  const stem = label.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return stem || fallback;
}
