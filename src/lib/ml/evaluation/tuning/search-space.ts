/**
 * Hyperparameter search spaces: integer and float ranges (optionally on a log scale) and choices,
 * sampled with the project's seeded PRNG, plus a default space per model kind.
 */
import type { ModelKind } from '../../core/model';
import type { Random } from '../../core/random';

/** One hyperparameter value (JSON-serialisable, so a trial can be saved or put in a URL); arrays are e.g. MLP hidden-layer widths. */
export type ParamValue = number | string | boolean | readonly number[];

/** The range of one hyperparameter. Log ranges sample the exponent uniformly (min must be > 0). */
export type ParamSpec =
  | { type: 'int'; min: number; max: number; log?: boolean }
  | { type: 'float'; min: number; max: number; log?: boolean }
  | { type: 'choice'; values: readonly ParamValue[] };

/** A search space: a range per hyperparameter name. */
export type SearchSpace = Record<string, ParamSpec>;

/** One point of a search space. */
export type Params = Record<string, ParamValue>;

/** Throws a message naming the first bad range of `space`. */
export function validateSearchSpace(space: SearchSpace): void {
  for (const [name, spec] of Object.entries(space)) {
    if (spec.type === 'choice') {
      if (spec.values.length === 0) throw new Error(`search space: "${name}" has no choices`);
      continue;
    }
    if (!(Number.isFinite(spec.min) && Number.isFinite(spec.max) && spec.min <= spec.max)) {
      throw new Error(`search space: "${name}" needs finite min <= max, got [${spec.min}, ${spec.max}]`);
    }
    if (spec.type === 'int' && !(Number.isInteger(spec.min) && Number.isInteger(spec.max))) {
      throw new Error(`search space: integer "${name}" needs integer bounds, got [${spec.min}, ${spec.max}]`);
    }
    if (spec.log && !(spec.min > 0)) throw new Error(`search space: log-scale "${name}" needs min > 0, got ${spec.min}`);
  }
}

/** One random point of `space` (names in the space's key order, so a seed gives the same point). */
export function sampleParams(space: SearchSpace, random: Random): Params {
  const params: Params = {};
  for (const [name, spec] of Object.entries(space)) params[name] = sampleOne(spec, random);
  return params;
}

function sampleOne(spec: ParamSpec, random: Random): ParamValue {
  if (spec.type === 'choice') return spec.values[random.int(spec.values.length)];
  const { min, max, log } = spec;
  if (spec.type === 'float') {
    return log ? Math.exp(Math.log(min) + random.next() * (Math.log(max) - Math.log(min))) : min + random.next() * (max - min);
  }
  if (!log) return min + random.int(max - min + 1);
  // uniform in log space over [min, max + 1), floored: each integer gets the mass of its log-interval
  const v = Math.floor(Math.exp(Math.log(min) + random.next() * (Math.log(max + 1) - Math.log(min))));
  return Math.min(max, Math.max(min, v));
}

/**
 * The default search space of a model kind. Names are the model's own option names (RidgeOptions,
 * RandomForestOptions, MlpOptions…), so a point is passed to the model's fit as is; forests'
 * `maxFeatures` mixes fractions with 'sqrt'/'log2'; the MLP's `hiddenLayers` choices are arrays of widths.
 */
export function defaultSearchSpace(kind: ModelKind): SearchSpace {
  switch (kind) {
    case 'linear':
      return {};
    case 'ridge':
      return { alpha: { type: 'float', min: 1e-4, max: 1e3, log: true } };
    case 'lasso':
      return { alpha: { type: 'float', min: 1e-5, max: 10, log: true } };
    case 'elasticnet':
      return { alpha: { type: 'float', min: 1e-5, max: 10, log: true }, l1Ratio: { type: 'float', min: 0.05, max: 1 } };
    case 'logistic':
      return { C: { type: 'float', min: 1e-3, max: 1e3, log: true } };
    case 'knn':
      return { k: { type: 'int', min: 1, max: 50, log: true }, weights: { type: 'choice', values: ['uniform', 'distance'] } };
    case 'rf':
      return {
        nEstimators: { type: 'int', min: 50, max: 500, log: true },
        maxDepth: { type: 'choice', values: [4, 6, 8, 12, 16, 24, 32] },
        minSamplesLeaf: { type: 'int', min: 1, max: 20, log: true },
        maxFeatures: { type: 'choice', values: ['sqrt', 'log2', 0.33, 0.5, 1] },
      };
    case 'gbm':
      return {
        learningRate: { type: 'float', min: 0.01, max: 0.3, log: true },
        maxDepth: { type: 'int', min: 2, max: 8 },
        nEstimators: { type: 'int', min: 50, max: 1000, log: true },
        subsample: { type: 'float', min: 0.5, max: 1 },
        l2Regularization: { type: 'float', min: 1e-4, max: 10, log: true },
      };
    case 'mlp':
      return {
        hiddenLayers: { type: 'choice', values: [[32], [64], [64, 32], [128, 64], [128, 64, 32]] },
        learningRate: { type: 'float', min: 1e-4, max: 1e-2, log: true },
        l2: { type: 'float', min: 1e-6, max: 1e-2, log: true },
        dropout: { type: 'float', min: 0, max: 0.5 },
      };
    default: {
      const unknown: never = kind;
      throw new Error(`no default search space for model "${String(unknown)}"`);
    }
  }
}
