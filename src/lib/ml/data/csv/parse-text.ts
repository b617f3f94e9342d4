/**
 * Parsing a CSV held in memory as text (the CLI, tests, small files): detect
 * the delimiter, tokenize, build columns; a second reading only when a late
 * cell contradicted a column's type.
 */
import type { ColumnPlan } from './column-plan';
import { decideDecimalMark, withDecimalMark } from './decimal-comma';
import { decodeBytes } from './decode';
import { detectDelimiter } from './delimiter';
import { csvOptionsOf, type CsvOptions } from './options';
import type { ParseOutcome } from './outcome';
import { ParseError, formatBytes } from './parse-error';
import { TableBuilder, type BuildResult } from './table-builder';
import { tokenizeCsv } from './tokenize';

export type { ParseOutcome } from './outcome';
export { ParseError } from './parse-error';

/** The warning for a quoted field that never closes. */
export function unclosedQuoteWarning(name: string, line: number): string {
  return `${name}: a quoted field that opens on line ${line} is never closed, so the rest of the file was read into it.`;
}

/**
 * Parses CSV or TSV text into a columnar table.
 * @param text the file's text (a leading BOM is ignored)
 * @param name the file name, used in messages and as the table name
 * @throws ParseError (name 'ParseError') with a message naming the file
 */
export function parseCsvText(text: string, name: string, options: Partial<CsvOptions> = {}): ParseOutcome {
  return parseWithWarnings(text, name, csvOptionsOf(options), []);
}

/**
 * Parses a whole file's bytes: refuses binary, spreadsheet and JSON files, decodes UTF-8
 * or falls back to Windows-1252 with a warning, then parses as {@link parseCsvText}.
 */
export function parseCsvBytes(bytes: Uint8Array, name: string, options: Partial<CsvOptions> = {}): ParseOutcome {
  const merged = csvOptionsOf(options);
  const { text, warnings } = decodeBytes(bytes, name, merged);
  return parseWithWarnings(text, name, merged, warnings);
}

function parseWithWarnings(text: string, name: string, options: CsvOptions, warnings: string[]): ParseOutcome {
  if (text.length > options.maxBytes) {
    throw new ParseError(`${name} is ${formatBytes(text.length)}; the limit is ${formatBytes(options.maxBytes)} (expected a CSV or TSV text file no larger than that).`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new ParseError(`${name} is empty: expected a CSV or TSV text file with a header row.`);
  const delimiter =
    options.delimiter === 'auto' ? detectDelimiter(body.slice(0, options.sniffBytes), body.length <= options.sniffBytes) : options.delimiter;
  const decimal = decideDecimalMark(body.slice(0, options.sniffBytes), delimiter, options.decimal);
  let plans: ColumnPlan[] | null = null;
  let carried = warnings;
  // Two readings at most: the second one's plans hold for every cell (see column-sinks.ts).
  for (let reading = 1; ; reading++) {
    const builder: TableBuilder = new TableBuilder(name, options, plans, carried);
    const addRow = withDecimalMark(decimal.isApplied, (fields, line) => builder.addRow(fields, line));
    const { unclosedQuoteLine } = tokenizeCsv(body, delimiter, addRow);
    if (unclosedQuoteLine) builder.warn(unclosedQuoteWarning(name, unclosedQuoteLine));
    const result: BuildResult = builder.finish();
    if ('outcome' in result) return decimal.note ? { ...result.outcome, decimalComma: decimal.note } : result.outcome;
    if (reading >= 3) throw new Error(`${name}: column types did not settle after ${reading} readings`);
    plans = result.replan;
    carried = result.warnings;
  }
}
