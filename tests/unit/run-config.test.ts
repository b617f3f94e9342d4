import { describe, expect, it } from 'vitest';
import { jobKinds } from '../../src/lib/runs/jobs';
import { makeRunConfig, runConfigFromHash, runConfigFromJson, runConfigToHash, runConfigToJson, runKey } from '../../src/lib/runs/run-config';
import { fingerprintTable, rememberValueHashes, valueHashesOf } from '../../src/lib/ml/data/fingerprint';
import { comparable, jobExamples, kindsOf, runExamplesInNode } from './job-examples';
import { loadCustomers } from './fixtures';

const examples = jobExamples();

describe('RunConfig', () => {
  it('has an example of every job kind', () => {
    expect(kindsOf(examples).sort()).toStrictEqual([...jobKinds].sort());
  });

  it.each(examples.map((e, i) => [`${e.run.kind} #${i}`, e.run] as const))('%s round-trips through JSON and a URL hash', (_name, run) => {
    const json = runConfigToJson(run);
    expect(runConfigFromJson(json)).toStrictEqual(run);
    expect(runConfigFromJson(JSON.parse(json))).toStrictEqual(run);
    const hash = runConfigToHash(run);
    expect(hash).toMatch(/^run=[A-Za-z0-9_-]+$/);
    // Small enough for a link: well under the 2,000 characters every browser and server keeps.
    expect(hash.length).toBeLessThan(2000);
    expect(runConfigFromHash(`#/predict?${hash}`)).toStrictEqual(run);
    expect(runKey(runConfigFromHash(hash))).toBe(runKey(run));
  });

  it('keys equal settings equally whatever the order of their fields', () => {
    const a = makeRunConfig('cv', { target: 'y', task: 'regression', model: 'rf', folds: 5 }, { seed: 3 });
    const b = makeRunConfig('cv', { folds: 5, model: 'rf', task: 'regression', target: 'y' }, { seed: 3 });
    expect(runKey(a)).toBe(runKey(b));
    expect(runKey(a)).not.toBe(runKey({ ...a, seed: 4 }));
  });

  it('records the data it ran on by name, shape and hash', () => {
    const table = loadCustomers();
    const fp = fingerprintTable(table);
    expect(fp).toMatchObject({ name: table.name, rows: 238, cols: 7 });
    expect(fp.hash).toMatch(/^[0-9a-f]{16}$/);
    // The same values give the same hash; one changed cell another.
    expect(fingerprintTable(loadCustomers()).hash).toBe(fp.hash);
    const changed = loadCustomers();
    const age = changed.columns[1];
    if (age.storage === 'number') age.values[10] += 1;
    expect(fingerprintTable(changed).hash).not.toBe(fp.hash);
    const renamed = { ...table, columns: table.columns.map((c) => (c.name === 'age' ? { ...c, name: 'years' } : c)) };
    expect(fingerprintTable(renamed).hash).not.toBe(fp.hash);
    const run = makeRunConfig('profile', {}, { data: fp });
    expect(runConfigFromJson(runConfigToJson(run)).data).toStrictEqual(fp);
  });

  it('takes the column hashes made with the parsed table in a worker, giving the same fingerprint', () => {
    const hashes = valueHashesOf(loadCustomers());
    const table = loadCustomers();
    rememberValueHashes(table, hashes);
    expect(fingerprintTable(table)).toStrictEqual(fingerprintTable(loadCustomers()));
  });

  it('rejects bad descriptions with the reason', () => {
    const good = makeRunConfig('profile', {});
    expect(() => runConfigFromJson('{')).toThrow(/not valid JSON/);
    expect(() => runConfigFromJson('[]')).toThrow(/must be a JSON object/);
    expect(() => runConfigFromJson({ ...good, version: 2 })).toThrow(/version 2; this app reads version 1/);
    expect(() => runConfigFromJson({ ...good, kind: 'constructor' })).toThrow(/Unknown job kind "constructor"; use one of: parse, profile/);
    expect(() => runConfigFromJson({ ...good, seed: 1.5 })).toThrow(/seed must be a whole number, got 1.5/);
    expect(() => runConfigFromJson({ ...good, config: null })).toThrow(/config must be an object/);
    expect(() => runConfigFromJson({ ...good, data: { name: 'x' } })).toThrow(/without name, rows, cols and hash/);
    expect(() => runConfigFromHash('#/predict')).toThrow(/holds no run/);
    expect(() => runConfigFromHash('run=%%%')).toThrow(/damaged/);
    expect(() => makeRunConfig('profile', {}, { seed: Number.NaN })).toThrow(/seed must be a whole number/);
  });
});

describe('the job table in Node', () => {
  it('runs every kind on the default data, the same twice', async () => {
    const first = await runExamplesInNode(examples);
    const second = await runExamplesInNode(examples);
    expect(second.map(comparable)).toStrictEqual(first.map(comparable));
    const byKind = new Map(examples.map((e, i) => [e.run.kind, first[i]]));
    expect((byKind.get('parse') as { table: { rowCount: number } }).table.rowCount).toBe(238);
    expect((byKind.get('label') as { positives: number }).positives).toBe(51);
    expect((byKind.get('segment-view') as { k: number }).k).toBe(3);
    expect((byKind.get('tune') as { trials: unknown[] }).trials).toHaveLength(4);
    const score = first[examples.length - 1] as { explanations: { value: number; expected: number; contributions: { value: number }[] }[] };
    const why = score.explanations[0];
    expect(why.expected + why.contributions.reduce((s, c) => s + c.value, 0)).toBeCloseTo(why.value, 9);
  });

  it('refuses an input of the wrong kind, and an unknown kind, by name', async () => {
    const { runJob } = await import('../../src/lib/runs/local');
    await expect(runJob(makeRunConfig('profile', {}), new Blob(['a']) as never)).rejects.toThrow(/A "profile" run needs a table/);
    await expect(runJob(makeRunConfig('parse', { name: 'x.csv' }), loadCustomers() as never)).rejects.toThrow(/A "parse" run needs a file/);
    await expect(runJob({ ...makeRunConfig('profile', {}), kind: 'nope' } as never, loadCustomers() as never)).rejects.toThrow(/Unknown job kind "nope"/);
  });
});
