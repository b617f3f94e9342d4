/**
 * Softmax over classes, shifted by the row maximum so no exp overflows. Every model that
 * turns class logits into probabilities uses these, so they agree to the last bit.
 */

/**
 * Softmax of each row of the row-major `rows` × `width` logits into `out` (which may be
 * `logits` itself): p_k = exp(z_k − max) / Σ_j exp(z_j − max).
 */
export function softmaxRows(logits: Float64Array, rows: number, width: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    let max = -Infinity;
    for (let k = 0; k < width; k++) max = Math.max(max, logits[o + k]);
    let sum = 0;
    for (let k = 0; k < width; k++) sum += out[o + k] = Math.exp(logits[o + k] - max);
    for (let k = 0; k < width; k++) out[o + k] /= sum;
  }
}

/** log Σ_k exp(values[offset + k]) over `width` entries: max + log Σ exp(z_k − max). */
export function logSumExp(values: Float64Array, offset: number, width: number): number {
  let max = -Infinity;
  for (let k = 0; k < width; k++) max = Math.max(max, values[offset + k]);
  let sum = 0;
  for (let k = 0; k < width; k++) sum += Math.exp(values[offset + k] - max);
  return max + Math.log(sum);
}
