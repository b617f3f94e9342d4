/**
 * A held-out test set: a seeded share of the rows kept out of cross-validation and tuning, scored
 * once by the model fitted on all the other rows, so the performance a saved model quotes was
 * measured on rows nothing was chosen on. Rows that must stay together (a group column, identical
 * rows when duplicates are grouped) go to the same side; classes keep their shares.
 */
import type { ProgressCallback } from '../../core/model';
import { Random } from '../../core/random';
import { fitOnRows } from '../../models/fit-rows';
import { transformTable } from '../../preprocess/pipeline';
import { classificationMetrics } from '../metrics/classification';
import { regressionMetrics } from '../metrics/regression';
import type { PreparedCv } from './prepare';

/** The largest test share (half the rows). */
export const maxTestShare = 0.5;

/** Entries (indices into the rows with a target) kept for cross-validation, and those held out. */
export interface HoldoutSplit {
  keep: Int32Array;
  test: Int32Array;
}

/**
 * Draws the held-out entries: `round(share · n)` of them (at least one, and at least one left),
 * per class when `stratify`, by whole groups when `groups` is given (as near each share as whole
 * groups allow), else at random.
 * @param y encoded target per entry
 * @param groups group id per entry (rows of a group stay on one side), or null
 * @param share test share, in (0, 0.5]
 * @param seed the run's seed (the draw uses its own stream of it)
 */
export function splitHoldout(y: ArrayLike<number>, groups: ArrayLike<number> | null, share: number, seed: number, stratify: boolean): HoldoutSplit {
  const n = y.length;
  if (!(share > 0 && share <= maxTestShare)) throw new Error(`The test share must be above 0 and at most ${maxTestShare}, got ${share}`);
  const wanted = Math.min(n - 1, Math.max(1, Math.round(share * n)));
  if (n < 2) throw new Error(`A test set needs at least 2 rows with a target, got ${n}`);
  // Its own stream, so the folds (drawn from the seed itself) do not echo the test draw.
  const random = new Random((seed ^ 0x7e57_5e7) >>> 0);
  const isTest = new Uint8Array(n);
  if (groups) {
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const list = members.get(groups[i]);
      if (list) list.push(i);
      else members.set(groups[i], [i]);
    }
    // Whole groups in a seeded order, each taken when it brings every class it holds closer to that
    // class's share (one class when not stratified): a class is never left out of the test set by
    // the luck of which groups come first.
    const classOf = (i: number): number => (stratify ? y[i] : 0);
    const goal = new Map<number, number>();
    for (let i = 0; i < n; i++) goal.set(classOf(i), (goal.get(classOf(i)) ?? 0) + 1);
    for (const [c, count] of goal) goal.set(c, stratify ? Math.round(share * count) : wanted);
    const taken = new Map<number, number>();
    let total = 0;
    for (const id of random.shuffle(Float64Array.from(members.keys()))) {
      const list = members.get(id)!;
      if (total + list.length >= n) continue;
      const adds = new Map<number, number>();
      for (const i of list) adds.set(classOf(i), (adds.get(classOf(i)) ?? 0) + 1);
      let before = 0;
      let after = 0;
      for (const [c, k] of adds) {
        const have = taken.get(c) ?? 0;
        before += Math.abs(goal.get(c)! - have);
        after += Math.abs(goal.get(c)! - have - k);
      }
      if (after >= before) continue;
      for (const [c, k] of adds) taken.set(c, (taken.get(c) ?? 0) + k);
      for (const i of list) isTest[i] = 1;
      total += list.length;
    }
  } else if (stratify) {
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const list = byClass.get(y[i]);
      if (list) list.push(i);
      else byClass.set(y[i], [i]);
    }
    for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
      const order = random.shuffle(Int32Array.from(byClass.get(key)!));
      const count = Math.min(order.length - 1, Math.round(share * order.length));
      for (let j = 0; j < count; j++) isTest[order[j]] = 1;
    }
  } else {
    const order = random.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    for (let j = 0; j < wanted; j++) isTest[order[j]] = 1;
  }
  const keep: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (isTest[i] ? test : keep).push(i);
  if (!test.length) throw new Error(`No group fits in a ${Math.round(share * 100)} % test set without leaving nothing to train on`);
  return { keep: Int32Array.from(keep), test: Int32Array.from(test) };
}

/** The held-out rows' metrics (the fold metrics' names: r2, rmse… or accuracy, f1, roc_auc…). */
export interface HoldoutScore {
  /** Held-out rows. */
  rows: number;
  /** Rows the model was fitted on (every cross-validation row). */
  trainRows: number;
  metrics: Record<string, number>;
}

/** Fits the run's model on every cross-validation row and scores the held-out rows. */
export async function scoreHoldout(prepared: PreparedCv, onProgress?: ProgressCallback): Promise<HoldoutScore> {
  const { table, config, rows, y, classes, holdout } = prepared;
  if (!holdout) throw new Error('This run keeps no test set');
  const { model, pipeline } = await fitOnRows(
    table,
    prepared.features,
    rows,
    y,
    { task: config.task, model: config.model, nClasses: classes?.length, seed: config.seed, modelOptions: config.modelOptions, preprocess: config.preprocess, imbalance: config.imbalance },
    onProgress,
  );
  const X = transformTable(pipeline, table, holdout.rows);
  const predictions = model.predict(X);
  const metrics =
    config.task === 'regression'
      ? regressionMetrics(holdout.y, predictions)
      : classificationMetrics(holdout.y, predictions, model.predictProba?.(X), classes?.length ?? 2, prepared.positiveIndex ?? 1);
  return { rows: holdout.rows.length, trainRows: rows.length, metrics };
}
