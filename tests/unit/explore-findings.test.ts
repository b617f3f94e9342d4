/**
 * The findings of real customer files, each with its threshold in words: tables small enough to
 * count by hand, cases just either side of every threshold, and the two example files.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { tableFromArrays, type Column, type Table } from '../../src/lib/ml/core/table';
import { findFindings, type Finding } from '../../src/lib/ml/explore/findings';
import { isAmountName } from '../../src/lib/ml/explore/column-findings';
import { readTable } from '../../src/cli/profile';

const byId = (fs: Finding[], id: string): Finding => {
  const f = fs.find((x) => x.id === id);
  if (!f) throw new Error(`no finding "${id}" among ${fs.map((x) => x.id).join(', ')}`);
  return f;
};
const ids = (fs: Finding[]) => fs.map((f) => f.id);
const repeat = <T>(value: T, n: number): T[] => Array.from({ length: n }, () => value);
/** A column of `n` distinct, not-skewed whole numbers so tables have something besides the column tested. */
const spread = (n: number) => Array.from({ length: n }, (_, i) => (i * 7) % n + 0.5);

/** `table` with `name` typed as a boolean stored as 0/1 with the file's words. */
function withBoolean(table: Table, name: string, labels: [string, string]): Table {
  return { ...table, columns: table.columns.map((c): Column => (c.name === name && c.storage === 'number' ? { ...c, type: 'boolean', labels } : c)) };
}

describe('constant and near-constant columns', () => {
  it('19 of 20 rows (95 %) is near-constant; 18 of 20 (90 %) is not', () => {
    const fs = findFindings(tableFromArrays('t', { a: [...repeat('x', 19), 'y'].map((v, i) => (i === 0 ? 'z' : v)), b: [...repeat(3, 18), 1, 2], s: spread(20) }));
    // a: 18 × x, 1 × z, 1 × y → 90 %: not flagged. b: 18 × 3, 1, 2 → 90 %: not flagged.
    expect(ids(fs).filter((id) => id.startsWith('near-constant'))).toStrictEqual([]);
    const fs2 = findFindings(tableFromArrays('t', { a: [...repeat('x', 19), 'y'], b: [...repeat(3, 19), 1], c: [...repeat(0, 19), 7], s: spread(20) }));
    // Two values are checked for imbalance instead: a = y, b = 1 and c = 7 in 1 of 20 rows.
    expect(ids(fs2).filter((id) => /^(near-constant|imbalance)/.test(id)).sort()).toStrictEqual(['imbalance:a', 'imbalance:b', 'imbalance:c']);
    expect(byId(fs2, 'imbalance:a').sentence).toBe('a is imbalanced: a = y in only 1 of 20 rows (5.0 %), under 10 %.');
    // m: 4 in 18 rows, 5 and 6 once each: 90 %, under the threshold.
    const fs3 = findFindings(tableFromArrays('t', { m: [...repeat(4, 19), 5].map((v, i) => (i === 5 ? 6 : v)), s: spread(20) }));
    expect(ids(fs3)).not.toContain('near-constant:m');
    const fs4 = findFindings(tableFromArrays('t', { n: [...repeat(4, 38), 5, 6], s: spread(40) }));
    // n: 4 in 38 of 40 rows = 95 %: at the threshold.
    const f = byId(fs4, 'near-constant:n');
    expect(f.sentence).toBe('n is nearly constant: 4 in 38 of 40 rows (95.0 %), at least 95 %.');
    expect(f.threshold).toBe('one value in at least 95 % of the rows with a value (three or more values)');
  });

  it('constant columns keep their finding; a constant column is not also near-constant', () => {
    const fs = findFindings(tableFromArrays('t', { k: repeat(5, 30), s: spread(30) }));
    expect(byId(fs, 'constant:k').sentence).toBe('k has the same value in every row.');
    expect(ids(fs)).not.toContain('near-constant:k');
  });
});

describe('all-unique and high-cardinality columns', () => {
  it('whole numbers all different in 10 or more rows (not a run: not an id) are all-unique; 9 rows are not', () => {
    const codes = [9311, 1402, 7770, 3185, 5023, 8846, 2291, 6657, 4410, 1038];
    const fs = findFindings(tableFromArrays('t', { code: codes, s: spread(10) }));
    expect(byId(fs, 'all-unique:code').sentence).toBe('code has a different whole number in each of its 10 rows.');
    expect(ids(findFindings(tableFromArrays('t', { code: codes.slice(0, 9), s: spread(9) })))).not.toContain('all-unique:code');
    // Fractions all different are a continuous quantity, not a code.
    expect(ids(fs)).not.toContain('all-unique:s');
  });

  it('51 levels is high cardinality (over 50), 50 is not', () => {
    const levels = (k: number) => Array.from({ length: 102 }, (_, i) => `city ${i % k}`);
    const fs = findFindings(tableFromArrays('t', { city: levels(51), s: spread(102) }));
    const f = byId(fs, 'high-cardinality:city');
    expect(f.sentence).toBe('city has 51 levels, over 50.');
    expect(f.threshold).toBe('more than 50 levels');
    expect(ids(findFindings(tableFromArrays('t', { city: levels(50), s: spread(102) })))).not.toContain('high-cardinality:city');
  });
});

describe('class imbalance', () => {
  it('a boolean in the file\'s words: 1 of 11 (9.1 %) is flagged, 1 of 10 (10 %) is not', () => {
    const t = withBoolean(tableFromArrays('t', { churn: [1, ...repeat(0, 10)], s: spread(11) }), 'churn', ['No', 'Yes']);
    const f = byId(findFindings(t), 'imbalance:churn');
    expect(f.sentence).toBe('churn is imbalanced: churn = Yes in only 1 of 11 rows (9.1 %), under 10 %.');
    expect(f.severity).toBe('info');
    const even = withBoolean(tableFromArrays('t', { churn: [1, ...repeat(0, 9)], s: spread(10) }), 'churn', ['No', 'Yes']);
    expect(ids(findFindings(even))).not.toContain('imbalance:churn');
  });

  it('the target, whatever its levels, is a warning naming its smallest class', () => {
    const plan = [...repeat('basic', 50), ...repeat('plus', 46), ...repeat('gold', 4)];
    const fs = findFindings(tableFromArrays('t', { plan, s: spread(100) }), { target: 'plan' });
    const f = byId(fs, 'imbalance:plan');
    expect(f.sentence).toBe('The target plan is imbalanced: its smallest class gold has 4 of 100 rows (4.0 %), under 10 %.');
    expect(f.severity).toBe('warning');
    // Not the target: three levels are checked for rare levels instead.
    expect(ids(findFindings(tableFromArrays('t', { plan, s: spread(100) })))).toStrictEqual(['rare-category:plan']);
  });

  it('a column whose role is target is the target by default', () => {
    const t = tableFromArrays('t', { bought: [...repeat('no', 95), ...repeat('yes', 5)], s: spread(100) });
    const marked: Table = { ...t, columns: t.columns.map((c) => (c.name === 'bought' ? { ...c, role: 'target' } : c)) };
    expect(byId(findFindings(marked), 'imbalance:bought').sentence).toMatch(/^The target bought is imbalanced: bought = yes in only 5 of 100 rows \(5\.0 %\)/);
  });
});

describe('zeros, infinite values and negative amounts', () => {
  it('0 in 5 of 10 rows (50 %) is zero-inflated; 4 of 10 is not', () => {
    const fs = findFindings(tableFromArrays('t', { visits: [0, 0, 0, 0, 0, 1, 2, 3, 4, 5] }));
    expect(byId(fs, 'zeros:visits').sentence).toBe('visits is 0 in 5 of 10 rows (50.0 %), at least 50 %.');
    expect(ids(findFindings(tableFromArrays('t', { visits: [0, 0, 0, 0, 6, 1, 2, 3, 4, 5] })))).not.toContain('zeros:visits');
  });

  it('infinite numbers are counted by sign, and left out of skew and outliers', () => {
    const fs = findFindings(tableFromArrays('t', { ratio: [1, 2, 3, 4, 5, 6, 7, 8, 9, Infinity, Infinity, -Infinity] }));
    const f = byId(fs, 'infinite:ratio');
    expect(f.sentence).toBe('ratio has 3 infinite values (2 +∞ and 1 −∞).');
    expect(f.threshold).toBe('any infinite value');
    // 1..9 alone are symmetric and within the fences (the two +∞ rows are duplicates).
    expect(ids(fs).sort()).toStrictEqual(['duplicates', 'infinite:ratio']);
  });

  it('a column of numbers with "inf" cells, read as categories, says why', () => {
    const fs = findFindings(tableFromArrays('t', { growth: ['1.5', '2', 'inf', '-Infinity', '3', 'inf'] }));
    expect(byId(fs, 'infinite:growth').sentence).toBe('growth holds numbers, but 3 cells are infinite (inf and -Infinity), so it was read as categories.');
  });

  it('negative values in a column named like an amount are pointed out, as low as the lowest', () => {
    const amounts = [120, 80.5, -30, 45, 60, -12.25, 99, 150, 70, 65];
    const fs = findFindings(tableFromArrays('t', { purchase_amount: amounts, temperature: amounts }));
    expect(byId(fs, 'negative:purchase_amount').sentence).toBe('purchase_amount has 2 negative values (20.0 %, as low as -30): returns, refunds or corrections?');
    expect(ids(fs)).not.toContain('negative:temperature');
    expect([isAmountName('MntWines'), isAmountName('TotalCharges'), isAmountName('unit_price'), isAmountName('purchase_frequency'), isAmountName('Recency')]).toStrictEqual([true, true, true, false, false]);
  });
});

describe('duplicate rows', () => {
  it('reports the real count and rate: 22 of 7,043 rows (0.3 %)', () => {
    const n = 7043;
    const x = Array.from({ length: n }, (_, i) => (i < n - 22 ? i : i - (n - 22)));
    const g = x.map((v) => `g${v % 3}`);
    const f = byId(findFindings(tableFromArrays('t', { x, g })), 'duplicates');
    // Rows 7,021–7,042 copy rows 0–21: 22 repeats of 7,043 rows = 0.312 %.
    expect(f.sentence).toBe('22 of 7,043 rows (0.3 %) repeat an earlier row exactly; the largest group has 2 identical rows.');
    expect(f.severity).toBe('info');
    expect(f.threshold).toMatch(/above 10 % of rows cross-validation keeps identical rows in one fold/);
  });

  it('above 10 % it says cross-validation groups them, with the count and rate in its meaning', () => {
    const f = byId(findFindings(tableFromArrays('t', { x: [1, 1, 1, 2, 3, 4, 5, 6, 7, 8] })), 'duplicates');
    expect(f.sentence).toBe('Only 8 of 10 rows are distinct, so cross-validation must keep identical rows together; the largest group has 3 identical rows.');
    expect(f.meaning).toMatch(/^2 of 10 rows \(20\.0 %\) repeat an earlier row\./);
  });
});

describe('correlation and association', () => {
  it('a categorical that nearly determines a number: η ≥ 0.9', () => {
    const g = [...repeat('a', 10), ...repeat('b', 10)];
    const x = g.map((v, i) => (v === 'a' ? 10 : 20) + (i % 2) * 0.5);
    const fs = findFindings(tableFromArrays('t', { g, x }));
    // SS between = 20 · 5² = 500; SS within = 20 · 0.25² = 1.25; η = √(500 / 501.25) = 0.9988.
    const f = byId(fs, 'strong-association');
    expect(f.sentence).toBe('1 pair with a categorical column is strongly associated: g and x (η = 1.00).');
    expect(f.threshold).toBe("η (categorical–number) or Cramér's V (categorical–categorical) ≥ 0.9");
  });

  it('two categoricals that are relabellings of each other: V = 1', () => {
    const a = Array.from({ length: 30 }, (_, i) => ['x', 'y', 'z'][i % 3]);
    const b = a.map((v) => v.toUpperCase());
    expect(byId(findFindings(tableFromArrays('t', { a, b })), 'strong-association').sentence).toBe('1 pair with a categorical column is strongly associated: a and b (V = 1.00).');
  });
});

describe('every finding states its threshold, and wide files stay readable', () => {
  it('on the default data (5 numeric, region) the three findings each have a rule', async () => {
    const { table } = await readTable(fileURLToPath(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url)));
    const fs = findFindings(table);
    expect(ids(fs).sort()).toStrictEqual(['collinearity', 'duplicates', 'rare-category:region']);
    expect(byId(fs, 'collinearity').threshold).toBe('every pair at |r| ≥ 0.9 (Pearson)');
    expect(byId(fs, 'rare-category:region').threshold).toBe('a level under 5 % of rows and under 30 rows');
  });

  it('the marketing file: Year_Birth values without separators, zero-inflated kids, rare campaigns, constant Z_ columns', async () => {
    const { table } = await readTable(fileURLToPath(new URL('../../static/data/marketing_campaign.csv', import.meta.url)));
    const fs = findFindings(table);
    for (const f of fs) expect(f.threshold.length, f.id).toBeGreaterThan(5);
    // Quartiles of Year_Birth 1959 and 1977: fences 1932 and 2004 (never "1,932").
    expect(byId(fs, 'outliers:Year_Birth').sentence).toBe('Year_Birth has 3 outliers by the 1.5 × IQR rule (0.1 %, outside 1932 to 2004).');
    // awk -F'\t' 'NR>1 && $6==0' static/data/marketing_campaign.csv | wc -l → 1293
    expect(byId(fs, 'zeros:Kidhome').sentence).toBe('Kidhome is 0 in 1,293 of 2,240 rows (57.7 %), at least 50 %.');
    // awk -F'\t' 'NR>1 && $26==1' … | wc -l → 21
    expect(byId(fs, 'imbalance:Complain').sentence).toBe('Complain is imbalanced: Complain = 1 in only 21 of 2,240 rows (0.9 %), under 10 %.');
    expect(ids(fs)).toEqual(expect.arrayContaining(['constant:Z_CostContact', 'constant:Z_Revenue', 'missing:Income', 'skew:Income']));
    // 2,058 distinct rows of 2,240 ignoring ID: 182 repeats (8.1 %), under the 10 % of grouped folds.
    expect(byId(fs, 'duplicates').sentence).toBe('182 of 2,240 rows (8.1 %) repeat an earlier row exactly (ignoring ID); the largest group has 3 identical rows.');
  });

  it('findings of one kind beyond ten are summed up in one, naming the columns', () => {
    const data: Record<string, number[]> = Object.create(null);
    for (let j = 0; j < 14; j++) data[`c${j}`] = [1, 2, 2, 3, 3, 3, 4, 4, 5, 100 + j];
    const fs = findFindings(tableFromArrays('t', data));
    expect(ids(fs).filter((id) => id.startsWith('skew:'))).toHaveLength(10);
    const more = byId(fs, 'skew+more');
    expect(more.sentence).toBe("4 more columns have a finding of the same kind as c0's: c10, c11, c12 and c13.");
    expect(more.columns).toStrictEqual(['c10', 'c11', 'c12', 'c13']);
  });

  it('columns named like object keys get their findings', () => {
    const fs = findFindings(tableFromArrays('t', { constructor: [...repeat(0, 10), ...spread(10)], ['__proto__']: [...repeat('a', 19), 'b'] }));
    expect(ids(fs)).toEqual(expect.arrayContaining(['zeros:constructor', 'imbalance:__proto__']));
  });
});
