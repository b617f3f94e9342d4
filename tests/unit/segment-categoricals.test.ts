/**
 * Categorical and yes/no columns in Segments: the weight rule on a hand-computed example, weight 0
 * giving the numeric-only clustering, level shares in the profile and personas, high-cardinality
 * grouping as Predict does it, object-key level names, the RunConfig and the CLI flag.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { runCluster } from '../../src/cli/cluster';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { parseCsvText } from '../../src/lib/ml/data/csv/parse-text';
import { segmentsCsv } from '../../src/lib/io/csv-export';
import { planCategoricals } from '../../src/lib/ml/preprocess/encoding-plan';
import { indicatorScale } from '../../src/lib/ml/segments/categorical-encoding';
import { buildClusteringMatrix, encodeRow } from '../../src/lib/ml/segments/clustering-matrix';
import { defaultSegmentFeatures } from '../../src/lib/ml/segments/default-features';
import { scaleData } from '../../src/lib/ml/segments/scale';
import { defaultSegmentationConfig, segmentCustomers } from '../../src/lib/ml/segments/segmentation';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig, runConfigFromJson, runConfigToJson } from '../../src/lib/runs/run-config';
import { settingsProblems } from '../../src/lib/state/segments.svelte';

/** 6 rows: x (mean 3, population std 1) and a two-level categorical c, a in 4 rows, b in 2. */
const small = tableFromArrays('small.csv', { x: [2, 4, 2, 4, 2, 4], c: ['a', 'a', 'a', 'a', 'b', 'b'] });
const run = { kMin: 2, kMax: 2, seed: 3, nInit: 10 };
const rounded = (a: ArrayLike<number>): number[] => Array.from(a, (v) => Math.round(v * 1e9) / 1e9);
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** Rows grouped by segment, as sorted lists of row numbers (labels are arbitrary). */
function partition(segmentOfRow: Int32Array): number[][] {
  const groups = new Map<number, number[]>();
  segmentOfRow.forEach((s, i) => groups.set(s, [...(groups.get(s) ?? []), i]));
  return [...groups.values()].sort((a, b) => a[0] - b[0]);
}

describe('the categorical weight rule', () => {
  it('encodes a two-level categorical by hand: centred indicators × √(w·v / Σ p(1 − p))', () => {
    const m = buildClusteringMatrix(small, ['x', 'c']);
    // x standardised: (x − 3) / 1. c: p = (2/3, 1/3), Σ p(1 − p) = 4/9, s = √(1 · 1 / (4/9)) = 1.5;
    // an a row: ((1 − 2/3)·1.5, (0 − 1/3)·1.5) = (0.5, −0.5); a b row: (−2/3·1.5, 2/3·1.5) = (−1, 1).
    expect(m.names).toStrictEqual(['x', 'c = a', 'c = b']);
    expect(m.d).toBe(3);
    expect(m.referenceVariance).toBe(1);
    expect(m.encodings[0]).toMatchObject({ column: 'c', kind: 'onehot', levels: ['a', 'b'], distinct: 2, grouped: 0 });
    expect(m.encodings[0].scale).toBeCloseTo(1.5, 12);
    // prettier-ignore
    expect(rounded(m.data)).toStrictEqual([
      -1, 0.5, -0.5,
      1, 0.5, -0.5,
      -1, 0.5, -0.5,
      1, 0.5, -0.5,
      -1, -1, 1,
      1, -1, 1,
    ]);
    // Together c's columns have variance 0.25 + 0.25 + … = w · v = 1, like the standardised x.
    const variance = (j: number): number => Array.from({ length: 6 }, (_, i) => m.data[i * 3 + j] ** 2).reduce((a, b) => a + b) / 6;
    expect(variance(0)).toBeCloseTo(1, 12);
    expect(variance(1) + variance(2)).toBeCloseTo(1, 12);
    // Weight 4 doubles the multiplier (√4): the categorical counts as four standardised columns.
    expect(buildClusteringMatrix(small, ['x', 'c'], { categoricalWeight: 4 }).encodings[0].scale).toBeCloseTo(3, 12);
  });

  it('uses the mean variance of the scaled numeric columns as v under min–max scaling', () => {
    // x min–max: 0, 1, 0, 1, 0, 1, variance 0.25; s = √(0.25 / (4/9)) = 0.75.
    const m = buildClusteringMatrix(small, ['x', 'c'], { scale: 'minmax' });
    expect(m.referenceVariance).toBeCloseTo(0.25, 12);
    expect(m.encodings[0].scale).toBeCloseTo(0.75, 12);
    expect(rounded(m.data.subarray(12, 15))).toStrictEqual([0, -0.5, 0.5]);
    // A categorical alone: v = 1.
    expect(buildClusteringMatrix(small, ['c'], { scale: 'minmax' }).referenceVariance).toBe(1);
  });

  it('with weight 0 clusters exactly as the numeric column alone; with weight 2 the categorical decides', async () => {
    const numeric = await segmentCustomers(small, { ...run, features: ['x'] });
    const none = await segmentCustomers(small, { ...run, features: ['x', 'c'], categoricalWeight: 0 });
    expect(partition(none.segmentOfRow)).toStrictEqual([[0, 2, 4], [1, 3, 5]]);
    expect(Array.from(none.segmentOfRow)).toStrictEqual(Array.from(numeric.segmentOfRow));
    expect(none.sweep).toStrictEqual(numeric.sweep);
    // At w = 2: splitting by c leaves inertia 6 (x only), splitting by x leaves 12 (c's columns, 3 per column per group).
    const heavy = await segmentCustomers(small, { ...run, features: ['x', 'c'], categoricalWeight: 2 });
    expect(partition(heavy.segmentOfRow)).toStrictEqual([[0, 1, 2, 3], [4, 5]]);
    expect(heavy.sweep[0].inertia).toBeCloseTo(6, 10);
    // The PCA view reads the same three encoded columns.
    expect(heavy.projection.length).toBe(6 * 3);
  });

  it('encodes a yes/no column as one 0/1 column with the same variance, and the same distances as a two-level categorical', () => {
    const table = tableFromArrays('flags.csv', { x: [2, 4, 2, 4, 2, 4], c: ['a', 'a', 'a', 'a', 'b', 'b'], yes: [0, 0, 0, 0, 1, 1] }, { yes: 'boolean' });
    const flag = buildClusteringMatrix(table, ['x', 'yes']);
    // p = 1/3: s = √(1 / (1/3 · 2/3)) = 3/√2; a No row (0 − 1/3)·s = −1/√2, a Yes row (2/3)·s = √2.
    expect(flag.names).toStrictEqual(['x', 'yes = true']);
    expect(flag.encodings[0]).toMatchObject({ kind: 'flag', levels: ['false', 'true'] });
    expect(rounded(Array.from({ length: 6 }, (_, i) => flag.data[i * 2 + 1]))).toStrictEqual(rounded([-1, -1, -1, -1, 2, 2].map((v) => v / Math.SQRT2)));
    // Under standard scaling with w = 1 that is the column's z-score.
    const z = scaleData(new Float64Array([0, 0, 0, 0, 1, 1]), 6, 1, 'standard');
    expect(rounded(Array.from({ length: 6 }, (_, i) => flag.data[i * 2 + 1]))).toStrictEqual(rounded(z));
    const onehot = buildClusteringMatrix(table, ['x', 'c']);
    const gap = (data: Float64Array, d: number): number => Math.hypot(...Array.from({ length: d }, (_, j) => data[j] - data[4 * d + j]));
    expect(gap(flag.data, 2)).toBeCloseTo(gap(onehot.data, 3), 12);
    expect(indicatorScale('flag', [0.5, 0.5], 1, 1)).toBe(2);
    expect(indicatorScale('onehot', [1], 1, 1)).toBe(0);
  });

  it('leaves out rows missing a categorical, and refuses text columns and a negative weight', () => {
    const table = tableFromArrays('holes.csv', { x: [1, 2, 3, 4], c: ['a', null, 'b', 'a'], note: ['p q', 'r s', 't u', 'v w'] }, { note: 'text' });
    const m = buildClusteringMatrix(table, ['x', 'c']);
    expect(Array.from(m.rows)).toStrictEqual([0, 2, 3]);
    expect(m.dropped).toBe(1);
    expect(() => buildClusteringMatrix(table, ['x', 'note'])).toThrow(/"note" is text; clustering uses numeric, yes\/no and categorical columns/);
    expect(() => buildClusteringMatrix(table, ['x', 'c'], { categoricalWeight: -1 })).toThrow(/categorical weight must be a number of at least 0/);
    expect(() => buildClusteringMatrix(table, [])).toThrow(/at least one feature/);
  });
});

describe('categorical columns in the profile and personas', () => {
  it("shows each segment's share of every level, in the file's words, and quotes a level that stands out", async () => {
    const result = await segmentCustomers(small, { ...run, features: ['x', 'c'], categoricalWeight: 2 });
    const mix = result.profile.categorical.find((m) => m.name === 'c')!;
    expect(mix.isClustered).toBe(true);
    expect(mix.dictionary).toStrictEqual(['a', 'b']);
    const bSegment = result.segmentOfRow[4];
    const aSegment = result.segmentOfRow[0];
    expect(Array.from(mix.share.subarray(bSegment * 2, bSegment * 2 + 2))).toStrictEqual([0, 1]);
    expect(Array.from(mix.share.subarray(aSegment * 2, aSegment * 2 + 2))).toStrictEqual([1, 0]);
    expect(rounded(mix.overall)).toStrictEqual(rounded([2 / 3, 1 / 3]));
    // b: 100 % of its segment against 33 % overall (at least 20 points more).
    expect(result.personas[bSegment].figures).toContain('c = b 100 % (all 33 %)');
    expect(result.encodings.map((e) => e.column)).toStrictEqual(['c']);
    expect(structuredClone(result)).toStrictEqual(result);
  });

  it('works with levels and columns named __proto__ and constructor, and exports them as written', async () => {
    const csv = ['x,__proto__', '1,__proto__', '1.2,__proto__', '0.9,constructor', '5,constructor', '5.1,toString', '4.8,=cmd'].join('\n');
    const { table } = parseCsvText(csv, 'odd.csv');
    const m = buildClusteringMatrix(table, ['x', '__proto__']);
    expect(m.encodings[0].levels).toStrictEqual(['=cmd', '__proto__', 'constructor', 'toString']);
    expect(m.names).toStrictEqual(['x', '__proto__ = =cmd', '__proto__ = __proto__', '__proto__ = constructor', '__proto__ = toString']);
    expect(m.encodings[0].shares).toStrictEqual([1 / 6, 2 / 6, 2 / 6, 1 / 6]);
    // Each row has exactly one level: its row of indicators sums to Σ(δ − p)·s = (1 − 1)·s = 0.
    for (let i = 0; i < 6; i++) expect(Math.abs(m.data.subarray(i * 5 + 1, i * 5 + 5).reduce((a, b) => a + b))).toBeLessThan(1e-12);
    const result = await segmentCustomers(table, { ...run, features: ['x', '__proto__'] });
    const mix = result.profile.categorical.find((c) => c.name === '__proto__')!;
    expect(mix.dictionary).toStrictEqual(['=cmd', '__proto__', 'constructor', 'toString']);
    expect(rounded(mix.overall)).toStrictEqual(rounded([1 / 6, 2 / 6, 2 / 6, 1 / 6]));
    // A what-if profile's level is encoded as the rows were.
    expect(rounded(encodeRow(m, (name) => (name === 'x' ? 0.9 : 'constructor'))!)).toStrictEqual(rounded(m.data.subarray(2 * 5, 3 * 5)));
    expect(encodeRow(m, (name) => (name === 'x' ? 1 : 'unseen'))).toBeNull();
    const exported = Papa.parse<string[]>(segmentsCsv(table, result.segmentOfRow, ['one', 'two'])).data;
    expect(exported[0]).toStrictEqual(['x', '__proto__', 'segment', 'persona']);
    expect(exported.slice(1, 7).map((r) => r[1])).toStrictEqual(['__proto__', '__proto__', 'constructor', 'constructor', 'toString', "'=cmd"]);
  });
});

describe('high-cardinality categoricals', () => {
  it('keep their 30 most frequent levels and group the rest as "Other", as Predict does, and say so', () => {
    // 60 levels: L00 in 40 rows … L29 in 11, then L30 … L59 in 10 each (1,065 rows; 1 % is 10.65).
    const levels: string[] = [];
    const x: number[] = [];
    for (let l = 0; l < 60; l++) for (let r = 0; r < (l < 30 ? 40 - l : 10); r++) levels.push(`L${String(l).padStart(2, '0')}`), x.push(l + r / 100);
    const table = tableFromArrays('many.csv', { x, c: levels });
    const m = buildClusteringMatrix(table, ['x', 'c']);
    const kept = Array.from({ length: 30 }, (_, l) => `L${String(l).padStart(2, '0')}`);
    expect(m.encodings[0].levels).toStrictEqual([...kept, 'Other']);
    expect(m.encodings[0].grouped).toBe(30);
    expect(m.encodings[0].distinct).toBe(60);
    expect(m.d).toBe(1 + 31);
    // The note the page shows is Predict's own plan of the same column.
    expect(planCategoricals(table, ['c'])[0]).toMatchObject({ levels: 60, grouped: 30, isHighCardinality: true });
    const choice = defaultSegmentFeatures(table);
    expect(choice.leftOut.find((l) => l.name === 'c')?.reason).toMatch(/^categorical with 60 levels: .*30 most frequent levels keep a column each and the rest are grouped as "Other"$/);
  });
});

describe('the Segments feature choice offers categoricals, never by default', () => {
  it('on the Telco-like file: the behaviour columns chosen, each categorical offered with its reason', () => {
    const { table } = parseCsvText(fixture('telco_like.csv'), 'telco.csv');
    const choice = defaultSegmentFeatures(table);
    expect(choice.features).toStrictEqual(['tenure', 'MonthlyCharges', 'TotalCharges']);
    expect(choice.categorical).toStrictEqual(['gender', 'Contract', 'PaymentMethod']);
    expect(choice.yesNo).toStrictEqual(expect.arrayContaining(['SeniorCitizen', 'Partner', 'Churn']));
    expect(choice.leftOut.find((l) => l.name === 'Contract')?.reason).toBe(
      'categorical (3 levels): a category, not an amount of behaviour; add it by hand to one-hot encode it with the categorical weight',
    );
  });
});

describe('the run carries the categorical choice and weight', () => {
  const segmentConfig = (categoricalWeight: number) => {
    const { seed: _seed, ...defaults } = defaultSegmentationConfig;
    return { ...defaults, features: ['x', 'c'], kMin: 2, kMax: 2, nInit: 10, categoricalWeight };
  };

  it('a segment RunConfig round-trips through JSON and reruns to the same segments', async () => {
    const runConfig = makeRunConfig('segment', segmentConfig(2), { seed: 3 });
    const back = runConfigFromJson(runConfigToJson(runConfig));
    expect(back).toStrictEqual(runConfig);
    const first = await runJob(runConfig, small);
    const again = await runJob(back as typeof runConfig, small);
    expect(Array.from(again.segmentOfRow)).toStrictEqual(Array.from(first.segmentOfRow));
    expect(partition(first.segmentOfRow)).toStrictEqual([[0, 1, 2, 3], [4, 5]]);
    const ignored = await runJob(makeRunConfig('segment', segmentConfig(0), { seed: 3 }), small);
    expect(partition(ignored.segmentOfRow)).toStrictEqual([[0, 2, 4], [1, 3, 5]]);
  });

  it('the page names a bad weight next to its field', () => {
    const base = { kMin: 2, kMax: 4, nInit: 3, seed: 0, features: ['x'] };
    expect(settingsProblems({ ...base, categoricalWeight: 1 }).categoricalWeight).toBe('');
    expect(settingsProblems({ ...base, categoricalWeight: 0 }).categoricalWeight).toBe('');
    expect(settingsProblems({ ...base, categoricalWeight: -0.5 }).categoricalWeight).toBe('the categorical weight is a number from 0 to 10');
    expect(settingsProblems({ ...base, categoricalWeight: 11 }).categoricalWeight).toBe('the categorical weight is a number from 0 to 10');
    expect(settingsProblems({ ...base, categoricalWeight: Number.NaN }).categoricalWeight).not.toBe('');
  });

  it('the CLI clusters a categorical with --categorical-weight and records it in the run; without it the run is as before', async () => {
    const file = fileURLToPath(new URL('../fixtures/customer_purchasing_behaviors.csv', import.meta.url));
    type Out = { results: { k: number; inertia: number; silhouette: number; sizes: number[] }[]; run: { config: Record<string, unknown> } };
    const plain = (await runCluster([file], { features: 'age', k: '2..3' })) as Out;
    const zero = (await runCluster([file], { features: 'age,region', k: '2..3', 'categorical-weight': '0' })) as Out;
    expect(zero.results).toStrictEqual(plain.results);
    expect(zero.run.config.categoricalWeight).toBe(0);
    expect(plain.run.config).not.toHaveProperty('categoricalWeight');
    const weighted = (await runCluster([file], { features: 'age,region', k: '2..3' })) as Out;
    expect(weighted.results).not.toStrictEqual(plain.results);
    await expect(runCluster([file], { features: 'age,region', 'categorical-weight': '-1' })).rejects.toThrow(/--categorical-weight must be a number from 0 to 10/);
  });
});
