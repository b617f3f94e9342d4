/**
 * `npm run bench`: runs every benchmark, prints one table and writes bench/results.json.
 * Each suite measures its baseline in the same run and reports ratios against it (the browser
 * suite: against its declared 200 ms budget per main-thread task). `npm run bench -- trees` runs one suite.
 */
import { writeFileSync } from 'node:fs';
import type { BenchRow } from './row';

const suites: Record<string, () => Promise<{ run: () => Promise<BenchRow[]> }>> = {
  trees: () => import('./trees'),
  gbm: () => import('./gbm'),
  kmeans: () => import('./kmeans'),
  clv: () => import('./clv'),
  score: () => import('./score'),
  browser: () => import('./browser-suite'),
  'browser-sweep': () => import('./browser-sweep'),
  memory: () => import('./memory'),
  startup: () => import('./startup'),
};

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const rows: BenchRow[] = [];
  for (const [name, load] of Object.entries(suites)) {
    if (only.length && !only.includes(name)) continue;
    const suite = await load();
    rows.push(...(await suite.run()));
  }
  const header = ['suite', 'job', 'seconds', 'baseline', 'ratio', 'note'];
  const table = rows.map((r) => [
    r.suite,
    r.job,
    r.seconds.toFixed(3),
    r.baseline ?? '',
    r.ratio === undefined ? '' : `${r.ratio < 0.01 ? r.ratio.toPrecision(2) : r.ratio.toFixed(2)}×`,
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const t of table) console.log(line(t));
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
