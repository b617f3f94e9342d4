import type { Table } from '../../core/table';
import type { DecimalCommaNote } from './decimal-comma';

/** A parsed file: its table and what the user should know about how it was read. */
export interface ParseOutcome {
  table: Table;
  /** Human-readable notes (rows skipped, names renamed, encoding guessed, rows truncated). */
  warnings: string[];
  /** Set when the file writes decimals with a comma: what was found and whether it was applied. */
  decimalComma?: DecimalCommaNote;
  /** A workbook's sheet names, in order, and the sheet read. */
  sheets?: string[];
  sheet?: string;
}
