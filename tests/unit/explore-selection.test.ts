/**
 * Wide files: the quadratic summaries read a bounded, stated set of columns (the 50 with the most
 * spread after scaling, the 50 most associated with the target, or the user's), while per-column
 * work covers every column and the charts stay bounded.
 */
import { describe, expect, it } from 'vitest';
import { tableFromArrays, type Table } from '../../src/lib/ml/core/table';
import { exploreCharts, maxChartsPerKind } from '../../src/lib/ml/explore/charts';
import { choiceText, chooseColumns, spreadOf } from '../../src/lib/ml/explore/selection';
import { exploreSummary } from '../../src/lib/ml/explore/summary';

/** `cols` numeric columns × `rows` rows of varied, deterministic saw-tooth values (a trend of 0 to 6 thousandths a row on top). */
function wide(cols: number, rows: number): Table {
  const data: Record<string, number[]> = Object.create(null);
  for (let j = 0; j < cols; j++) {
    data[`c${j}`] = Array.from({ length: rows }, (_, i) => ((i * 31 + j * 17) % 101) / 100 + (j % 7) * 0.001 * i);
  }
  return tableFromArrays('wide', data);
}

describe('the spread of a column on a common scale', () => {
  it('numbers: the variance of the values scaled to 0–1', () => {
    // 0, 5, 10 → 0, 0.5, 1: mean 0.5, variance (0.25 + 0 + 0.25) / 3 = 1/6.
    const t = tableFromArrays('t', { x: [0, 5, 10], y: [100, 100, 100], z: [NaN, 2, 4] });
    expect(spreadOf(t.columns[0])).toBeCloseTo(1 / 6, 12);
    expect(spreadOf(t.columns[1])).toBe(0);
    // 2, 4 → 0, 1: variance 0.25.
    expect(spreadOf(t.columns[2])).toBeCloseTo(0.25, 12);
  });

  it('categoricals: half the Gini impurity, equal to a boolean\'s variance for two levels', () => {
    const t = tableFromArrays('t', { g: ['a', 'a', 'b', 'b'], b: [0, 0, 1, 1], h: ['a', 'b', 'c', 'c'] }, { b: 'boolean' });
    expect(spreadOf(t.columns[0])).toBeCloseTo(0.25, 12);
    expect(spreadOf(t.columns[1])).toBeCloseTo(0.25, 12);
    // 1 − (1/16 + 1/16 + 4/16) = 10/16, halved: 5/16.
    expect(spreadOf(t.columns[2])).toBeCloseTo(5 / 16, 12);
  });
});

describe('choosing the compared columns', () => {
  const t = tableFromArrays('t', {
    flat: [0, 0, 0, 0, 0, 0, 0, 0, 0, 10],
    // Halves, so that unique whole numbers in a run are not taken for ids (shifts change neither spread nor r).
    even: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5],
    split: [0, 0, 0, 0, 0, 9, 9, 9, 9, 9],
    y: [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 11.5],
  });

  it('all of them up to the maximum', () => {
    expect(chooseColumns(t)).toStrictEqual({ names: ['flat', 'even', 'split', 'y'], total: 4, by: 'all', target: null, max: 50 });
  });

  it('beyond it, the most spread (in table order): split (0.25) and even (0.102)', () => {
    // Scaled variances: flat (9 · 0.1² + 0.9²) / 10 = 0.09; even (10² − 1) / 12 / 9² = 0.1019; split 0.25;
    // y (0, 0.1 … 0.8, 1): 0.304 − 0.46² = 0.0924.
    const c = chooseColumns(t, { max: 2 });
    expect(c).toStrictEqual({ names: ['even', 'split'], total: 4, by: 'spread', target: null, max: 2 });
    expect(choiceText(c)).toMatch(/^chosen by their spread/);
  });

  it('with a target, the target and the columns most associated with it', () => {
    // |r| with y: even 0.99; split 117 / √(202.5 · 92.4) = 0.855; flat 54 / √(90 · 92.4) = 0.592.
    const c = chooseColumns(t, { max: 3, target: 'y' });
    expect(c).toStrictEqual({ names: ['even', 'split', 'y'], total: 4, by: 'target', target: 'y', max: 3 });
    expect(choiceText(c)).toBe("chosen by their association with the target y (|r|, η or Cramér's V)");
  });

  it("the user's columns, skipping names that are not comparable; back to automatic when none is", () => {
    expect(chooseColumns(t, { max: 2, columns: ['y', 'nope', 'flat'] })).toMatchObject({ names: ['flat', 'y'], by: 'user' });
    expect(chooseColumns(t, { max: 2, columns: ['nope'] }).by).toBe('spread');
    expect(() => chooseColumns(t, { max: 1 })).toThrow(/at least 2/);
  });
});

describe('a file of 5,000 numeric columns × 200 rows', () => {
  const table = wide(5000, 200);

  it('the summary compares 50 columns, says so, and reads every column for findings', () => {
    const summary = exploreSummary(table, { method: 'pearson' });
    expect(summary.choice).toMatchObject({ total: 5000, by: 'spread', max: 50 });
    expect(summary.choice.names).toHaveLength(50);
    expect(summary.correlation.names).toStrictEqual(summary.choice.names);
    expect(summary.associations.values).toHaveLength(50 * 50);
    expect(summary.vifs).toHaveLength(50);
    // Per-column findings are capped per kind: at most 10 each and one "+more" summing the rest up.
    const kinds = new Map<string, number>();
    for (const f of summary.findings) kinds.set(f.id.split(/[:+]/)[0], (kinds.get(f.id.split(/[:+]/)[0]) ?? 0) + 1);
    for (const n of kinds.values()) expect(n).toBeLessThanOrEqual(11);
  });

  it('the charts draw 12 histograms of the compared columns and say how many there are', () => {
    const charts = exploreCharts(table, { bins: [], boxBy: '' });
    expect(charts.histograms).toHaveLength(maxChartsPerKind);
    expect(charts.limits.histograms).toStrictEqual({ shown: 12, total: 5000 });
    const chosen = new Set(charts.choice.names);
    expect(charts.histograms.every((h) => chosen.has(h.column))).toBe(true);
  });
});
