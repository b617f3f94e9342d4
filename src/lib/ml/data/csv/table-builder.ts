/**
 * The columnar builder both readers feed (the worker with PapaParse chunks,
 * parseCsvText with its own tokenizer): rows go in one at a time, the first
 * `sampleRows` are held as text to choose each column's plan, later rows are
 * parsed straight into typed arrays. `finish()` gives the table, or asks for a
 * second reading when a late cell contradicted a column's plan.
 */
import type { Column, Table } from '../../core/table';
import { planColumn, type ColumnPlan } from './column-plan';
import { sinkFor, type ColumnSink } from './column-sinks';
import { cleanHeader } from './header';
import type { CsvOptions } from './options';
import type { ParseOutcome } from './outcome';
import { ParseError } from './parse-error';

/** Either the outcome, or the plans for reading the file again (with warnings to carry over). */
export type BuildResult = { outcome: ParseOutcome } | { replan: ColumnPlan[]; warnings: string[] };

/** Rows that did not have the header's number of fields. */
interface BadRows {
  count: number;
  lines: number[];
}

const planNames = { number: 'numeric', date: 'a date', category: 'categorical' } as const;

/** Builds a {@link Table} from rows of text fields. */
export class TableBuilder {
  private names: string[] | null = null;
  private sampleColumns: string[][] = [];
  private sampleLines: number[] = [];
  private sinks: ColumnSink[] | null = null;
  private rowCount = 0;
  /** The line each row starts on; kept in the table only when some row is not on line row + 2. */
  private rowLines = new Int32Array(1024);
  private hasIrregularLines = false;
  private isTruncated = false;
  private readonly tooMany: BadRows = { count: 0, lines: [] };
  private readonly tooFew: BadRows = { count: 0, lines: [] };
  private readonly warnings: string[];

  /**
   * @param name file name for messages and the table
   * @param plans column plans of an earlier reading (skips sampling), or null
   * @param warnings notes to start with (encoding, an earlier reading's demotions)
   * @param lineWord how messages call a row's number: 'line' in a text file, 'row' in a workbook sheet or Parquet file
   */
  constructor(
    private readonly name: string,
    private readonly options: CsvOptions,
    private readonly plans: ColumnPlan[] | null = null,
    warnings: string[] = [],
    private readonly lineWord: 'line' | 'row' = 'line',
  ) {
    this.warnings = [...warnings];
  }

  /** Adds a warning from the reader (e.g. an unclosed quote). */
  warn(message: string): void {
    this.warnings.push(message);
  }

  /** Adds one record with the line it starts on. Returns false when no more rows are wanted. */
  addRow(fields: readonly string[], line: number): boolean {
    if (fields.length === 1 && fields[0].trim() === '') return true;
    const names = this.names;
    if (!names) {
      this.setHeader(fields);
      return true;
    }
    if (fields.length !== names.length) {
      const bad = fields.length > names.length ? this.tooMany : this.tooFew;
      bad.count++;
      if (bad.lines.length < this.options.maxLinesListed) bad.lines.push(line);
      return true;
    }
    if (this.rowCount >= this.options.maxRows) {
      this.isTruncated = true;
      return false;
    }
    this.rowCount++;
    if (this.rowCount > this.rowLines.length) {
      const grown = new Int32Array(this.rowLines.length * 2);
      grown.set(this.rowLines);
      this.rowLines = grown;
    }
    this.rowLines[this.rowCount - 1] = line;
    if (line !== this.rowCount + 1) this.hasIrregularLines = true;
    const sinks = this.sinks;
    if (sinks) {
      for (let j = 0; j < sinks.length; j++) sinks[j].push(fields[j], line);
      return true;
    }
    for (let j = 0; j < fields.length; j++) this.sampleColumns[j].push(fields[j]);
    this.sampleLines.push(line);
    if (this.sampleLines.length >= this.options.sampleRows) this.startSinks();
    return true;
  }

  /** The table, or a request to read again with the returned plans. */
  finish(): BuildResult {
    const names = this.names;
    if (!names) throw new ParseError(`${this.name} has only blank lines: expected a CSV or TSV text file with a header row.`);
    if (this.rowCount === 0) {
      const bad = this.tooMany.count + this.tooFew.count;
      if (bad > 0) {
        const first = Math.min(...this.tooMany.lines, ...this.tooFew.lines);
        throw new ParseError(
          `${this.name}: none of its ${bad} data rows has the header's ${names.length} fields (first at ${this.lineWord} ${first}); check the delimiter and quotes.`,
        );
      }
      throw new ParseError(`${this.name} has a header but no data rows.`);
    }
    if (!this.sinks) this.startSinks();
    const sinks = this.sinks as ColumnSink[];
    if (sinks.some((s) => s.demotion)) {
      const warnings = [...this.warnings];
      const replan = sinks.map((sink, j) => {
        if (!sink.demotion) return sink.plan;
        const plan = sink.replanned();
        const { line, cell } = sink.demotion;
        const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
        warnings.push(
          `${this.name}: column "${names[j]}" looked ${planNames[sink.plan.kind]} but ${this.lineWord} ${line} holds "${shown}", so the whole column was read as ${planNames[plan.kind]}.`,
        );
        return plan;
      });
      return { replan, warnings };
    }
    const columns: Column[] = sinks.map((sink, j) => sink.finish(names[j], this.rowCount));
    this.sinks = [];
    this.addRowWarnings(names.length);
    const table: Table = { name: this.name, rowCount: this.rowCount, columns, ...(this.hasIrregularLines && { rowLines: this.rowLines.slice(0, this.rowCount) }) };
    return { outcome: { table, warnings: this.warnings } };
  }

  private setHeader(fields: readonly string[]): void {
    const { names, changes } = cleanHeader(fields);
    this.names = names;
    this.sampleColumns = names.map(() => []);
    if (changes.length) this.warnings.push(`${this.name}: renamed header names: ${changes.join('; ')}.`);
    if (names.length === 1) {
      this.warnings.push(`${this.name} has a single column ("${names[0]}"); most analyses need at least two. Is the delimiter a comma, semicolon, tab or pipe?`);
    }
  }

  private startSinks(): void {
    const capacity = Math.max(1024, 2 * this.sampleLines.length);
    const plans = this.plans ?? this.sampleColumns.map((cells) => planColumn(cells));
    const sinks = plans.map((plan) => sinkFor(plan, capacity));
    for (let j = 0; j < sinks.length; j++) {
      const cells = this.sampleColumns[j];
      for (let i = 0; i < cells.length; i++) sinks[j].push(cells[i], this.sampleLines[i]);
    }
    this.sinks = sinks;
    this.sampleColumns = [];
    this.sampleLines = [];
  }

  private addRowWarnings(width: number): void {
    const listed = (bad: BadRows): string =>
      `${bad.count === bad.lines.length ? 'at' : 'first at'} ${this.lineWord}${bad.lines.length > 1 ? 's' : ''} ${bad.lines.join(', ')}`;
    const rows = (count: number): string => `${count.toLocaleString('en-US')} row${count > 1 ? 's' : ''}`;
    if (this.tooMany.count) {
      this.warnings.push(`${this.name}: skipped ${rows(this.tooMany.count)} with more than the header's ${width} fields (${listed(this.tooMany)}).`);
    }
    if (this.tooFew.count) {
      this.warnings.push(`${this.name}: skipped ${rows(this.tooFew.count)} with fewer than the header's ${width} fields (${listed(this.tooFew)}).`);
    }
    if (this.isTruncated) {
      this.warnings.push(
        `${this.name}: only the first ${this.options.maxRows.toLocaleString('en-US')} rows were loaded (the row limit); the rest of the file was not read.`,
      );
    }
  }
}
