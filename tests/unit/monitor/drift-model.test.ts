import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/lib/ml/core/random';
import { tableFromArrays } from '../../../src/lib/ml/core/table';
import { loadArtifact, trainModel } from '../../../src/lib/runs/artifact';
import { modelImportance, periodPerformance } from '../../../src/lib/runs/drift-model';

/** y depends on `signal` only; `noise` is an input the model barely needs; `spare` is no input at all. */
function planted(n: number, seed: number) {
  const random = new Random(seed);
  const signal = Float64Array.from({ length: n }, () => random.normal());
  const noise = Float64Array.from({ length: n }, () => random.normal());
  const spare = Float64Array.from({ length: n }, () => random.normal());
  const y = Array.from(signal, (s) => (random.next() < 1 / (1 + Math.exp(-3 * s)) ? 'yes' : 'no'));
  return tableFromArrays('planted', { signal, noise, spare, y });
}

describe('model importance for drift', () => {
  it('puts the importance on the column the model reads, and is the same for a seed', async () => {
    const table = planted(600, 1);
    const loaded = await trainModel(table, { target: 'y', task: 'classification', model: 'logistic', features: ['signal', 'noise'], positive: 'yes' });
    const importance = await modelImportance(loaded, table, 4);
    expect([...importance.keys()].sort()).toEqual(['noise', 'signal']);
    expect(importance.get('signal')).toBeGreaterThan(0.9);
    expect((importance.get('signal') ?? 0) + (importance.get('noise') ?? 0)).toBeCloseTo(1, 12);
    expect(importance.has('spare')).toBe(false);
    expect(await modelImportance(loaded, table, 4)).toEqual(importance);
    // Sampled down to 2,000 rows on a bigger table, still seeded.
    const big = planted(3000, 2);
    expect(await modelImportance(loaded, big, 1)).toEqual(await modelImportance(loaded, big, 1));
  });

  it('counts the metric where the target is present and estimates it from the probabilities everywhere', async () => {
    const table = planted(2000, 3);
    const loaded = await loadArtifact((await trainModel(table, { target: 'y', task: 'classification', model: 'logistic', features: ['signal', 'noise'], positive: 'yes' })).artifact);
    const fresh = planted(4000, 9);
    const perf = await periodPerformance(loaded, fresh);
    const real = perf.real && 'precision' in perf.real ? perf.real : null;
    expect(real?.rows).toBe(4000);
    // A well-specified logistic model is calibrated: the estimate tracks the counted metric.
    expect(Math.abs((perf.estimated?.precision ?? 0) - (real?.precision ?? 1))).toBeLessThan(0.03);
    expect(Math.abs((perf.estimated?.rocAuc ?? 0) - (real?.rocAuc ?? 1))).toBeLessThan(0.02);
    const unlabelled = await periodPerformance(loaded, { ...fresh, columns: fresh.columns.filter((c) => c.name !== 'y') });
    expect(unlabelled.real).toBeNull();
    expect(unlabelled.estimated?.precision).toBeCloseTo(perf.estimated?.precision ?? NaN, 12);
  });
});
