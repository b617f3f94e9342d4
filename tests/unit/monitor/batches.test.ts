import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/lib/ml/core/random';
import { getColumn, tableFromArrays, type CategoryColumn, type NumberColumn } from '../../../src/lib/ml/core/table';
import { drawBatch, referenceScale, type BatchReference } from '../../../src/lib/ml/monitor/batches';

describe('drawBatch', () => {
  // x is 0 or 2: mean 1, population std 1.
  const table = tableFromArrays('t', { x: [0, 2, 0, 2], c: ['a', 'b', 'a', 'b'], y: [10, 20, 10, 20] });
  const features = [getColumn(table, 'x'), getColumn(table, 'c')];
  const pool = Int32Array.from([0, 1, 2, 3]);
  const y = Float64Array.from([10, 20, 10, 20]);
  const scale = referenceScale((features[0] as NumberColumn).values, pool);
  const reference: BatchReference = { scales: new Map([['x', scale]]), targetStd: 5, task: 'regression' };
  const draw = (month: number, plan: Parameters<typeof drawBatch>[6]) => drawBatch(table, features, pool, y, 50, month, plan, reference, new Random(1));

  it('reads the reference mean and population std', () => {
    expect(scale).toStrictEqual({ mean: 1, std: 1 });
  });

  it('moves a mean by amount × month standard deviations and widens a spread around the reference mean', () => {
    const plain = draw(3, { numeric: [] });
    const moved = draw(3, { numeric: [{ column: 'x', kind: 'mean', amount: 0.5 }] });
    const wider = draw(3, { numeric: [{ column: 'x', kind: 'scale', amount: 0.1 }] });
    const values = (b: typeof plain) => Array.from((b.table.columns[0] as NumberColumn).values);
    // Same seed, same rows: 0 → 1.5 and 2 → 3.5 (+ 3 × 0.5 × 1); spread ×1.3 around 1: 0 → −0.3, 2 → 2.3.
    expect(values(moved)).toStrictEqual(values(plain).map((v) => v + 1.5));
    expect(values(wider).map((v) => Math.round(v * 10) / 10)).toStrictEqual(values(plain).map((v) => (v === 0 ? -0.3 : 2.3)));
    expect(Array.from(moved.y)).toStrictEqual(Array.from(plain.y));
  });

  it('switches rows to a level, adding it when the file lacks it, and capped at every row', () => {
    const all = draw(4, { numeric: [], mix: { column: 'c', level: 'z', amount: 0.25 } });
    const c = all.table.columns[1] as CategoryColumn;
    expect(c.dictionary).toStrictEqual(['a', 'b', 'z']);
    expect(new Set(c.codes)).toStrictEqual(new Set([2]));
    expect((table.columns[1] as CategoryColumn).dictionary).toStrictEqual(['a', 'b']);
  });

  it('adds amount × z target standard deviations to a regression target (a step from its start)', () => {
    const before = draw(1, { numeric: [], concept: { feature: 'x', amount: 2, start: 2, shape: 'step' } });
    const after = draw(5, { numeric: [], concept: { feature: 'x', amount: 2, start: 2, shape: 'step' } });
    const x = (after.table.columns[0] as NumberColumn).values;
    // z = ±1, so y moves by ±2 × 5 = ±10: 10 (x = 0) becomes 0, 20 (x = 2) becomes 30.
    expect(Array.from(after.y)).toStrictEqual(Array.from(x, (v) => (v === 0 ? 0 : 30)));
    expect(Array.from(before.y)).toStrictEqual(Array.from((before.table.columns[0] as NumberColumn).values, (v) => (v === 0 ? 10 : 20)));
  });
});
