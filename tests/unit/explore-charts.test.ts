import { describe, expect, it } from 'vitest';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { exploreCharts, maxOutliersPerBox } from '../../src/lib/ml/explore/charts';
import { loadCustomers } from './fixtures';

describe('the Explore charts, computed off the page', () => {
  it('gives every numeric column its histogram (chosen bins or Freedman–Diaconis) and boxes by the chosen category', () => {
    const charts = exploreCharts(loadCustomers(), { bins: [['age', 7]], boxBy: 'region' });
    expect(charts.histograms.map((h) => h.column)).toStrictEqual(['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency']);
    const age = charts.histograms[0].histogram;
    expect(age.counts.length).toBe(7);
    expect(age.counts.reduce((s, c) => s + c, 0)).toBe(238);
    expect(charts.categories.map((c) => [c.column, c.counts.total])).toStrictEqual([['region', 238]]);
    expect(charts.boxBy).toBe('region');
    expect(charts.boxes[0].boxes.map((b) => b.label).sort()).toStrictEqual(['East', 'North', 'South', 'West']);
    expect(charts.boxes[0].boxes.reduce((s, b) => s + b.count, 0)).toBe(238);
  });

  it('keeps at most 100 outlier points a box, both extremes included, and counts them all', () => {
    const n = 20_000;
    const values = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1000 + i : i % 7));
    const charts = exploreCharts(tableFromArrays('t', { v: values, g: Array.from({ length: n }, () => 'a') }), { bins: [], boxBy: '' });
    const [box] = charts.boxes[0].boxes;
    expect(box.outlierCount).toBe(n / 10);
    expect(box.outliers.length).toBe(maxOutliersPerBox);
    expect([box.outliers[0], box.outliers[maxOutliersPerBox - 1]]).toStrictEqual([1000, 1000 + n - 10]);
  });
});
