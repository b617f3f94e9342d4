/**
 * `npm run -s cli -- profile FILE`: rows and a per-column summary as one JSON line (a 'profile'
 * run). Bytes are decoded as the browser does (UTF-8, else Windows-1252).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCsvBytes } from '../lib/ml/data/csv/parse-text';
import { defaultCsvOptions } from '../lib/ml/data/csv/options';
import { ParseError, formatBytes } from '../lib/ml/data/csv/parse-error';
import { runJob } from '../lib/runs/local';
import { makeRunConfig } from '../lib/runs/run-config';

/** Reads a CSV file as the browser does, refusing one over the size limit before reading it. */
export function readTable(file: string) {
  const name = basename(file);
  const size = statSync(file).size;
  // Refuse before reading: a file over the limit would not fit in one Node buffer anyway.
  if (size > defaultCsvOptions.maxBytes) {
    throw new ParseError(`${name} is ${formatBytes(size)}; the limit is ${formatBytes(defaultCsvOptions.maxBytes)}.`);
  }
  return parseCsvBytes(readFileSync(file), name);
}

/** Profiles one CSV file: `{rows, columns: [{name, type, role, missing, unique, ...}], warnings}`. */
export async function runProfile(positional: string[], _flags: Record<string, string | boolean>): Promise<unknown> {
  const [file] = positional;
  if (!file) throw new Error('usage: profile FILE');
  const { table, warnings } = readTable(file);
  return { rows: table.rowCount, columns: await runJob(makeRunConfig('profile', {}), table), warnings };
}
