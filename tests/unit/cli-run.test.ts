import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCv } from '../../src/cli/cv';
import { runRun } from '../../src/cli/run';
import { runConfigToHash, type RunConfig } from '../../src/lib/runs/run-config';

const file = fileURLToPath(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cli-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli run: any RunConfig on a file', () => {
  it("reruns the cv command's own run to the same metrics, from a JSON file or a link's hash", async () => {
    const cv = (await runCv([file], { target: 'purchase_amount', task: 'regression', model: 'gbm', seed: '4' })) as { run: RunConfig; metrics: { r2: { mean: number } } };
    expect(cv.run).toMatchObject({ kind: 'cv', seed: 4, data: { name: 'customer_purchasing_behaviors.csv', rows: 238, cols: 7 } });
    const path = join(dir, 'run.json');
    writeFileSync(path, JSON.stringify(cv.run));
    const again = (await runRun([file], { config: path })) as { kind: string; warnings: string[]; result: { metrics: { r2: { mean: number } } } };
    expect(again.kind).toBe('cv');
    expect(again.warnings).toStrictEqual([]);
    expect(again.result.metrics.r2.mean).toBe(cv.metrics.r2.mean);
    const fromHash = (await runRun([file], { hash: runConfigToHash(cv.run) })) as typeof again;
    expect(fromHash.result.metrics.r2.mean).toBe(cv.metrics.r2.mean);
  });

  it('warns when the file is not the one the run was made on, and refuses what it cannot run', async () => {
    const cv = (await runCv([file], { target: 'purchase_amount', task: 'regression', model: 'ridge' })) as { run: RunConfig };
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'age,annual_income,loyalty_score,region,purchase_frequency,purchase_amount\n' + Array.from({ length: 40 }, (_, i) => `${20 + i},${30000 + 900 * i},${(i % 9) + 1},North,${i % 20},${100 + 7 * i}`).join('\n'));
    const out = (await runRun([other], { hash: runConfigToHash(cv.run) })) as { warnings: string[] };
    expect(out.warnings[0]).toMatch(/The run was made on customer_purchasing_behaviors\.csv \(238 rows, hash [0-9a-f]{16}\); other\.csv differs \(40 rows/);
    await expect(runRun([file], {})).rejects.toThrow(/usage: run FILE --config RUN.json/);
    const parse = join(dir, 'parse.json');
    writeFileSync(parse, JSON.stringify({ ...cv.run, kind: 'parse', config: { name: 'x.csv' } }));
    await expect(runRun([file], { config: parse })).rejects.toThrow(/A "parse" run does not read a table/);
  });
});
