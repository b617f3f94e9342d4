import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/lib/ml/core/matrix';
import type { ModelKind } from '../../src/lib/ml/core/model';
import { getModelSpec, modelKinds } from '../../src/lib/ml/models/registry';
import { defaultMlpOptions } from '../../src/lib/ml/models/mlp/options';
import { defaultKnnOptions } from '../../src/lib/ml/models/knn/knn';
import { defaultElasticNetOptions, defaultLassoOptions } from '../../src/lib/ml/models/linear/coordinate-descent';
import { defaultLinearRegressionOptions, defaultRidgeOptions } from '../../src/lib/ml/models/linear/least-squares';
import { defaultLogisticOptions } from '../../src/lib/ml/models/linear/logistic';
import { Random } from '../../src/lib/ml/core/random';
import { defaultRandomForestOptions } from '../../src/lib/ml/models/tree/forest';
import { defaultGradientBoostingOptions } from '../../src/lib/ml/models/tree/gbm';
import { defaultSearchSpace, sampleParams } from '../../src/lib/ml/evaluation/tuning/search-space';
import { budgetUnit, trialModelOptions } from '../../src/lib/ml/evaluation/tuning/trial-score';

/** Each model's real options object: a tuned name missing here would be silently ignored by fit. */
const optionsOf: Record<ModelKind, object> = {
  linear: defaultLinearRegressionOptions,
  ridge: defaultRidgeOptions,
  lasso: defaultLassoOptions,
  elasticnet: defaultElasticNetOptions,
  logistic: defaultLogisticOptions,
  knn: defaultKnnOptions,
  rf: defaultRandomForestOptions,
  gbm: defaultGradientBoostingOptions,
  mlp: defaultMlpOptions,
};

describe('default search spaces', () => {
  it("name only options the model really has, with values of the option's type", () => {
    for (const kind of modelKinds) {
      const defaults = optionsOf[kind] as Record<string, unknown>;
      const space = defaultSearchSpace(kind);
      for (const name of Object.keys(space)) {
        expect(Object.keys(defaults), `${kind}.${name}`).toContain(name);
      }
      const point = sampleParams(space, new Random(3));
      for (const [name, value] of Object.entries(point)) {
        const expected = defaults[name];
        // rf maxFeatures mixes fractions and keywords; maxDepth defaults to Infinity (a number)
        if (kind === 'rf' && name === 'maxFeatures') expect(['number', 'string']).toContain(typeof value);
        else if (Array.isArray(expected)) expect(Array.isArray(value), `${kind}.${name}`).toBe(true);
        else expect(typeof value, `${kind}.${name}`).toBe(typeof expected);
      }
    }
    expect(Object.keys(defaultSearchSpace('mlp'))).toContain('hiddenLayers');
    expect(Object.keys(defaultSearchSpace('mlp'))).not.toContain('layers');
  });

  it('a tuned MLP trial trains the architecture it chose', async () => {
    const spec = await getModelSpec('mlp');
    const X = fromRows([[0, 1], [1, 0], [1, 1], [0, 0], [0.5, 0.2], [0.3, 0.9]]);
    const y = Float64Array.from([1, 1, 2, 0, 0.7, 1.2]);
    const choices = defaultSearchSpace('mlp').hiddenLayers;
    if (choices.type !== 'choice') throw new Error('hiddenLayers should be a choice');
    expect(choices.values).toContainEqual([64, 32]);
    const seen = new Set<string>();
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const params = sampleParams(defaultSearchSpace('mlp'), new Random(seed));
      const { options } = trialModelOptions('mlp', params, 1);
      const model = await spec.fit({ X, y, task: 'regression' }, { seed: 0, ...options, epochs: 2, backend: 'cpu' });
      const sizes = model.toJSON().sizes;
      expect(sizes).toStrictEqual([2, ...(params.hiddenLayers as number[]), 1]);
      seen.add(JSON.stringify(params.hiddenLayers));
    }
    expect(seen.size).toBeGreaterThan(2);
  });

  it('budgets cut trees of ensembles and rows of the other models', () => {
    expect(budgetUnit('rf')).toBe('trees');
    expect(budgetUnit('ridge')).toBe('rows');
    expect(trialModelOptions('rf', { nEstimators: 300, maxDepth: 8 }, 1 / 3)).toStrictEqual({ options: { nEstimators: 100, maxDepth: 8 }, rowFraction: 1 });
    expect(trialModelOptions('gbm', { learningRate: 0.1 }, 0.05)).toStrictEqual({ options: { learningRate: 0.1, nEstimators: 5 }, rowFraction: 1 });
    expect(trialModelOptions('gbm', { nEstimators: 3 }, 0.1).options.nEstimators).toBe(1);
    expect(trialModelOptions('ridge', { alpha: 2 }, 0.25)).toStrictEqual({ options: { alpha: 2 }, rowFraction: 0.25 });
    expect(() => trialModelOptions('ridge', { alpha: 2 }, 0)).toThrow(/budget must be in \(0, 1\]/);
  });
});
