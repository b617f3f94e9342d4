/**
 * k-nearest neighbours (brute force, Euclidean, uniform weights) for regression and classification.
 * Ties in distance keep the earlier training row, like sklearn's stable brute-force search.
 */
import type { Matrix } from '../../core/matrix';
import type { ProgressCallback, TrainedModel, TrainingData } from '../../core/model';
import { argmaxRows } from '../linear/logistic';

/** Options of k-nearest neighbours. */
export interface KnnOptions {
  /** Number of neighbours; default 5 (sklearn n_neighbors). */
  k: number;
  /** 'uniform' (default, sklearn's) or 'distance' (1/d, exact matches dominate). */
  weights: 'uniform' | 'distance';
}

/** Defaults of k-nearest neighbours (sklearn's). */
export const defaultKnnOptions: KnnOptions = { k: 5, weights: 'uniform' };

/** A fitted kNN model: it keeps its training data. */
export interface KnnModel extends TrainedModel {
  kind: 'knn';
  k: number;
}

/** Serialised kNN model. */
export interface KnnJson {
  kind: 'knn';
  task: TrainingData['task'];
  k: number;
  weights: KnnOptions['weights'];
  nClasses?: number;
  rows: number;
  cols: number;
  X: number[];
  y: number[];
  [key: string]: unknown;
}

/** "Fits" kNN by storing the training rows. */
export function fitKnn(data: TrainingData, options: Partial<KnnOptions> = {}, onProgress?: ProgressCallback): KnnModel {
  const o = { ...defaultKnnOptions, ...options };
  if (!(Number.isInteger(o.k) && o.k >= 1)) throw new Error(`k must be a positive integer, got ${o.k}`);
  if (data.X.rows === 0) throw new Error('Cannot fit kNN on 0 rows');
  onProgress?.(1, 1);
  const nClasses = data.task === 'classification' ? (data.nClasses ?? data.y.reduce((m, v) => Math.max(m, v), 0) + 1) : undefined;
  return makeKnn(data.task, o, { rows: data.X.rows, cols: data.X.cols, data: Float64Array.from(data.X.data) }, Float64Array.from(data.y), nClasses);
}

function makeKnn(task: TrainingData['task'], o: KnnOptions, train: Matrix, y: Float64Array, nClasses?: number): KnnModel {
  const k = Math.min(o.k, train.rows);
  const { rows: n, cols: p, data: T } = train;

  /** Calls visit(neighbourIndices, distances) for each query row. */
  const neighbours = (X: Matrix, visit: (i: number, idx: Int32Array, dist: Float64Array) => void): void => {
    if (X.cols !== p) throw new Error(`The kNN model expects ${p} features, got ${X.cols}`);
    const idx = new Int32Array(k);
    const dist = new Float64Array(k);
    const Q = X.data;
    for (let i = 0; i < X.rows; i++) {
      let filled = 0;
      const qo = i * p;
      for (let r = 0; r < n; r++) {
        const to = r * p;
        let d = 0;
        for (let j = 0; j < p; j++) {
          const diff = Q[qo + j] - T[to + j];
          d += diff * diff;
        }
        if (filled === k && d >= dist[k - 1]) continue;
        // Insertion into the sorted top-k; strict < keeps the earlier row first on ties.
        let pos = filled === k ? k - 1 : filled++;
        while (pos > 0 && dist[pos - 1] > d) {
          dist[pos] = dist[pos - 1];
          idx[pos] = idx[pos - 1];
          pos--;
        }
        dist[pos] = d;
        idx[pos] = r;
      }
      visit(i, idx, dist);
    }
  };

  const weightOf = (squared: number): number => (o.weights === 'uniform' ? 1 : 1 / Math.max(Math.sqrt(squared), 1e-12));

  const predictProba = (X: Matrix): Float64Array => {
    const K = nClasses ?? 0;
    const out = new Float64Array(X.rows * K);
    neighbours(X, (i, idx, dist) => {
      let total = 0;
      for (let m = 0; m < k; m++) {
        const w = weightOf(dist[m]);
        out[i * K + y[idx[m]]] += w;
        total += w;
      }
      for (let c = 0; c < K; c++) out[i * K + c] /= total;
    });
    return out;
  };

  const model: KnnModel = {
    kind: 'knn',
    task,
    k,
    predict(X: Matrix): Float64Array {
      if (task === 'classification') return argmaxRows(predictProba(X), nClasses ?? 0);
      const out = new Float64Array(X.rows);
      neighbours(X, (i, idx, dist) => {
        let s = 0;
        let total = 0;
        for (let m = 0; m < k; m++) {
          const w = weightOf(dist[m]);
          s += w * y[idx[m]];
          total += w;
        }
        out[i] = s / total;
      });
      return out;
    },
    toJSON(): KnnJson {
      return { kind: 'knn', task, k: o.k, weights: o.weights, nClasses, rows: n, cols: p, X: Array.from(T), y: Array.from(y) };
    },
  };
  if (task === 'classification') model.predictProba = predictProba;
  return model;
}

/** Rebuilds a kNN model from its JSON. */
export function loadKnn(json: KnnJson): KnnModel {
  if (json.kind !== 'knn') throw new Error(`Not a kNN model: kind "${String(json.kind)}"`);
  return makeKnn(
    json.task,
    { k: json.k, weights: json.weights },
    { rows: json.rows, cols: json.cols, data: Float64Array.from(json.X) },
    Float64Array.from(json.y),
    json.nClasses,
  );
}
