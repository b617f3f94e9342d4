/** Test helpers of the file-format tests: a fixture as a Blob, and a table's types and values in plain form to compare formats. */
import { readFileSync } from 'node:fs';
import type { Table } from '../../../src/lib/ml/core/table';

/** tests/fixtures/`name` as a Blob (what the worker gets from a file picker). */
export function fixtureBlob(name: string): Blob {
  return new Blob([readFileSync(new URL(`../../fixtures/${name}`, import.meta.url))]);
}

/** Each column's name, type, role and values (numbers, or dictionary words; null for missing). */
export function plainColumns(table: Table): { name: string; type: string; role: string; values: (number | string | null)[] }[] {
  return table.columns.map((column) => ({
    name: column.name,
    type: column.type,
    role: column.role,
    values:
      column.storage === 'number'
        ? Array.from(column.values, (v) => (Number.isNaN(v) ? null : v))
        : Array.from(column.codes, (c) => (c < 0 ? null : column.dictionary[c])),
  }));
}
