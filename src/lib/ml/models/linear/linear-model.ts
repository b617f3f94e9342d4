/** The trained form shared by the linear regressors: coefficients, an intercept, a dot product. */
import type { Matrix } from '../../core/matrix';
import type { TrainedModel } from '../../core/model';

/** Linear regressor kinds. */
export type LinearKind = 'linear' | 'ridge' | 'lasso' | 'elasticnet';

/** A fitted linear regressor: ŷ = intercept + X·coefficients. */
export interface LinearRegressionModel extends TrainedModel {
  kind: LinearKind;
  /** One weight per column of X, in the units X was given in. */
  coefficients: Float64Array;
  intercept: number;
  featureNames?: string[];
}

/** Serialised form of a linear regressor. */
export interface LinearModelJson {
  kind: LinearKind;
  task: 'regression';
  coefficients: number[];
  intercept: number;
  featureNames?: string[];
  [key: string]: unknown;
}

/** Wraps coefficients and an intercept as a TrainedModel. */
export function makeLinearModel(
  kind: LinearKind,
  coefficients: Float64Array,
  intercept: number,
  featureNames?: string[],
): LinearRegressionModel {
  const p = coefficients.length;
  return {
    kind,
    task: 'regression',
    coefficients,
    intercept,
    featureNames,
    predict(X: Matrix): Float64Array {
      if (X.cols !== p) throw new Error(`The ${kind} model expects ${p} features, got ${X.cols}`);
      const out = new Float64Array(X.rows);
      const d = X.data;
      for (let i = 0; i < X.rows; i++) {
        let s = intercept;
        const o = i * p;
        for (let j = 0; j < p; j++) s += d[o + j] * coefficients[j];
        out[i] = s;
      }
      return out;
    },
    featureImportance(): Float64Array {
      return coefficients.map(Math.abs);
    },
    toJSON(): LinearModelJson {
      return { kind, task: 'regression', coefficients: Array.from(coefficients), intercept, featureNames };
    },
  };
}

/** Rebuilds a linear regressor from its JSON. */
export function loadLinearModel(json: LinearModelJson): LinearRegressionModel {
  if (!Array.isArray(json.coefficients)) throw new Error('Not a linear model: coefficients are missing');
  return makeLinearModel(json.kind, Float64Array.from(json.coefficients), json.intercept, json.featureNames);
}
