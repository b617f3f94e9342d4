/** The same customers read from .xlsx, .parquet, .csv.gz and .jsonl give the CSV's table: names, types, roles and values. */
import { describe, expect, it } from 'vitest';
import { readTableFile } from '../../../src/lib/io/read-file';
import { fixtureBlob, plainColumns } from './same-table';

const csvName = 'customer_purchasing_behaviors.csv';

describe('every format reads the customers as the CSV does', async () => {
  const reference = await readTableFile(fixtureBlob(csvName), csvName);
  it('the CSV itself has 238 rows and 7 columns, user_id an id and region categorical', () => {
    expect(reference.table.rowCount).toBe(238);
    const columns = plainColumns(reference.table);
    expect(columns.map((c) => c.type)).toStrictEqual(['id', 'numeric', 'numeric', 'numeric', 'numeric', 'categorical', 'numeric']);
  });
  for (const file of ['customers.xlsx', 'customers.parquet', 'customers.csv.gz', 'customers.jsonl']) {
    it(file, async () => {
      const progress: number[] = [];
      const outcome = await readTableFile(fixtureBlob(file), file, (read, total) => progress.push(read / total));
      expect(outcome.table.name).toBe(file);
      expect(outcome.table.rowCount).toBe(238);
      expect(plainColumns(outcome.table)).toStrictEqual(plainColumns(reference.table));
      expect(outcome.warnings.filter((w) => !w.includes('single column'))).toStrictEqual([]);
      expect(progress.length).toBeGreaterThan(0);
      expect(Math.max(...progress)).toBeLessThanOrEqual(1);
    });
  }
});
