/**
 * Shared end-to-end helpers: one headless Chromium per test file, and an app
 * session that records every request (page and workers), CSP violations,
 * dialogs and uncaught errors, so any test can assert privacy and safety.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser-launch';

/** Where run.mjs serves dist/ (under the sub-path /customer-intelligence/). */
export const appUrl: string = process.env.E2E_URL ?? '';
if (!appUrl) throw new Error('E2E_URL is not set: run the end-to-end tests with `npm run test:e2e`');

export { chromiumArgs, launchBrowser } from './browser-launch';

/** An open app page with everything it did recorded. */
export interface AppSession {
  context: BrowserContext;
  page: Page;
  /** Every URL requested by the page or its workers. */
  requests: string[];
  /** Requests to anything but the app's origin (data: and blob: URLs are local and not counted). */
  foreignRequests: string[];
  /** CSP violations reported by the page (securitypolicyviolation) or logged by Chromium (workers too). */
  cspViolations: string[];
  /** Messages of alert/confirm/prompt dialogs (dismissed automatically). */
  dialogs: string[];
  /** Uncaught errors in the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Options of `openApp`. */
export interface OpenAppOptions {
  /** Hash route, e.g. '#/data'. */
  hash?: string;
  /** Wait until a dataset is shown (default true). */
  waitForDataset?: boolean;
}

/** Opens the app in a fresh context (so sessions do not share storage). */
export async function openApp(browser: Browser, options: OpenAppOptions = {}): Promise<AppSession> {
  const { hash = '#/data', waitForDataset = true } = options;
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const origin = new URL(appUrl).origin;
  const session: AppSession = {
    context,
    page: undefined as unknown as Page,
    requests: [],
    foreignRequests: [],
    cspViolations: [],
    dialogs: [],
    pageErrors: [],
    close: () => context.close(),
  };
  const record = (url: string): void => {
    session.requests.push(url);
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) session.foreignRequests.push(url);
  };
  context.on('request', (request) => record(request.url()));
  const onConsole = (text: string): void => {
    if (/Content Security Policy/i.test(text)) session.cspViolations.push(text);
  };
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const w = window as unknown as { __cspViolations?: string[] };
      (w.__cspViolations ??= []).push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  session.page = page;
  page.on('console', (message) => onConsole(message.text()));
  page.on('worker', (worker) => worker.on('console', (message) => onConsole(message.text())));
  page.on('pageerror', (error) => {
    session.pageErrors.push(error.message);
    // E2E_STACKS=1 prints where each uncaught error came from (build with `--minify false` to read it).
    if (process.env.E2E_STACKS) console.error('pageerror', error.stack);
  });
  page.on('dialog', (dialog) => {
    session.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(appUrl + hash);
  if (waitForDataset) await page.waitForSelector('[data-testid="dataset-summary"]');
  return session;
}

/** CSP violations seen by the page's listener plus those Chromium logged. */
export async function cspViolationsOf(session: AppSession): Promise<string[]> {
  const fromPage = await session.page.evaluate(
    () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
  );
  return [...fromPage, ...session.cspViolations];
}

/** The dataset shown in the summary, as numbers. */
export async function datasetShape(page: Page): Promise<{ rows: number; cols: number; name: string }> {
  const summary = page.getByTestId('dataset-summary');
  return {
    rows: Number(await summary.getAttribute('data-rows')),
    cols: Number(await summary.getAttribute('data-cols')),
    name: (await summary.locator('.name').textContent()) ?? '',
  };
}

/** Waits until the summary shows `rows` × `cols`. */
export async function waitForShape(page: Page, rows: number, cols: number, timeout = 60_000): Promise<void> {
  await page.waitForSelector(`[data-testid="dataset-summary"][data-rows="${rows}"][data-cols="${cols}"]`, { timeout });
}

/** Waits until no file is loading (the cancel button is gone). */
export async function waitForIdle(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForSelector('[data-testid="cancel"]', { state: 'detached', timeout });
}

/**
 * Clicks the button with test id `runId`, then Cancel the moment the page shows it, from inside the
 * page: the click lands in the same turn of the page's event loop as the change that shows Cancel,
 * so the run cannot have finished first (its results come from a worker, in a later task). A run
 * that takes a second on a fast machine is still cancelled midway, whatever the machine's load.
 */
export async function runThenCancel(page: Page, runId = 'run'): Promise<void> {
  await page.evaluate(
    (id) =>
      new Promise<void>((resolve, reject) => {
        const cancelButton = () => document.querySelector<HTMLButtonElement>('[data-testid="cancel"]');
        const run = document.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);
        if (!run) return reject(new Error(`no button with test id ${id}`));
        if (cancelButton()) return reject(new Error('a Cancel button is already shown'));
        const observer = new MutationObserver(() => {
          const cancel = cancelButton();
          if (!cancel) return;
          observer.disconnect();
          cancel.click();
          resolve();
        });
        observer.observe(document.body, { subtree: true, childList: true });
        run.click();
      }),
    runId,
  );
}

/** Loads a file through the file input, as a user picking it would. */
export async function pickFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(path);
}

/** Loads in-memory content through the file input. */
export async function pickContent(page: Page, name: string, content: string | Buffer, mimeType = 'text/csv'): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });
}

/** The texts of the alerts on screen. */
export async function alertTexts(page: Page): Promise<string[]> {
  return page.getByRole('alert').allTextContents();
}

/** What the Data page's column table says about one column. */
export interface ColumnInfo {
  type: string;
  role: string;
  missing: number;
  unique: number;
  isConstant: boolean;
}

/** Reads one column's line of the Data page's column table. */
export async function columnInfo(page: Page, name: string): Promise<ColumnInfo> {
  const row = page.locator(`[data-testid="column-row"][data-column="${name.replace(/"/g, '\\"')}"]`);
  await row.locator('[data-field="missing"]').waitFor();
  return {
    type: await row.getByTestId('type-select').inputValue(),
    role: await row.getByTestId('role-select').inputValue(),
    missing: Number(await row.locator('[data-field="missing"]').getAttribute('data-value')),
    unique: Number(await row.locator('[data-field="unique"]').getAttribute('data-value')),
    isConstant: (await row.getByTestId('constant-flag').count()) > 0,
  };
}

/**
 * The set-up every page test file shares: one Chromium and one app session for the
 * file, opened before its tests and closed after them. `session` forwards to the
 * session opened in `beforeAll`, so tests use it as a plain AppSession.
 */
export function useApp(options: OpenAppOptions = {}): { session: AppSession; readonly browser: Browser } {
  let browser: Browser | undefined;
  let current: AppSession | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    current = await openApp(browser, options);
  });
  afterAll(async () => {
    await current?.close();
    await browser?.close();
  });
  const session = new Proxy({} as AppSession, {
    get: (_, key) => {
      if (!current) throw new Error('The app session is opened in beforeAll; use it inside a test');
      return current[key as keyof AppSession];
    },
  });
  return {
    session,
    get browser(): Browser {
      if (!browser) throw new Error('The browser is started in beforeAll; use it inside a test');
      return browser;
    },
  };
}
