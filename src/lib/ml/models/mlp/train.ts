import type { Tensor, Tensor1D, Tensor2D, Scalar, Variable } from '@tensorflow/tfjs';
import type { MlpNetwork } from './network';
import type { Random } from '../../core/random';
import type { Tf } from './tf-backend';

/** Rows prepared for training: inputs and targets in float32, row-major, as the network consumes them. */
export interface TrainRows {
  rows: number;
  /** rows × inputs. */
  x: Float32Array;
  /** rows × outputs: standardized target, 0/1 label, or one-hot classes. */
  y: Float32Array;
  /** Per-row loss weights with mean 1, or undefined for all 1. */
  weight?: Float32Array;
}

/** Settings of the training loop (a subset of MlpOptions, already validated). */
export interface TrainSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  dropout: number;
  patience: number;
}

/** What the loop did: loss per epoch (data loss + L2 penalty), validation loss, the epoch kept. */
export interface TrainHistory {
  loss: number[];
  validationLoss: number[];
  /** 0-based epoch whose weights were kept (the last one without a validation set). */
  bestEpoch: number;
}

/**
 * Trains `net` in place with Adam on `train`, with our own epoch loop: rows shuffled by `random`
 * (model.fit shuffles with Math.random), every batch exactly `batchSize` rows (the last one wraps
 * around the shuffled order, so WebGL compiles each shader once, tfjs #7589), dropout masks seeded per
 * batch. With `validation`, stops after `patience` epochs without a lower validation loss and keeps the
 * best weights. Every tensor made here is disposed before returning, on success or error.
 */
export async function trainNetwork(
  tf: Tf,
  net: MlpNetwork,
  train: TrainRows,
  validation: TrainRows | undefined,
  settings: TrainSettings,
  random: Random,
  onEpoch?: (epoch: number, loss: number, validationLoss: number | undefined) => void,
): Promise<TrainHistory> {
  const { sizes } = net;
  const nLayers = sizes.length - 1;
  const batchSize = Math.min(settings.batchSize, train.rows);
  const batchesPerEpoch = Math.ceil(train.rows / batchSize);
  const history: TrainHistory = { loss: [], validationLoss: [], bestEpoch: settings.epochs - 1 };
  const owned: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => (owned.push(t), t);
  const optimizer = tf.train.adam(settings.learningRate, 0.9, 0.999, 1e-8);
  let best: Tensor[] | undefined;
  try {
    const kernels: Variable[] = [];
    const biases: Variable[] = [];
    for (let l = 0; l < nLayers; l++) {
      // tidy: tf.variable shares the initial tensor's data, and that tensor would otherwise stay counted.
      kernels.push(keep(tf.tidy(() => tf.variable(tf.tensor2d(net.weights[l], [sizes[l], sizes[l + 1]])))));
      biases.push(keep(tf.tidy(() => tf.variable(tf.tensor1d(net.biases[l])))));
    }
    const variables = [...kernels, ...biases];
    const xTrain = keep(tf.tensor2d(train.x, [train.rows, sizes[0]]));
    const yTrain = keep(tf.tensor2d(train.y, [train.rows, sizes[nLayers]]));
    const wTrain = train.weight ? keep(tf.tensor1d(train.weight)) : undefined;
    const xVal = validation ? keep(tf.tensor2d(validation.x, [validation.rows, sizes[0]])) : undefined;
    const yVal = validation ? keep(tf.tensor2d(validation.y, [validation.rows, sizes[nLayers]])) : undefined;
    const wVal = validation?.weight ? keep(tf.tensor1d(validation.weight)) : undefined;

    const forward = (x: Tensor2D, dropoutSeeds?: number[]): Tensor2D => {
      let h = x;
      for (let l = 0; l < nLayers; l++) {
        h = tf.add(tf.matMul(h, kernels[l]), biases[l]);
        if (l + 1 < nLayers) {
          h = net.activation === 'relu' ? tf.relu(h) : net.activation === 'tanh' ? tf.tanh(h) : tf.sigmoid(h);
          if (dropoutSeeds) h = tf.dropout(h, settings.dropout, undefined, dropoutSeeds[l]) as Tensor2D;
        }
      }
      return h;
    };
    // Per-row data loss as scikit-learn defines it: half squared error, binary or categorical log-loss.
    const rowLoss = (logits: Tensor2D, y: Tensor2D): Tensor1D => {
      if (net.output === 'identity') return tf.mul(0.5, tf.sum(tf.square(tf.sub(logits, y)), 1));
      if (net.output === 'sigmoid') {
        // max(z, 0) − z·y + log(1 + e^−|z|): the overflow-safe form of the sigmoid cross-entropy.
        const z = logits;
        return tf.sum(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))), 1);
      }
      return tf.neg(tf.sum<Tensor1D>(tf.mul(y, tf.logSoftmax(logits)), 1));
    };
    const meanLoss = (losses: Tensor1D, w: Tensor1D | undefined): Scalar =>
      w ? tf.mean(tf.mul(losses, w)) : tf.mean(losses);

    const order = new Int32Array(train.rows);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const batchIndex = new Int32Array(batchSize);
    // scikit-learn's penalty: 0.5 · alpha · Σ‖W‖² / batch size (biases are not penalised).
    const penaltyScale = (0.5 * settings.l2) / batchSize;
    let bestLoss = Infinity;
    let sinceBest = 0;

    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      random.shuffle(order);
      const costs: Scalar[] = [];
      for (let b = 0; b < batchesPerEpoch; b++) {
        for (let i = 0; i < batchSize; i++) batchIndex[i] = order[(b * batchSize + i) % train.rows];
        const seeds = settings.dropout > 0 ? Array.from({ length: nLayers }, () => random.nextUint32()) : undefined;
        const cost = tf.tidy(() => {
          const index = tf.tensor1d(batchIndex, 'int32');
          return optimizer.minimize(
            () => {
              const logits = forward(tf.gather(xTrain, index), seeds);
              const data = meanLoss(rowLoss(logits, tf.gather(yTrain, index)), wTrain && tf.gather(wTrain, index));
              if (penaltyScale === 0) return data;
              return tf.add(data, tf.mul(penaltyScale, tf.addN(kernels.map((k) => tf.sum(tf.square(k))))));
            },
            true,
            variables,
          ) as Scalar;
        });
        costs.push(cost);
      }
      const summary = tf.tidy(() => {
        const train = tf.div(tf.addN(costs), costs.length);
        const val = xVal && yVal ? meanLoss(rowLoss(forward(xVal as Tensor2D), yVal as Tensor2D), wVal) : tf.scalar(NaN);
        return tf.stack([train, val]);
      });
      for (const c of costs) c.dispose();
      // One asynchronous read per epoch: on WebGL a sync read would stall the worker on the GPU.
      const [loss, valLoss] = await summary.data();
      summary.dispose();
      history.loss.push(loss);
      if (!Number.isFinite(loss)) throw new Error(`MLP training diverged at epoch ${epoch + 1} (loss ${loss}); lower the learning rate`);
      if (validation) {
        history.validationLoss.push(valLoss);
        if (valLoss < bestLoss) {
          bestLoss = valLoss;
          sinceBest = 0;
          history.bestEpoch = epoch;
          for (const t of best ?? []) t.dispose();
          // clone() shares the data; Adam's assign() gives the variable new data, so this is a snapshot.
          best = variables.map((v) => tf.clone(v));
        } else {
          sinceBest++;
        }
      } else {
        history.bestEpoch = epoch;
      }
      onEpoch?.(epoch, loss, validation ? valLoss : undefined);
      if (validation && sinceBest >= settings.patience) break;
    }

    const final = best ?? variables;
    const values = await Promise.all(final.map((t) => t.data()));
    for (let l = 0; l < nLayers; l++) {
      net.weights[l] = new Float32Array(values[l] as Float32Array);
      net.biases[l] = new Float32Array(values[nLayers + l] as Float32Array);
    }
    return history;
  } finally {
    for (const t of best ?? []) t.dispose();
    for (const t of owned) t.dispose();
    optimizer.dispose();
  }
}
