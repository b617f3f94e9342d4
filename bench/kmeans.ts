/**
 * `npm run bench -- kmeans`: our K-Means (greedy k-means++ + Hamerly-bounded Lloyd in
 * WebAssembly SIMD, tol 1e-4, n_init 1, k = 5) on synthetic customers, five numeric columns
 * standardized, against scikit-learn's KMeans(n_clusters=5, n_init=1, algorithm='lloyd',
 * init='k-means++', tol=1e-4, random_state=seed) on the same rows, one thread each, measured
 * in the same run: seeds 0–19 (KMEANS_SEEDS), each seed's fit by scikit-learn then ours, so load
 * on a shared machine hits both alike. Reported: the median whole run (ours: copy into
 * WebAssembly, k-means++, Lloyd to tol, labels; theirs: `fit`), and the median time per
 * iteration (each seed's whole run over its iterations), so the ratio does not hang on which
 * seeds converge fast. scikit-learn runs in bench/kmeans-sklearn.py under /usr/bin/python3
 * (Debian: `apt-get install python3-sklearn`); without it the rows give the published anchors
 * and say so. Then: the rows split over every core (a `KernelTeam` of Node worker threads,
 * which must give the same fits), ml-kmeans (kept as a baseline), the silhouette of a 10k sample
 * against scikit-learn's `silhouette_score` on the same rows and labels, the k sweep and Ward
 * (bench/ward.ts). KMEANS_QUICK=1 runs only the 1M one-thread rows and the silhouette.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeans, kmeansOn, type KMeansResult } from '../src/lib/ml/segments/kmeans';
import { startThreadTeam, type ThreadTeam } from '../src/cli/kmeans-threads';
import type { KernelTeam } from '../src/lib/ml/segments/kernel-team';
import { KMeansData } from '../src/lib/ml/segments/kmeans-kernels';
import { meanSilhouette, silhouetteInput } from '../src/lib/ml/segments/silhouette';
import { sweepK } from '../src/lib/ml/segments/sweep';
import type { BenchRow } from './row';
import { customersMatrix } from './synth';
import { wardRows } from './ward';

/**
 * scikit-learn 1.2.1, one thread, KMeans(k=5, n_init=1, lloyd, k-means++, tol 1e-4), medians
 * copied from ../shared/reference/timings.md (the repo must not read ../shared at run time);
 * used only when scikit-learn is not installed.
 */
const publishedSeconds: Record<number, number> = { 100_000: 0.025, 1_000_000: 0.378 };
const publishedIterations: Record<number, number> = { 100_000: 12, 1_000_000: 20 };
/** Published silhouette_score of a 10k sample, seconds. */
const publishedSilhouette = 0.581;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

function seconds<T>(job: () => T): { seconds: number; value: T } {
  const t = performance.now();
  const value = job();
  return { seconds: (performance.now() - t) / 1000, value };
}

/** bench/kmeans-sklearn.py, started once: one request line in, one JSON line out. */
class Sklearn {
  private readonly lines: AsyncIterator<string>;
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  /** The server, or undefined when /usr/bin/python3 (or $KMEANS_PYTHON) lacks scikit-learn. */
  static async start(): Promise<Sklearn | undefined> {
    const script = new URL('./kmeans-sklearn.py', import.meta.url).pathname;
    const one = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(process.env.KMEANS_PYTHON ?? '/usr/bin/python3', [script], { env: { ...process.env, ...one } });
    } catch {
      return undefined;
    }
    const failed = new Promise<undefined>((resolve) => {
      child.once('error', () => resolve(undefined));
      child.once('exit', () => resolve(undefined));
    });
    child.stderr.resume();
    child.stdin.on('error', () => undefined);
    const server = new Sklearn(child);
    const ping = server.ask('version').then(
      () => server,
      () => undefined,
    );
    return Promise.race([ping, failed]);
  }

  async ask(request: string): Promise<Record<string, number | string>> {
    this.child.stdin.write(request + '\n');
    const next = await this.lines.next();
    if (next.done) throw new Error(`scikit-learn's bench script stopped at: ${request}`);
    return JSON.parse(next.value);
  }

  close(): void {
    this.child.stdin.end();
  }
}

/**
 * One seed's whole run, ours, from the rows: `kmeans` copies them into WebAssembly memory, fits,
 * and gives the memory back for the next fit on the thread (as the app's workers reuse theirs).
 * With a team, the rows go to a shared memory split over its threads.
 */
function ourFit(data: Float64Array, n: number, d: number, k: number, seed: number, team?: KernelTeam): { seconds: number; fit: KMeansResult } {
  const t = performance.now();
  const fit = team ? kmeansOn(new KMeansData(data, n, d, team), k, { nInit: 1, seed }) : kmeans(data, n, d, k, { nInit: 1, seed });
  return { seconds: (performance.now() - t) / 1000, fit };
}

const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;

/** The K-Means suite. */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const d = 5;
  const k = 5;
  const quick = process.env.KMEANS_QUICK === '1';
  const seeds = Number(process.env.KMEANS_SEEDS ?? 20);
  const cores = availableParallelism();
  const load = () => loadavg()[0].toFixed(2);
  const loadBefore = load();
  const sklearn = await Sklearn.start();
  const dir = mkdtempSync(join(tmpdir(), 'kmeans-bench-'));
  let threads: ThreadTeam | undefined;
  let startSeconds = 0;
  if (!quick) {
    const started = performance.now();
    threads = await startThreadTeam(cores);
    startSeconds = (performance.now() - started) / 1000;
  }
  try {
    for (const n of quick ? [1_000_000] : [100_000, 1_000_000]) {
      const data = customersMatrix(n);
      const label = n === 100_000 ? '100k' : '1M';
      let version = '';
      if (sklearn) {
        const file = join(dir, `rows-${n}.f64`);
        writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        version = String((await sklearn.ask(`load ${file} ${n} ${d}`)).version);
        await sklearn.ask(`fit ${k} 99`); // warm-up, as ours
      }
      // The first fit on this thread, on fresh memory (its page faults), then a warm-up: let V8 optimise before timing.
      const first = ourFit(data, n, d, k, 99).seconds;
      ourFit(data, n, d, k, 99);
      const ours: { seconds: number; fit: KMeansResult }[] = [];
      const theirs: { seconds: number; iterations: number; inertia: number }[] = [];
      for (let seed = 0; seed < seeds; seed++) {
        if (sklearn) {
          const a = await sklearn.ask(`fit ${k} ${seed}`);
          theirs.push({ seconds: Number(a.seconds), iterations: Number(a.iterations), inertia: Number(a.inertia) });
        }
        ours.push(ourFit(data, n, d, k, seed));
      }
      const whole = median(ours.map((o) => o.seconds));
      const perIteration = median(ours.map((o) => o.seconds / o.fit.iterations));
      const iterations = ours.map((o) => o.fit.iterations);
      const loaded = new KMeansData(data, n, d);
      const reused = ours.map((_, seed) => seconds(() => kmeansOn(loaded, k, { nInit: 1, seed })).seconds);
      const copy = median(Array.from({ length: 5 }, () => seconds(() => new KMeansData(data, n, d)).seconds));
      const ourNote = `ours ${iterations.join('/')} iterations (median ${median(iterations)})`;
      const seedsNote = `median of seeds 0–${seeds - 1}`;
      if (sklearn) {
        const theirWhole = median(theirs.map((t) => t.seconds));
        const theirPerIteration = median(theirs.map((t) => t.seconds / t.iterations));
        const theirIterations = theirs.map((t) => t.iterations);
        const inertia = median(ours.map((o, r) => o.fit.inertia / theirs[r].inertia));
        const base = `scikit-learn ${version} ${theirWhole.toFixed(3)} s (this run, 1 thread)`;
        rows.push(
          { suite: 'kmeans', job: `ours, k=5, ${label}×5, whole run, 1 thread`, seconds: whole, baseline: base, ratio: whole / theirWhole, note: `${seedsNote}; each of ours copies the rows into the WebAssembly memory the fit before it released; ${ourNote}; scikit-learn ${theirIterations.join('/')} (median ${median(theirIterations)}); median inertia ratio ${inertia.toFixed(4)}` },
          { suite: 'kmeans', job: `ours, k=5, ${label}×5, whole run per iteration, 1 thread`, seconds: perIteration, baseline: `scikit-learn ${ms(theirPerIteration)} per iteration (this run)`, ratio: perIteration / theirPerIteration, note: `${seedsNote} of (whole run / iterations); ours with data already loaded: ${ms(median(reused))} whole, copy into WebAssembly ${ms(copy)} (into a fresh memory, as the very first fit on a thread: that fit took ${ms(first)}); load ${loadBefore} → ${load()}` },
        );
      } else {
        const base = `scikit-learn ${publishedSeconds[n]} s (published, 1 thread; not installed)`;
        rows.push(
          { suite: 'kmeans', job: `ours, k=5, ${label}×5, whole run, 1 thread`, seconds: whole, baseline: base, ratio: whole / publishedSeconds[n], note: `${seedsNote}; ${ourNote}; scikit-learn's published run: ${publishedIterations[n]}` },
          { suite: 'kmeans', job: `ours, k=5, ${label}×5, whole run per iteration, 1 thread`, seconds: perIteration, baseline: `scikit-learn ≈ ${ms(publishedSeconds[n] / publishedIterations[n])} per iteration (published)`, ratio: perIteration / (publishedSeconds[n] / publishedIterations[n]), note: `${seedsNote}; data already loaded: ${ms(median(reused))} whole, copy ${ms(copy)}` },
        );
      }
      if (threads) {
        const split = ours.map((_, seed) => ourFit(data, n, d, k, seed, threads?.team));
        const same = split.every((s, r) => s.fit.inertia === ours[r].fit.inertia && s.fit.iterations === ours[r].fit.iterations && s.fit.labels.every((l, i) => l === ours[r].fit.labels[i]));
        const splitWhole = median(split.map((s) => s.seconds));
        rows.push({ suite: 'kmeans', job: `ours, k=5, ${label}×5, whole run, rows split over ${cores} threads`, seconds: splitWhole, baseline: `ours on 1 thread ${whole.toFixed(3)} s`, ratio: splitWhole / whole, note: `${seedsNote}; ${same ? 'same labels, inertia and iterations as 1 thread for every seed' : 'DIFFERS from 1 thread'}; starting the threads took ${startSeconds.toFixed(2)} s once` });
        const points = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
        // ml-kmeans' default tolerance is 1e-6 absolute; give it the same relative 1e-4 × mean variance (≈1) as ours.
        const ml = seconds(() => mlKmeans(points, k, { initialization: 'kmeans++', seed: 0, tolerance: 1e-4 }));
        rows.push({ suite: 'kmeans', job: `ours, k=5, ${label}×5, whole run, 1 thread`, seconds: whole, baseline: `ml-kmeans 7 ${ml.seconds.toFixed(3)} s (this run, seed 0, ${ml.value.iterations} iterations)`, ratio: whole / ml.seconds, note: 'ml-kmeans excludes converting to number[][]' });
      }
      if (n === 1_000_000) rows.push(await silhouetteRow(data, n, d, k, ours[0].fit.labels, sklearn, dir));
      if (n === 1_000_000 && threads && !quick) {
        for (const [nInit, team] of [[1, undefined], [10, undefined], [10, threads.team]] as const) {
          const t = performance.now();
          const sweep = await sweepK(data, n, d, { kMin: 2, kMax: 10, kmeans: { nInit, seed: 0 }, team });
          const s = (performance.now() - t) / 1000;
          const best = sweep.reduce((b, r) => (r.silhouette > b.silhouette ? r : b));
          const where = team ? `rows split over ${cores} threads` : '1 thread';
          rows.push({ suite: 'kmeans', job: `sweep k=2..10, 1M×5, n_init ${nInit}, sampled silhouette, ${where}`, seconds: s, note: `best silhouette k=${best.k}; in the browser see npm run bench -- browser-sweep (rows split over threads sharing memory where the page is cross-origin isolated)` });
        }
      }
    }
  } finally {
    sklearn?.close();
    await threads?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!quick) rows.push(...wardRows());
  return rows;
}

/** Silhouette of the app's 10k sample (seed 0) of 1M rows, ours and scikit-learn's on the same rows and labels, interleaved 3 times. */
async function silhouetteRow(data: Float64Array, n: number, d: number, k: number, labels: Int32Array, sklearn: Sklearn | undefined, dir: string): Promise<BenchRow> {
  const input = silhouetteInput(data, n, d, labels);
  const m = input.n;
  const file = join(dir, 'silhouette.f64');
  const both = new Float64Array(m * d + m);
  both.set(input.data);
  both.set(input.labels, m * d);
  writeFileSync(file, new Uint8Array(both.buffer));
  const ours: number[] = [];
  const theirs: number[] = [];
  let value = NaN;
  let theirValue = NaN;
  for (let r = 0; r < 3; r++) {
    if (sklearn) {
      const a = await sklearn.ask(`silhouette ${file} ${m} ${d}`);
      theirs.push(Number(a.seconds));
      theirValue = Number(a.value);
    }
    const s = seconds(() => meanSilhouette(input.data, m, d, input.labels, k));
    ours.push(s.seconds);
    value = s.value;
  }
  const job = 'silhouette, 10k sample of 1M×5, k=5';
  const s = median(ours);
  if (!sklearn) return { suite: 'kmeans', job, seconds: s, baseline: `scikit-learn ${publishedSilhouette} s (published, 10k exact; not installed)`, ratio: s / publishedSilhouette, note: `silhouette ${value.toFixed(4)}` };
  const base = median(theirs);
  return { suite: 'kmeans', job, seconds: s, baseline: `scikit-learn silhouette_score ${base.toFixed(3)} s (this run, same rows and labels)`, ratio: s / base, note: `silhouette ${value.toFixed(6)} vs ${theirValue.toFixed(6)}; medians of 3` };
}
