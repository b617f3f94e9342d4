/**
 * Feature scaling before clustering: K-Means and silhouette use Euclidean distance,
 * so a column in dollars would otherwise outweigh a column in years.
 */

/** How columns are rescaled: z-scores, [0, 1], or left alone. */
export type ScaleMethod = 'standard' | 'minmax' | 'none';

/** The fitted per-column transform `(x − offset) / divisor`, plain data. */
export interface Scaler {
  method: ScaleMethod;
  offset: Float64Array;
  divisor: Float64Array;
}

/**
 * Fits a scaler on row-major `data` (n×d). `standard` uses the population standard
 * deviation (ddof 0, like scikit-learn's StandardScaler); a constant column gets divisor 1.
 */
export function fitScaler(data: Float64Array, n: number, d: number, method: ScaleMethod = 'standard'): Scaler {
  const offset = new Float64Array(d);
  const divisor = new Float64Array(d).fill(1);
  if (method === 'none' || n === 0) return { method, offset, divisor };
  if (method === 'minmax') {
    const max = new Float64Array(d).fill(-Infinity);
    offset.fill(Infinity);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const v = data[o + j];
        if (v < offset[j]) offset[j] = v;
        if (v > max[j]) max[j] = v;
      }
    }
    for (let j = 0; j < d; j++) divisor[j] = max[j] > offset[j] ? max[j] - offset[j] : 1;
    return { method, offset, divisor };
  }
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) offset[j] += data[o + j];
  }
  for (let j = 0; j < d; j++) offset[j] /= n;
  const ss = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const dv = data[o + j] - offset[j];
      ss[j] += dv * dv;
    }
  }
  for (let j = 0; j < d; j++) {
    const std = Math.sqrt(ss[j] / n);
    divisor[j] = std > 0 ? std : 1;
  }
  return { method, offset, divisor };
}

/** Applies `scaler` to row-major `data`, returning a new array. */
export function applyScaler(scaler: Scaler, data: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) out[o + j] = (data[o + j] - scaler.offset[j]) / scaler.divisor[j];
  }
  return out;
}

/** Fits and applies in one step. */
export function scaleData(data: Float64Array, n: number, d: number, method: ScaleMethod = 'standard'): Float64Array {
  return applyScaler(fitScaler(data, n, d, method), data, n, d);
}
