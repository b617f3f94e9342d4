/**
 * `npm run -s cli -- profile FILE`: rows and a per-column summary as one JSON line (a 'profile'
 * run). FILE is a CSV/TSV, .csv.gz/.tsv.gz, .xlsx (`--sheet NAME`), .parquet or .jsonl/.ndjson,
 * read by the browser's own reader (src/lib/io/read-file.ts); bytes are decoded as the browser
 * does (UTF-8, else Windows-1252).
 */
import { openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readTableFile, type ReadOptions } from '../lib/io/read-file';
import type { ParseOutcome } from '../lib/ml/data/csv/outcome';
import { defaultCsvOptions } from '../lib/ml/data/csv/options';
import { ParseError, formatBytes } from '../lib/ml/data/csv/parse-error';
import { runJob } from '../lib/runs/local';
import { makeRunConfig } from '../lib/runs/run-config';

/** The reading flags: `--sheet NAME` of a workbook, `--decimal auto|.|,` (decimal commas). */
export function readFlags(flags: Record<string, string | boolean>): ReadOptions {
  const decimal = flags.decimal;
  if (decimal !== undefined && decimal !== 'auto' && decimal !== '.' && decimal !== ',') throw new Error(`--decimal must be auto, . or ,; got "${String(decimal)}"`);
  const sheet = flags.sheet;
  if (sheet !== undefined && typeof sheet !== 'string') throw new Error('--sheet needs a sheet name');
  return { ...(decimal !== undefined && { decimal }), ...(sheet !== undefined && { sheet }) };
}

/** Reads a data file (any format the app opens) as the browser does, refusing one over the size limit before reading it. */
export async function readTable(file: string, options: ReadOptions = {}): Promise<ParseOutcome> {
  const name = basename(file);
  const size = statSync(file).size;
  // Refuse before reading: a file over the limit would not fit in one Node buffer anyway.
  if (size > defaultCsvOptions.maxBytes) {
    throw new ParseError(`${name} is ${formatBytes(size)}; the limit is ${formatBytes(defaultCsvOptions.maxBytes)}.`);
  }
  return readTableFile(await openAsBlob(file), name, undefined, options);
}

/** Profiles one data file: `{rows, columns: [{name, type, role, missing, unique, ...}], warnings}` (and `sheet`, `sheets` of a workbook, `decimalComma` when decimals are written with a comma). */
export async function runProfile(positional: string[], flags: Record<string, string | boolean>): Promise<unknown> {
  const [file] = positional;
  if (!file) throw new Error('usage: profile FILE [--sheet NAME] [--decimal auto|.|,]');
  const { table, warnings, sheet, sheets, decimalComma } = await readTable(file, readFlags(flags));
  return { rows: table.rowCount, columns: await runJob(makeRunConfig('profile', {}), table), warnings, ...(sheets && { sheet, sheets }), ...(decimalComma && { decimalComma }) };
}
