/**
 * The one reading path of every file format, shared by the 'parse' job (in a worker) and the CLI:
 * the format from the name and first bytes, then its reader. Workbook and Parquet readers are
 * imported only when such a file is opened.
 */
import type { CsvOptions } from '../ml/data/csv/options';
import type { ParseOutcome } from '../ml/data/csv/outcome';
import { fileFormatOf, type FileFormat } from '../ml/data/formats/file-format';
import { readJsonLines } from '../ml/data/formats/json-lines';
import { buildTable } from '../ml/data/formats/build-table';
import { csvOptionsOf } from '../ml/data/csv/options';
import { ParseError, formatBytes } from '../ml/data/csv/parse-error';
import { parseBlob, type ReadProgress } from './csv-stream';
import { parseGzip } from './gzip-read';

/** Options of any reader: the CSV options, and the workbook sheet to read (default: the first). */
export interface ReadOptions extends Partial<CsvOptions> {
  sheet?: string;
}

/** Reads a JSON Lines file: decoded as a CSV would be (UTF-8, else Windows-1252), then one object per line. */
async function parseJsonLinesBlob(file: Blob, name: string, onProgress: ReadProgress | undefined, options: ReadOptions): Promise<ParseOutcome> {
  const merged = csvOptionsOf(options);
  if (file.size > merged.maxBytes) throw new ParseError(`${name} is ${formatBytes(file.size)}; the limit is ${formatBytes(merged.maxBytes)}.`);
  if (file.size === 0) throw new ParseError(`${name} is empty: expected one JSON object per line.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  onProgress?.(file.size / 2, file.size);
  // decodeBytes refuses JSON (a CSV check): decode here with the same encoding choice.
  let text: string;
  let warnings: string[] = [];
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    ({ text, warnings } = { text: new TextDecoder('windows-1252').decode(bytes), warnings: [`${name} is not valid UTF-8, so it was read as Windows-1252 (Latin-1); check that accented letters look right.`] });
  }
  const lines = readJsonLines(text, name);
  return buildTable(name, lines.rows, options, [...warnings, ...lines.warnings], name, 'line');
}

/** The format of a file, from its name and first bytes. */
export async function formatOfBlob(file: Blob, name: string): Promise<FileFormat> {
  return fileFormatOf(name, new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer()));
}

/**
 * Reads any supported file (CSV/TSV, .csv.gz, .xlsx, .parquet, .jsonl) into a table with the CSV typing rules.
 * @param name the file name: it picks the format and names the file in messages
 * @throws ParseError (name 'ParseError') naming the file, and the sheet, row and column where they apply
 */
export async function readTableFile(file: Blob, name: string, onProgress?: ReadProgress, options: ReadOptions = {}): Promise<ParseOutcome> {
  const { sheet, ...csv } = options;
  switch (await formatOfBlob(file, name)) {
    case 'xlsx':
      return (await import('./xlsx-read')).parseXlsx(file, name, onProgress, { ...csv, sheet });
    case 'parquet':
      return (await import('./parquet-read')).parseParquet(file, name, onProgress, csv);
    case 'csv.gz':
      return parseGzip(file, name, onProgress, csv);
    case 'jsonl':
      return parseJsonLinesBlob(file, name, onProgress, csv);
    default:
      return parseBlob(file, name, onProgress, csv);
  }
}
