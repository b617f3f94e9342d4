/**
 * The losses gradient boosting minimises, each with what the boosting loop needs: the
 * constant initial scores, per-row gradients and hessians of the raw scores, the mean loss
 * (for early stopping) and the raw-score → probability transform. Squared error for
 * regression, log loss on one score for two classes, softmax log loss on one score per
 * class for more (scikit-learn's HistGradientBoosting losses).
 */
import type { Task } from '../../core/model';
import { logSumExp, softmaxRows } from '../../core/softmax';

/** A boosting loss over raw scores stored row-major, nScores per row. */
export interface BoostingLoss {
  /** The best constant raw scores for targets `y` (values or class indices) with weights `w`. */
  initialScores(y: Float64Array, w: Float64Array, nClasses: number): Float64Array;
  /** Gradient and hessian of the loss per row and score column, written into grad and hess. */
  gradients(raw: Float64Array, y: Float64Array, w: Float64Array, grad: Float64Array, hess: Float64Array): void;
  /** The weighted mean loss of raw scores `raw` on targets `y`. */
  meanLoss(raw: Float64Array, y: Float64Array, w: Float64Array): number;
  /** Class probabilities (rows × nClasses) from the raw scores; classification losses only. */
  probabilities?(raw: Float64Array, rows: number, nClasses: number): Float64Array;
}

/** The loss for `task` with `nScores` score columns (1 for regression and two classes). */
export function boostingLoss(task: Task, nScores: number): BoostingLoss {
  if (task === 'regression') return squaredError;
  return nScores === 1 ? binaryLogLoss : multinomialLogLoss(nScores);
}

function weightSum(w: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i];
  return sum;
}

/** The weighted share of each class, clipped away from 0 and 1 so its log is finite. */
function clippedPriors(y: Float64Array, w: Float64Array, nClasses: number): Float64Array {
  const total = weightSum(w);
  const prior = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i++) prior[y[i]] += w[i] / total;
  for (let k = 0; k < nClasses; k++) prior[k] = Math.min(1 - 1e-15, Math.max(1e-15, prior[k]));
  return prior;
}

/** Half the squared error; the initial score is the weighted mean. */
const squaredError: BoostingLoss = {
  initialScores(y, w) {
    const total = weightSum(w);
    const init = new Float64Array(1);
    for (let i = 0; i < y.length; i++) init[0] += w[i] * y[i];
    init[0] /= total;
    return init;
  },
  gradients(raw, y, w, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      grad[i] = w[i] * (raw[i] - y[i]);
      hess[i] = w[i];
    }
  },
  meanLoss(raw, y, w) {
    let loss = 0;
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      total += w[i];
      loss += (w[i] * (raw[i] - y[i]) ** 2) / 2;
    }
    return loss / total;
  },
};

/** Log loss of two classes on one logit; the initial score is the log-odds of the prior. */
const binaryLogLoss: BoostingLoss = {
  initialScores(y, w, nClasses) {
    const prior = clippedPriors(y, w, nClasses);
    return Float64Array.of(Math.log(prior[1] / prior[0]));
  },
  gradients(raw, y, w, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]));
      grad[i] = w[i] * (p - y[i]);
      hess[i] = w[i] * p * (1 - p);
    }
  },
  meanLoss(raw, y, w) {
    let loss = 0;
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      total += w[i];
      const z = raw[i];
      loss += w[i] * (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[i] * z);
    }
    return loss / total;
  },
  probabilities(raw, rows, nClasses) {
    const out = new Float64Array(rows * nClasses);
    for (let i = 0; i < rows; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]));
      out[i * 2] = 1 - p;
      out[i * 2 + 1] = p;
    }
    return out;
  },
};

/** Softmax log loss on one logit per class; the initial scores are the log priors. */
function multinomialLogLoss(nScores: number): BoostingLoss {
  return {
    initialScores(y, w, nClasses) {
      const prior = clippedPriors(y, w, nClasses);
      const init = new Float64Array(nScores);
      for (let k = 0; k < nClasses; k++) init[k] = Math.log(prior[k]);
      return init;
    },
    gradients(raw, y, w, grad, hess) {
      // The probabilities go into grad first, then each is turned into its gradient.
      softmaxRows(raw, y.length, nScores, grad);
      for (let i = 0; i < y.length; i++) {
        const o = i * nScores;
        for (let k = 0; k < nScores; k++) {
          const p = grad[o + k];
          grad[o + k] = w[i] * (p - (y[i] === k ? 1 : 0));
          hess[o + k] = w[i] * p * (1 - p);
        }
      }
    },
    meanLoss(raw, y, w) {
      let loss = 0;
      let total = 0;
      for (let i = 0; i < y.length; i++) {
        total += w[i];
        const o = i * nScores;
        loss += w[i] * (logSumExp(raw, o, nScores) - raw[o + y[i]]);
      }
      return loss / total;
    },
    probabilities(raw, rows, nClasses) {
      const out = new Float64Array(rows * nClasses);
      softmaxRows(raw, rows, nScores, out);
      return out;
    },
  };
}
