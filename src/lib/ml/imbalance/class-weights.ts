/**
 * scikit-learn's `class_weight='balanced'`: weight n / (K · count) per class, so every class carries
 * the same total weight (`compute_class_weight`).
 */

/**
 * The balanced weight of each class 0..nClasses-1; K counts only classes present in y, and an absent
 * class gets 0.
 * @param y class indices 0..nClasses-1
 * @param nClasses number of classes (default: max label + 1)
 */
export function balancedClassWeights(y: Float64Array, nClasses?: number): Float64Array {
  if (y.length === 0) throw new Error('balancedClassWeights: y is empty');
  let maxLabel = 0;
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    if (!Number.isInteger(label) || label < 0) throw new Error(`balancedClassWeights: y must hold class indices, row ${i} is ${label}`);
    if (label > maxLabel) maxLabel = label;
  }
  const K = nClasses ?? maxLabel + 1;
  if (maxLabel >= K) throw new Error(`balancedClassWeights: label ${maxLabel} is not below nClasses = ${K}`);
  const counts = new Float64Array(K);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  const present = counts.reduce((s, c) => s + (c > 0 ? 1 : 0), 0);
  return counts.map((c) => (c > 0 ? y.length / (present * c) : 0));
}

/** Per-row sample weights from {@link balancedClassWeights} (for `TrainingData.sampleWeight`). */
export function balancedSampleWeights(y: Float64Array, nClasses?: number): Float64Array {
  const weights = balancedClassWeights(y, nClasses);
  return y.map((label) => weights[label]);
}
