/**
 * Learning curve: the cross-validated score when each training fold is cut to 10 %..100 % of its
 * rows (test folds unchanged). A curve still rising at 100 % says more rows would help; train and
 * test far apart at every size says the model overfits. Each (fold, size) point is independent, so
 * the worker pool runs them in parallel.
 */
import type { PreparedCv } from './cv/prepare';
import { runFold } from './cv/fold';
import { Random } from '../core/random';
import type { Fold } from './split/folds';

/** Options of a learning curve. */
export interface LearningCurveOptions {
  /** Shares of each training fold, in (0, 1] (default 0.1, 0.25, 0.5, 0.75, 1). */
  fractions: number[];
  /** Seed of the row subsample (default 0). */
  seed: number;
}

/** Defaults of {@link LearningCurveOptions}. */
export const defaultLearningCurveOptions: LearningCurveOptions = { fractions: [0.1, 0.25, 0.5, 0.75, 1], seed: 0 };

/** The score of one fold trained on a share of its training rows. */
export interface LearningCurvePoint {
  fold: number;
  fraction: number;
  trainSize: number;
  /** The fold's test metrics (r2, rmse… or accuracy, f1…). */
  metrics: Record<string, number>;
}

/** One size of the curve: the metric's mean and population std over folds. */
export interface LearningCurveRow {
  fraction: number;
  /** Mean number of training rows. */
  trainSize: number;
  mean: number;
  std: number;
}

/**
 * The first ⌈fraction·n⌉ rows of a seeded shuffle of `train`, drawn per class when `y` is given
 * (so every class keeps at least one row); sorted ascending.
 * @param train indices into the prepared rows
 * @param fraction share to keep, in (0, 1]
 * @param classOf class per prepared row (classification), or undefined
 */
export function subsampleTrain(train: Int32Array, fraction: number, seed: number, classOf?: Float64Array): Int32Array {
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`A learning-curve fraction must be in (0, 1], got ${fraction}`);
  if (fraction === 1) return train.slice();
  const random = new Random(seed);
  const groups = new Map<number, number[]>();
  for (const i of train) {
    const key = classOf ? classOf[i] : 0;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const kept: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = Int32Array.from(groups.get(key) as number[]);
    random.shuffle(members);
    const take = Math.max(classOf ? 1 : 2, Math.ceil(fraction * members.length));
    for (let i = 0; i < Math.min(take, members.length); i++) kept.push(members[i]);
  }
  return Int32Array.from(kept).sort();
}

/** `prepared` with fold `foldIndex`'s training rows cut to `fraction` (the other folds unchanged). */
export function withSubsampledFold(prepared: PreparedCv, foldIndex: number, fraction: number, seed: number): PreparedCv {
  const fold = prepared.folds[foldIndex];
  if (!fold) throw new Error(`Fold ${foldIndex} does not exist; there are ${prepared.folds.length}`);
  const classOf = prepared.classes ? prepared.y : undefined;
  const train = subsampleTrain(Int32Array.from(fold.train), fraction, seed + 7919 * foldIndex, classOf);
  const folds: Fold[] = prepared.folds.map((f, i) => (i === foldIndex ? { ...f, train } : f));
  return { ...prepared, folds };
}

/** Fits fold `foldIndex` on `fraction` of its training rows and scores its test rows. */
export async function learningCurvePoint(prepared: PreparedCv, foldIndex: number, fraction: number, seed = 0): Promise<LearningCurvePoint> {
  const result = await runFold(withSubsampledFold(prepared, foldIndex, fraction, seed), foldIndex);
  return { fold: foldIndex, fraction, trainSize: result.trainSize, metrics: result.metrics };
}

/** Mean and std of `metric` per fraction, in ascending fraction order. */
export function summariseLearningCurve(points: readonly LearningCurvePoint[], metric: string): LearningCurveRow[] {
  const byFraction = new Map<number, LearningCurvePoint[]>();
  for (const p of points) {
    let list = byFraction.get(p.fraction);
    if (!list) byFraction.set(p.fraction, (list = []));
    list.push(p);
  }
  return [...byFraction.keys()]
    .sort((a, b) => a - b)
    .map((fraction) => {
      const list = byFraction.get(fraction) as LearningCurvePoint[];
      const scores = list.map((p) => p.metrics[metric]).filter(Number.isFinite);
      const mean = scores.length ? scores.reduce((s, v) => s + v, 0) / scores.length : NaN;
      const std = scores.length ? Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / scores.length) : NaN;
      const trainSize = list.reduce((s, p) => s + p.trainSize, 0) / list.length;
      return { fraction, trainSize, mean, std };
    });
}

/** The whole curve in one thread (Node, tests); the pool runs the same points in parallel. */
export async function learningCurve(prepared: PreparedCv, metric: string, options: Partial<LearningCurveOptions> = {}): Promise<LearningCurveRow[]> {
  const { fractions, seed } = { ...defaultLearningCurveOptions, ...options };
  const points: LearningCurvePoint[] = [];
  for (const fraction of fractions) {
    for (let f = 0; f < prepared.folds.length; f++) points.push(await learningCurvePoint(prepared, f, fraction, seed));
  }
  return summariseLearningCurve(points, metric);
}
