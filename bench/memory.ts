/**
 * `npm run bench -- memory`: the memory a loaded 1,000,000 × 12 customer file takes, against its
 * size as float64 cells (1M × 12 × 8 B = 96 MB; issue 20's target: held in at most 1.5× that).
 * The file: a zero-padded text id, 8 numeric columns, 3 categorical ones (region, gender, plan);
 * Node reads it again with 25-character ids.
 * Two rows: Node through the app's own reading path (readTableFile, as the 'parse' worker runs it),
 * measured as heap used + ArrayBuffers after a full GC, with the transient peak while parsing; and
 * headless Chromium loading the file through the Data page, measured on the page's main thread
 * (V8 heap + ArrayBuffer backing stores after a GC, bench/browser-heap.ts), with its peak while
 * loading (sampled every 250 ms, garbage included). Ratio = bytes held / float64 bytes.
 *   npx tsx bench/memory.ts [rows=1000000]   (prints the rows)
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTableFile } from '../src/lib/io/read-file';
import { Random } from '../src/lib/ml/core/random';
import { launchBrowser } from '../tests/e2e/browser-launch';
import { serveStatic } from '../tests/e2e/serve.mjs';
import { heapOf, megabytes } from './browser-heap';
import { buildApp } from './browser-flow';
import type { BenchRow } from './row';

const SUITE = 'memory';
const columns = 12;
/** Issue 20's target: bytes held ≤ 1.5 × the float64 size. */
const target = 1.5;

/**
 * Writes `rows` customers with 12 columns (id text, 8 numbers, 3 categories) to `path`, in blocks; resolves to the bytes written.
 * @param longIds ids of 25 characters (`cus_0000001-1a2b3c4d-a1b2`, as payment systems write them) instead of 7 digits
 */
export async function writeMemoryCsv(path: string, rows: number, seed = 7, longIds = false): Promise<number> {
  const random = new Random(seed);
  const out = createWriteStream(path);
  const regions = ['North', 'South', 'East', 'West'];
  const plans = ['Basic', 'Standard', 'Premium', 'Family'];
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('customer_id,age,tenure_months,monthly_charges,total_charges,support_calls,satisfaction,visits,spend,region,gender,plan\n');
  for (let start = 0; start < rows; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 10_000); i++) {
      const tenure = Math.floor(random.next() * 72);
      const monthly = 20 + random.next() * 100;
      lines.push(
        [
          longIds ? `cus_${String(i + 1).padStart(7, '0')}-${Math.floor(random.next() * 2 ** 32).toString(16).padStart(8, '0')}-a1b2` : String(i + 1).padStart(7, '0'),
          18 + Math.floor(random.next() * 60),
          tenure,
          monthly.toFixed(2),
          (monthly * tenure).toFixed(2),
          Math.floor(random.next() * 8),
          (1 + random.next() * 9).toFixed(1),
          Math.floor(random.next() * 40),
          (random.next() * 500).toFixed(2),
          regions[Math.floor(random.next() * 4)],
          random.next() < 0.5 ? 'F' : 'M',
          plans[Math.floor(random.next() * 4)],
        ].join(','),
      );
    }
    await write(lines.join('\n') + '\n');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** What the Node probe measured. */
interface NodeMeasure {
  held: number;
  peak: number;
  /** The process's peak resident memory above its resident memory before the parse (a true high-water mark, finishing included). */
  peakRss: number;
  seconds: number;
  storage: string;
}

/** In a process started with --expose-gc: parses `path` as the app does and measures what the table holds. */
async function probe(path: string): Promise<NodeMeasure> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the memory probe needs node --expose-gc');
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const settled = (): number => {
    gc();
    gc();
    return used();
  };
  // A file-backed Blob: the file's bytes are not in the heap, as a picked File's are not in the page's.
  const file = await openAsBlob(path);
  const before = settled();
  const rssBefore = process.memoryUsage().rss;
  let peak = before;
  const started = performance.now();
  const outcome = await readTableFile(file, 'customers.csv', () => {
    peak = Math.max(peak, used());
  });
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, used());
  const held = settled() - before;
  const kinds = outcome.table.columns.map((c) => (c.storage === 'number' ? `${c.values.constructor.name}` : `${c.codes.constructor.name}+${c.dictionary.length} words`));
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  const peakRss = process.resourceUsage().maxRSS * 1024 - rssBefore;
  return { held, peak: peak - before, peakRss, seconds, storage: [...counts].map(([k, n]) => `${n}× ${k}`).join(', ') };
}

/** The Node row's measure, from a child process with --expose-gc. */
function measureInNode(path: string): NodeMeasure {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', self, '--probe', path], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`memory probe failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as NodeMeasure;
}

/** What Chromium's main thread held after loading the file through the Data page. */
interface BrowserMeasure {
  held: number;
  heap: number;
  buffers: number;
  peak: number;
  seconds: number;
}

async function measureInBrowser(path: string, rows: number): Promise<BrowserMeasure> {
  const dist = mkdtempSync(join(tmpdir(), 'memory-dist-'));
  buildApp(dist);
  const server = await serveStatic(dist);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(server.url + '#/data');
    await page.waitForSelector('[data-testid="dataset-summary"][data-rows="238"]');
    await page.waitForTimeout(1000);
    const before = await heapOf(page);
    let peak = before.total;
    let isLoading = true;
    const sampler = (async () => {
      while (isLoading) {
        peak = Math.max(peak, (await heapOf(page, false)).total);
        await page.waitForTimeout(250);
      }
    })();
    const started = performance.now();
    await page.getByTestId('file-input').setInputFiles(path);
    await page.waitForSelector(`[data-testid="dataset-summary"][data-rows="${rows}"]`, { timeout: 600_000 });
    const seconds = (performance.now() - started) / 1000;
    isLoading = false;
    await sampler;
    await page.waitForTimeout(1000);
    const after = await heapOf(page);
    // The example table it replaced is gone too (238 rows: a few kB).
    return { held: after.total - before.total, heap: after.heap - before.heap, buffers: after.buffers - before.buffers, peak: peak - before.total, seconds };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dist, { recursive: true, force: true });
  }
}

/** The memory rows: Node's reading path and Chromium's page, on one generated file. */
export async function run(rows = 1_000_000): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'memory-'));
  try {
    const path = join(dir, `customers-${rows}.csv`);
    const fileBytes = await writeMemoryCsv(path, rows);
    const float64 = rows * columns * 8;
    const baseline = `float64 size ${megabytes(float64)} (${rows.toLocaleString('en-US')} × ${columns} × 8 B)`;
    const load = () => `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
    const node = measureInNode(path);
    const nodeRow: BenchRow = {
      suite: SUITE,
      job: `Node: ${rows.toLocaleString('en-US')}×${columns} table held after parsing`,
      seconds: node.seconds,
      baseline,
      ratio: node.held / float64,
      note: `target ≤ ${target}×; ${megabytes(node.held)} held (${node.storage}); transient peak while parsing ${megabytes(node.peak)} above the start (heap + ArrayBuffers sampled at each progress report, garbage included), process peak RSS +${megabytes(node.peakRss)}; file ${megabytes(fileBytes)}; ${load()}`,
    };
    // Long ids: what a dictionary of text ids costs when each is 25 characters (V8 kept a whole chunk per sliced cell before).
    const longPath = join(dir, `customers-long-ids-${rows}.csv`);
    await writeMemoryCsv(longPath, rows, 7, true);
    const long = measureInNode(longPath);
    rmSync(longPath);
    const longRow: BenchRow = {
      suite: SUITE,
      job: `Node: ${rows.toLocaleString('en-US')}×${columns} table held, 25-character ids`,
      seconds: long.seconds,
      baseline,
      ratio: long.held / float64,
      note: `target ≤ ${target}×; ${megabytes(long.held)} held; transient peak ${megabytes(long.peak)} sampled, peak RSS +${megabytes(long.peakRss)}; ${load()}`,
    };
    const page = await measureInBrowser(path, rows);
    const browserRow: BenchRow = {
      suite: SUITE,
      job: `Chromium main thread: ${rows.toLocaleString('en-US')}×${columns} file loaded (Data page)`,
      seconds: page.seconds,
      baseline,
      ratio: page.held / float64,
      note: `target ≤ ${target}×; ${megabytes(page.held)} more after the load than before (V8 heap ${megabytes(page.heap)}, ArrayBuffers ${megabytes(page.buffers)}), after GC; peak while loading ${megabytes(page.peak)} (main thread, sampled, garbage included; the parse worker's heap apart); ${load()}`,
    };
    return [nodeRow, longRow, browserRow];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && process.argv[1] === self) {
  const at = process.argv.indexOf('--probe');
  if (at >= 0) {
    probe(process.argv[at + 1]).then(
      (measure) => console.log(JSON.stringify(measure)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else {
    const rows = Number(process.argv[2] ?? 1_000_000);
    run(rows).then(
      (result) => {
        for (const r of result) console.log(`${r.job}: ${r.ratio?.toFixed(3)}× of ${r.baseline}, ${r.seconds.toFixed(1)} s; ${r.note}`);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}
