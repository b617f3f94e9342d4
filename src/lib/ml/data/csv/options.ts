import type { DecimalMark } from './decimal-comma';

/** Options of the CSV reader, shared by the worker, `parseCsvText` and the CLI. */
export interface CsvOptions {
  /** Field separator; 'auto' detects comma, semicolon, tab or pipe from the first lines. */
  delimiter: 'auto' | ',' | ';' | '\t' | '|';
  /** Files larger than this many bytes are refused (default 1 GB). */
  maxBytes: number;
  /** Rows past this count are not loaded and a warning says so (default 5 million). */
  maxRows: number;
  /** Rows read before column types are chosen (default 5,000); later rows only confirm them. */
  sampleRows: number;
  /** Bytes read (and decoded) at a time by the worker (default 4 MiB). */
  chunkBytes: number;
  /** Bytes looked at to detect binary files, JSON, the encoding and the delimiter (default 64 KiB). */
  sniffBytes: number;
  /** Line numbers listed in a warning about malformed rows (default 5). */
  maxLinesListed: number;
  /** Decimal mark: 'auto' reads `1.234,5` as 1234.5 when a `;`/tab file is written so (default); '.' never; ',' always. */
  decimal: DecimalMark;
}

/** The defaults of {@link CsvOptions}. */
export const defaultCsvOptions: CsvOptions = {
  delimiter: 'auto',
  maxBytes: 1024 ** 3,
  maxRows: 5_000_000,
  sampleRows: 5_000,
  chunkBytes: 4 * 1024 * 1024,
  sniffBytes: 64 * 1024,
  maxLinesListed: 5,
  decimal: 'auto',
};

/** Merges options with {@link defaultCsvOptions}. */
export function csvOptionsOf(options: Partial<CsvOptions> = {}): CsvOptions {
  return { ...defaultCsvOptions, ...options };
}
