import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSimulate, shiftsOf } from '../../../src/cli/simulate';

const data = fileURLToPath(new URL('../../fixtures/customer_purchasing_behaviors.csv', import.meta.url));

interface Printed {
  task: string;
  metric: string;
  baseline: number;
  months: { month: number; without: number; with: number; retrained: boolean; reasons: string[]; max_psi: number }[];
  retrained_months: number[];
  run: { kind: string; seed: number };
}

describe('cli simulate', () => {
  const flags = { target: 'purchase_amount', model: 'ridge', months: '12', seed: '0', concept: 'purchase_frequency:-0.5:6:step', 'metric-drop': '0.2', psi: '5' };

  it('prints 12 months without and with retraining on the default data, the same twice', async () => {
    const a = (await runSimulate([data], flags)) as Printed;
    const b = (await runSimulate([data], flags)) as Printed;
    expect(b).toStrictEqual(a);
    expect(a).toMatchObject({ task: 'regression', metric: 'r2', run: { kind: 'simulate', seed: 0 } });
    expect(a.months.map((m) => m.month)).toStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(a.baseline).toBeGreaterThan(0.9);
    // Before the concept change nothing moves the model; from month 6 the model never retrained is far off.
    for (const m of a.months.slice(0, 5)) expect(m.without).toBeGreaterThan(0.9);
    for (const m of a.months.slice(5)) expect(m.without).toBeLessThan(0.5);
    expect(a.retrained_months[0]).toBe(6);
    expect(a.months[5].reasons[0]).toMatch(/^r2 .* worse than the baseline/);
    // Three months after the change the window holds changed batches only: the retrained model is good again.
    for (const m of a.months.slice(8)) expect(m.with).toBeGreaterThan(0.8);
    expect(a.retrained_months).toStrictEqual(a.months.filter((m) => m.retrained).map((m) => m.month));
  });

  it('reads the shift flags', () => {
    expect(shiftsOf({ shift: 'annual_income:mean:0.2,age:scale:-0.1:3:step', mix: 'region=North:0.05', concept: 'age:1.5:4' })).toStrictEqual({
      numeric: [
        { column: 'annual_income', kind: 'mean', amount: 0.2 },
        { column: 'age', kind: 'scale', amount: -0.1, start: 3, shape: 'step' },
      ],
      mix: { column: 'region', level: 'North', amount: 0.05 },
      concept: { feature: 'age', amount: 1.5, start: 4 },
    });
    expect(() => shiftsOf({ shift: 'age:median:1' })).toThrow(/--shift "age:median:1" must read/);
  });

  it('says what is wrong with bad input', async () => {
    await expect(runSimulate([data], { model: 'ridge' })).rejects.toThrow(/--target is required/);
    await expect(runSimulate([data], { target: 'purchase_amount', model: 'tree' })).rejects.toThrow(/--model must be one of/);
    await expect(runSimulate(['nope.csv'], flags)).rejects.toThrow(/File not found/);
    await expect(runSimulate([data], { ...flags, shift: 'region:mean:1' })).rejects.toThrow(/"region" is categorical, not numeric/);
  });
});
