/**
 * `npm run bench -- trees`: our histogram random forest and gradient boosting on the
 * synthetic customers (bench/synth.ts, 8 features), against scikit-learn's published
 * single-thread timings on this machine class and ml-random-forest measured in this run.
 */
import { RandomForestRegression } from 'ml-random-forest';
import type { Matrix } from '../src/lib/ml/core/matrix';
import type { TrainingData } from '../src/lib/ml/core/model';
import { Random } from '../src/lib/ml/core/random';
import { fitGradientBoosting } from '../src/lib/ml/models/tree/gbm';
import { fitRandomForest } from '../src/lib/ml/models/tree/forest';
import type { BenchRow } from './row';
import { generateCustomers, regressionProblem } from './synth';
import { fitForestParallel } from './trees-parallel';
import { r2Score } from '../src/lib/ml/evaluation/metrics/regression';

/**
 * scikit-learn 1.2.1, one thread, medians (seconds), copied from ../shared/reference/timings.md
 * (2-core AMD EPYC, Debian, same synthetic data recipe).
 */
const SKLEARN = {
  rf100At2k: 0.278,
  rf100At10k: 1.482,
  cv5Rf50At10k: 2.969,
  rf50Depth10At100k: 4.609,
  rf100At100k: 18.571,
};

const SUITE = 'trees';

function problem(n: number): TrainingData {
  const p = regressionProblem(generateCustomers(n, 42));
  return { X: { rows: n, cols: p.cols, data: p.X }, y: p.y, task: 'regression' };
}

function seconds<T>(work: () => T): { s: number; result: T } {
  const t0 = performance.now();
  const result = work();
  return { s: (performance.now() - t0) / 1000, result };
}

async function secondsAsync<T>(work: () => Promise<T>): Promise<{ s: number; result: T }> {
  const t0 = performance.now();
  const result = await work();
  return { s: (performance.now() - t0) / 1000, result };
}

function rows(X: Matrix, idx: ArrayLike<number>): Matrix {
  const data = new Float64Array(idx.length * X.cols);
  for (let i = 0; i < idx.length; i++) data.set(X.data.subarray(idx[i] * X.cols, (idx[i] + 1) * X.cols), i * X.cols);
  return { rows: idx.length, cols: X.cols, data };
}

function meanLeaves(trees: { nodeCount: number; feature: Int32Array }[]): number {
  let leaves = 0;
  for (const t of trees) for (let i = 0; i < t.nodeCount; i++) if (t.feature[i] < 0) leaves++;
  return Math.round(leaves / trees.length);
}

/** Plain 5-fold CV (seeded shuffle) of a 50-tree forest; returns the fold R²s. */
function crossValidate(data: TrainingData): number[] {
  const n = data.X.rows;
  const order = new Random(42).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const scores: number[] = [];
  for (let f = 0; f < 5; f++) {
    const test = order.subarray(Math.floor((f * n) / 5), Math.floor(((f + 1) * n) / 5));
    const train = Int32Array.from(order.filter((_, i) => i < Math.floor((f * n) / 5) || i >= Math.floor(((f + 1) * n) / 5)));
    const model = fitRandomForest({ X: rows(data.X, train), y: Float64Array.from(train, (i) => data.y[i]), task: 'regression' }, { nEstimators: 50 });
    scores.push(r2Score(Float64Array.from(test, (i) => data.y[i]), model.predict(rows(data.X, test))));
  }
  return scores;
}

/** Runs the tree benchmarks (about 3–5 minutes on 2 idle cores). */
export async function run(): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const vsSklearn = (job: string, s: number, anchor: number, note?: string): void => {
    out.push({ suite: SUITE, job, seconds: s, baseline: `scikit-learn ${anchor} s (published)`, ratio: s / anchor, note });
  };

  // In-run baseline: ml-random-forest on 2,000 rows, 5 trees (≈ 0.5 s a tree), per-tree ratio.
  const d2k = problem(2000);
  const plain2k = Array.from({ length: 2000 }, (_, i) => Array.from(d2k.X.data.subarray(i * 8, i * 8 + 8)));
  const mlTrees = 5;
  const ml = seconds(() => {
    const rf = new RandomForestRegression({ nEstimators: mlTrees, seed: 0, noOOB: true, maxFeatures: 8, replacement: false, useSampleBagging: true });
    rf.train(plain2k, Array.from(d2k.y));
  });
  out.push({ suite: SUITE, job: `ml-random-forest RF(${mlTrees}) fit, 2k × 8`, seconds: ml.s, note: `${((ml.s / mlTrees) * 1000).toFixed(0)} ms a tree; noOOB, all 8 features, in-run baseline` });
  const ours2k = seconds(() => fitRandomForest(d2k, { nEstimators: 100 }));
  out.push({
    suite: SUITE,
    job: 'RF(100) fit, 2k × 8',
    seconds: ours2k.s,
    baseline: `ml-random-forest per tree (this run, ${mlTrees} trees)`,
    ratio: ours2k.s / 100 / (ml.s / mlTrees),
    note: `ratio per tree (${((ml.s / mlTrees) / (ours2k.s / 100)).toFixed(0)}× faster); scikit-learn ${SKLEARN.rf100At2k} s → ${(ours2k.s / SKLEARN.rf100At2k).toFixed(2)}×`,
  });

  const d10k = problem(10_000);
  const rf10k = seconds(() => fitRandomForest(d10k, { nEstimators: 100 }));
  vsSklearn('RF(100) fit, 10k × 8, 1 thread', rf10k.s, SKLEARN.rf100At10k, `${meanLeaves(rf10k.result.forest.trees)} leaves/tree (sklearn 6163)`);
  const cv = seconds(() => crossValidate(d10k));
  vsSklearn('5-fold CV RF(50), 10k × 8, 1 thread', cv.s, SKLEARN.cv5Rf50At10k, `mean R² ${(cv.result.reduce((a, b) => a + b, 0) / 5).toFixed(4)} (sklearn 0.9656)`);

  const d100k = problem(100_000);
  const d10 = seconds(() => fitRandomForest(d100k, { nEstimators: 50, maxDepth: 10 }));
  vsSklearn('RF(50, maxDepth 10) fit, 100k × 8, 1 thread', d10.s, SKLEARN.rf50Depth10At100k);
  const rf100k = seconds(() => fitRandomForest(d100k, { nEstimators: 100 }));
  vsSklearn('RF(100) fit, 100k × 8, 1 thread', rf100k.s, SKLEARN.rf100At100k, `${meanLeaves(rf100k.result.forest.trees)} leaves/tree (sklearn 61778)`);
  const par100k = await secondsAsync(() => fitForestParallel(d100k, { nEstimators: 100 }, 2));
  const same = JSON.stringify(par100k.result.forest.trees[73].value) === JSON.stringify(rf100k.result.forest.trees[73].value);
  vsSklearn('RF(100) fit, 100k × 8, 2 worker threads', par100k.s, SKLEARN.rf100At100k, `2 × 50 trees merged, incl. worker start; ${same ? 'identical to' : 'DIFFERS from'} 1 thread`);

  const d1m = problem(1_000_000);
  const par1m = await secondsAsync(() => fitForestParallel(d1m, { nEstimators: 100, minSamplesLeaf: 10 }, 2));
  out.push({ suite: SUITE, job: 'RF(100, minSamplesLeaf 10) fit, 1M × 8, 2 worker threads', seconds: par1m.s, note: `${meanLeaves(par1m.result.forest.trees)} leaves/tree; no scikit-learn anchor` });

  for (const [label, data] of [['10k', d10k], ['100k', d100k], ['1M', d1m]] as const) {
    const gbm = seconds(() => fitGradientBoosting(data, { nEstimators: 100, maxDepth: 3, learningRate: 0.1 }));
    out.push({ suite: SUITE, job: `GBM(100, depth 3) fit, ${label} × 8, 1 thread`, seconds: gbm.s, note: `train R² ${r2Score(data.y, gbm.result.predict(data.X)).toFixed(4)}; no scikit-learn anchor` });
  }
  return out;
}
