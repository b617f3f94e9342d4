/**
 * Loads the default CSV fixture for the stats, findings and engineered-feature tests
 * with a tiny split (the fixture has no quotes or missing cells), so these tests do
 * not depend on the CSV parser.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableFromArrays, type ColumnType, type Table } from '../../src/lib/ml/table';

/** The 238-row customer_purchasing_behaviors.csv as a Table; user_id typed as `idType`. */
export function loadCustomers(idType: ColumnType = 'id'): Table {
  const path = fileURLToPath(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url));
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const cells = lines.slice(1).map((l) => l.split(','));
  const data: Record<string, number[] | string[]> = {};
  header.forEach((h, j) => {
    const raw = cells.map((r) => r[j]);
    data[h] = raw.every((v) => v !== '' && Number.isFinite(Number(v))) ? raw.map(Number) : raw;
  });
  return tableFromArrays('customer_purchasing_behaviors.csv', data, { user_id: idType });
}
