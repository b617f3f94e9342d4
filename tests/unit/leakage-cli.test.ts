import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { runCv } from '../../src/cli/cv';

const plain = fileURLToPath(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leakage-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The default data with one more column computed per row by `extra` from the row's cells. */
function withColumn(name: string, extra: (cells: Record<string, string>, i: number) => number): string {
  const [header, ...lines] = readFileSync(plain, 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  const out = [`${header},${name}`];
  lines.forEach((line, i) => {
    const cells = Object.fromEntries(line.split(',').map((v, j) => [names[j], v]));
    out.push(`${line},${extra(cells, i)}`);
  });
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}

type CvJson = { features: string[]; excluded: { column: string; reason: string }[]; metrics: Record<string, { mean: number }> };
const flags = { target: 'purchase_amount', task: 'regression', model: 'ridge' };

describe('cv leaves leaky features out by default', () => {
  it('a planted copy of the target (y*2+1) is excluded as a copy, and --keep-leaky puts it back', async () => {
    const file = withColumn('amount_copy', (c) => Number(c.purchase_amount) * 2 + 1);
    const out = (await runCv([file], flags)) as CvJson;
    expect(out.features).toStrictEqual(['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency']);
    const copy = out.excluded.find((e) => e.column === 'amount_copy');
    expect(copy?.reason).toMatch(/copy of the target "purchase_amount".*1\.0000 ≥ 0\.9999/);
    expect(out.excluded.find((e) => e.column === 'user_id')?.reason).toBe('id column');
    const kept = (await runCv([file], { ...flags, 'keep-leaky': true })) as CvJson;
    expect(kept.features).toContain('amount_copy');
    expect(kept.excluded.map((e) => e.column)).toStrictEqual(['user_id']);
    expect(kept.metrics.r2.mean).toBeGreaterThan(out.metrics.r2.mean);
  });

  it('customer_value_score is excluded for purchase_amount (computed from it) but kept for age', async () => {
    const file = withColumn('customer_value_score', (c, i) => (Number(c.annual_income) / 1000 + Number(c.purchase_amount) / 10 + (i % 7)) / 3);
    const out = (await runCv([file], flags)) as CvJson;
    expect(out.features).not.toContain('customer_value_score');
    expect(out.excluded.find((e) => e.column === 'customer_value_score')?.reason).toMatch(/computed from the target "purchase_amount"/);
    const forAge = (await runCv([file], { ...flags, target: 'age' })) as CvJson;
    expect(forAge.features).toContain('customer_value_score');
  });

  it('explicit --features are guarded too, and a file without leaks is unchanged', async () => {
    const file = withColumn('amount_copy2', (c) => Number(c.purchase_amount) * 2 + 1);
    const out = (await runCv([file], { ...flags, features: 'age,amount_copy2' })) as CvJson;
    expect(out.features).toStrictEqual(['age']);
    expect(out.excluded.find((e) => e.column === 'amount_copy2')?.reason).toMatch(/copy of the target/);
    await expect(runCv([file], { ...flags, features: 'amount_copy2' })).rejects.toThrow(/Every feature leaks the target "purchase_amount" \(amount_copy2\); pass --keep-leaky/);
    const clean = (await runCv([plain], flags)) as CvJson;
    expect(clean.excluded).toStrictEqual([{ column: 'user_id', reason: 'id column' }]);
  });
});
