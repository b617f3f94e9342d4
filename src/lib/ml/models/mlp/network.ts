import type { Matrix } from '../../core/matrix';
import type { Random } from '../../core/random';
import { softmaxRows } from '../../core/softmax';

/** Hidden-layer activation of an MLP. */
export type MlpActivation = 'relu' | 'tanh' | 'sigmoid';

/** Output-layer function: identity (regression), sigmoid (two classes, one unit) or softmax. */
export type MlpOutput = 'identity' | 'sigmoid' | 'softmax';

/**
 * A fully connected network as plain data. Layer l maps `sizes[l]` inputs to `sizes[l + 1]` outputs
 * with `weights[l]` (row-major sizes[l] × sizes[l + 1]) and `biases[l]`.
 */
export interface MlpNetwork {
  sizes: number[];
  activation: MlpActivation;
  output: MlpOutput;
  weights: Float32Array[];
  biases: Float32Array[];
}

/**
 * Glorot-uniform weights and biases drawn from `random`, as scikit-learn's MLP does
 * (bound = sqrt(6 / (fanIn + fanOut)), factor 2 instead of 6 for sigmoid). Drawn in JS rather than
 * with tfjs initializers so that a seed gives the same network on every backend.
 */
export function initNetwork(sizes: number[], activation: MlpActivation, output: MlpOutput, random: Random): MlpNetwork {
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  const factor = activation === 'sigmoid' ? 2 : 6;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const bound = Math.sqrt(factor / (sizes[l] + sizes[l + 1]));
    const w = new Float32Array(sizes[l] * sizes[l + 1]);
    for (let i = 0; i < w.length; i++) w[i] = (2 * random.next() - 1) * bound;
    const b = new Float32Array(sizes[l + 1]);
    for (let i = 0; i < b.length; i++) b[i] = (2 * random.next() - 1) * bound;
    weights.push(w);
    biases.push(b);
  }
  return { sizes, activation, output, weights, biases };
}

const BLOCK_ROWS = 512;

/**
 * The network's outputs (after the output function) for every row of X: row-major X.rows × outputs.
 * Plain JS in float64, in blocks of rows, so predicting needs no tensors and no TensorFlow.js at all.
 */
export function forwardNetwork(net: MlpNetwork, X: Matrix): Float64Array {
  const { sizes } = net;
  if (X.cols !== sizes[0]) throw new Error(`X has ${X.cols} columns, the network expects ${sizes[0]}`);
  const nOut = sizes[sizes.length - 1];
  const out = new Float64Array(X.rows * nOut);
  const widest = Math.max(...sizes);
  let current = new Float64Array(BLOCK_ROWS * widest);
  let next = new Float64Array(BLOCK_ROWS * widest);
  for (let start = 0; start < X.rows; start += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, X.rows - start);
    current.set(X.data.subarray(start * sizes[0], (start + rows) * sizes[0]));
    for (let l = 0; l + 1 < sizes.length; l++) {
      denseLayer(current, rows, sizes[l], sizes[l + 1], net.weights[l], net.biases[l], next);
      if (l + 2 < sizes.length) activate(next, rows * sizes[l + 1], net.activation);
      const swap = current;
      current = next;
      next = swap;
    }
    applyOutput(current, rows, nOut, net.output);
    out.set(current.subarray(0, rows * nOut), start * nOut);
  }
  return out;
}

function denseLayer(
  input: Float64Array,
  rows: number,
  nIn: number,
  nOut: number,
  w: Float32Array,
  b: Float32Array,
  result: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * nOut;
    for (let j = 0; j < nOut; j++) result[o + j] = b[j];
    for (let k = 0; k < nIn; k++) {
      const x = input[r * nIn + k];
      if (x === 0) continue;
      const wk = k * nOut;
      for (let j = 0; j < nOut; j++) result[o + j] += x * w[wk + j];
    }
  }
}

function activate(values: Float64Array, length: number, activation: MlpActivation): void {
  if (activation === 'relu') {
    for (let i = 0; i < length; i++) if (values[i] < 0) values[i] = 0;
  } else if (activation === 'tanh') {
    for (let i = 0; i < length; i++) values[i] = Math.tanh(values[i]);
  } else {
    for (let i = 0; i < length; i++) values[i] = 1 / (1 + Math.exp(-values[i]));
  }
}

function applyOutput(values: Float64Array, rows: number, nOut: number, output: MlpOutput): void {
  if (output === 'sigmoid') {
    for (let i = 0; i < rows * nOut; i++) values[i] = 1 / (1 + Math.exp(-values[i]));
  } else if (output === 'softmax') {
    softmaxRows(values, rows, nOut, values);
  }
}
