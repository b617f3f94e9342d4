import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/lib/ml/core/random';
import { tableFromArrays } from '../../../src/lib/ml/core/table';
import { crossValidate } from '../../../src/lib/ml/evaluation/cv/cross-validate';
import { noiseCurve } from '../../../src/lib/ml/monitor/noise';
import { loadCustomers } from '../fixtures';

/** y = 2·x1 − x2 + a little noise. */
function planted(n = 300, seed = 5) {
  const random = new Random(seed);
  const x1 = Array.from({ length: n }, () => random.normal());
  const x2 = Array.from({ length: n }, () => random.normal());
  const y = x1.map((v, i) => 2 * v - x2[i] + 0.1 * random.normal());
  return tableFromArrays('planted', { x1, x2, y });
}

describe('noiseCurve', () => {
  const customers = loadCustomers();

  it('equals the plain cross-validated metric at 0 % noise, to the bit', async () => {
    for (const [model, metric] of [['ridge', 'r2'], ['rf', 'rmse']] as const) {
      const cv = { target: 'purchase_amount', task: 'regression' as const, model, seed: 2, modelOptions: model === 'rf' ? { nEstimators: 10 } : undefined };
      const plain = await crossValidate(customers, cv);
      const curve = await noiseCurve(customers, cv, { levels: [0, 0.2], repeats: 2, metric });
      expect(curve.points[0].mean).toBe(plain.metrics[metric].mean);
      expect(curve.points[0].std).toBe(0);
    }
  });

  it('lowers R² as noise grows on a planted linear case, test folds only and every row', async () => {
    const table = planted();
    const cv = { target: 'y', task: 'regression' as const, model: 'linear' as const, seed: 0 };
    for (const noiseOn of ['test', 'both'] as const) {
      const curve = await noiseCurve(table, cv, { repeats: 3, noiseOn });
      const means = curve.points.map((p) => p.mean);
      expect(curve.noisy).toStrictEqual(['x1', 'x2']);
      for (let i = 1; i < means.length; i++) expect(means[i]).toBeLessThan(means[i - 1]);
      // Test-time noise of 50 % of each std on y = 2·x1 − x2 (Var ≈ 5): the clean fit errs by 2·e1 − e2,
      // of variance 0.25·(4 + 1) = 1.25, so R² ≈ 1 − 1.25 / 5 = 0.75.
      if (noiseOn === 'test') expect(means[5]).toBeCloseTo(0.75, 1);
      expect(curve.points[3].std).toBeGreaterThan(0);
    }
  });

  it('is the same for the same seed and differs for another', async () => {
    const cv = { target: 'purchase_amount', task: 'regression' as const, model: 'ridge' as const };
    const a = await noiseCurve(customers, { ...cv, seed: 1 }, { levels: [0.3], repeats: 2 });
    const b = await noiseCurve(customers, { ...cv, seed: 1 }, { levels: [0.3], repeats: 2 });
    const c = await noiseCurve(customers, { ...cv, seed: 9 }, { levels: [0.3], repeats: 2 });
    expect(b).toStrictEqual(a);
    expect(c.points[0].values).not.toStrictEqual(a.points[0].values);
  });

  it('refuses bad levels and repeats', async () => {
    const cv = { target: 'purchase_amount', task: 'regression' as const, model: 'ridge' as const };
    await expect(noiseCurve(customers, cv, { levels: [-0.1] })).rejects.toThrow(/Noise levels/);
    await expect(noiseCurve(customers, cv, { repeats: 0 })).rejects.toThrow(/Repeats/);
  });
});
