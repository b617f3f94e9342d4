/**
 * The 'parse' job on its own (data-jobs.ts re-exports it): reading a file needs none of the other
 * jobs' code, so the page can read a small file itself at start-up (the bundled example) without
 * loading the worker and every algorithm first.
 */
import type { ProgressCallback } from '../../ml/core/model';
import type { ParseOutcome } from '../../ml/data/csv/outcome';
import { valueHashesOf } from '../../ml/data/fingerprint';
import { profileTable, type ColumnProfile } from '../../ml/data/profile';
import type { Table } from '../../ml/core/table';
import { readTableFile, type ReadOptions } from '../../io/read-file';
import { defineJob } from '../job-spec';

/** A parsed file with its column profiles (and, from the reader, its sheets and decimal-comma note). */
export interface ParsedFile extends Pick<ParseOutcome, 'decimalComma' | 'sheets' | 'sheet'> {
  table: Table;
  profiles: ColumnProfile[];
  warnings: string[];
  /** Each column's values hash (fingerprint.ts), made with the table so the page need not read every row again. */
  valueHashes: [number, number][];
}

/** The config of a parse: the file's name (it picks the format) and the reading options. */
export interface ParseConfig {
  name: string;
  options?: ReadOptions;
}

/** Reads `file` into a table with its profiles and value hashes; progress is bytes read, then profiling. */
export async function parseFile(file: Blob, config: ParseConfig, onProgress?: ProgressCallback): Promise<ParsedFile> {
  const outcome = await readTableFile(file, config.name, (read, total) => onProgress?.(read, total, 'reading'), config.options);
  onProgress?.(file.size, file.size, 'profiling');
  const { table, warnings, decimalComma, sheets, sheet } = outcome;
  return { table, profiles: profileTable(table), warnings, valueHashes: valueHashesOf(table), decimalComma, sheets, sheet };
}

/** 'parse': reads a CSV/TSV, .csv.gz, .xlsx, .parquet or .jsonl file (types inferred as for CSV) and profiles its columns; progress is bytes read, then profiling. */
export const parseJob = defineJob({
  title: 'read a file',
  input: 'file',
  runsOn: 'worker',
  async run(file: Blob, config: ParseConfig, ctx): Promise<ParsedFile> {
    return parseFile(file, config, ctx.onProgress);
  },
});
