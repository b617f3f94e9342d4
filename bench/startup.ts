/**
 * `npm run bench -- startup`: the JavaScript a visitor downloads before the example data is shown,
 * gzip-compressed (level 9, as static hosts serve it), against the 150 KB budget of issue 20. Two
 * measures of one fresh build: what index.html names (its entry script and the chunks it
 * modulepreloads), and what headless Chromium actually fetched from opening `#/data` until the
 * default example's row count is on the page (the Data page's chunk and any worker's script included;
 * Plotly, tfjs, exceljs and hyparquet must not be among them). The build is gone when it returns.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/e2e/browser-launch';
import { serveStatic } from '../tests/e2e/serve.mjs';
import { buildApp } from './browser-flow';
import type { BenchRow } from './row';

/** The budget of issue 20, bytes gzip. */
export const startupBudgetBytes = 150 * 1024;

const SUITE = 'startup';

/** Script files index.html loads at once: its module scripts, then the chunks it modulepreloads (paths as written, in order, each once). */
export function entryScripts(html: string): string[] {
  const found: string[] = [];
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
  for (const tag of tags) {
    const attr = (name: string): string | undefined => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
    const isScript = /^<script/i.test(tag) && attr('type') === 'module' && attr('src') !== undefined;
    const isPreload = /^<link/i.test(tag) && attr('rel')?.toLowerCase() === 'modulepreload' && attr('href') !== undefined;
    const path = isScript ? attr('src') : isPreload ? attr('href') : undefined;
    if (path !== undefined && !found.includes(path)) found.push(path);
  }
  return found;
}

/** Gzip size of a file, bytes (level 9). */
function gzipBytes(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** Script files under `dist` Chromium fetched from opening the app at `#/data` until the default example is shown, as paths relative to `dist`. */
export async function scriptsBeforeData(dist: string): Promise<string[]> {
  const server = await serveStatic(dist);
  const browser = await launchBrowser();
  try {
    // A fresh context: no service worker or cache from an earlier visit.
    // Service workers blocked: the offline worker precaches every file of the build, which no visitor waits for.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const fetched: string[] = [];
    let isShown = false;
    // Told by the page the moment the row count appears, before the other pages' chunks are fetched at idle time.
    await page.exposeFunction('__dataShown', () => {
      isShown = true;
    });
    await page.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('[data-testid="dataset-summary"][data-rows="238"]')) return;
        observer.disconnect();
        (window as unknown as { __dataShown(): void }).__dataShown();
      });
      observer.observe(document, { subtree: true, childList: true, attributes: true });
    });
    const note = (url: string): void => {
      if (isShown) return;
      const path = new URL(url).pathname;
      if (!path.endsWith('.js')) return;
      const relative = path.slice(new URL(server.url).pathname.length);
      if (!fetched.includes(relative)) fetched.push(relative);
    };
    // Dedicated workers' fetches (the parse worker's script and its chunks) are the page's requests too.
    context.on('request', (request) => note(request.url()));
    await page.goto(server.url + '#/data');
    await page.waitForSelector('[data-testid="dataset-summary"][data-rows="238"]', { timeout: 120_000 });
    await context.close();
    return fetched;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Chunks that must stay lazy: their names, as the build writes them. */
const heavyChunk = /plotly|tfjs|tf-|exceljs|hyparquet|parquet/i;

/** The startup rows of one fresh build. */
export async function run(): Promise<BenchRow[]> {
  const dist = mkdtempSync(join(tmpdir(), 'startup-dist-'));
  try {
    buildApp(dist);
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const entry = entryScripts(html).map((p) => p.replace(/^\.\//, ''));
    const entryBytes = entry.reduce((sum, p) => sum + gzipBytes(join(dist, p)), 0);
    const fetched = await scriptsBeforeData(dist);
    const sizes = fetched.map((p) => ({ path: p, bytes: gzipBytes(join(dist, p)) })).sort((a, b) => b.bytes - a.bytes);
    const fetchedBytes = sizes.reduce((sum, s) => sum + s.bytes, 0);
    const heavy = fetched.filter((p) => heavyChunk.test(p));
    const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
    const baseline = `${startupBudgetBytes / 1024} KB gzip budget (declared)`;
    return [
      {
        suite: SUITE,
        job: 'index.html entry + modulepreloads, gzip',
        seconds: 0,
        baseline,
        ratio: entryBytes / startupBudgetBytes,
        note: `${kb(entryBytes)} in ${entry.length} files (not seconds: bytes)`,
      },
      {
        suite: SUITE,
        job: 'all JS fetched before the example data is shown, gzip',
        seconds: 0,
        baseline,
        ratio: fetchedBytes / startupBudgetBytes,
        note: `${kb(fetchedBytes)} in ${fetched.length} files, page and workers (largest: ${sizes.slice(0, 4).map((s) => `${s.path.replace(/^assets\//, '')} ${kb(s.bytes)}`).join(', ')}); ${heavy.length ? `NOT LAZY: ${heavy.join(', ')}` : 'Plotly, tfjs, exceljs and hyparquet not loaded'}`,
      },
    ];
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}
