/**
 * `npx tsx bench/browser-sweep.ts [rows=1000000] [nInit=10]`: the Segments page's whole k = 2–10
 * sweep (K-Means with n_init restarts, sampled silhouette, then PCA and profiles) on synthetic
 * customers (bench/synth.ts, five numeric columns) in headless Chromium, loaded through the file
 * input, against the same 'segment' job in Node on as many threads (a KernelTeam of worker
 * threads, as the CLI runs it), measured in the same run. The browser runs it twice: served with
 * COOP/COEP (cross-origin isolated: the sweep's threads share one copy of the rows) and without
 * them and with no service worker (each worker gets a copy). Prints seconds, browser / Node,
 * the longest main-thread task, whether the results are Node's bits, and how fast Cancel stops
 * a run. Targets: isolated browser ≤ 1.2× Node (issue 20); under a minute at 1M rows (issue 5).
 * `run()` gives the rows for `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { startThreadTeam } from '../src/cli/kmeans-threads';
import { parseCsvText } from '../src/lib/ml/data/csv/parse-text';
import { defaultSegmentationConfig } from '../src/lib/ml/segments/segmentation';
import { runJob } from '../src/lib/runs/local';
import { makeRunConfig } from '../src/lib/runs/run-config';
import { launchBrowser } from '../tests/e2e/browser-launch';
import { serveStatic } from '../tests/e2e/serve.mjs';
import { longTasks, resetLongTasks, watchLongTasks } from './browser-tasks';
import type { BenchRow } from './row';
import { generateCustomers } from './synth';

const root = fileURLToPath(new URL('..', import.meta.url));
const features = ['age', 'annual_income', 'purchase_amount', 'loyalty_score', 'purchase_frequency'];

/** Writes `rows` synthetic customers as CSV, in blocks. */
async function writeCustomers(path: string, rows: number): Promise<void> {
  const c = generateCustomers(rows);
  const out = createWriteStream(path);
  out.write(`customer_id,${features.join(',')}\n`);
  for (let start = 0; start < rows; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 10_000); i++) {
      lines.push(`${i + 1},${c.age[i]},${c.annual_income[i]},${c.purchase_amount[i]},${c.loyalty_score[i]},${c.purchase_frequency[i]}`);
    }
    if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** What one sweep gave: its time, the best k and every k's inertia (to compare bits). */
interface SweepRun {
  seconds: number;
  bestK: string;
  silhouette: string;
  inertias: string[];
  threads: number;
  shared: boolean;
  longestTask: number;
  cancelSeconds?: number;
}

/** The 'segment' job in Node on `threads` threads (the page's job, as the CLI runs it). */
async function nodeSweep(csv: string, nInit: number, threads: number): Promise<SweepRun> {
  const { table } = parseCsvText(readFileSync(csv, 'utf8'), 'customers.csv');
  const team = threads > 1 ? await startThreadTeam(threads) : undefined;
  try {
    const { seed: _seed, ...defaults } = defaultSegmentationConfig;
    const run = makeRunConfig('segment', { ...defaults, features, nInit }, { seed: 0 });
    const started = performance.now();
    const r = await runJob(run, table, { kernelTeam: team?.team });
    const seconds = (performance.now() - started) / 1000;
    const best = r.sweep.find((s) => s.k === r.bestK);
    return { seconds, bestK: String(r.bestK), silhouette: best ? best.silhouette.toFixed(4) : '', inertias: r.sweep.map((s) => String(s.inertia)), threads: r.workers, shared: r.sharedMemory === true, longestTask: 0 };
  } finally {
    await team?.close();
  }
}

/** The page's sweep in a fresh Chromium: `isolated` serves COOP/COEP; otherwise none, and no service worker to add them. */
async function browserSweep(browser: Browser, dist: string, csv: string, rows: number, nInit: number, isolated: boolean, timeCancel: boolean): Promise<SweepRun> {
  const server = await serveStatic(dist, '/customer-intelligence/', { isolate: isolated });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, serviceWorkers: isolated ? 'allow' : 'block' });
  try {
    const page = await context.newPage();
    await watchLongTasks(page);
    await page.goto(server.url + '#/segments');
    await page.waitForSelector('[data-testid="dataset-summary"][data-rows="238"]');
    if ((await page.evaluate(() => crossOriginIsolated)) !== isolated) throw new Error(`the page should${isolated ? '' : ' not'} be cross-origin isolated`);
    await page.getByTestId('file-input').setInputFiles(csv);
    await page.waitForSelector(`[data-testid="dataset-summary"][data-rows="${rows}"]`, { timeout: 300_000 });
    await page.getByTestId('n-init').fill(String(nInit));
    await resetLongTasks(page);
    const started = performance.now();
    await page.getByTestId('run').click();
    await page.waitForSelector('[data-testid="best-k"]', { timeout: 600_000 });
    const seconds = (performance.now() - started) / 1000;
    const bestK = (await page.getByTestId('best-k').textContent()) ?? '';
    const silhouette = (await page.locator('[data-metric="silhouette"]').first().getAttribute('data-value')) ?? '';
    const inertias = await page.locator('[data-testid^="sweep-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-inertia') ?? ''));
    const workers = page.getByTestId('sweep-workers');
    const threads = Number(await workers.getAttribute('data-value'));
    const shared = (await workers.getAttribute('data-shared')) === 'true';
    // Include drawing the results: the charts render after the best k appears.
    await page.waitForTimeout(3000);
    const longestTask = (await longTasks(page)).longest;
    let cancelSeconds: number | undefined;
    if (timeCancel) {
      // Another seed (the same settings are kept and shown at once), cancelled after two seconds: time until a new run can start.
      await page.getByTestId('seed').fill('1');
      await page.getByTestId('run').click();
      await page.waitForTimeout(2000);
      const cancelAt = performance.now();
      await page.getByTestId('cancel').click();
      await page.waitForSelector('[data-testid="run"]:not([disabled])', { timeout: 10_000 });
      cancelSeconds = (performance.now() - cancelAt) / 1000;
    }
    return { seconds, bestK, silhouette, inertias, threads, shared, longestTask, cancelSeconds };
  } finally {
    await context.close();
    await server.close();
  }
}

/** The sweep in Node and in Chromium (isolated, then copying), as bench rows. */
export async function run(rows = 1_000_000, nInit = 10): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'browser-sweep-'));
  const dist = join(dir, 'dist');
  const cores = availableParallelism();
  const loads: string[] = [];
  const load = () => loads.push(loadavg()[0].toFixed(1));
  try {
    const csv = join(dir, `customers-${rows}.csv`);
    await writeCustomers(csv, rows);
    const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
    load();
    const node = await nodeSweep(csv, nInit, cores);
    load();
    const browser = await launchBrowser();
    let shared: SweepRun;
    let copied: SweepRun;
    try {
      shared = await browserSweep(browser, dist, csv, rows, nInit, true, true);
      load();
      copied = await browserSweep(browser, dist, csv, rows, nInit, false, false);
      load();
    } finally {
      await browser.close();
    }
    const label = `Segments sweep k=2..10, ${rows.toLocaleString('en-US')}×5, n_init ${nInit}`;
    const baseline = `Node 'segment' job on ${node.threads} threads (KernelTeam) ${node.seconds.toFixed(1)} s (this run)`;
    const same = (r: SweepRun) => (r.inertias.join() === node.inertias.join() && r.bestK === node.bestK ? "Node's bits (every k's inertia, best k)" : 'DIFFERS from Node');
    const context = `load average ${loads.join(' → ')} on ${cores} cores`;
    return [
      { suite: 'browser-sweep', job: `${label}, Node, ${node.threads} threads`, seconds: node.seconds, note: `best k ${node.bestK}, silhouette ${node.silhouette}; ${context}` },
      {
        suite: 'browser-sweep',
        job: `${label}, Chromium cross-origin isolated (${shared.threads} threads${shared.shared ? ' sharing the rows' : ', NOT shared'})`,
        seconds: shared.seconds,
        baseline,
        ratio: shared.seconds / node.seconds,
        note: `${same(shared)}; longest main-thread task ${shared.longestTask.toFixed(0)} ms; cancel → ready ${shared.cancelSeconds?.toFixed(2)} s; target ≤ 1.2×; ${context}`,
      },
      {
        suite: 'browser-sweep',
        job: `${label}, Chromium not isolated (${copied.threads} workers${copied.shared ? ', shared?!' : ' each copying the rows'})`,
        seconds: copied.seconds,
        baseline,
        ratio: copied.seconds / node.seconds,
        note: `${same(copied)}; longest main-thread task ${copied.longestTask.toFixed(0)} ms; the fallback path (old browsers, isolation turned off); ${context}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  run(Number(args[0] ?? 1_000_000), Number(args[1] ?? 10)).then(
    (rows) => {
      for (const r of rows) console.log(`${r.job}: ${r.seconds.toFixed(1)} s${r.ratio === undefined ? '' : ` = ${r.ratio.toFixed(2)}× ${r.baseline}`}; ${r.note ?? ''}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
