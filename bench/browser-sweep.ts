/**
 * `npx tsx bench/browser-sweep.ts [rows=1000000] [nInit=10] [--no-build]`: the Segments page's
 * whole k = 2–10 sweep (K-Means with n_init restarts, sampled silhouette) on synthetic customers
 * (bench/synth.ts, five numeric columns) in headless Chromium, loaded through the file input.
 * Prints the sweep time, the workers used, the longest main-thread task, and how fast Cancel
 * stops a second run. Target (issue 5): under a minute at 1,000,000 rows with n_init 10.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../tests/e2e/browser-launch';
import { longTasks, resetLongTasks, watchLongTasks } from './browser-tasks';
import { serveStatic } from '../tests/e2e/serve.mjs';
import { generateCustomers } from './synth';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const rows = Number(args[0] ?? 1_000_000);
const nInit = Number(args[1] ?? 10);

/** Writes `rows` synthetic customers as CSV, in blocks. */
async function writeCustomers(path: string): Promise<void> {
  const c = generateCustomers(rows);
  const out = createWriteStream(path);
  out.write('customer_id,age,annual_income,purchase_amount,loyalty_score,purchase_frequency\n');
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'browser-sweep-'));
  const csv = join(dir, `customers-${rows}.csv`);
  await writeCustomers(csv);
  if (!process.argv.includes('--no-build') || !existsSync(join(root, 'dist/index.html'))) {
    const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const server = await serveStatic(join(root, 'dist'));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await watchLongTasks(page);
    await page.goto(server.url + '#/segments');
    await page.waitForSelector('[data-testid="dataset-summary"][data-rows="238"]');
    await page.getByTestId('file-input').setInputFiles(csv);
    await page.waitForSelector(`[data-testid="dataset-summary"][data-rows="${rows}"]`, { timeout: 300_000 });
    await page.getByTestId('n-init').fill(String(nInit));
    await resetLongTasks(page);
    const started = performance.now();
    await page.getByTestId('run').click();
    await page.waitForSelector('[data-testid="best-k"]', { timeout: 600_000 });
    const seconds = (performance.now() - started) / 1000;
    const best = await page.getByTestId('best-k').textContent();
    const silhouette = await page.locator('[data-metric="silhouette"]').first().getAttribute('data-value');
    // Include drawing the results: the charts render after the best k appears.
    await page.waitForTimeout(3000);
    const tasks = await longTasks(page);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    console.log(`sweep k = 2–10, ${rows.toLocaleString('en-US')} rows × 5, n_init ${nInit}: ${seconds.toFixed(1)} s on ${cores} helper workers; best k ${best}, silhouette ${silhouette}`);
    console.log(`main-thread tasks over 50 ms during the sweep: ${tasks.count}; longest ${tasks.longest.toFixed(0)} ms`);

    // Cancel: start another run (another seed: the same settings are kept and shown at once), cancel after two seconds, time until the page is ready for a new run.
    await page.getByTestId('seed').fill('1');
    await page.getByTestId('run').click();
    await page.waitForTimeout(2000);
    const cancelAt = performance.now();
    await page.getByTestId('cancel').click();
    await page.waitForSelector('[data-testid="run"]:not([disabled])', { timeout: 10_000 });
    console.log(`cancel → ready for a new run: ${((performance.now() - cancelAt) / 1000).toFixed(2)} s`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
