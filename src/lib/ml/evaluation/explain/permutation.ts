/**
 * Permutation importance (Breiman 2001; scikit-learn's `permutation_importance`): how much a score
 * drops when one feature, or a group of columns moved together, is shuffled across rows. Use it on
 * out-of-fold or test rows: on training rows it measures memorisation, not generalisation.
 */
import type { Matrix } from '../../core/matrix';
import { Random } from '../../core/random';

/** Predictions for the rows of X (one value per row, or row-major n × K probabilities). */
export type PredictFn = (X: Matrix) => Float64Array;

/** A score where higher is better (R², accuracy, ROC-AUC, negative RMSE…). */
export type ScoreFn = (yTrue: Float64Array, yPred: Float64Array) => number;

/** Options of {@link permutationImportance}. */
export interface PermutationOptions {
  /**
   * Column groups shuffled together (e.g. the one-hot columns of one categorical, so every row
   * stays a valid one-hot row). Default: each column alone.
   */
  groups?: readonly (readonly number[])[];
  /** Shuffles per group (default 10). */
  nRepeats: number;
  seed: number;
}

/** Defaults of {@link PermutationOptions}. */
export const defaultPermutationOptions: PermutationOptions = { nRepeats: 10, seed: 0 };

/** The importance of one group. */
export interface GroupImportance {
  /** Columns of X in the group. */
  columns: number[];
  /** Mean drop of the score over the repeats (baseline − permuted). */
  mean: number;
  /** Population standard deviation of the drop over the repeats (numpy's default, as scikit-learn). */
  std: number;
  /** The drop of each repeat. */
  drops: Float64Array;
}

/** Result of {@link permutationImportance}. */
export interface PermutationResult {
  /** Score on the unpermuted rows. */
  baseline: number;
  /** One entry per group, in the order of `groups`. */
  importances: GroupImportance[];
}

/**
 * Score drop per group of columns when its values are shuffled across rows (the group's columns with
 * the same permutation). X is not modified.
 * @param predict the trained model's prediction function
 * @param X rows to score on (out-of-fold or test rows)
 * @param y their targets
 * @param score higher is better
 * @param options groups (default one per column), nRepeats (default 10), seed (default 0)
 */
export function permutationImportance(
  predict: PredictFn,
  X: Matrix,
  y: Float64Array,
  score: ScoreFn,
  options: Partial<PermutationOptions> = {},
): PermutationResult {
  const { groups, nRepeats, seed } = { ...defaultPermutationOptions, ...options };
  const { rows, cols } = X;
  if (y.length !== rows) throw new Error(`permutationImportance: X has ${rows} rows but y has ${y.length}`);
  if (rows < 2) throw new Error('permutationImportance needs at least 2 rows');
  if (!(nRepeats >= 1)) throw new Error(`permutationImportance: nRepeats must be at least 1, got ${nRepeats}`);
  const columnGroups = groups ?? Array.from({ length: cols }, (_, j) => [j]);
  for (const group of columnGroups) {
    if (group.length === 0) throw new Error('permutationImportance: a group has no columns');
    for (const j of group) if (!(j >= 0 && j < cols)) throw new Error(`permutationImportance: column ${j} is outside X's ${cols} columns`);
  }

  const baseline = score(y, predict(X));
  const work: Matrix = { rows, cols, data: X.data.slice() };
  const order = new Int32Array(rows);
  const random = new Random(seed);
  const importances = columnGroups.map((group) => {
    const groupRandom = random.fork();
    const drops = new Float64Array(nRepeats);
    for (let r = 0; r < nRepeats; r++) {
      for (let i = 0; i < rows; i++) order[i] = i;
      groupRandom.shuffle(order);
      for (const j of group) for (let i = 0; i < rows; i++) work.data[i * cols + j] = X.data[order[i] * cols + j];
      drops[r] = baseline - score(y, predict(work));
    }
    for (const j of group) for (let i = 0; i < rows; i++) work.data[i * cols + j] = X.data[i * cols + j];
    const mean = drops.reduce((s, v) => s + v, 0) / nRepeats;
    const variance = drops.reduce((s, v) => s + (v - mean) ** 2, 0) / nRepeats;
    return { columns: [...group], mean, std: Math.sqrt(variance), drops };
  });
  return { baseline, importances };
}
