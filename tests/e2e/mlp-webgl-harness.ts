/**
 * A page-free harness for the MLP in real Chromium: bundles mlp-webgl.worker.ts with Vite into a temp
 * folder, serves it next to an empty HTML page, and runs fits in a module worker (where the app trains).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { launchBrowser } from './browser-launch';
import { serveStatic } from './serve.mjs';

/** One fit asked of the worker. */
export interface MlpWorkerRequest {
  rows: number;
  backend: 'webgl' | 'cpu' | 'auto';
  epochs: number;
  batchSize: number;
  /** Hidden layer sizes (default the MLP's [100]). */
  hiddenLayers?: number[];
}

/** What the worker reports: the backend actually used, fit time, training R² and loss per epoch. */
export interface MlpWorkerResult {
  backend: string;
  seconds: number;
  r2: number;
  lossHistory: number[];
}

/** A running harness: `fit` starts a fresh module worker per call. */
export interface MlpHarness {
  fit(request: MlpWorkerRequest): Promise<MlpWorkerResult>;
  close(): Promise<void>;
}

/** Builds the worker, serves it and opens Chromium on an empty page. */
export async function startMlpHarness(): Promise<MlpHarness> {
  const outDir = await mkdtemp(join(tmpdir(), 'mlp-webgl-'));
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  let browser: Browser | undefined;
  try {
    await build({
      configFile: false,
      logLevel: 'warn',
      root: fileURLToPath(new URL('../..', import.meta.url)),
      build: {
        outDir,
        emptyOutDir: true,
        minify: false,
        target: 'es2022',
        lib: { entry: fileURLToPath(new URL('./mlp-webgl.worker.ts', import.meta.url)), formats: ['es'], fileName: () => 'worker.js' },
      },
    });
    await writeFile(join(outDir, 'index.html'), '<!doctype html><title>mlp</title>');
    server = await serveStatic(outDir, '/');
    browser = await launchBrowser();
    const page: Page = await browser.newPage();
    await page.goto(server.url + 'index.html');
    const opened = { server, browser };
    return {
      fit: async (request) => {
        const result = await page.evaluate(
          (req) =>
            new Promise<MlpWorkerResult | { error: string }>((resolve) => {
              const worker = new Worker(new URL('worker.js', location.href), { type: 'module' });
              worker.onmessage = (event) => {
                worker.terminate();
                resolve(event.data);
              };
              worker.onerror = (event) => {
                worker.terminate();
                resolve({ error: event.message || 'worker failed to start' });
              };
              worker.postMessage(req);
            }),
          request,
        );
        if ('error' in result) throw new Error(`MLP worker: ${result.error}`);
        return result;
      },
      close: async () => {
        await opened.browser.close();
        await opened.server.close();
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
}
