/**
 * A file whose headers and levels are hostile (quotes, backslashes, a line break, triple quotes), with
 * a yes/no column, missing numbers, a rare level grouped as "Other" and an added column from a
 * formula: the exported scikit-learn script and its notebook run and give the app's R² (a linear
 * model, so to 1e-6: the same folds, imputation, levels, reference level and formula).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportModelCode } from '../../../src/lib/export/export-code';
import type { Table } from '../../../src/lib/ml/core/table';
import { parseCsvBytes } from '../../../src/lib/ml/data/csv/parse-text';
import { withDerivedColumns, type DerivedFormula } from '../../../src/lib/ml/features/derived-columns';
import { quoteName } from '../../../src/lib/ml/features/formula/evaluate';
import { makeRunConfig } from '../../../src/lib/runs/run-config';
import { hasSklearn, lastJsonLine, runPython, sklearnSkipReason } from './python-env';
import { cvMeans } from './runs';

const dir = mkdtempSync(join(tmpdir(), 'export-hostile-'));
const target = 'it\'s "spend"\n(€)';
const amount = 'x\\y """';
const kind = "kind'''";
const member = 'member #1';

/** A seeded file of 120 customers with those headers, as CSV text (headers quoted as CSV quotes them). */
function hostileCsv(): string {
  let state = 7;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const levels = ['North', "O'Brien", 'say "hi"'];
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = [[target, amount, kind, member].map(quote).join(',')];
  for (let i = 0; i < 120; i++) {
    const x = Math.round(next() * 1000) / 10;
    const level = i === 5 ? 'rare' : levels[Math.floor(next() * 3)];
    const yes = next() < 0.4;
    const y = 3 * x + (yes ? 20 : 0) + levels.indexOf(level) * 15 + next() * 10;
    lines.push([i % 17 === 3 ? '' : String(x), quote(level), yes ? 'Yes' : 'No'].reduce((row, cell) => `${row},${cell}`, y.toFixed(2)));
  }
  return lines.join('\n') + '\n';
}

describe.skipIf(!hasSklearn)('an export of a file with hostile headers', { timeout: 180_000 }, () => {
  it('runs as a script and as a notebook and gives the app’s R²', async () => {
    if (!hasSklearn) throw new Error(sklearnSkipReason);
    const csvFile = join(dir, 'odd "file".csv');
    writeFileSync(csvFile, hostileCsv());
    const loaded = parseCsvBytes(readFileSync(csvFile), 'odd "file".csv').table;
    const derived: DerivedFormula[] = [{ name: 'half\nx', formula: `${quoteName(amount)} / 2 + 1`, sources: [amount] }];
    const table: Table = withDerivedColumns(loaded, derived, ['half\nx'], new Map());
    const run = makeRunConfig('cv', { target, task: 'regression', model: 'linear', folds: 4, features: ['half\nx', kind, member] }, { seed: 3 });
    const ours = await cvMeans(table, run);
    const code = exportModelCode(table, run, { source: { fileName: csvFile, separator: ',' }, derived, reference: ours });
    expect(code.sklearn).toContain("'Other'");

    const script = join(dir, 'hostile.py');
    writeFileSync(script, code.sklearn);
    const theirs = lastJsonLine(runPython(script)).metrics;
    expect(theirs.r2).toBeCloseTo(ours.r2, 6);

    const notebook = JSON.parse(code.notebook) as { nbformat: number; cells: { cell_type: string; source: string[] }[] };
    expect(notebook.nbformat).toBe(4);
    const cells = notebook.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
    const fromNotebook = join(dir, 'hostile-notebook.py');
    writeFileSync(fromNotebook, cells.join('\n\n\n') + '\n');
    expect(lastJsonLine(runPython(fromNotebook)).metrics.r2).toBeCloseTo(ours.r2, 6);
  });
});
