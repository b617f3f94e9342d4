/**
 * `npm run -s cli -- profile FILE`: rows and a per-column summary as one JSON
 * line. Bytes are decoded as the browser does (UTF-8, else Windows-1252).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCsvBytes } from '../lib/ml/data/csv/parse-text';
import { defaultCsvOptions } from '../lib/ml/data/csv/options';
import { ParseError, formatBytes } from '../lib/ml/data/csv/parse-error';
import { profileTable } from '../lib/ml/data/profile';

/** Profiles one CSV file: `{rows, columns: [{name, type, role, missing, unique, ...}], warnings}`. */
export async function runProfile(positional: string[], _flags: Record<string, string | boolean>): Promise<unknown> {
  const [file] = positional;
  if (!file) throw new Error('usage: profile FILE');
  const name = basename(file);
  const size = statSync(file).size;
  // Refuse before reading: a file over the limit would not fit in one Node buffer anyway.
  if (size > defaultCsvOptions.maxBytes) {
    throw new ParseError(`${name} is ${formatBytes(size)}; the limit is ${formatBytes(defaultCsvOptions.maxBytes)}.`);
  }
  const { table, warnings } = parseCsvBytes(readFileSync(file), name);
  return { rows: table.rowCount, columns: profileTable(table), warnings };
}
