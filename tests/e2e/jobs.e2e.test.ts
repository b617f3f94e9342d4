/**
 * Every job kind through the real worker pool and job bridge in Chromium (module workers, the
 * pool's parts spread over them), compared with the same RunConfig run through the job table in
 * Node: the same seed gives the same numbers. Node 20's V8 and Chromium's differ in the last bit
 * of Math.exp, Math.log and Math.pow for a few percent of inputs (measured: 7–10 %), so numbers
 * computed through them may differ by an ulp or so; everything else must be equal. The harness
 * page holds the pool without the app (tests/e2e/jobs-harness/).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runConfigToJson } from '../../src/lib/runs/run-config';
import { comparable, defaultCsv, jobExamples, runExamplesInNode } from '../unit/job-examples';
import { launchBrowser } from './browser-launch';
import { serveStatic } from './serve.mjs';

/** Paths where two plain-JSON values differ: any non-number difference, or numbers more than 1e-12 apart (relative). */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) ? [] : [`${path}: ${a} ≠ ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${path}: length ${a.length} ≠ ${b.length}`];
    return a.flatMap((x, i) => differences(x, b[i], `${path}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

let outDir = '';
let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
let browser: Browser | undefined;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'jobs-harness-'));
  const root = fileURLToPath(new URL('./jobs-harness', import.meta.url));
  await build({ configFile: false, logLevel: 'warn', root, base: './', worker: { format: 'es' }, build: { outDir, emptyOutDir: true, target: 'es2022', minify: false } });
  server = await serveStatic(outDir, '/');
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url + 'index.html');
  await page.waitForFunction(() => document.title === 'jobs harness ready');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('every job kind in Chromium workers', () => {
  test('gives the same results as the job table in Node', async () => {
    const examples = jobExamples();
    const node = (await runExamplesInNode(examples)).map(comparable);
    let workers = 0;
    for (const [i, example] of examples.entries()) {
      const { run, ...options } = example;
      const answer = await page.evaluate(
        ([json, opts]) => (window as unknown as { harness: { run(j: string, o: unknown): Promise<{ result: unknown; workers: number; progress: number }> } }).harness.run(json, opts),
        [runConfigToJson(run), { csv: defaultCsv, ...options }] as const,
      );
      workers = Math.max(workers, answer.workers);
      expect(differences(comparable(answer.result), node[i]), `${run.kind} #${i}`).toStrictEqual([]);
      if (run.kind === 'cv' && run.config.model === 'ridge') expect(comparable(answer.result), 'a linear model is exactly equal').toStrictEqual(node[i]);
      if (run.kind === 'cv' || run.kind === 'segment' || run.kind === 'customer') expect(answer.progress, `${run.kind} progress`).toBeGreaterThan(0);
    }
    // The pool spread the work over one worker per core.
    expect(workers).toBe(await page.evaluate(() => navigator.hardwareConcurrency));
    expect(errors).toStrictEqual([]);
  });
});
