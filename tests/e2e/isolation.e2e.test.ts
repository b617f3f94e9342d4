/**
 * Cross-origin isolation for shared memory: on a host without COOP/COEP (GitHub Pages) the app's
 * service worker adds them and the page reloads once to become isolated; the Segments sweep then
 * splits its passes over threads sharing one copy of the rows, with the same bits as the copying
 * path, which is what runs when isolation is turned off. On a host that sends the headers itself
 * the worker has nothing to do and the page never reloads.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Random } from '../../src/lib/ml/core/random';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { buildFeatureMatrix } from '../../src/lib/ml/segments/feature-matrix';
import { scaleData } from '../../src/lib/ml/segments/scale';
import { sweepK, type KEvaluation } from '../../src/lib/ml/segments/sweep';
import { appUrl, launchBrowser, pickContent, waitForShape } from './browser';
import { serveStatic } from './serve.mjs';

/** 25,000 rows × 4 = 100,000 values: the size from which the sweep is spread over threads. */
function groupsCsv(): string {
  const random = new Random(5);
  const lines = ['u,v,w,z'];
  for (let i = 0; i < 25_000; i++) {
    const g = i % 3;
    lines.push([g * 3 + random.normal(), g - random.normal(), random.normal() * 2, g * g + random.normal()].map((x) => x.toFixed(3)).join(','));
  }
  return lines.join('\n');
}

const text = groupsCsv();
let browser: Browser;
let plainHost: { url: string; close: () => Promise<void> };
let node: KEvaluation[];

beforeAll(async () => {
  browser = await launchBrowser();
  // The same build, served as GitHub Pages does: no isolation headers.
  plainHost = await serveStatic(fileURLToPath(new URL('../../dist', import.meta.url)), '/customer-intelligence/', { isolate: false });
  // The sweep in Node, in one thread: both browser paths must give its bits.
  const { table } = parseCsvText(text, 'groups.csv');
  const matrix = buildFeatureMatrix(table, ['u', 'v', 'w', 'z']);
  node = await sweepK(scaleData(matrix.data, matrix.n, matrix.d, 'standard'), matrix.n, matrix.d, { kMin: 2, kMax: 4, kmeans: { seed: 7, nInit: 3 } });
});

afterAll(async () => {
  await browser?.close();
  await plainHost?.close();
});

/** A fresh page of `url` that counts its document loads and records uncaught errors. */
async function openCounting(url: string): Promise<{ page: Page; loads: () => number; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  let loads = 0;
  const errors: string[] = [];
  page.on('load', () => loads++);
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, loads: () => loads, errors, close: () => context.close() };
}

const isIsolated = (page: Page): Promise<boolean> => page.evaluate(() => crossOriginIsolated).catch(() => false);

/** Loads the 25,000-row file, runs the sweep k = 2–4 (n_init 3, seed 7), and checks its bits against Node's. */
async function sweepMatchesNode(page: Page, shared: boolean): Promise<void> {
  await pickContent(page, 'groups.csv', text);
  await waitForShape(page, 25_000, 4);
  await page.getByTestId('k-min').fill('2');
  await page.getByTestId('k-max').fill('4');
  await page.getByTestId('n-init').fill('3');
  await page.getByTestId('seed').fill('7');
  await page.getByTestId('run').click();
  await page.locator('[data-testid="page-segments"][aria-busy="false"] [data-testid="best-k"]').waitFor({ timeout: 90_000 });
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const workers = page.getByTestId('sweep-workers');
  await expect(workers.getAttribute('data-value')).resolves.toBe(String(cores > 1 ? cores : 1));
  await expect(workers.getAttribute('data-shared')).resolves.toBe(String(shared && cores > 1));
  for (const r of node) {
    const row = page.getByTestId(`sweep-row-${r.k}`);
    await expect(row.getAttribute('data-inertia')).resolves.toBe(String(r.inertia));
    await expect(row.getAttribute('data-silhouette')).resolves.toBe(String(r.silhouette));
  }
}

describe('cross-origin isolation and shared memory', () => {
  test('on a host without the headers the service worker isolates the page after one reload; off, workers copy the data; same bits', async () => {
    const app = await openCounting(plainHost.url + '#/segments');
    try {
      const { page } = app;
      await waitForShape(page, 238, 7);
      // The worker installs (precaching the build), takes control, and the page reloads once by itself.
      await expect.poll(() => isIsolated(page), { timeout: 90_000, interval: 500 }).toBe(true);
      await waitForShape(page, 238, 7);
      expect(app.loads()).toBe(2);
      await expect(page.getByTestId('worker-memory').getAttribute('data-mode')).resolves.toBe('shared');
      await expect(page.getByTestId('worker-memory').textContent()).resolves.toContain('Workers share memory (cross-origin isolated)');
      await expect(page.getByTestId('isolation-setting').isChecked()).resolves.toBe(true);
      await sweepMatchesNode(page, true);

      // Turned off: the page reloads once more, as the host serves it, and the sweep copies the rows to its workers.
      const reloaded = page.waitForEvent('load');
      await page.getByTestId('isolation-setting').click();
      await reloaded;
      await page.getByTestId('dataset-summary').waitFor();
      await expect(isIsolated(page)).resolves.toBe(false);
      await expect(page.getByTestId('worker-memory').getAttribute('data-mode')).resolves.toBe('copied-off');
      await expect(page.getByTestId('worker-memory').textContent()).resolves.toContain('Workers copy the data: cross-origin isolation is turned off');
      await expect(page.getByTestId('isolation-setting').isChecked()).resolves.toBe(false);
      await sweepMatchesNode(page, false);
      // No reload of its own while off, however long the page stays.
      await page.waitForTimeout(1500);
      expect(app.loads()).toBe(3);
      expect(app.errors).toStrictEqual([]);
    } finally {
      await app.close();
    }
  });

  test('on a host that sends the headers the page is isolated from the start and never reloads', async () => {
    const app = await openCounting(appUrl + '#/segments');
    try {
      const { page } = app;
      await waitForShape(page, 238, 7);
      await expect(isIsolated(page)).resolves.toBe(true);
      await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated' && navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
      // Served by the worker now: its responses carry the headers too, so an offline visit stays isolated.
      const headers = await page.evaluate(async () => {
        const response = await fetch('./');
        return [response.headers.get('cross-origin-opener-policy'), response.headers.get('cross-origin-embedder-policy')];
      });
      expect(headers).toStrictEqual(['same-origin', 'require-corp']);
      await page.waitForTimeout(1500);
      expect(app.loads()).toBe(1);
      await expect(page.getByTestId('worker-memory').getAttribute('data-mode')).resolves.toBe('shared');
      expect(app.errors).toStrictEqual([]);
    } finally {
      await app.close();
    }
  });
});
