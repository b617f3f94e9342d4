/**
 * Logistic regression, binary (one sigmoid) and multinomial (softmax), with an L2, L1 or no penalty.
 * Objective (sklearn's): C · Σ sᵢ·logloss(xᵢ) + penalty(w), the intercept unpenalised;
 * L2 and none by L-BFGS, L1 by proximal gradient (FISTA).
 */
import type { Matrix } from '../../core/matrix';
import type { ProgressCallback, TrainedModel, TrainingData } from '../../core/model';
import { logSumExp, softmaxRows } from '../../core/softmax';
import { minimizeLbfgs } from './lbfgs';

/** Options of logistic regression. */
export interface LogisticOptions {
  /** Penalty on the weights; default 'l2'. */
  penalty: 'l2' | 'l1' | 'none';
  /** Inverse regularisation strength (sklearn C); default 1. */
  C: number;
  /** Maximum iterations; default 1000. */
  maxIter: number;
  /** Gradient tolerance; default 1e-4 (sklearn tol). */
  tol: number;
}

/** Defaults of logistic regression (sklearn's lbfgs solver, max_iter raised to 1000). */
export const defaultLogisticOptions: LogisticOptions = { penalty: 'l2', C: 1, maxIter: 1000, tol: 1e-4 };

/** A fitted logistic regression. */
export interface LogisticModel extends TrainedModel {
  kind: 'logistic';
  task: 'classification';
  nClasses: number;
  /** Row-major (binary: 1, else nClasses) × p weights, in the units X was given in. */
  coefficients: Float64Array;
  /** One intercept per row of `coefficients`. */
  intercepts: Float64Array;
  featureNames?: string[];
  predictProba(X: Matrix): Float64Array;
}

/** Serialised logistic regression. */
export interface LogisticJson {
  kind: 'logistic';
  task: 'classification';
  nClasses: number;
  nFeatures: number;
  coefficients: number[];
  intercepts: number[];
  featureNames?: string[];
  [key: string]: unknown;
}

/** Fits logistic regression on class indices 0..nClasses-1. */
export function fitLogistic(data: TrainingData, options: Partial<LogisticOptions> = {}, onProgress?: ProgressCallback): LogisticModel {
  const o = { ...defaultLogisticOptions, ...options };
  if (data.task !== 'classification') throw new Error('Logistic regression is a classification model; use linear regression for a numeric target');
  if (!(o.C > 0)) throw new Error(`C must be > 0, got ${o.C}`);
  const { X, y } = data;
  const n = X.rows;
  const p = X.cols;
  if (n === 0) throw new Error('Cannot fit logistic regression on 0 rows');
  const nClasses = data.nClasses ?? maxClass(y) + 1;
  if (nClasses < 2) throw new Error('Logistic regression needs at least 2 classes in the training data');
  const K = nClasses === 2 ? 1 : nClasses;
  const stride = p + 1;
  const weight = data.sampleWeight;
  const z = new Float64Array(n * K);

  /** Smooth part: C·Σ loss, gradient written into grad (size K·stride). */
  const smooth = (params: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    scores(X, params, K, z);
    let loss = 0;
    const d = X.data;
    for (let i = 0; i < n; i++) {
      const s = o.C * (weight ? weight[i] : 1);
      const label = y[i];
      const zo = i * K;
      if (K === 1) {
        const zi = z[zo];
        loss += s * (softplus(zi) - (label === 1 ? zi : 0));
        z[zo] = s * (sigmoid(zi) - (label === 1 ? 1 : 0));
      } else {
        const lse = logSumExp(z, zo, K);
        loss += s * (lse - z[zo + label]);
        for (let k = 0; k < K; k++) z[zo + k] = s * (Math.exp(z[zo + k] - lse) - (k === label ? 1 : 0));
      }
      const xo = i * p;
      for (let k = 0; k < K; k++) {
        const r = z[zo + k];
        if (r === 0) continue;
        const go = k * stride;
        for (let j = 0; j < p; j++) grad[go + j] += r * d[xo + j];
        grad[go + p] += r;
      }
    }
    return loss;
  };

  const params = new Float64Array(K * stride);
  if (o.penalty === 'l1') {
    fitProximal(smooth, params, p, o, onProgress);
  } else {
    const l2 = o.penalty === 'l2';
    const objective = (w: Float64Array, grad: Float64Array): number => {
      let value = smooth(w, grad);
      if (l2) {
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < p; j++) {
            const v = w[k * stride + j];
            value += 0.5 * v * v;
            grad[k * stride + j] += v;
          }
        }
      }
      return value;
    };
    const result = minimizeLbfgs(objective, params, { maxIter: o.maxIter, gtol: o.tol }, (it) => onProgress?.(it, o.maxIter));
    params.set(result.x);
  }
  onProgress?.(o.maxIter, o.maxIter);
  const coefficients = new Float64Array(K * p);
  const intercepts = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    coefficients.set(params.subarray(k * stride, k * stride + p), k * p);
    intercepts[k] = params[k * stride + p];
  }
  return makeLogisticModel(nClasses, p, coefficients, intercepts, data.featureNames);
}

/** FISTA with backtracking on C·Σ loss + ‖w‖₁ (intercepts unpenalised); updates params in place. */
function fitProximal(
  smooth: (w: Float64Array, g: Float64Array) => number,
  params: Float64Array,
  p: number,
  o: LogisticOptions,
  onProgress?: ProgressCallback,
): void {
  const size = params.length;
  const stride = p + 1;
  const grad = new Float64Array(size);
  const gradTrial = new Float64Array(size);
  const momentum = Float64Array.from(params);
  const next = new Float64Array(size);
  let lipschitz = 1;
  let t = 1;
  for (let iter = 0; iter < o.maxIter; iter++) {
    const f0 = smooth(momentum, grad);
    let fTrial = 0;
    for (let tries = 0; tries < 60; tries++) {
      const step = 1 / lipschitz;
      for (let i = 0; i < size; i++) {
        const v = momentum[i] - step * grad[i];
        const isIntercept = i % stride === p;
        next[i] = isIntercept ? v : Math.abs(v) > step ? v - Math.sign(v) * step : 0;
      }
      fTrial = smooth(next, gradTrial);
      let lin = 0;
      let sq = 0;
      for (let i = 0; i < size; i++) {
        const dlt = next[i] - momentum[i];
        lin += grad[i] * dlt;
        sq += dlt * dlt;
      }
      if (fTrial <= f0 + lin + 0.5 * lipschitz * sq + 1e-12 * Math.abs(f0)) break;
      lipschitz *= 2;
    }
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    let change = 0;
    let magnitude = 0;
    for (let i = 0; i < size; i++) {
      const dlt = next[i] - params[i];
      change = Math.max(change, Math.abs(dlt));
      magnitude = Math.max(magnitude, Math.abs(next[i]));
      momentum[i] = next[i] + ((t - 1) / tNext) * dlt;
      params[i] = next[i];
    }
    t = tNext;
    lipschitz *= 0.9;
    onProgress?.(iter + 1, o.maxIter);
    if (change <= o.tol * Math.max(magnitude, 1) * 1e-2) break;
  }
}

/** Decision scores X·Wᵀ + b into z (n × K). */
function scores(X: Matrix, params: Float64Array, K: number, z: Float64Array): void {
  const { rows: n, cols: p, data } = X;
  const stride = p + 1;
  for (let i = 0; i < n; i++) {
    const xo = i * p;
    for (let k = 0; k < K; k++) {
      const wo = k * stride;
      let s = params[wo + p];
      for (let j = 0; j < p; j++) s += data[xo + j] * params[wo + j];
      z[i * K + k] = s;
    }
  }
}

/** Wraps fitted weights as a TrainedModel. */
export function makeLogisticModel(
  nClasses: number,
  p: number,
  coefficients: Float64Array,
  intercepts: Float64Array,
  featureNames?: string[],
): LogisticModel {
  const K = nClasses === 2 ? 1 : nClasses;
  const params = new Float64Array(K * (p + 1));
  for (let k = 0; k < K; k++) {
    params.set(coefficients.subarray(k * p, (k + 1) * p), k * (p + 1));
    params[k * (p + 1) + p] = intercepts[k];
  }
  const predictProba = (X: Matrix): Float64Array => {
    if (X.cols !== p) throw new Error(`The logistic model expects ${p} features, got ${X.cols}`);
    const z = new Float64Array(X.rows * K);
    scores(X, params, K, z);
    const out = new Float64Array(X.rows * nClasses);
    if (K > 1) {
      softmaxRows(z, X.rows, K, out);
      return out;
    }
    for (let i = 0; i < X.rows; i++) {
      const q = sigmoid(z[i]);
      out[2 * i] = 1 - q;
      out[2 * i + 1] = q;
    }
    return out;
  };
  return {
    kind: 'logistic',
    task: 'classification',
    nClasses,
    coefficients,
    intercepts,
    featureNames,
    predictProba,
    predict(X: Matrix): Float64Array {
      return argmaxRows(predictProba(X), nClasses);
    },
    featureImportance(): Float64Array {
      const out = new Float64Array(p);
      for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) out[j] += Math.abs(coefficients[k * p + j]) / K;
      return out;
    },
    toJSON(): LogisticJson {
      return {
        kind: 'logistic',
        task: 'classification',
        nClasses,
        nFeatures: p,
        coefficients: Array.from(coefficients),
        intercepts: Array.from(intercepts),
        featureNames,
      };
    },
  };
}

/** Rebuilds a logistic regression from its JSON. */
export function loadLogistic(json: LogisticJson): LogisticModel {
  if (json.kind !== 'logistic') throw new Error(`Not a logistic model: kind "${String(json.kind)}"`);
  return makeLogisticModel(json.nClasses, json.nFeatures, Float64Array.from(json.coefficients), Float64Array.from(json.intercepts), json.featureNames);
}

/** The index of the largest value in each row of a row-major n × k matrix (first wins ties). */
export function argmaxRows(values: Float64Array, k: number): Float64Array {
  const n = values.length / k;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (values[i * k + c] > values[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

function maxClass(y: Float64Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m = Math.max(m, y[i]);
  return m;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
