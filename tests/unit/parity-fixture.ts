/** Loads tests/fixtures/customers_with_folds.csv as a Table (simple comma-separated file, no quoting). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableFromArrays, type Table } from '../../src/lib/ml/table';

/** The default data joined with the reference fold columns; user_id is an id, region categorical. */
export function loadCustomersWithFolds(): Table {
  const path = fileURLToPath(new URL('../fixtures/customers_with_folds.csv', import.meta.url));
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  const cells = lines.map((l) => l.split(','));
  const data: Record<string, number[] | string[]> = {};
  names.forEach((name, j) => {
    data[name] = name === 'region' ? cells.map((c) => c[j]) : cells.map((c) => Number(c[j]));
  });
  return tableFromArrays('customers_with_folds.csv', data, { user_id: 'id' });
}
