import { describe, expect, test } from 'vitest';
import { chartSummary } from '../../../src/lib/ui/common/chart-summary';

describe('chartSummary', () => {
  test('names each series with its count and ranges', () => {
    const text = chartSummary([
      { type: 'scatter', name: 'Segment 1', x: [3, 1, 2], y: [0.5, -2.25, 10] },
      { type: 'bar', x: ['north', 'south', 'east', 'west'], y: [4, 4, 4, 4] },
    ]);
    expect(text).toBe('Chart data: Segment 1: 3 points, x from 1 to 3, y from -2.25 to 10; series 2: 4 points, x over 4 categories (north, south, east…), y 4.');
  });

  test('a heatmap is a grid with its value range; missing values are skipped', () => {
    expect(chartSummary([{ type: 'heatmap', name: 'r', z: [[1, 0.123456], [null, -1]] }])).toBe('Chart data: r: 2 × 2 grid, values from -1 to 1.');
  });

  test('typed arrays and large numbers read plainly; extra series are counted', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ name: `s${i}`, y: new Float64Array([i * 1234567.891]) }));
    const text = chartSummary(many);
    expect(text).toContain('s1: 1 point, y 1235000; s2');
    expect(text).toMatch(/; and 2 more series\.$/);
    expect(chartSummary([])).toBe('The chart has no data.');
  });
});
