/**
 * `npm run bench -- gbm`: gradient boosting (100 trees, depth 3, learning rate 0.1, 256 bins, no
 * subsampling, one thread) on the synthetic customers (bench/synth.ts, 8 features) against XGBoost
 * `hist` (nthread 1, same parameters, λ = 0) on the same rows, measured in the same run: each
 * repeat runs XGBoost, then ours, so load on a shared machine hits both alike; the medians of
 * GBM_REPEATS (default 3) are reported. XGBoost comes from /usr/bin/python3 (Debian:
 * `apt-get install python3-xgboost`); without it the rows say so and give the issue's anchor.
 * GBM_SIZES=10000,100000 picks the row counts (default 10k, 100k, 1M). One untimed fit on 10k
 * rows first lets V8 compile the hot loops (its time is reported as the cold fit), so the 10k row
 * does not carry the JIT's warm-up while XGBoost's compiled code does not need one. The note gives
 * the machine's 1-minute load average after each size, since other work slows both sides.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitGradientBoosting } from '../src/lib/ml/models/tree/gbm';
import type { BenchRow } from './row';
import { generateCustomers, regressionProblem } from './synth';
import { r2Score } from '../src/lib/ml/evaluation/metrics/regression';

const SUITE = 'gbm';
const OPTIONS = { nEstimators: 100, maxDepth: 3, learningRate: 0.1, maxBins: 256 };
/** XGBoost 1.7 `hist`, one thread, seconds (issue 20, runs of 2026-12-02 and 12-05), used when it is not installed. */
const ANCHOR: Record<number, number> = { 10_000: 0.033, 100_000: 0.26, 1_000_000: 2.5 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function hasXgboost(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import xgboost'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs the suite. */
export async function run(): Promise<BenchRow[]> {
  const sizes = (process.env.GBM_SIZES ?? '10000,100000,1000000').split(',').map(Number);
  const repeats = Number(process.env.GBM_REPEATS ?? 3);
  const script = new URL('./gbm-xgboost.py', import.meta.url).pathname;
  const xgboost = hasXgboost();
  const dir = mkdtempSync(join(tmpdir(), 'gbm-bench-'));
  const out: BenchRow[] = [];
  const warm = regressionProblem(generateCustomers(10_000, 7));
  const cold = performance.now();
  fitGradientBoosting({ X: { rows: 10_000, cols: warm.cols, data: warm.X }, y: warm.y, task: 'regression' }, OPTIONS);
  const coldSeconds = (performance.now() - cold) / 1000;
  try {
    for (const n of sizes) {
      const p = regressionProblem(generateCustomers(n, 42));
      const data = { X: { rows: n, cols: p.cols, data: p.X }, y: p.y, task: 'regression' as const };
      const file = join(dir, `rows-${n}.f64`);
      const both = new Float64Array(n * p.cols + n);
      both.set(p.X);
      both.set(p.y, n * p.cols);
      writeFileSync(file, new Uint8Array(both.buffer));
      const ours: number[] = [];
      const theirs: number[] = [];
      let theirR2 = NaN;
      let version = '';
      let oursR2 = NaN;
      for (let r = 0; r < repeats; r++) {
        if (xgboost) {
          const result = JSON.parse(execFileSync('/usr/bin/python3', [script, file, String(n), String(p.cols), '1'], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } }));
          theirs.push(result.seconds[0]);
          theirR2 = result.r2;
          version = result.version;
        }
        const t0 = performance.now();
        const model = fitGradientBoosting(data, OPTIONS);
        ours.push((performance.now() - t0) / 1000);
        if (r === 0) oursR2 = r2Score(p.y, model.predict(data.X));
      }
      const s = median(ours);
      const label = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
      const job = `GBM(100, depth 3, 256 bins) fit, ${label} × 8, 1 thread`;
      if (xgboost) {
        const base = median(theirs);
        out.push({
          suite: SUITE,
          job,
          seconds: s,
          baseline: `XGBoost ${version} hist ${base.toFixed(3)} s (this run)`,
          ratio: s / base,
          note: `train R² ${oursR2.toFixed(4)} vs ${theirR2.toFixed(4)}; load ${loadavg()[0].toFixed(1)}; medians of ${repeats}: ours ${ours.map((t) => t.toFixed(3)).join('/')}, XGBoost ${theirs.map((t) => t.toFixed(3)).join('/')}${out.length === 0 ? `; cold first fit (10k, JIT warm-up) ${coldSeconds.toFixed(3)} s` : ''}`,
        });
      } else {
        out.push({ suite: SUITE, job, seconds: s, baseline: `XGBoost ${ANCHOR[n] ?? '?'} s (published, issue 20; not installed)`, ratio: ANCHOR[n] ? s / ANCHOR[n] : undefined, note: `train R² ${oursR2.toFixed(4)}` });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
