/**
 * A seeded numeric CSV for load tests, written to disk in blocks (never one giant string).
 *   npx tsx bench/gen-csv.ts OUT.csv [rows=1000000] [cols=10] [seed=42]
 * Column `xj` holds a standard normal draw times 10^(j mod 4 + 1), rounded to 2 decimals.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Random } from '../src/lib/ml/core/random';

/** The next `rows` rows of the synthetic numeric CSV (after the header when `withHeader`), as text. */
export function numericCsvBlock(random: Random, cols: number, rows: number, withHeader: boolean): string {
  const lines: string[] = [];
  if (withHeader) lines.push(Array.from({ length: cols }, (_, j) => `x${j}`).join(','));
  const cells: string[] = new Array<string>(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) cells[j] = String(Math.round(random.normal() * 10 ** ((j % 4) + 1) * 100) / 100);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** The whole synthetic CSV as one string (small sizes: tests and in-browser benchmarks). */
export function numericCsv(rows: number, cols: number, seed = 42): string {
  return numericCsvBlock(new Random(seed), cols, rows, true);
}

/** Writes the synthetic CSV to `path`, streaming blocks of 10,000 rows; resolves to the bytes written. */
export async function writeNumericCsv(path: string, rows = 1_000_000, cols = 10, seed = 42): Promise<number> {
  const random = new Random(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  const block = 10_000;
  for (let start = 0; start < rows; start += block) {
    const text = numericCsvBlock(random, cols, Math.min(block, rows - start), start === 0);
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');

if (isMain) {
  const [out, rows = '1000000', cols = '10', seed = '42'] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: npx tsx bench/gen-csv.ts OUT.csv [rows=1000000] [cols=10] [seed=42]\n');
    process.exit(1);
  }
  writeNumericCsv(out, Number(rows), Number(cols), Number(seed)).then(
    (bytes) => process.stderr.write(`wrote ${out}: ${rows} rows × ${cols} columns, ${bytes} bytes\n`),
    (error: unknown) => {
      process.stderr.write(`error: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
