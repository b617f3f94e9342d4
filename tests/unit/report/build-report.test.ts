import { describe, expect, test } from 'vitest';
import { buildReport } from '../../../src/lib/report/build-report';
import { smallInputs } from './report-fixture';

describe('buildReport on a six-customer table', () => {
  const report = buildReport(smallInputs());

  test('at-risk share and count: 3 of the 5 scored customers (0.9, 0.5 and 0.7 ≥ 0.5)', () => {
    expect(report.risk?.scored).toBe(5);
    expect(report.risk?.unscored).toBe(1);
    expect(report.risk?.atRisk).toBe(3);
    expect(report.risk?.share).toBeCloseTo(3 / 5, 12);
    // Flagged c2 (yes), c3 (no), c5 (yes): precision 2/3; positives c2, c4, c5: recall 2/3.
    expect(report.risk?.precision).toBeCloseTo(2 / 3, 12);
    expect(report.risk?.recall).toBeCloseTo(2 / 3, 12);
  });

  test('revenue at risk is the predicted spend of the at-risk customers: 190 + 310 + 480', () => {
    expect(report.revenueAtRisk?.value).toBe(980);
    expect(report.revenueAtRisk?.customers).toBe(3);
    expect(report.spend?.total).toBe(110 + 190 + 310 + 480 + 600);
    expect(report.spend?.mean).toBeCloseTo(1690 / 5, 12);
  });

  test('distribution by region: counts, at-risk shares and revenue at risk per level', () => {
    const rows = report.distribution!.rows;
    expect(rows.map((r) => [r.level, r.count, r.atRisk])).toStrictEqual([['North', 3, 1], ['South', 2, 2], ['East', 1, 0]]);
    // North: c1 (0.1), c3 (0.5), c6 (no score) → 1 of 2 scored; revenue 310.
    expect(rows[0].atRiskShare).toBeCloseTo(0.5, 12);
    expect(rows[0].revenueAtRisk).toBe(310);
    expect(rows[1].revenueAtRisk).toBe(190 + 480);
    expect(rows[1].meanSpend).toBeCloseTo(335, 12);
  });

  test('segment table: sizes, shares, spend and at-risk share per segment; c6 unassigned', () => {
    const s = report.segments!;
    expect(s.unassigned).toBe(1);
    expect(s.rows.map((r) => [r.name, r.action, r.size])).toStrictEqual([['Savers', 'Nurture', 2], ['Big spenders', 'VIP programme', 3]]);
    expect(s.rows[0].share).toBeCloseTo(0.4, 12);
    expect(s.rows[0].meanSpend).toBeCloseTo(150, 12);
    expect(s.rows[1].totalSpend).toBe(310 + 480);
    expect(s.rows[1].atRiskShare).toBeCloseTo(2 / 3, 12);
    expect(s.rows[1].means[0]).toStrictEqual({ feature: 'spend', value: 400, overall: 300 });
  });

  test('top list: at-risk customers by predicted spend, with their segment', () => {
    expect(report.top.map((t) => t.id)).toStrictEqual(['c5', 'c3', 'c2']);
    expect(report.top[0]).toStrictEqual({ id: 'c5', risk: 0.7, spend: 480, segment: 'Big spenders' });
  });

  test('data quality: missing values, duplicates and exclusions', () => {
    const inputs = smallInputs(['North', null, 'North', 'East', 'South', 'North']);
    const q = buildReport(inputs).quality;
    expect(q.missing).toStrictEqual([{ column: 'region', count: 1, share: 1 / 6 }]);
    expect(q.duplicates?.count).toBe(1);
    expect(q.exclusions).toStrictEqual([{ column: 'loyalty', reason: 'the label is computed from it', model: 'risk (Logistic regression)' }]);
    expect(buildReport(inputs).distribution?.missing).toBe(1);
  });

  test('missing parts say what to run', () => {
    const { risk: _r, spend: _s, segments: _g, ...bare } = smallInputs();
    const r = buildReport(bare);
    expect(r.risk).toBeNull();
    expect(r.revenueAtRisk).toBeNull();
    expect(r.missing.map((m) => m.part)).toStrictEqual(['risk', 'spend', 'segments']);
    expect(r.top).toStrictEqual([]);
  });

  test('arrays of another length than the table are refused', () => {
    const inputs = smallInputs();
    inputs.risk!.scores = new Float64Array(3);
    expect(() => buildReport(inputs)).toThrow(/risk scores have 3 rows; the table has 6/);
  });
});
