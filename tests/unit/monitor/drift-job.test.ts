import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../../../src/lib/ml/core/table';
import { parseCsvBytes } from '../../../src/lib/ml/data/csv/parse-text';
import { trainModel } from '../../../src/lib/runs/artifact';
import { runJob } from '../../../src/lib/runs/local';
import { makeRunConfig } from '../../../src/lib/runs/run-config';

const read = (name: string) => parseCsvBytes(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)), name).table;

/** The table with `high` = purchase_amount > 400 ('yes'/'no') added. */
function withTarget(table: Table): Table {
  const amount = table.columns.find((c) => c.name === 'purchase_amount') as Extract<Column, { storage: 'number' }>;
  const high: Column = { name: 'high', type: 'categorical', role: 'target', storage: 'category', dictionary: ['no', 'yes'], codes: Int32Array.from(amount.values, (v) => (v > 400 ? 1 : 0)) };
  return { ...table, columns: [...table.columns, high] };
}

const features = ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'];

describe("'drift' job", () => {
  it('against a shifted file: the shifted column first, alarming for a model that reads it; counted and estimated performance', async () => {
    const reference = withTarget(read('customer_purchasing_behaviors.csv'));
    const current = withTarget(read('customer_purchasing_income_up30.csv'));
    const { artifact } = await trainModel(reference, { target: 'high', task: 'classification', model: 'logistic', features, positive: 'yes' });
    const steps: number[] = [];
    const result = await runJob(makeRunConfig('drift', { source: { kind: 'table', current: 'cur' }, model: 'm' }, { seed: 3 }), reference, {
      resources: new Map<string, unknown>([['cur', current], ['m', artifact]]),
      onProgress: (done) => steps.push(done),
    });
    const [comparison] = result.comparisons;
    expect(comparison.label).toBe('customer_purchasing_income_up30.csv');
    expect(comparison.report.columns[0]).toMatchObject({ column: 'annual_income', drift: true, test: 'ks' });
    const importance = new Map(result.importance);
    expect([...importance.keys()].sort()).toEqual([...features].sort());
    expect([...importance.values()].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(comparison.weighted?.columns.find((c) => c.column === 'annual_income')?.weight).toBe('alarming');
    // The target is compared too (it is a column of both), and it is no model input.
    expect(comparison.weighted?.columns.find((c) => c.column === 'high')?.importance).toBe(0);
    const ref = result.reference.performance;
    expect(ref?.real && 'precision' in ref.real).toBe(true);
    expect(ref?.estimated?.rows).toBe(reference.rowCount);
    // Richer customers on paper: the model predicts more high spenders than there are.
    const cur = comparison.performance;
    const realPrecision = cur?.real && 'precision' in cur.real ? cur.real.precision : NaN;
    expect(realPrecision).toBeLessThan((ref?.real && 'precision' in ref.real ? ref.real.precision : 0) + 1e-9);
    expect(result.model).toMatchObject({ target: 'high', task: 'classification', positive: 'yes' });
    expect(steps.at(-1)).toBe(4);
  });

  it('over periods of a date column: the first period is the reference and the date is not compared', async () => {
    const base = read('customer_purchasing_behaviors.csv');
    const month = (r: number) => Date.UTC(2024, r % 3, 1 + (r % 27));
    const when: Column = { name: 'when', type: 'date', role: 'feature', storage: 'number', values: Float64Array.from({ length: base.rowCount }, (_, r) => month(r)) };
    const table = { ...base, columns: [...base.columns, when] };
    const result = await runJob(makeRunConfig('drift', { source: { kind: 'periods', dateColumn: 'when', length: 'month' } }), table);
    expect(result.reference.label).toBe('2024-01');
    expect(result.comparisons.map((c) => c.label)).toEqual(['2024-02', '2024-03']);
    expect(result.reference.rows + result.comparisons.reduce((s, c) => s + c.rows, 0)).toBe(base.rowCount);
    for (const c of result.comparisons) expect(c.report.columns.map((x) => x.column)).not.toContain('when');
    expect(result.importance).toBeNull();
    await expect(runJob(makeRunConfig('drift', { source: { kind: 'periods', dateColumn: 'age', length: 'month' } }), table)).rejects.toThrow(/not a date/);
  });
});
