import { describe, expect, it } from 'vitest';
import { findFindings, isIdLike, type Finding } from '../../src/lib/ml/explore/findings';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { loadCustomers } from './fixtures';

const byId = (fs: Finding[], id: string) => {
  const f = fs.find((x) => x.id === id);
  if (!f) throw new Error(`no finding "${id}" among ${fs.map((x) => x.id).join(', ')}`);
  return f;
};

describe('findings on the default data', () => {
  const findings = findFindings(loadCustomers('id'));

  it('all five numeric columns correlate above 0.97, VIFs about 37 to 197', () => {
    const f = byId(findings, 'collinearity');
    expect(f.sentence).toBe(
      'All five numeric columns correlate above 0.97 and their VIFs run from about 37 to 197, so linear coefficients will be unstable and importances are shared.',
    );
    expect(f.columns).toEqual(['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency']);
    expect(f.meaning).toMatch(/ridge/);
  });

  it('East has 6 of 238 rows (2.5 %), too few to trust', () => {
    const f = byId(findings, 'rare-category:region');
    expect(f.sentence).toBe('In region, East has 6 of 238 rows (2.5 %), too few to trust.');
    expect(f.severity).toBe('warning');
  });

  it('only 60 of 238 rows are distinct, so CV must keep identical rows together', () => {
    const f = byId(findings, 'duplicates');
    expect(f.sentence).toMatch(/^Only 60 of 238 rows are distinct \(ignoring user_id\), so cross-validation must keep identical rows together; the largest group has 14 identical rows\.$/);
    expect(f.severity).toBe('critical');
    expect(findings[0].id).toBe('duplicates');
  });

  it('no missing, constant or id-as-feature findings when user_id is an id', () => {
    expect(findings.filter((f) => /^(missing|constant|id-like)/.test(f.id))).toEqual([]);
  });

  it('user_id read as a numeric feature is flagged and still left out of the duplicate check and the collinearity', () => {
    const fs = findFindings(loadCustomers('numeric'));
    expect(byId(fs, 'id-like:user_id').sentence).toBe('user_id looks like an identifier (238 distinct values in 238 rows) but is offered as a feature.');
    expect(byId(fs, 'duplicates').sentence).toMatch(/^Only 60 of 238/);
    expect(byId(fs, 'collinearity').columns).not.toContain('user_id');
  });
});

describe('findings on the default data as the app parses it', () => {
  it('gives the same three findings through parseCsvText', () => {
    const path = fileURLToPath(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url));
    const fs = findFindings(parseCsvText(readFileSync(path, 'utf8'), 'customer_purchasing_behaviors.csv').table);
    expect(fs.map((f) => f.id).sort()).toEqual(['collinearity', 'duplicates', 'rare-category:region']);
  });
});

describe('general findings on small tables', () => {
  it('missing values with count and share', () => {
    const fs = findFindings(tableFromArrays('t', { x: [1, NaN, 3, 4], g: ['a', null, null, 'b'] }));
    expect(byId(fs, 'missing:x').sentence).toBe('x has 1 missing value (25.0 % of rows).');
    expect(byId(fs, 'missing:g').sentence).toBe('g has 2 missing values (50.0 % of rows).');
    expect(byId(fs, 'missing:g').severity).toBe('warning');
  });

  it('constant columns, numeric and categorical', () => {
    const fs = findFindings(tableFromArrays('t', { x: [5, 5, 5], g: ['a', 'a', 'a'], y: [1, 2, 3] }));
    expect(byId(fs, 'constant:x').sentence).toBe('x has the same value in every row.');
    expect(byId(fs, 'constant:g').id).toBe('constant:g');
    expect(fs.find((f) => f.id === 'constant:y')).toBeUndefined();
  });

  it('strong skew and IQR outliers', () => {
    const x = [1, 2, 2, 3, 3, 3, 4, 4, 5, 100];
    const fs = findFindings(tableFromArrays('t', { x }));
    expect(byId(fs, 'skew:x').sentence).toMatch(/^x is strongly right-skewed \(skewness 3\.\d\d\)\.$/);
    expect(byId(fs, 'skew:x').meaning).toMatch(/log\(x\)/);
    // q1 = 2.25, q3 = 4 → fences −0.375 and 6.625: only 100 is outside.
    expect(byId(fs, 'outliers:x').sentence).toBe('x has 1 outlier by the 1.5 × IQR rule (10.0 %, outside -0.375 to 6.625).');
  });

  it('a symmetric column gives neither skew nor outliers', () => {
    const fs = findFindings(tableFromArrays('t', { x: [1, 2, 3, 4, 5, 6, 7, 8, 9] }));
    expect(fs).toEqual([]);
  });

  it('pairs of strongly correlated columns when not all are', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const fs = findFindings(tableFromArrays('t', { a, b: a.map((v) => 2 * v + (v % 2) * 0.1), c: [3, 1, 4, 1, 5, 9] }));
    expect(byId(fs, 'strong-correlation').sentence).toMatch(/^1 pair of numeric columns correlate at \|r\| ≥ 0.9: a and b \(r = 1\.00\)\.$/);
    expect(byId(fs, 'high-vif').columns.sort()).toEqual(['a', 'b']);
  });

  it('rare levels are listed, common ones are not', () => {
    const g = [...Array(60).fill('big'), ...Array(38).fill('mid'), 'tiny', 'tiny'];
    const fs = findFindings(tableFromArrays('t', { g }));
    expect(byId(fs, 'rare-category:g').sentence).toBe('In g, tiny has 2 of 100 rows (2.0 %), too few to trust.');
  });

  it('id-like columns: by name, by equal integer steps, by all-distinct text', () => {
    const ids = Array.from({ length: 25 }, (_, i) => 1000 + i);
    const t = tableFromArrays('t', {
      CustomerID: [7, 3, 9, ...ids.slice(3)],
      seq: ids,
      email: ids.map((i) => `u${i}@x.org`),
      paid: ids.map((_, i) => i),
      amount: ids.map((i) => (i * 7919) % 101),
    });
    const [customer, seq, email, paid, amount] = t.columns;
    expect([customer, seq, email, amount].map(isIdLike)).toEqual([true, true, true, false]);
    // "paid" is 0..24 in equal steps: id-like by its values, not by its name.
    expect(isIdLike(paid)).toBe(true);
    expect(isIdLike(tableFromArrays('t', { paid: [1, 5, 2] }).columns[0])).toBe(false);
    const fs = findFindings(t);
    expect(byId(fs, 'id-like:email').severity).toBe('warning');
  });

  it('duplicates on a small table; most severe first', () => {
    const fs = findFindings(tableFromArrays('t', { x: [1, 1, 1, 2], y: [NaN, 3, 3, 4] }));
    expect(byId(fs, 'duplicates').sentence).toMatch(/^Only 3 of 4 rows are distinct, so/);
    expect(fs.map((f) => f.severity)).toEqual([...fs.map((f) => f.severity)].sort((a, b) => ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b)));
  });
});
