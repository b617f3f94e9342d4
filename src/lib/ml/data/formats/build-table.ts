/**
 * A table from rows of cell texts that a reader can give more than once (a workbook sheet, a
 * Parquet file, JSON lines): the same columnar builder, typing rules and second reading as the
 * CSV reader (../csv/table-builder.ts), so ids with leading zeros, booleans, dates and the
 * warnings about odd cells behave the same in every format.
 */
import type { ColumnPlan } from '../csv/column-plan';
import { csvOptionsOf, type CsvOptions } from '../csv/options';
import type { ParseOutcome } from '../csv/outcome';
import { TableBuilder, type BuildResult } from '../csv/table-builder';

/** Hands each row (the header first) with its row number to `emit`; stops when `emit` returns false. */
export type RowEmitter = (emit: (fields: readonly string[], line: number) => boolean) => void | Promise<void>;

/**
 * Builds the table of a re-readable source.
 * @param name the file name, the table's name
 * @param where how messages name the place, e.g. `book.xlsx, sheet "Customers"` (default: the file name)
 * @param warnings notes about the file to start with (merged cells, nested values)
 * @param lineWord how messages call a row's number (default 'row': a sheet's or a Parquet file's row; 'line' for JSON Lines)
 */
export async function buildTable(
  name: string,
  rows: RowEmitter,
  options: Partial<CsvOptions> = {},
  warnings: string[] = [],
  where = name,
  lineWord: 'line' | 'row' = 'row',
): Promise<ParseOutcome> {
  const merged = csvOptionsOf(options);
  let plans: ColumnPlan[] | null = null;
  let carried = warnings;
  for (let reading = 1; ; reading++) {
    const builder: TableBuilder = new TableBuilder(where, merged, plans, carried, lineWord);
    await rows((fields, line) => builder.addRow(fields, line));
    const result: BuildResult = builder.finish();
    if ('outcome' in result) {
      const { table, warnings: notes } = result.outcome;
      return { table: { ...table, name }, warnings: notes };
    }
    if (reading >= 3) throw new Error(`${where}: column types did not settle after ${reading} readings`);
    plans = result.replan;
    carried = result.warnings;
  }
}
