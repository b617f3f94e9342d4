import { describe, expect, it } from 'vitest';
import { fitLogistic, loadLogistic } from '../../src/lib/ml/models/linear/logistic';
import { fromRows } from '../../src/lib/ml/core/matrix';
import type { TrainingData } from '../../src/lib/ml/core/model';
import { Random } from '../../src/lib/ml/core/random';

function blobs(nClasses: number, seed = 3): TrainingData {
  const random = new Random(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    for (let i = 0; i < 30; i++) {
      rows.push([c * 4 + random.normal() * 0.5, (c % 2) * 3 + random.normal() * 0.5]);
      y.push(c);
    }
  }
  return { X: fromRows(rows), y: Float64Array.from(y), task: 'classification', nClasses };
}

describe('logistic regression', () => {
  it('separates separable classes (binary and 3 classes) with accuracy 1', () => {
    for (const k of [2, 3]) {
      const data = blobs(k);
      for (const penalty of ['l2', 'l1', 'none'] as const) {
        const model = fitLogistic(data, { penalty });
        const pred = model.predict(data.X);
        expect(Array.from(pred), `${k} classes, ${penalty}`).toStrictEqual(Array.from(data.y));
        const proba = model.predictProba(data.X);
        for (let i = 0; i < data.X.rows; i++) {
          let s = 0;
          for (let c = 0; c < k; c++) s += proba[i * k + c];
          expect(s).toBeCloseTo(1, 12);
        }
      }
    }
  });

  it('matches the optimum of C·Σ logloss + ½w² (gradient zero) on a 1-D case', () => {
    const X = fromRows([[-2], [-1], [0], [1], [2], [0.5]]);
    const y = Float64Array.from([0, 0, 1, 0, 1, 1]);
    const model = fitLogistic({ X, y, task: 'classification', nClasses: 2 }, { C: 1, tol: 1e-10 });
    const w = model.coefficients[0];
    const b = model.intercepts[0];
    let gw = w;
    let gb = 0;
    for (let i = 0; i < 6; i++) {
      const p = 1 / (1 + Math.exp(-(w * X.data[i] + b)));
      gw += (p - y[i]) * X.data[i];
      gb += p - y[i];
    }
    expect(Math.abs(gw)).toBeLessThan(1e-6);
    expect(Math.abs(gb)).toBeLessThan(1e-6);
  });

  it('L1 with a strong penalty zeroes a useless feature', () => {
    const random = new Random(9);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const signal = random.normal();
      rows.push([signal, random.normal()]);
      y.push(signal + 0.3 * random.normal() > 0 ? 1 : 0);
    }
    const model = fitLogistic({ X: fromRows(rows), y: Float64Array.from(y), task: 'classification', nClasses: 2 }, { penalty: 'l1', C: 0.05 });
    expect(model.coefficients[1]).toBe(0);
    expect(model.coefficients[0]).toBeGreaterThan(0);
  });

  it('round-trips through JSON with identical probabilities', () => {
    const data = blobs(3);
    const model = fitLogistic(data);
    const again = loadLogistic(JSON.parse(JSON.stringify(model.toJSON())));
    expect(again.predictProba(data.X)).toStrictEqual(model.predictProba(data.X));
  });

  it('rejects regression data, one class and bad C by message', () => {
    const data = blobs(2);
    expect(() => fitLogistic({ ...data, task: 'regression' })).toThrow(/classification model/);
    expect(() => fitLogistic({ ...data, nClasses: 1 })).toThrow(/at least 2 classes/);
    expect(() => fitLogistic(data, { C: 0 })).toThrow(/C must be > 0/);
  });
});
