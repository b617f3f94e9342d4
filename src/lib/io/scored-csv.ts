/**
 * A scored file written out as CSV: every input column with its cells as the file wrote them (the
 * records are read again from the file's text, so `$1,200`, `03/04/2025` or `N/A` stay as they
 * were, not as the table re-formats them), then the model's columns. Cells a spreadsheet would run
 * as a formula are neutralised as in every export of the app (`spreadsheetSafe`).
 */
import Papa from 'papaparse';
import { detectDelimiter } from '../ml/data/csv/delimiter';
import { csvOptionsOf, type CsvOptions } from '../ml/data/csv/options';
import { tokenizeCsv } from '../ml/data/csv/tokenize';
import type { ProgressCallback } from '../ml/core/model';
import { spreadsheetSafe } from './csv-export';

/** A column the model adds: its header and the text of each row. */
export interface AddedColumn {
  name: string;
  cell: (row: number) => string;
}

/** Options of {@link scoredCsv}. */
export interface ScoredCsvOptions {
  /** Output rows kept as text for a preview (default 100). */
  previewRows: number;
  /** Rows written per CSV chunk (default 5,000). */
  chunkRows: number;
  onProgress?: ProgressCallback;
}

/** Defaults of {@link ScoredCsvOptions}. */
export const defaultScoredCsvOptions: ScoredCsvOptions = { previewRows: 100, chunkRows: 5_000 };

/** The CSV text and the first rows as the user will read them. */
export interface ScoredCsv {
  csv: string;
  /** Output header: the table's column names, then the added columns. */
  columns: string[];
  /** The first rows' cells as written in the file (not neutralised: the preview is text, never a spreadsheet). */
  preview: string[][];
}

/**
 * Writes the rows of a parsed file with the model's columns after them.
 * @param text the file's decoded text (as `decodeBytes` gave it, BOM removed)
 * @param names the table's column names (the header as the parser cleaned it)
 * @param rowCount the table's rows: the file's records are kept by the parser's rules (blank lines,
 *   rows of another width and rows past the limit skipped), so record i is table row i
 * @param added the model's columns
 * @param csvOptions the options the table was parsed with (delimiter, row limit)
 * @param options previewRows (100), chunkRows (5,000), onProgress (rows written)
 */
export function scoredCsv(
  text: string,
  names: readonly string[],
  rowCount: number,
  added: readonly AddedColumn[],
  csvOptions: Partial<CsvOptions> = {},
  options: Partial<ScoredCsvOptions> = {},
): ScoredCsv {
  const o = { ...defaultScoredCsvOptions, ...options };
  const parse = csvOptionsOf(csvOptions);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // The same delimiter choice as parseCsvText (ml/data/csv/parse-text.ts), on the same text.
  const delimiter = parse.delimiter === 'auto' ? detectDelimiter(text.slice(0, parse.sniffBytes), text.length <= parse.sniffBytes) : parse.delimiter;
  const columns = [...names, ...added.map((a) => a.name)];
  const chunks: string[] = [Papa.unparse([columns.map(spreadsheetSafe)])];
  const preview: string[][] = [];
  let pending: string[][] = [];
  let header = false;
  let row = 0;
  const flush = (): void => {
    if (pending.length) chunks.push(Papa.unparse(pending));
    pending = [];
    o.onProgress?.(row, rowCount, 'writing');
  };
  // The parser's row rules (TableBuilder.addRow): blank lines skipped, the first record is the
  // header, records of another width skipped, nothing past the table's rows.
  tokenizeCsv(text, delimiter, (fields) => {
    if (fields.length === 1 && fields[0].trim() === '') return true;
    if (!header) {
      header = true;
      return true;
    }
    if (fields.length !== names.length) return true;
    if (row >= rowCount) return false;
    const cells = added.map((a) => a.cell(row));
    if (preview.length < o.previewRows) preview.push([...fields, ...cells]);
    pending.push([...fields.map(spreadsheetSafe), ...cells.map(spreadsheetSafe)]);
    row++;
    if (pending.length >= o.chunkRows) flush();
    return true;
  });
  flush();
  if (row !== rowCount) throw new Error(`The file's ${row} records do not line up with the ${rowCount} rows read from it; nothing was written`);
  return { csv: chunks.join('\r\n'), columns, preview };
}

/** `name`, or `name_2`, `name_3`… whichever is not in `taken` (the model's columns never overwrite the file's). */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name}_${i}`)) return `${name}_${i}`;
}
