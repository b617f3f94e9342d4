/**
 * `npm run bench -- trees`: our histogram random forest on the synthetic customers
 * (bench/synth.ts, 8 features) against scikit-learn's RandomForestRegressor (n_jobs=1,
 * random_state=0, its regression defaults: all features per split, bootstrap) on the same
 * rows, measured in the same run: each round fits ours, then scikit-learn's
 * (bench/trees-sklearn.py, which times the fit inside Python), so load on a shared machine
 * hits both alike; the medians of the rounds are reported, with the R² of both on 20,000
 * held-out rows, and the ratio of CPU times (this process's against Python's process_time), which
 * a busy shared machine distorts less than wall time. scikit-learn comes from /usr/bin/python3 (Debian:
 * `apt-get install python3-sklearn`); without it (or with TREES_SKLEARN=0) the rows give the
 * published single-thread timings and say so. TREES_ROUNDS (default 3; 2 for the 100k rows,
 * where scikit-learn takes about 18 s a fit) sets the rounds; TREES_ONLY_RF=1 stops after the
 * 100k rows (no 1M forest, no GBM). ml-random-forest stays as an in-run baseline on 2k rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomForestRegression } from 'ml-random-forest';
import type { Matrix } from '../src/lib/ml/core/matrix';
import type { TrainingData } from '../src/lib/ml/core/model';
import { Random } from '../src/lib/ml/core/random';
import { fitGradientBoosting } from '../src/lib/ml/models/tree/gbm';
import { fitRandomForest, type RandomForestOptions } from '../src/lib/ml/models/tree/forest';
import type { BenchRow } from './row';
import { generateCustomers, regressionProblem } from './synth';
import { fitForestParallel } from './trees-parallel';
import { r2Score } from '../src/lib/ml/evaluation/metrics/regression';

/**
 * scikit-learn 1.2.1, one thread, medians (seconds), copied from ../shared/reference/timings.md
 * (2-core AMD EPYC, Debian, same synthetic data recipe): used when scikit-learn is not installed.
 */
const SKLEARN = {
  rf100At2k: 0.278,
  rf100At10k: 1.482,
  cv5Rf50At10k: 2.969,
  rf50Depth10At100k: 4.609,
  rf100At100k: 18.571,
};

const SUITE = 'trees';
const PYTHON = '/usr/bin/python3';

function problem(n: number, seed = 42): TrainingData {
  const p = regressionProblem(generateCustomers(n, seed));
  return { X: { rows: n, cols: p.cols, data: p.X }, y: p.y, task: 'regression' };
}

/** Wall seconds of `work`, and the CPU seconds of this process meanwhile (less sensitive to other jobs on a shared machine). */
function seconds<T>(work: () => T): { s: number; cpu: number; result: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = work();
  const c = process.cpuUsage(c0);
  return { s: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, result };
}

/** Wall and CPU seconds of each side over the rounds, and the last results. */
interface Rounds<T> {
  ours: number[];
  oursCpu: number[];
  theirs: number[];
  theirsCpu: number[];
  last: T;
  them: SklearnResult | null;
}

/** `rounds` rounds of our `work`, each followed by scikit-learn's (`theirs`, when installed), so machine load hits both alike. */
function interleave<T>(rounds: number, work: () => T, theirs: (() => SklearnResult) | null): Rounds<T> {
  const r: Rounds<T> = { ours: [], oursCpu: [], theirs: [], theirsCpu: [], last: undefined as T, them: null };
  for (let k = 0; k < rounds; k++) {
    const fit = seconds(work);
    r.ours.push(fit.s);
    r.oursCpu.push(fit.cpu);
    r.last = fit.result;
    if (theirs) {
      r.them = theirs();
      r.theirs.push(r.them.seconds[0]);
      r.theirsCpu.push(r.them.cpuSeconds[0]);
    }
  }
  return r;
}

async function secondsAsync<T>(work: () => Promise<T>): Promise<{ s: number; result: T }> {
  const t0 = performance.now();
  const result = await work();
  return { s: (performance.now() - t0) / 1000, result };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
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

function hasSklearn(): boolean {
  if (process.env.TREES_SKLEARN === '0') return false;
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn.ensemble'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The fold (0..4) of every row: 5 contiguous blocks of a seeded shuffle. */
function foldIds(n: number): Int32Array {
  const order = new Random(42).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const fold = new Int32Array(n);
  for (let f = 0; f < 5; f++) for (let k = Math.floor((f * n) / 5); k < Math.floor(((f + 1) * n) / 5); k++) fold[order[k]] = f;
  return fold;
}

/** 5-fold CV (folds of `foldIds`) of a 50-tree forest; returns the fold R²s. */
function crossValidate(data: TrainingData, fold: Int32Array): number[] {
  const scores: number[] = [];
  for (let f = 0; f < 5; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < fold.length; i++) (fold[i] === f ? test : train).push(i);
    const model = fitRandomForest({ X: rows(data.X, train), y: Float64Array.from(train, (i) => data.y[i]), task: 'regression' }, { nEstimators: 50 });
    scores.push(r2Score(Float64Array.from(test, (i) => data.y[i]), model.predict(rows(data.X, test))));
  }
  return scores;
}

interface SklearnResult {
  version: string;
  seconds: number[];
  cpuSeconds: number[];
  r2?: number;
  leaves?: number;
  cvR2?: number[];
}

/** Runs the tree benchmarks (about 5 minutes on 2 idle cores with scikit-learn, 3 without). */
export async function run(): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const live = hasSklearn();
  const rounds = Number(process.env.TREES_ROUNDS ?? 3);
  const bigRounds = Number(process.env.TREES_ROUNDS ?? 2);
  const dir = mkdtempSync(join(tmpdir(), 'trees-bench-'));
  const script = new URL('./trees-sklearn.py', import.meta.url).pathname;
  const holdout = problem(20_000, 7);
  const load = (): string => `load ${loadavg()[0].toFixed(1)}`;

  const write = (name: string, data: TrainingData): string => {
    const file = join(dir, `${name}.f64`);
    const both = new Float64Array(data.X.rows * data.X.cols + data.X.rows);
    both.set(data.X.data);
    both.set(data.y, data.X.data.length);
    writeFileSync(file, new Uint8Array(both.buffer));
    return file;
  };
  const testFile = write('holdout', holdout);
  const sklearn = (spec: Record<string, unknown>): SklearnResult =>
    JSON.parse(execFileSync(PYTHON, [script, JSON.stringify({ test: testFile, nTest: holdout.X.rows, cols: 8, repeats: 1, ...spec })], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } })) as SklearnResult;

  /** Rounds of (ours, scikit-learn's) fits of RF(options) on `data`; one row with the medians. */
  const compare = (job: string, name: string, data: TrainingData, options: Partial<RandomForestOptions>, anchor: number, r: number): number => {
    const file = live ? write(name, data) : '';
    const spec = { train: file, n: data.X.rows, nEstimators: options.nEstimators, maxDepth: Number.isFinite(options.maxDepth ?? Infinity) ? options.maxDepth : null };
    const { ours, oursCpu, theirs, theirsCpu, last: model, them } = interleave(r, () => fitRandomForest(data, options), live ? () => sklearn(spec) : null);
    const s = median(ours);
    const base = live ? median(theirs) : anchor;
    const r2 = r2Score(holdout.y, model.predict(holdout.X));
    const leaves = meanLeaves(model.forest.trees);
    const note = live
      ? `held-out R² ${r2.toFixed(4)} vs ${them!.r2!.toFixed(4)}; ${leaves} vs ${Math.round(them!.leaves!)} leaves/tree; ours ${ours.map((x) => x.toFixed(2)).join(', ')} s, theirs ${theirs.map((x) => x.toFixed(2)).join(', ')} s; CPU time ratio ${(median(oursCpu) / median(theirsCpu)).toFixed(2)}× (${median(oursCpu).toFixed(2)} vs ${median(theirsCpu).toFixed(2)} s); ${load()}`
      : `held-out R² ${r2.toFixed(4)}; ${leaves} leaves/tree; scikit-learn not installed: published anchor; ${load()}`;
    out.push({ suite: SUITE, job, seconds: s, baseline: live ? `scikit-learn ${them!.version} ${base.toFixed(3)} s (this run, n_jobs=1)` : `scikit-learn ${anchor} s (published)`, ratio: s / base, note });
    return base;
  };

  try {
    // Untimed warm-up: V8 compiles the hot loops before the first timed fit.
    fitRandomForest(problem(2000, 7), { nEstimators: 10 });

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
      job: 'RF(100) fit, 2k × 8 (vs ml-random-forest)',
      seconds: ours2k.s,
      baseline: `ml-random-forest per tree (this run, ${mlTrees} trees)`,
      ratio: ours2k.s / 100 / (ml.s / mlTrees),
      note: `ratio per tree (${((ml.s / mlTrees) / (ours2k.s / 100)).toFixed(0)}× faster)`,
    });
    compare('RF(100) fit, 2k × 8, 1 thread', 'd2k', d2k, { nEstimators: 100 }, SKLEARN.rf100At2k, rounds);

    const d10k = problem(10_000);
    compare('RF(100) fit, 10k × 8, 1 thread', 'd10k', d10k, { nEstimators: 100 }, SKLEARN.rf100At10k, rounds);
    const fold = foldIds(10_000);
    const foldFile = join(dir, 'folds.i32');
    writeFileSync(foldFile, new Uint8Array(fold.buffer));
    const cv = interleave(rounds, () => crossValidate(d10k, fold), live ? () => sklearn({ train: join(dir, 'd10k.f64'), n: 10_000, nEstimators: 50, maxDepth: null, folds: foldFile }) : null);
    const { ours: cvOurs, oursCpu: cvOursCpu, theirs: cvTheirs, theirsCpu: cvTheirsCpu, last: cvScores, them: cvThem } = cv;
    const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const cvBase = live ? median(cvTheirs) : SKLEARN.cv5Rf50At10k;
    out.push({
      suite: SUITE,
      job: '5-fold CV RF(50), 10k × 8, 1 thread',
      seconds: median(cvOurs),
      baseline: live ? `scikit-learn ${cvThem!.version} ${cvBase.toFixed(3)} s (this run, same folds)` : `scikit-learn ${cvBase} s (published)`,
      ratio: median(cvOurs) / cvBase,
      note: `mean fold R² ${meanOf(cvScores).toFixed(4)} vs ${live ? `${meanOf(cvThem!.cvR2!).toFixed(4)}; CPU time ratio ${(median(cvOursCpu) / median(cvTheirsCpu)).toFixed(2)}×` : '0.9656 (published, unshuffled folds)'}; ${load()}`,
    });

    const d100k = problem(100_000);
    compare('RF(50, maxDepth 10) fit, 100k × 8, 1 thread', 'd100k', d100k, { nEstimators: 50, maxDepth: 10 }, SKLEARN.rf50Depth10At100k, bigRounds);
    const base100k = compare('RF(100) fit, 100k × 8, 1 thread', 'd100k', d100k, { nEstimators: 100 }, SKLEARN.rf100At100k, bigRounds);
    const one = fitRandomForest(d100k, { nEstimators: 1, treeOffset: 73 }).forest.trees[0];
    const par100k = await secondsAsync(() => fitForestParallel(d100k, { nEstimators: 100 }, 2));
    const same = JSON.stringify(par100k.result.forest.trees[73].value) === JSON.stringify(one.value);
    out.push({
      suite: SUITE,
      job: 'RF(100) fit, 100k × 8, 2 worker threads',
      seconds: par100k.s,
      baseline: `scikit-learn 1 thread ${base100k.toFixed(3)} s (${live ? 'this run' : 'published'})`,
      ratio: par100k.s / base100k,
      note: `2 × 50 trees merged, incl. worker start; tree 73 ${same ? 'identical to' : 'DIFFERS from'} 1 thread; ${load()}`,
    });

    if (process.env.TREES_ONLY_RF === '1') return out;
    const d1m = problem(1_000_000);
    const par1m = await secondsAsync(() => fitForestParallel(d1m, { nEstimators: 100, minSamplesLeaf: 10 }, 2));
    out.push({ suite: SUITE, job: 'RF(100, minSamplesLeaf 10) fit, 1M × 8, 2 worker threads', seconds: par1m.s, note: `${meanLeaves(par1m.result.forest.trees)} leaves/tree; no scikit-learn anchor` });

    for (const [label, data] of [['10k', d10k], ['100k', d100k], ['1M', d1m]] as const) {
      const gbm = seconds(() => fitGradientBoosting(data, { nEstimators: 100, maxDepth: 3, learningRate: 0.1 }));
      out.push({ suite: SUITE, job: `GBM(100, depth 3) fit, ${label} × 8, 1 thread`, seconds: gbm.s, note: `train R² ${r2Score(data.y, gbm.result.predict(data.X)).toFixed(4)}; against XGBoost: npm run bench -- gbm` });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
