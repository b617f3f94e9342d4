import { describe, expect, it } from 'vitest';
import type { ModelKind, Task } from '../../src/lib/ml/core/model';
import { Random } from '../../src/lib/ml/core/random';
import type { Column, Table } from '../../src/lib/ml/core/table';
import { evaluateFormula } from '../../src/lib/ml/features/formula/evaluate';
import { transformTable } from '../../src/lib/ml/preprocess/pipeline';
import { decodeArtifact, encodeArtifact } from '../../src/lib/runs/artifact-codec';
import { score, trainModel, type DerivedFormula, type TrainSpec } from '../../src/lib/runs/artifact';

const features = ['age', 'income', 'region', 'member', 'signup'];

/**
 * `n` seeded customers: numeric age and income, categorical region (with a rare level), boolean
 * member, a signup date, about 4 % missing in each; targets spend (numeric), churn (no/yes) and
 * tier (bronze/silver/gold).
 */
function customers(n: number, seed: number, name = 'customers.csv'): Table {
  const random = new Random(seed);
  const regions = ['North', 'South', 'East', 'West'];
  const age = new Float64Array(n);
  const income = new Float64Array(n);
  const member = new Float64Array(n);
  const signup = new Float64Array(n);
  const spend = new Float64Array(n);
  const regionCodes = new Int32Array(n);
  const churnCodes = new Int32Array(n);
  const tierCodes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.round(20 + 50 * random.next());
    const inc = Math.round(20_000 + 800 * a + 15_000 * random.normal());
    const r = random.next() < 0.01 ? 4 : random.int(4);
    const m = random.next() < 0.4 ? 1 : 0;
    const s = spend[i] = 30 + 0.5 * a + inc / 2000 + (r === 1 ? 15 : 0) + 20 * m + 8 * random.normal();
    const risk = 1 / (1 + Math.exp(-(2.5 - 0.06 * a - 1.5 * m + (r === 2 ? 1 : 0))));
    churnCodes[i] = random.next() < risk ? 1 : 0;
    tierCodes[i] = s < 80 ? 0 : s < 100 ? 1 : 2;
    age[i] = random.next() < 0.04 ? NaN : a;
    income[i] = random.next() < 0.04 ? NaN : inc;
    regionCodes[i] = random.next() < 0.04 ? -1 : r;
    member[i] = random.next() < 0.04 ? NaN : m;
    signup[i] = random.next() < 0.04 ? NaN : Date.UTC(2020, 0, 1) + random.int(1500) * 86_400_000;
  }
  const columns: Column[] = [
    { name: 'age', type: 'numeric', role: 'feature', storage: 'number', values: age },
    { name: 'income', type: 'numeric', role: 'feature', storage: 'number', values: income },
    { name: 'region', type: 'categorical', role: 'feature', storage: 'category', codes: regionCodes, dictionary: [...regions, 'Island'] },
    { name: 'member', type: 'boolean', role: 'feature', storage: 'number', values: member },
    { name: 'signup', type: 'date', role: 'feature', storage: 'number', values: signup },
    { name: 'spend', type: 'numeric', role: 'target', storage: 'number', values: spend },
    { name: 'churn', type: 'categorical', role: 'target', storage: 'category', codes: churnCodes, dictionary: ['no', 'yes'] },
    { name: 'tier', type: 'categorical', role: 'target', storage: 'category', codes: tierCodes, dictionary: ['bronze', 'silver', 'gold'] },
  ];
  return { name, rowCount: n, columns };
}

const table = customers(1000, 11);

/** `table` without the columns named. */
function without(t: Table, ...names: string[]): Table {
  return { ...t, columns: t.columns.filter((c) => !names.includes(c.name)) };
}

const fastOptions: Partial<Record<ModelKind, Record<string, unknown>>> = {
  rf: { nEstimators: 15 },
  gbm: { nEstimators: 15 },
  mlp: { epochs: 3, hiddenLayers: [6], backend: 'cpu' },
};

const cases: [ModelKind, Task, string][] = [
  ...(['linear', 'ridge', 'lasso', 'elasticnet', 'knn', 'rf', 'gbm', 'mlp'] as const).map((m): [ModelKind, Task, string] => [m, 'regression', 'spend']),
  ...(['logistic', 'knn', 'rf', 'gbm', 'mlp'] as const).map((m): [ModelKind, Task, string] => [m, 'classification', 'churn']),
  ...(['logistic', 'knn', 'rf', 'gbm', 'mlp'] as const).map((m): [ModelKind, Task, string] => [m, 'classification', 'tier']),
];

describe('model artifact round trip', () => {
  it.each(cases)('%s %s of %s: encoded, decoded and scored, predictions are identical', async (kind, task, target) => {
    const spec: TrainSpec = { target, task, model: kind, features, modelOptions: fastOptions[kind], seed: 5, createdAt: '2026-01-02T03:04:05.000Z' };
    const { artifact, model } = await trainModel(table, spec);
    const decoded = decodeArtifact(encodeArtifact(artifact));
    // Lossless: the decoded artifact is the original as JSON would carry it.
    expect(decoded).toStrictEqual(JSON.parse(JSON.stringify(artifact)));
    const X = transformTable(artifact.pipeline, table);
    const result = await score(decoded, table);
    expect(result.rows).toBe(1000);
    expect(result.predictions).toStrictEqual(model.predict(X));
    if (task === 'classification') {
      expect(result.proba).toStrictEqual(model.predictProba!(X));
      expect(result.classes).toStrictEqual(target === 'churn' ? ['no', 'yes'] : ['bronze', 'gold', 'silver']);
      expect(result.labels).toHaveLength(1000);
    } else {
      expect(result.proba).toBeUndefined();
      expect(result.labels).toBeUndefined();
    }
    expect(artifact).toMatchObject({ format: 'customer-intelligence/model', version: 1, createdAt: '2026-01-02T03:04:05.000Z', model: { kind, task } });
    expect(artifact.inputs).toStrictEqual([
      { name: 'age', type: 'numeric', storage: 'number' },
      { name: 'income', type: 'numeric', storage: 'number' },
      { name: 'region', type: 'categorical', storage: 'category' },
      { name: 'member', type: 'boolean', storage: 'number' },
      { name: 'signup', type: 'date', storage: 'number' },
    ]);
    expect(artifact.profile.rows).toBe(1000);
    expect(artifact.training).toMatchObject({ rows: 1000, seed: 5 });
  });

  it('binary labels follow the threshold on the positive class', async () => {
    const { artifact, model } = await trainModel(table, { target: 'churn', task: 'classification', model: 'logistic', features, threshold: 0.3 });
    expect(artifact.target).toStrictEqual({ name: 'churn', task: 'classification', classes: ['no', 'yes'], positive: 'yes' });
    expect(artifact.threshold).toBe(0.3);
    const result = await score({ artifact, model }, table);
    const p = result.positiveProbability!;
    expect(p).toStrictEqual(Float64Array.from({ length: 1000 }, (_, i) => result.proba![2 * i + 1]));
    expect(result.labels).toStrictEqual(Array.from(p, (v) => (v >= 0.3 ? 'yes' : 'no')));
    const all = await score({ artifact: { ...artifact, threshold: 0 }, model }, table);
    expect(new Set(all.labels)).toStrictEqual(new Set(['yes']));
    const flipped = await trainModel(table, { target: 'churn', task: 'classification', model: 'logistic', features, positive: 'no' });
    expect(flipped.artifact.target.positive).toBe('no');
    expect(flipped.artifact.threshold).toBe(0.5);
  });

  it('multi-class labels are the class names of the predictions; regression has no threshold', async () => {
    const { artifact, model } = await trainModel(table, { target: 'tier', task: 'classification', model: 'logistic', features });
    expect(artifact.threshold).toBeUndefined();
    const result = await score({ artifact, model }, table);
    expect(result.labels).toStrictEqual(Array.from(result.predictions, (c) => ['bronze', 'gold', 'silver'][c]));
    expect(result.positiveProbability).toBeUndefined();
    const reg = await trainModel(table, { target: 'spend', task: 'regression', model: 'ridge', features });
    expect(reg.artifact.threshold).toBeUndefined();
    expect(reg.artifact.target).toStrictEqual({ name: 'spend', task: 'regression' });
  });

  it('trains on the rows with a target value only, and rebalances when asked', async () => {
    const spend = (table.columns[5] as Extract<Column, { storage: 'number' }>).values.slice();
    spend.fill(NaN, 0, 100);
    const partial: Table = { ...table, columns: table.columns.map((c) => (c.name === 'spend' ? { ...c, values: spend } : c)) };
    const { artifact } = await trainModel(partial, { target: 'spend', task: 'regression', model: 'linear', features });
    expect(artifact.training.rows).toBe(900);
    expect(artifact.profile.rows).toBe(900);
    const smote = await trainModel(table, { target: 'churn', task: 'classification', model: 'logistic', features, imbalance: 'smote' });
    expect(smote.artifact.training.imbalance).toBe('smote');
  });

  it('an RF of 100 trees encodes much smaller than its plain JSON', async () => {
    const { artifact, model } = await trainModel(table, { target: 'churn', task: 'classification', model: 'rf', features });
    expect((artifact.model.trees as unknown[]).length).toBe(100);
    // The model's JSON already holds compact trees (tests/unit/tree-compact.test.ts); packing their arrays saves a third more.
    const plain = JSON.stringify(model.toJSON()).length;
    const encoded = encodeArtifact(artifact).length;
    expect(encoded / plain).toBeLessThan(0.7);
  });
});

describe('scoring a new file', () => {
  it('imputes missing values and maps unseen categories without error', async () => {
    const { artifact, model } = await trainModel(table, { target: 'spend', task: 'regression', model: 'ridge', features });
    const fresh = customers(50, 99, 'customers_2027.csv');
    const region = fresh.columns[2] as Extract<Column, { storage: 'category' }>;
    const odd: Table = {
      ...fresh,
      columns: fresh.columns.map((c) =>
        c.name === 'region' ? { ...region, dictionary: ['Mars', ...region.dictionary], codes: region.codes.map((k) => (k < 0 ? 0 : k + 1)) } : c.name === 'age' ? { ...c, values: new Float64Array(50).fill(NaN) } : c,
      ),
    };
    const result = await score({ artifact, model }, without(odd, 'spend', 'churn', 'tier'));
    expect(result.rows).toBe(50);
    expect(result.predictions.every(Number.isFinite)).toBe(true);
  });

  it('names a missing input column and the file', async () => {
    const { artifact } = await trainModel(table, { target: 'spend', task: 'regression', model: 'linear', features });
    const fresh = without(customers(20, 3, 'customers_2027.csv'), 'income');
    await expect(score(artifact, fresh)).rejects.toThrow('Column "income" is missing from customers_2027.csv; the model needs: age, income, region, member, signup');
    await expect(score(artifact, without(fresh, 'age'))).rejects.toThrow('Columns "age", "income" are missing from customers_2027.csv');
  });

  it('names an input column whose type no longer fits', async () => {
    const { artifact } = await trainModel(table, { target: 'spend', task: 'regression', model: 'linear', features });
    const fresh = customers(20, 3, 'new.csv');
    const textAge: Table = {
      ...fresh,
      columns: fresh.columns.map((c): Column => (c.name === 'age' ? { name: 'age', type: 'categorical', role: 'feature', storage: 'category', codes: new Int32Array(20), dictionary: ['old'] } : c)),
    };
    await expect(score(artifact, textAge)).rejects.toThrow('Column "age" is categorical (text values) in new.csv, but the model was trained on it as numeric');
    const numberDate: Table = { ...fresh, columns: fresh.columns.map((c): Column => (c.name === 'signup' ? { ...c, type: 'numeric' } : c)) };
    await expect(score(artifact, numberDate)).rejects.toThrow('Column "signup" is numeric in new.csv, but the model was trained on it as a date');
  });

  it('a model on a rule-built label scores a new file that has no label', async () => {
    const label = { rules: [{ column: 'age', operator: '>' as const, value: 50 }], combine: 'and' as const };
    const spec: TrainSpec = { target: 'at_risk', task: 'classification', model: 'logistic', features: ['income', 'region', 'member'], label };
    const { artifact, model } = await trainModel(table, spec);
    expect(artifact.target).toStrictEqual({ name: 'at_risk', task: 'classification', classes: ['no', 'yes'], positive: 'yes', label });
    const decoded = decodeArtifact(encodeArtifact(artifact));
    expect(decoded.target.label).toStrictEqual(label);
    const full = customers(200, 42, 'customers_2027.csv');
    const fresh = without(full, 'age', 'spend', 'churn', 'tier');
    const result = await score(decoded, fresh);
    expect(result.predictions).toStrictEqual(model.predict(transformTable(artifact.pipeline, fresh)));
    expect(result.labels).toHaveLength(200);
    expect(new Set(result.labels)).toStrictEqual(new Set(['no', 'yes']));
    // Income rises with age, so the real over-50s of the new file get a higher probability on average.
    const age = (full.columns[0] as Extract<Column, { storage: 'number' }>).values;
    const mean = (keep: (a: number) => boolean) => {
      const p = result.positiveProbability!.filter((_, i) => keep(age[i]));
      return p.reduce((s, v) => s + v, 0) / p.length;
    };
    expect(mean((a) => a > 50)).toBeGreaterThan(mean((a) => a <= 50) + 0.1);
    await expect(trainModel(table, { ...spec, features: ['age', 'income'] })).rejects.toThrow('The label rules read "age", so "age" cannot be a feature');
    const derived: DerivedFormula[] = [{ name: 'years_left', formula: '70 - age', sources: ['age'] }];
    await expect(trainModel(table, { ...spec, features: ['years_left', 'income'], derived })).rejects.toThrow(
      'The label rules read "age", which "years_left" is computed from, so "years_left" cannot be a feature',
    );
  });

  it('recomputes a derived column from its formula when the file lacks it', async () => {
    const derived: DerivedFormula[] = [{ name: 'income_per_year', formula: 'income / age', sources: ['income', 'age'] }];
    const withDerived: Table = {
      ...table,
      columns: [...table.columns, { name: 'income_per_year', type: 'numeric', role: 'feature', storage: 'number', values: evaluateFormula('income / age', table) }],
    };
    const spec: TrainSpec = { target: 'spend', task: 'regression', model: 'ridge', features: ['income_per_year', 'region'], derived };
    const { artifact, model } = await trainModel(withDerived, spec);
    expect(artifact.derived).toStrictEqual(derived);
    // Training computes it too when the table lacks it, to the same model.
    const trainedWithout = await trainModel(table, spec);
    expect(trainedWithout.artifact.model).toStrictEqual(artifact.model);

    const decoded = decodeArtifact(encodeArtifact(artifact));
    const result = await score(decoded, table);
    expect(result.predictions).toStrictEqual(model.predict(transformTable(artifact.pipeline, withDerived)));
    await expect(score(decoded, without(table, 'age'))).rejects.toThrow(
      'Column "income_per_year" is missing from customers.csv and cannot be recomputed from its formula income / age: "age" is missing too',
    );
  });

  it('works with columns named constructor and __proto__', async () => {
    const random = new Random(3);
    const n = 200;
    const x = Float64Array.from({ length: n }, () => random.normal());
    const codes = Int32Array.from({ length: n }, () => random.int(3));
    const y = Int32Array.from(x, (v, i) => (v + codes[i] * 0.5 + 0.3 * random.normal() > 0.5 ? 1 : 0));
    const odd: Table = {
      name: 'odd.csv',
      rowCount: n,
      columns: [
        { name: 'constructor', type: 'numeric', role: 'feature', storage: 'number', values: x },
        { name: '__proto__', type: 'categorical', role: 'feature', storage: 'category', codes, dictionary: ['toString', 'valueOf', 'hasOwnProperty'] },
        { name: 'hasOwnProperty', type: 'categorical', role: 'target', storage: 'category', codes: y, dictionary: ['constructor', '__proto__'] },
      ],
    };
    const { artifact, model } = await trainModel(odd, { target: 'hasOwnProperty', task: 'classification', model: 'rf', features: ['constructor', '__proto__'], modelOptions: { nEstimators: 5 } });
    const decoded = decodeArtifact(encodeArtifact(artifact));
    expect(decoded.inputs.map((i) => i.name)).toStrictEqual(['constructor', '__proto__']);
    expect(decoded.target.classes).toStrictEqual(['__proto__', 'constructor']);
    expect(decoded.profile.columns[1]).toMatchObject({ name: '__proto__', distinct: 3 });
    const result = await score(decoded, odd);
    expect(result.proba).toStrictEqual(model.predictProba!(transformTable(artifact.pipeline, odd)));
    await expect(score(decoded, without(odd, '__proto__'))).rejects.toThrow('Column "__proto__" is missing from odd.csv');
  });
});

describe('encodeArtifact', () => {
  it('packs number arrays in their narrowest lossless type; NaN, −0 and ±Infinity survive', async () => {
    const { artifact } = await trainModel(table, { target: 'spend', task: 'regression', model: 'linear', features });
    const random = new Random(8);
    const model = {
      kind: 'linear' as const,
      task: 'regression' as const,
      doubles: Array.from({ length: 40 }, () => random.normal()),
      singles: Array.from({ length: 40 }, () => Math.fround(random.normal())),
      wide: Array.from({ length: 40 }, (_, i) => (i - 20) * 1000),
      special: [NaN, -0, Infinity, -Infinity, 0.5],
      value: Array.from({ length: 1000 }, (_, i) => [0.1, 0.2, 1 / 3, 2 / 3, 0.75][i % 5]),
      nested: [Array.from({ length: 20 }, (_, i) => i / 7), [1, 2]],
      short: [0.1, 0.2],
    };
    const text = encodeArtifact({ ...artifact, model });
    const stored = JSON.parse(text);
    expect(stored.model.doubles.$b64).toBe('f64');
    expect(stored.model.singles.$b64).toBe('f32');
    expect(stored.model.wide.$b64).toBe('i16');
    expect(stored.model.special.$b64).toBe('f32');
    expect(stored.model.value).toMatchObject({ $b64: 'u8', n: 1000, dict: 0 });
    expect(stored.valueTables).toHaveLength(1);
    expect(stored.model.short).toStrictEqual([0.1, 0.2]);
    const decoded = decodeArtifact(text);
    expect(decoded.model).toStrictEqual(model);
    expect(Object.is((decoded.model.special as number[])[1], -0)).toBe(true);
    expect(decoded).not.toHaveProperty('valueTables');
  });
});

describe('decodeArtifact', () => {
  const valid = async () => JSON.parse(encodeArtifact((await trainModel(table, { target: 'spend', task: 'regression', model: 'rf', features, modelOptions: { nEstimators: 2 } })).artifact));

  it('rejects text that is not a model file', () => {
    expect(() => decodeArtifact('hello')).toThrow('Not a Customer Intelligence model file');
    expect(() => decodeArtifact('[1, 2]')).toThrow('Not a Customer Intelligence model file');
    expect(() => decodeArtifact('{"format": "something-else", "version": 1}')).toThrow('Not a Customer Intelligence model file');
  });

  it('rejects another version, missing fields, unknown models and damaged arrays', async () => {
    const good = await valid();
    expect(decodeArtifact(JSON.stringify(good)).model.kind).toBe('rf');
    expect(() => decodeArtifact(JSON.stringify({ ...good, version: 2 }))).toThrow('This model file is version 2; this app reads version 1');
    expect(() => decodeArtifact(JSON.stringify({ ...good, pipeline: undefined }))).toThrow('This model file is damaged: "pipeline" is missing or invalid');
    expect(() => decodeArtifact(JSON.stringify({ ...good, target: { name: 'spend' } }))).toThrow(/"target" is missing or invalid/);
    expect(() => decodeArtifact(JSON.stringify({ ...good, model: { ...good.model, kind: 'xgboost' } }))).toThrow(
      'This model file holds an unknown model "xgboost"; this app knows: linear, ridge, lasso, elasticnet, logistic, knn, rf, gbm, mlp',
    );
    const tree = good.model.trees[0];
    const packed = Object.values(tree).find((v): v is { data: string } => typeof v === "object" && v !== null && "$b64" in v)!;
    packed.data = packed.data.slice(0, -4);
    expect(() => decodeArtifact(JSON.stringify(good))).toThrow(/This model file is damaged: a packed array has \d+ bytes, expected \d+/);
  });
});
