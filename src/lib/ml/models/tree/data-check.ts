/** Checks of training data shared by the tree models, with messages naming the problem. */
import type { TrainingData } from '../../core/model';

/** Throws on malformed training data; returns the number of classes (1 for regression). */
export function checkTrainingData(data: TrainingData): number {
  const { X, y, task, sampleWeight } = data;
  if (X.rows === 0 || X.cols === 0) throw new Error(`Training data is empty (${X.rows} rows × ${X.cols} columns)`);
  if (X.data.length !== X.rows * X.cols) throw new Error(`X.data has ${X.data.length} values, expected rows × cols = ${X.rows * X.cols}`);
  if (y.length !== X.rows) throw new Error(`y has ${y.length} values but X has ${X.rows} rows`);
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`y[${i}] is not a finite number (${y[i]})`);
  if (sampleWeight) {
    if (sampleWeight.length !== X.rows) throw new Error(`sampleWeight has ${sampleWeight.length} values but X has ${X.rows} rows`);
    let sum = 0;
    for (let i = 0; i < sampleWeight.length; i++) {
      const w = sampleWeight[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`sampleWeight[${i}] must be a finite number >= 0, got ${w}`);
      sum += w;
    }
    if (!(sum > 0)) throw new Error('sampleWeight sums to 0');
  }
  if (task !== 'classification') return 1;
  let maxClass = 0;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i]) || y[i] < 0) throw new Error(`Classification y must hold class indices 0..K-1, got y[${i}] = ${y[i]}`);
    if (y[i] > maxClass) maxClass = y[i];
  }
  const K = data.nClasses ?? maxClass + 1;
  if (maxClass >= K) throw new Error(`y holds class ${maxClass} but nClasses is ${K}`);
  if (K < 2) throw new Error(`Classification needs at least 2 classes, got ${K}`);
  return K;
}
