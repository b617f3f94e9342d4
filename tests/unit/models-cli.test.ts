import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { runCv } from '../../src/cli/cv';
import { runScore } from '../../src/cli/score';
import { runTrain } from '../../src/cli/train';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { score } from '../../src/lib/runs/artifact';
import { scoreFile } from '../../src/lib/runs/artifact-file';
import { decodeArtifact } from '../../src/lib/runs/artifact-codec';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const data = fixture('customer_purchasing_behaviors.csv');
const changed = fixture('customers_changed.csv');
const dir = mkdtempSync(join(tmpdir(), 'models-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli train and score', () => {
  it('train prints the model, task, features and the cv metrics, and writes a model file that scores like the browser', async () => {
    const out = join(dir, 'spend.json');
    const flags = { target: 'purchase_amount', task: 'regression', model: 'rf', seed: '2', out };
    const printed = (await runTrain([data], flags)) as Record<string, unknown>;
    const cv = (await runCv([data], flags)) as { metrics: unknown; features: string[] };
    expect(printed).toMatchObject({ model: 'rf', task: 'regression', features: cv.features, cv: cv.metrics, rows: 238, out });
    expect(Object.keys(printed.cv as object)).toEqual(expect.arrayContaining(['r2', 'rmse', 'mae']));
    const artifact = decodeArtifact(readFileSync(out, 'utf8'));
    expect(artifact.metrics).toStrictEqual({ cv: cv.metrics });
    expect(artifact.source).toMatchObject({ page: 'cli', run: { kind: 'cv', seed: 2, config: { target: 'purchase_amount', model: 'rf' } } });
    expect(artifact.data).toMatchObject({ name: 'customer_purchasing_behaviors.csv', rows: 238 });
    expect(artifact.training).toMatchObject({ rows: 238, seed: 2 });

    const csv = join(dir, 'scored.csv');
    const result = (await runScore([out, changed], { out: csv })) as Record<string, unknown>;
    expect(result).toStrictEqual({
      rows: 238,
      unseen_categories: { region: 4 },
      columns: ['user_id', 'age', 'annual_income', 'purchase_amount', 'loyalty_score', 'region', 'purchase_frequency', 'prediction'],
    });
    const written = readFileSync(csv, 'utf8');
    expect(written).toBe((await scoreFile(artifact, readFileSync(changed), 'customers_changed.csv')).csv);
    const { table } = parseCsvText(readFileSync(changed, 'utf8'), 'customers_changed.csv');
    const predictions = Papa.parse<string[]>(written, { skipEmptyLines: true }).data.slice(1).map((r) => Number(r[7]));
    expect(predictions).toStrictEqual(Array.from((await score(artifact, table)).predictions));
  });

  it('classification with --positive: probability and label columns, the positive class recorded', async () => {
    const lines = readFileSync(data, 'utf8').split(/\r?\n/);
    const churn = join(dir, 'churn.csv');
    writeFileSync(churn, lines.map((line, i) => (i === 0 ? `${line},churned` : `${line},${Number(line.split(',')[4]) < 5 ? 'Yes' : 'No'}`)).join('\n'));
    const out = join(dir, 'churn.json');
    const printed = (await runTrain([churn], { target: 'churned', task: 'classification', model: 'logistic', positive: 'No', features: 'age,annual_income,region', out })) as Record<string, unknown>;
    expect(printed).toMatchObject({ model: 'logistic', task: 'classification', features: ['age', 'annual_income', 'region'], positive: 'No', threshold: 0.5 });
    expect(Object.keys(printed.cv as object)).toEqual(expect.arrayContaining(['accuracy', 'f1', 'roc_auc']));
    const scored = join(dir, 'churn-scored.csv');
    const result = (await runScore([out, data], { out: scored })) as { columns: string[]; unseen_categories: object };
    expect(result.columns.slice(-2)).toStrictEqual(['probability', 'label']);
    expect(result.unseen_categories).toStrictEqual({});
    const rows = Papa.parse<string[]>(readFileSync(scored, 'utf8'), { skipEmptyLines: true }).data.slice(1);
    for (const row of rows) expect(row[8]).toBe(Number(row[7]) >= 0.5 ? 'No' : 'Yes');
  });

  it('refuses what it cannot do with a message', async () => {
    await expect(runTrain([data], { target: 'purchase_amount', task: 'regression', model: 'rf' })).rejects.toThrow('--out is required');
    await expect(runScore([join(dir, 'none.json'), data], { out: join(dir, 'x.csv') })).rejects.toThrow(/File not found: .*none\.json/);
    await expect(runScore([data, data], { out: join(dir, 'x.csv') })).rejects.toThrow('customer_purchasing_behaviors.csv: Not a Customer Intelligence model file: it is not JSON');
    await expect(runScore([data], {})).rejects.toThrow('usage: score model.json FILE --out scored.csv');
  });

  it('prints one JSON line; a missing column exits non-zero with one line naming it', async () => {
    const model = join(dir, 'cli.json');
    await runTrain([data], { target: 'purchase_amount', task: 'regression', model: 'ridge', out: model });
    const tsx = ['tsx', 'src/cli/main.ts', 'score', model];
    const stdout = execFileSync('npx', [...tsx, changed, '--out', join(dir, 'cli.csv')], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(stdout)).toMatchObject({ rows: 238, unseen_categories: { region: 4 } });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const bad = spawnSync('npx', [...tsx, fixture('customers_no_income.csv'), '--out', join(dir, 'bad.csv')], { cwd: root, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: Column "annual_income" is missing from customers_no_income\.csv/);
  });
});
