/**
 * `npx tsx bench/browser-flow.ts [rows=200000] [--wide] [--no-build] [--dist=DIR]`: a user's day with
 * a large customer file in headless Chromium: load a 12-column file (ids, money, a Yes/No churn
 * column, regions), open Explore, run Segments, run Predict (ridge) and click its result row, run
 * Risk (ridge-free: logistic) on the churn column. `--wide`: the same day with a file 5,000 columns
 * wide (an id, a Yes/No churn column and 4,998 numeric columns with long names) of `rows`
 * (default 200) rows. Prints each step's time and its longest main-thread task (target: none over
 * 200 ms; Plotly's first load is one task of its own, reported apart). `--dist=DIR` serves a build
 * already made there.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { Random } from '../src/lib/ml/core/random';
import { launchBrowser } from '../tests/e2e/browser-launch';
import { longTasks, resetLongTasks, watchLongTasks } from './browser-tasks';
import { serveStatic } from '../tests/e2e/serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wide = process.argv.includes('--wide');
const rows = Number(args[0] ?? (wide ? 200 : 200_000));
const wideColumns = 5000;
const distFlag = process.argv.find((a) => a.startsWith('--dist='));
const dist = distFlag ? distFlag.slice('--dist='.length) : join(root, 'dist');

/** Writes `rows` customers with an id, a churn column and 4,998 numeric columns. */
async function writeWideCustomers(path: string): Promise<void> {
  const random = new Random(12);
  const out = createWriteStream(path);
  const names = Array.from({ length: wideColumns - 2 }, (_, j) => `PaymentMethod_Bank transfer (automatic) spend in category ${String(j).padStart(4, '0')}`);
  out.write(['customer_id', ...names, 'churn'].join(',') + '\n');
  for (let i = 0; i < rows; i++) {
    const base = random.normal();
    const cells = names.map((_, j) => (j % 10 === 0 ? base * 10 + random.normal() : random.next() * 100).toFixed(2));
    if (!out.write([String(i + 1).padStart(6, '0'), ...cells, base + random.normal() > 0.8 ? 'Yes' : 'No'].join(',') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Writes `rows` customers with 12 columns, in blocks. */
async function writeCustomers(path: string): Promise<void> {
  const random = new Random(11);
  const out = createWriteStream(path);
  out.write('customer_id,age,tenure_months,monthly_charges,total_charges,support_calls,region,contract,paperless,satisfaction,visits,churn\n');
  const regions = ['North', 'South', 'East', 'West'];
  const contracts = ['Month-to-month', 'One year', 'Two year'];
  for (let start = 0; start < rows; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 10_000); i++) {
      const tenure = Math.floor(random.next() * 72);
      const monthly = 20 + random.next() * 100;
      const contract = Math.floor(random.next() * 3);
      const calls = Math.floor(random.next() * 8);
      const risk = 0.1 + (contract === 0 ? 0.3 : 0) + (tenure < 12 ? 0.2 : 0) + calls * 0.03;
      lines.push(
        [
          String(i + 1).padStart(7, '0'),
          18 + Math.floor(random.next() * 60),
          tenure,
          monthly.toFixed(2),
          (monthly * tenure).toFixed(2),
          calls,
          regions[Math.floor(random.next() * 4)],
          contracts[contract],
          random.next() < 0.6 ? 'Yes' : 'No',
          (1 + random.next() * 9).toFixed(1),
          Math.floor(random.next() * 40),
          random.next() < risk ? 'Yes' : 'No',
        ].join(','),
      );
    }
    if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Waits until page `name` is no longer busy. */
async function settled(page: Page, name: string): Promise<void> {
  await page.waitForFunction((id) => document.querySelector(`[data-testid="page-${id}"]`)?.getAttribute('aria-busy') === 'false', name, { timeout: 600_000 });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'browser-flow-'));
  const csv = join(dir, `customers-${rows}.csv`);
  await (wide ? writeWideCustomers(csv) : writeCustomers(csv));
  if (!distFlag && (!process.argv.includes('--no-build') || !existsSync(join(root, 'dist/index.html')))) {
    const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const server = await serveStatic(dist);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await watchLongTasks(page);
    await page.goto(server.url + '#/data');
    await page.waitForSelector('[data-testid="dataset-summary"][data-rows="238"]');
    // Plotly's first load (parsing 4.6 MB) is one long task whatever the data: take it out of the steps.
    await page.getByTestId('nav-explore').click();
    await settled(page, 'explore');
    await page.waitForTimeout(2000);
    const steps: [string, () => Promise<void>][] = [
      ['load', async () => {
        await page.getByTestId('nav-data').click();
        await page.getByTestId('file-input').setInputFiles(csv);
        await page.waitForSelector(`[data-testid="dataset-summary"][data-rows="${rows}"]`, { timeout: 600_000 });
      }],
      ['explore', async () => {
        await page.getByTestId('nav-explore').click();
        await settled(page, 'explore');
      }],
      ['segments', async () => {
        await page.getByTestId('nav-segments').click();
        await page.getByTestId('n-init').fill('3');
        await page.getByTestId('k-max').fill('6');
        await page.getByTestId('run').click();
        await page.waitForSelector('[data-testid="best-k"]', { timeout: 600_000 });
        await settled(page, 'segments');
      }],
      ['predict', async () => {
        await page.getByTestId('nav-predict').click();
        for (const model of ['linear', 'rf', 'gbm']) await page.locator(`input[data-model="${model}"]`).uncheck();
        await page.getByTestId('run').click();
        await page.locator('tr[data-model="ridge"] [data-metric="r2"]').waitFor({ timeout: 600_000 });
        await page.locator('tr[data-model="ridge"] button').click();
        await settled(page, 'predict');
      }],
      ['risk', async () => {
        await page.getByTestId('nav-risk').click();
        for (const model of ['rf', 'gbm']) await page.locator(`input[data-model="${model}"]`).uncheck();
        await page.getByTestId('run').click();
        await page.locator('[data-metric="f1"]').first().waitFor({ timeout: 600_000 });
        await settled(page, 'risk');
      }],
    ];
    console.log(`| step (${rows.toLocaleString('en-US')} rows × ${wide ? wideColumns.toLocaleString('en-US') : 12}) | seconds | main-thread tasks over 50 ms | longest task, ms |`);
    console.log('|---|---|---|---|');
    for (const [name, step] of steps) {
      await resetLongTasks(page);
      const started = performance.now();
      await step();
      const seconds = (performance.now() - started) / 1000;
      await page.waitForTimeout(1500);
      const tasks = await longTasks(page);
      console.log(`| ${name} | ${seconds.toFixed(1)} | ${tasks.count} | ${tasks.longest.toFixed(0)} |`);
    }
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
