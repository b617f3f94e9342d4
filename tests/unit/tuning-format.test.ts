import { describe, expect, it } from 'vitest';
import { formatBudget, formatParam } from '../../src/lib/ui/model/tuning/format-param';
import { scoreAxis } from '../../src/lib/ui/model/tuning/score-axis';

describe('tuning panel formatting', () => {
  it('writes params and budgets briefly', () => {
    expect([formatParam(233), formatParam(0.14234), formatParam(0.0003021), formatParam([64, 32]), formatParam('sqrt'), formatParam(undefined)]).toStrictEqual([
      '233',
      '0.142',
      '3.02e-4',
      '64 × 32',
      'sqrt',
      '–',
    ]);
    expect([formatBudget(1 / 9), formatBudget(1 / 3), formatBudget(1), formatBudget(0.4)]).toStrictEqual(['1/9', '1/3', 'all', '40 %']);
  });

  it('cuts far-worse trials off the score axis and keeps close ones', () => {
    // lower quartile 0.95, best 0.99: cut below 0.95 - 1.5·0.04 = 0.89, so 0.03 is drawn on the edge
    const cut = scoreAxis([0.99, 0.98, 0.96, 0.95, 0.03, NaN])!;
    expect(cut.floor).toBeCloseTo(0.89, 12);
    expect(cut.range[0]).toBeLessThan(0.89);
    expect(cut.edge).toBeGreaterThan(cut.range[0]);
    expect(cut.edge).toBeLessThan(0.89);
    expect(cut.range[1]).toBeGreaterThan(0.99);
    const all = scoreAxis([0.9, 0.8, 0.85])!;
    expect(all.floor).toBe(-Infinity);
    expect(all.range[0]).toBeLessThan(0.8);
    expect(scoreAxis([NaN])).toBeNull();
  });
});
