import type { Matrix } from '../../core/matrix';
import type { ProgressCallback, Task, TrainedModel, TrainingData } from '../../core/model';
import { forwardNetwork, initNetwork, type MlpActivation, type MlpNetwork, type MlpOutput } from './network';
import { trainNetwork, type TrainHistory, type TrainRows } from './train';
import { Random } from '../../core/random';
import { defaultMlpOptions, validateMlpOptions, type MlpOptions } from './options';
import { ensureBackend, loadTf, pickBackend } from './tf-backend';

export { defaultMlpOptions, type MlpOptions } from './options';
export { ensureBackend } from './tf-backend';

/** A trained MLP: predictions run in plain JS from the stored weights (no tensors are kept). */
export interface MlpModel extends TrainedModel {
  kind: 'mlp';
  /** TensorFlow.js backend the model was trained on ('cpu', 'webgl'), or 'unknown' for old JSON. */
  backend: string;
  /** Training loss per epoch (data loss + L2 penalty, on the standardized target for regression). */
  lossHistory: number[];
  /** Validation loss per epoch (empty without early stopping). */
  validationLossHistory: number[];
}

/** The serialised form of an MLP: weights as plain number arrays. */
interface MlpJson {
  kind: 'mlp';
  task: Task;
  nClasses: number | null;
  sizes: number[];
  activation: MlpActivation;
  output: MlpOutput;
  weights: number[][];
  biases: number[][];
  target: { mean: number; std: number } | null;
  backend: string;
  lossHistory: number[];
  validationLossHistory: number[];
  bestEpoch: number;
  options: MlpOptions;
}

/**
 * Trains an MLP with Adam on `data` (X already scaled by the pipeline).
 * Regression standardizes y when `standardizeTarget`; classification uses a sigmoid unit for two classes,
 * softmax otherwise. The same seed on the same backend gives the same model.
 * @param onProgress called after every epoch with (epoch, epochs, 'loss …')
 */
export async function fitMlp(
  data: TrainingData,
  options: Partial<MlpOptions> = {},
  onProgress?: ProgressCallback,
): Promise<MlpModel> {
  const opts: MlpOptions = { ...defaultMlpOptions, ...options };
  validateMlpOptions(opts);
  const { X, y, task } = data;
  validateData(data);
  const nClasses = task === 'classification' ? (data.nClasses ?? maxOf(y) + 1) : 0;
  if (task === 'classification') validateLabels(y, nClasses);

  const output: MlpOutput = task === 'regression' ? 'identity' : nClasses === 2 ? 'sigmoid' : 'softmax';
  const nOut = output === 'softmax' ? nClasses : 1;
  const random = new Random(opts.seed);
  const net = initNetwork([X.cols, ...opts.hiddenLayers, nOut], opts.activation, output, random.fork());
  const target = task === 'regression' && opts.standardizeTarget ? meanStd(y) : null;

  const [trainIndex, valIndex] = opts.earlyStopping
    ? splitValidation(y, task, nClasses, opts.validationFraction, random.fork())
    : [rangeOf(X.rows), undefined];
  const toRows = (index: Int32Array): TrainRows => prepareRows(data, index, nOut, output, target);

  const tf = await loadTf();
  const weightCount = net.weights.reduce((sum, w) => sum + w.length, 0);
  const requested = opts.backend ?? 'auto';
  const backend = await ensureBackend(
    requested === 'auto' ? pickBackend(Math.min(opts.batchSize, trainIndex.length) * weightCount) : requested,
  );
  const history: TrainHistory = await trainNetwork(
    tf,
    net,
    toRows(trainIndex),
    valIndex && toRows(valIndex),
    opts,
    random.fork(),
    (epoch, loss, valLoss) =>
      onProgress?.(epoch + 1, opts.epochs, `loss ${loss.toPrecision(4)}${valLoss === undefined ? '' : `, validation ${valLoss.toPrecision(4)}`}`, {
        loss,
        ...(valLoss === undefined ? {} : { validationLoss: valLoss }),
      }),
  );
  return buildModel({
    kind: 'mlp',
    task,
    nClasses: task === 'classification' ? nClasses : null,
    sizes: net.sizes,
    activation: net.activation,
    output,
    weights: net.weights.map((w) => Array.from(w)),
    biases: net.biases.map((b) => Array.from(b)),
    target,
    backend,
    lossHistory: history.loss,
    validationLossHistory: history.validationLoss,
    bestEpoch: history.bestEpoch,
    options: opts,
  });
}

/** Rebuilds an MLP from `toJSON()` output; predictions are identical to the original's. */
export function loadMlp(json: unknown): MlpModel {
  const j = json as Partial<MlpJson> | null;
  if (!j || typeof j !== 'object' || j.kind !== 'mlp') throw new Error('Not an MLP model: expected an object with kind "mlp"');
  if (j.task !== 'regression' && j.task !== 'classification') throw new Error(`MLP JSON has an invalid task: ${String(j.task)}`);
  if (!['relu', 'tanh', 'sigmoid'].includes(j.activation as string) || !['identity', 'sigmoid', 'softmax'].includes(j.output as string)) {
    throw new Error(`MLP JSON has an unknown activation or output: ${String(j.activation)}, ${String(j.output)}`);
  }
  const sizes = j.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2) throw new Error('MLP JSON lacks its layer sizes');
  const layers = sizes.length - 1;
  if (!Array.isArray(j.weights) || !Array.isArray(j.biases) || j.weights.length !== layers || j.biases.length !== layers) {
    throw new Error(`MLP JSON must have ${layers} weight and bias arrays`);
  }
  for (let l = 0; l < layers; l++) {
    if (j.weights[l]?.length !== sizes[l] * sizes[l + 1] || j.biases[l]?.length !== sizes[l + 1]) {
      throw new Error(`MLP JSON layer ${l + 1} has the wrong number of weights for ${sizes[l]}→${sizes[l + 1]}`);
    }
  }
  return buildModel({
    ...(j as MlpJson),
    backend: j.backend ?? 'unknown',
    lossHistory: j.lossHistory ?? [],
    validationLossHistory: j.validationLossHistory ?? [],
  });
}

function buildModel(json: MlpJson): MlpModel {
  const net: MlpNetwork = {
    sizes: json.sizes,
    activation: json.activation,
    output: json.output,
    weights: json.weights.map((w) => Float32Array.from(w)),
    biases: json.biases.map((b) => Float32Array.from(b)),
  };
  const { target } = json;
  const predictProba = (X: Matrix): Float64Array => {
    const out = forwardNetwork(net, X);
    if (json.output !== 'sigmoid') return out;
    const proba = new Float64Array(X.rows * 2);
    for (let i = 0; i < X.rows; i++) {
      proba[2 * i] = 1 - out[i];
      proba[2 * i + 1] = out[i];
    }
    return proba;
  };
  const model: MlpModel = {
    kind: 'mlp',
    task: json.task,
    backend: json.backend,
    lossHistory: json.lossHistory,
    validationLossHistory: json.validationLossHistory,
    predict(X: Matrix): Float64Array {
      if (json.task === 'regression') {
        const out = forwardNetwork(net, X);
        if (target) for (let i = 0; i < out.length; i++) out[i] = out[i] * target.std + target.mean;
        return out;
      }
      return argmaxRows(predictProba(X), X.rows, json.nClasses ?? 2);
    },
    toJSON: () => json as unknown as ReturnType<TrainedModel['toJSON']>,
  };
  if (json.task === 'classification') model.predictProba = predictProba;
  return model;
}

function prepareRows(
  data: TrainingData,
  index: Int32Array,
  nOut: number,
  output: MlpOutput,
  target: { mean: number; std: number } | null,
): TrainRows {
  const { X, y, sampleWeight } = data;
  const d = X.cols;
  const x = new Float32Array(index.length * d);
  const yy = new Float32Array(index.length * nOut);
  for (let i = 0; i < index.length; i++) {
    const r = index[i];
    for (let j = 0; j < d; j++) x[i * d + j] = X.data[r * d + j];
    if (output === 'softmax') yy[i * nOut + y[r]] = 1;
    else yy[i] = target ? (y[r] - target.mean) / target.std : y[r];
  }
  let weight: Float32Array | undefined;
  if (sampleWeight) {
    let sum = 0;
    for (let i = 0; i < index.length; i++) sum += sampleWeight[index[i]];
    // Weights scaled to mean 1, so the L2 penalty keeps its meaning relative to the data loss.
    weight = new Float32Array(index.length);
    for (let i = 0; i < index.length; i++) weight[i] = (sampleWeight[index[i]] * index.length) / sum;
  }
  return { rows: index.length, x, y: yy, weight };
}

/** Seeded hold-out split for early stopping; stratified by class for classification. */
function splitValidation(
  y: Float64Array,
  task: Task,
  nClasses: number,
  fraction: number,
  random: Random,
): [Int32Array, Int32Array] {
  const groups: number[][] = task === 'classification' ? Array.from({ length: nClasses }, () => []) : [[]];
  for (let i = 0; i < y.length; i++) groups[task === 'classification' ? y[i] : 0].push(i);
  const train: number[] = [];
  const val: number[] = [];
  for (const group of groups) {
    random.shuffle(group);
    const nVal = Math.round(group.length * fraction);
    for (let i = 0; i < group.length; i++) (i < nVal ? val : train).push(group[i]);
  }
  if (val.length === 0 || train.length === 0) {
    throw new Error(`validationFraction ${fraction} leaves no validation or no training rows out of ${y.length}`);
  }
  return [Int32Array.from(train.sort((a, b) => a - b)), Int32Array.from(val.sort((a, b) => a - b))];
}

function validateData({ X, y }: TrainingData): void {
  if (X.rows === 0 || X.cols === 0) throw new Error(`MLP needs at least one row and one column, got ${X.rows}×${X.cols}`);
  if (y.length !== X.rows) throw new Error(`y has ${y.length} values but X has ${X.rows} rows`);
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i])) {
      throw new Error(`X has a missing or infinite value at row ${Math.floor(i / X.cols)}, column ${i % X.cols}: impute first`);
    }
  }
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`y has a missing or infinite value at row ${i}`);
}

function validateLabels(y: Float64Array, nClasses: number): void {
  if (!Number.isInteger(nClasses) || nClasses < 2) throw new Error(`Classification needs at least 2 classes, got ${nClasses}`);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= nClasses) {
      throw new Error(`y[${i}] = ${y[i]} is not a class index in 0..${nClasses - 1}`);
    }
  }
}

function meanStd(y: Float64Array): { mean: number; std: number } {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= y.length;
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += (y[i] - mean) ** 2;
  const std = Math.sqrt(ss / y.length);
  // A constant target: predict the mean (std 1 keeps the division finite).
  return { mean, std: std > 0 ? std : 1 };
}

function argmaxRows(proba: Float64Array, rows: number, k: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (proba[r * k + j] > proba[r * k + best]) best = j;
    out[r] = best;
  }
  return out;
}

function maxOf(y: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < y.length; i++) if (y[i] > max) max = y[i];
  return max;
}

function rangeOf(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
