import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { amount, personasOf } from '../../src/lib/ml/segments/persona';
import { profileSegments } from '../../src/lib/ml/segments/profile';

/** 30 customers in three groups of 10: short tenure and high charges, middle, long tenure and low charges; `churned` of each group churn. */
function telcoLike(churned: [number, number, number], words: [string, string] = ['Yes', 'No'], extra = ''): ReturnType<typeof profileSegments> {
  const groups = [
    { tenure: 2, charges: 90 },
    { tenure: 40, charges: 50 },
    { tenure: 60, charges: 30 },
  ];
  const lines = [`tenure,MonthlyCharges,Churn${extra ? ',Year_Birth' : ''}`];
  const labels: number[] = [];
  groups.forEach((g, c) => {
    for (let i = 0; i < 10; i++) {
      lines.push(`${g.tenure},${g.charges},${i < churned[c] ? words[0] : words[1]}${extra ? `,${1960 + c * 10}` : ''}`);
      labels.push(c);
    }
  });
  const { table } = parseCsvText(lines.join('\n'), 'telco.csv');
  const rows = Int32Array.from(labels, (_, i) => i);
  return profileSegments(table, rows, Int32Array.from(labels), 3, ['tenure', 'MonthlyCharges']);
}

describe('personas with an outcome column', () => {
  it('names the segment whose churn rate is well above the rest, with the rate and the figures in real units', () => {
    const profile = telcoLike([7, 3, 0]);
    expect(profile.features).toStrictEqual(['tenure', 'MonthlyCharges', 'Churn']);
    expect(profile.flags).toStrictEqual([{ feature: 2, positive: 'Yes', isOutcome: true }]);
    const [a, b, c] = personasOf(profile);
    // 70 % against 10 of 30 = 33 % overall: at least 1.5× and 10 points more.
    expect(a.name).toBe('High churn risk');
    expect(a.action).toBe('Retention campaign');
    expect(a.rule).toBe('Churn = Yes in 70 % of the segment against 33 % overall (at least 1.5× and 10 points more)');
    // |z| MonthlyCharges (90 − 56.67)/24.94 = 1.336 before tenure (2 − 34)/24.06 = 1.330.
    expect(a.figures).toStrictEqual(['Churn = Yes 70 % (all 33 %)', 'MonthlyCharges 90 (all 56.7)', 'tenure 2 (all 34)']);
    // 30 % is not well above 33 %: not named after churn, and never "at risk".
    expect(b.name).not.toMatch(/churn|risk|Lost/i);
    expect(c.name).toBe('High tenure, low MonthlyCharges');
    expect(c.figures[0]).toBe('Churn = Yes 0 % (all 33 %)');
  });

  it('calls a segment where nearly everyone churned lost, never steady', () => {
    const [a] = personasOf(telcoLike([10, 1, 0]));
    expect(a.name).toBe('Lost customers');
    expect(a.action).toBe('Re-engagement');
    expect(a.rule).toBe('Churn = Yes in 100 % of the segment (at least 90 %)');
  });

  it('counts the positive word whichever value it is stored as', () => {
    const profile = telcoLike([7, 3, 0], ['churned', 'stayed']);
    expect(profile.flags[0].positive).toBe('churned');
    const f = profile.features.length;
    expect(profile.mean[0 * f + 2]).toBeCloseTo(0.7, 12);
    expect(profile.overallMean[2]).toBeCloseTo(1 / 3, 12);
    expect(personasOf(profile)[0].figures[0]).toBe('Churn = churned 70 % (all 33 %)');
  });

  it('shows years as written, amounts in their units', () => {
    const profile = telcoLike([7, 3, 0], ['Yes', 'No'], 'year');
    const j = profile.features.indexOf('Year_Birth');
    expect(profile.yearLike[j]).toBe(true);
    expect(personasOf(profile)[2].figures).toContain('Year_Birth 1980 (all 1970)');
    expect(amount(125_300.4)).toBe('125,300');
    expect(amount(1968.6, true)).toBe('1969');
    expect(amount(0.012345)).toBe('0.0123');
  });
});
