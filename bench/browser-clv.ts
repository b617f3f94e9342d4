/**
 * `npx tsx bench/browser-clv.ts [--no-build]`: the 1,000,000-row synthetic log of bench/clv.ts
 * loaded into the built app in headless Chromium, then "Summarise by customer" twice: the
 * summary and RFM only, and with the BG/NBD and Gamma-Gamma fits (calibration to 1997-09-30,
 * CLV with intervals). Prints the time of each step (click → results shown) and the longest
 * main-thread task of each; the work runs in a worker, so the page should stay responsive.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../tests/e2e/browser-launch';
import { serveStatic } from '../tests/e2e/serve.mjs';
import { longTasks, resetLongTasks, watchLongTasks } from './browser-tasks';
import { logCsv } from './clv';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'browser-clv-'));
  const file = join(dir, 'log-1000000.csv');
  const { text, customers } = logCsv();
  writeFileSync(file, text);
  if (!process.argv.includes('--no-build') || !existsSync(join(root, 'dist/index.html'))) {
    const built = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('vite build failed');
  }
  const server = await serveStatic(join(root, 'dist'));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await watchLongTasks(page);
    await page.goto(server.url + '#/data');
    await page.waitForSelector('[data-testid="dataset-summary"][data-rows="238"]');
    const step = async (name: string, act: () => Promise<void>, done: string): Promise<void> => {
      await resetLongTasks(page);
      const started = performance.now();
      await act();
      await page.waitForSelector(done, { timeout: 600_000 });
      const seconds = (performance.now() - started) / 1000;
      const tasks = await longTasks(page);
      console.log(`${name}: ${seconds.toFixed(2)} s; main-thread tasks over 50 ms: ${tasks.count}, longest ${tasks.longest.toFixed(0)} ms`);
    };
    await step('load the log (1,000,000 rows)', () => page.getByTestId('file-input').setInputFiles(file), '[data-testid="dataset-summary"][data-rows="1000000"]');
    await page.getByTestId('log-fit').uncheck();
    await step(`summarise by customer, RFM (${customers.toLocaleString('en-US')} customers)`, () => page.getByTestId('summarise').click(), '[data-testid="customer-table-note"]');
    await page.getByTestId('back-to-log').click();
    await page.waitForSelector('[data-testid="dataset-summary"][data-rows="1000000"]');
    await page.getByTestId('log-fit').check();
    await page.getByTestId('log-calibration-end').fill('1997-09-30');
    await step('summarise with BG/NBD, Gamma-Gamma and CLV (calibration to 1997-09-30)', () => page.getByTestId('summarise').click(), '[data-metric="bgnbd_r"]');
    const r = await page.locator('[data-metric="bgnbd_r"]').getAttribute('data-value');
    console.log(`r = ${Number(r).toFixed(3)} (true 0.243)`);
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
