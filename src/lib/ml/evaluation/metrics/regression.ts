/** Regression metrics, defined as scikit-learn defines them. */

function check(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) throw new Error(`Length mismatch: ${yTrue.length} true values, ${yPred.length} predictions`);
  if (yTrue.length === 0) throw new Error('Cannot score 0 predictions');
  return yTrue.length;
}

/** Coefficient of determination 1 − SS_res/SS_tot (1 for a perfect fit of a constant target, else 0 then, like sklearn). */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = check(yTrue, yPred);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i];
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += (yTrue[i] - yPred[i]) ** 2;
    tot += (yTrue[i] - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/** Root mean squared error, in the target's units. */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = check(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < n; i++) s += (yTrue[i] - yPred[i]) ** 2;
  return Math.sqrt(s / n);
}

/** Mean absolute error, in the target's units. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = check(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(yTrue[i] - yPred[i]);
  return s / n;
}

/** Mean absolute percentage error as a fraction (sklearn: |y − ŷ| / max(|y|, ε)). */
export function mape(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = check(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(yTrue[i] - yPred[i]) / Math.max(Math.abs(yTrue[i]), Number.EPSILON);
  return s / n;
}

/** All regression metrics of a fold, keyed as the CLI prints them. */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Record<string, number> {
  return { r2: r2Score(yTrue, yPred), rmse: rmse(yTrue, yPred), mae: mae(yTrue, yPred), mape: mape(yTrue, yPred) };
}
