import type { Table } from '../../core/table';

/** A parsed file: its table and what the user should know about how it was read. */
export interface ParseOutcome {
  table: Table;
  /** Human-readable notes (rows skipped, names renamed, encoding guessed, rows truncated). */
  warnings: string[];
}
