/**
 * `npx tsx bench/browser-load.ts [rows] [cols]`: loads a generated numeric CSV
 * (1,000,000 × 10 by default, bench/gen-csv.ts) into the built app in headless
 * Chromium through the file input, and prints the load time, the peak JS heap
 * of the page and of its workers, the peak memory (PSS) of the renderer processes and
 * the longest main-thread task. Targets: heap well under 500 MB, no task over 100 ms.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/browser-launch';
import { longTasks, resetLongTasks, watchLongTasks } from './browser-tasks';
import { serveStatic } from '../tests/e2e/serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const rows = Number(process.argv[2] ?? 1_000_000);
const cols = Number(process.argv[3] ?? 10);
const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

/** A flag only our Chromium carries, to tell its processes from other Chromiums on the machine. */
const marker = `--bench-browser-load=${process.pid}`;

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // The process ended between listing and reading.
  }
}

/** Proportional resident memory (PSS) of our Chromium's renderer processes (the page and its workers live there). */
function rendererPss(): number {
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  const parentOf = new Map(pids.map((pid) => [pid, readProc(pid, 'stat').split(') ')[1]?.split(' ')[1] ?? '']));
  const root = pids.find((pid) => readProc(pid, 'cmdline').includes(marker) && !readProc(pid, 'cmdline').includes('--type='));
  const isOurs = (pid: string): boolean => {
    for (let p = parentOf.get(pid); p && p !== '0' && p !== '1'; p = parentOf.get(p)) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const pid of pids) {
    if (!root || !readProc(pid, 'cmdline').includes('--type=renderer') || !isOurs(pid)) continue;
    // PSS, not RSS: shared pages (fonts, the V8 snapshot, GPU memory) are counted once across processes.
    const pss = /^Pss:\s+(\d+) kB/m.exec(readProc(pid, 'smaps_rollup'));
    if (pss) total += Number(pss[1]) * 1024;
  }
  return total;
}

/** Heap used by each worker target, through the browser's CDP session (non-flattened attach). */
async function workerHeaps(browserSession: CDPSession): Promise<number> {
  const { targetInfos } = (await browserSession.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
  let total = 0;
  for (const target of targetInfos.filter((t) => t.type === 'worker')) {
    try {
      const { sessionId } = (await browserSession.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
      const answer = new Promise<number>((done) => {
        const onMessage = (event: { sessionId: string; message: string }): void => {
          if (event.sessionId !== sessionId) return;
          const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
          if (message.id !== 1) return;
          browserSession.off('Target.receivedMessageFromTarget', onMessage);
          done(message.result?.usedSize ?? 0);
        };
        browserSession.on('Target.receivedMessageFromTarget', onMessage);
      });
      await browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
      total += await Promise.race([answer, new Promise<number>((done) => setTimeout(() => done(0), 500))]);
      await browserSession.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    } catch {
      // The worker ended while we asked.
    }
  }
  return total;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'browser-load-'));
  const csv = join(dir, `numeric-${rows}x${cols}.csv`);
  run(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bench/gen-csv.ts'), csv, String(rows), String(cols)]);
  if (!process.argv.includes('--no-build') || !existsSync(join(root, 'dist/index.html'))) {
    run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
  }
  const server = await serveStatic(join(root, 'dist'));
  const browser = await launchBrowser(['--enable-precise-memory-info', marker]);
  try {
    const page = await browser.newPage();
    await watchLongTasks(page);
    await page.goto(server.url + '#/data');
    await page.waitForSelector('[data-testid="dataset-summary"][data-rows="238"]');
    await resetLongTasks(page);

    const baselinePss = rendererPss();
    const pageSession = await page.context().newCDPSession(page);
    await pageSession.send('Performance.enable');
    const browserSession = await browser.newBrowserCDPSession();
    let peakMain = 0;
    let peakWorkers = 0;
    let peakPss = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const { metrics } = (await pageSession.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
        peakMain = Math.max(peakMain, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
        peakWorkers = Math.max(peakWorkers, await workerHeaps(browserSession));
        peakPss = Math.max(peakPss, rendererPss());
        await new Promise((done) => setTimeout(done, 100));
      }
    })();

    const started = performance.now();
    await page.getByTestId('file-input').setInputFiles(csv);
    await page.waitForSelector(`[data-testid="dataset-summary"][data-rows="${rows}"][data-cols="${cols}"]`, { timeout: 600_000 });
    await page.waitForSelector('[data-testid="column-row"] [data-field="missing"]');
    const seconds = (performance.now() - started) / 1000;
    await page.getByTestId('row-preview').evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
    await page.waitForTimeout(300);
    polling = false;
    await poller;
    const tasks = await longTasks(page);

    console.log(`file: ${rows.toLocaleString('en-US')} rows × ${cols} columns, ${mb(statSync(csv).size)}`);
    console.log(`load time (pick → column profiles shown): ${seconds.toFixed(2)} s`);
    console.log(`peak JS heap, page: ${mb(peakMain)}; workers: ${mb(peakWorkers)} (typed arrays are outside the JS heap)`);
    console.log(`peak renderer memory (PSS, page + workers + buffers): ${mb(peakPss)}, ${mb(baselinePss)} before the load`);
    console.log(`main-thread tasks over 50 ms: ${tasks.count}; longest: ${tasks.longest.toFixed(0)} ms`);
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
