import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ModelKind, Task } from '../../src/lib/ml/core/model';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { score, trainModel, type TrainSpec } from '../../src/lib/runs/artifact';
import { scoreFile } from '../../src/lib/runs/artifact-file';
import { decodeArtifact, encodeArtifact } from '../../src/lib/runs/artifact-codec';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const defaultCsv = fixture('customer_purchasing_behaviors.csv').toString('utf8');
const changed = fixture('customers_changed.csv');
const { table } = parseCsvText(defaultCsv, 'customer_purchasing_behaviors.csv');
const features = ['age', 'annual_income', 'loyalty_score', 'region', 'purchase_frequency'];
const bytes = (text: string) => new TextEncoder().encode(text);

const spend = (model: ModelKind = 'rf', options: Record<string, unknown> = { nEstimators: 20 }) =>
  trainModel(table, { target: 'purchase_amount', task: 'regression', model, features, modelOptions: options, seed: 3 });

describe('scoreFile', () => {
  it('writes every input cell as the file wrote it, neutralises formulas, and adds the prediction', async () => {
    const { artifact } = await spend();
    const scored = await scoreFile(artifact, changed, 'customers_changed.csv');
    expect(scored.rows).toBe(238);
    expect(scored.added).toStrictEqual(['prediction']);
    expect(scored.columns).toStrictEqual(['user_id', 'age', 'annual_income', 'purchase_amount', 'loyalty_score', 'region', 'purchase_frequency', 'prediction']);
    const out = Papa.parse<string[]>(scored.csv, { skipEmptyLines: true }).data;
    const input = Papa.parse<string[]>(changed.toString('utf8'), { skipEmptyLines: true }).data;
    expect(out).toHaveLength(239);
    expect(out[0]).toStrictEqual(scored.columns);
    for (let r = 1; r < input.length; r++) {
      const safe = input[r].map((cell) => (cell.startsWith('=') ? `'${cell}` : cell));
      expect(out[r].slice(0, 7)).toStrictEqual(safe);
    }
    // Formatted numbers and blanks stay as written; the formula-like category is neutralised.
    expect(out[6].slice(0, 3)).toStrictEqual(['6', '44', '$63,500']);
    expect(out[186][4]).toBe('');
    expect(out[114][5]).toBe(`'=HYPERLINK("http://x")`);
    const { table: parsed } = parseCsvText(changed.toString('utf8'), 'customers_changed.csv');
    const expected = (await score(artifact, parsed)).predictions;
    expect(out.slice(1).map((row) => Number(row[7]))).toStrictEqual(Array.from(expected));
    expect(scored.preview).toHaveLength(100);
    expect(scored.preview[5]).toStrictEqual([...input[6], String(expected[5])]);
    expect(scored.warnings).toStrictEqual([]);
  });

  it('counts the categories training never saw, per column, and scores them with the training rule', async () => {
    const { artifact } = await spend('ridge', {});
    const scored = await scoreFile(artifact, changed, 'customers_changed.csv');
    expect(scored.unseen).toStrictEqual([{ column: 'region', count: 4, levels: 2, examples: ['Central', '=HYPERLINK("http://x")'] }]);
    const { table: parsed } = parseCsvText(changed.toString('utf8'), 'x.csv');
    const region = parsed.columns.find((c) => c.name === 'region')!;
    const rows = Array.from({ length: 238 }, (_, i) => i).filter((i) => region.storage === 'category' && ['Central', '=HYPERLINK("http://x")'].includes(region.dictionary[region.codes[i]]));
    expect(rows).toHaveLength(4);
    expect(scored.csv).not.toContain('NaN');
    expect((await scoreFile(artifact, bytes(defaultCsv), 'same.csv')).unseen).toStrictEqual([]);
  });

  it('refuses a file missing a column, naming it, and scores nothing', async () => {
    const { artifact } = await spend();
    await expect(scoreFile(artifact, fixture('customers_no_income.csv'), 'customers_no_income.csv')).rejects.toThrow(
      'Column "annual_income" is missing from customers_no_income.csv; the model needs: age, annual_income, loyalty_score, region, purchase_frequency',
    );
  });

  it('names a column of the wrong type', async () => {
    const { artifact } = await spend();
    const text = defaultCsv.replace(/\r?\n2,34,/, '\n2,thirty-four,');
    await expect(scoreFile(artifact, bytes(text), 'typo.csv')).rejects.toThrow('Column "age" is categorical (text values) in typo.csv, but the model was trained on it as numeric');
  });

  it('classification: the positive class probability and the label at the saved threshold; several classes: the predicted class', async () => {
    const label = { rules: [{ column: 'loyalty_score', operator: '<' as const, value: 5 }], combine: 'and' as const };
    const spec: TrainSpec = { target: 'at_risk', task: 'classification', model: 'logistic', features: ['age', 'annual_income', 'region'], label, threshold: 0.3 };
    const { artifact } = await trainModel(table, spec);
    const scored = await scoreFile(artifact, changed, 'customers_changed.csv');
    expect(scored.added).toStrictEqual(['probability', 'label']);
    const out = Papa.parse<string[]>(scored.csv, { skipEmptyLines: true }).data.slice(1);
    for (const row of out) expect(row[8]).toBe(Number(row[7]) >= 0.3 ? 'yes' : 'no');
    expect(new Set(out.map((r) => r[8]))).toStrictEqual(new Set(['yes', 'no']));

    const tiers = defaultCsv.split(/\r?\n/).map((line, i) => (i === 0 ? `${line},tier` : `${line},${['bronze', 'silver', 'gold'][i % 3]}`)).join('\n');
    const { table: tiered } = parseCsvText(tiers, 'tiers.csv');
    const multi = await trainModel(tiered, { target: 'tier', task: 'classification', model: 'rf', features, modelOptions: { nEstimators: 5 } });
    const scoredMulti = await scoreFile(multi.artifact, bytes(tiers), 'tiers.csv');
    const result = await score(multi.artifact, tiered);
    const rows = Papa.parse<string[]>(scoredMulti.csv, { skipEmptyLines: true }).data.slice(1);
    rows.forEach((row, i) => {
      expect(row[9]).toBe(result.labels![i]);
      expect(Number(row[8])).toBe(result.proba![i * 3 + result.predictions[i]]);
    });
  });

  it("never overwrites a column of the file: the model's columns get a suffix", async () => {
    const { artifact } = await spend();
    const text = defaultCsv.split(/\r?\n/).map((line, i) => (i === 0 ? `${line},prediction` : `${line},x`)).join('\n');
    const scored = await scoreFile(artifact, bytes(text), 'has-prediction.csv');
    expect(scored.columns.slice(-2)).toStrictEqual(['prediction', 'prediction_2']);
  });

  it('skips the rows the reader skips, so each record keeps its own prediction', async () => {
    const { artifact } = await spend('linear', {});
    const lines = defaultCsv.split(/\r?\n/);
    const text = [lines[0], lines[1], '', '1,2,3', lines[2], '   ', lines[3]].join('\n');
    const scored = await scoreFile(artifact, bytes(text), 'ragged.csv');
    expect(scored.rows).toBe(3);
    expect(scored.warnings[0]).toMatch(/skipped 1 row with fewer than the header's 7 fields/);
    const { table: parsed } = parseCsvText([lines[0], lines[1], lines[2], lines[3]].join('\n'), 'ok.csv');
    const expected = (await score(artifact, parsed)).predictions;
    expect(Papa.parse<string[]>(scored.csv).data.slice(1).map((r) => [r[0], Number(r[7])])).toStrictEqual([
      ['1', expected[0]],
      ['2', expected[1]],
      ['3', expected[2]],
    ]);
  });

  it('reports reading, scoring and writing progress', async () => {
    const { artifact } = await spend();
    const notes = new Set<string>();
    let scoredRows = 0;
    await scoreFile(artifact, changed, 'c.csv', {
      onProgress: (done, _total, note) => {
        notes.add(note ?? '');
        if (note === 'scoring') scoredRows = done;
      },
    });
    expect([...notes]).toStrictEqual(['reading', 'scoring', 'writing']);
    expect(scoredRows).toBe(238);
  });

  it("the 'score-file' job gives the same file as scoreFile", async () => {
    const { artifact } = await spend();
    const run = makeRunConfig('score-file', { model: 'm', name: 'customers_changed.csv' });
    const viaJob = await runJob(run, new Blob([changed]), { resources: new Map([['m', artifact]]) });
    expect(viaJob).toStrictEqual(await scoreFile(artifact, changed, 'customers_changed.csv'));
  });
});

describe('score in chunks', () => {
  const cases: [ModelKind, Task, string, Record<string, unknown>][] = [
    ['linear', 'regression', 'purchase_amount', {}],
    ['ridge', 'regression', 'purchase_amount', {}],
    ['lasso', 'regression', 'purchase_amount', {}],
    ['elasticnet', 'regression', 'purchase_amount', {}],
    ['knn', 'regression', 'purchase_amount', {}],
    ['rf', 'regression', 'purchase_amount', { nEstimators: 10 }],
    ['gbm', 'regression', 'purchase_amount', { nEstimators: 10 }],
    ['mlp', 'regression', 'purchase_amount', { epochs: 3, hiddenLayers: [6], backend: 'cpu' }],
    ['logistic', 'classification', 'region', {}],
    ['knn', 'classification', 'region', {}],
    ['rf', 'classification', 'region', { nEstimators: 10 }],
    ['gbm', 'classification', 'region', { nEstimators: 10 }],
    ['mlp', 'classification', 'region', { epochs: 3, hiddenLayers: [6], backend: 'cpu' }],
  ];
  it.each(cases)('%s %s: a saved model scores 23 rows at a time to the same bits as all at once', async (model, task, target, options) => {
    const inputs = ['age', 'annual_income', 'loyalty_score', 'purchase_frequency', ...(target === 'region' ? [] : ['region'])];
    const { artifact } = await trainModel(table, { target, task, model, features: inputs, modelOptions: options, seed: 1 });
    const saved = decodeArtifact(encodeArtifact(artifact));
    const whole = await score(artifact, table);
    const chunked = await score(saved, table, { chunkRows: 23 });
    expect(chunked).toStrictEqual(whole);
  });
});
