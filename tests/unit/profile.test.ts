import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvBytes } from '../../src/lib/ml/data/csv/parse-text';
import { profileColumn, profileTable } from '../../src/lib/ml/data/profile';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { runProfile } from '../../src/cli/profile';

const dataDir = new URL('../../static/data/', import.meta.url);

describe('profileColumn', () => {
  it('summarises a numeric column with missing values', () => {
    const table = tableFromArrays('t', { x: [3, NaN, 1, 3, 5] });
    expect(profileColumn(table.columns[0], table.rowCount)).toEqual({
      name: 'x',
      type: 'numeric',
      role: 'feature',
      missing: 1,
      unique: 3,
      min: 1,
      mean: 3,
      max: 5,
      isConstant: false,
    });
  });

  it('counts categories, most frequent first, ties in first-seen order', () => {
    const table = tableFromArrays('t', { r: ['b', 'a', null, 'a', 'b', 'c'] });
    const profile = profileColumn(table.columns[0], table.rowCount);
    expect(profile).toMatchObject({ missing: 1, unique: 3, isConstant: false });
    expect(profile.top).toEqual([
      { value: 'b', count: 2 },
      { value: 'a', count: 2 },
      { value: 'c', count: 1 },
    ]);
  });

  it('counts booleans and flags constant and empty columns', () => {
    const table = tableFromArrays('t', { b: [1, 0, 1, NaN], k: [7, 7, 7, 7], e: [NaN, NaN, NaN, NaN] }, { b: 'boolean' });
    const [b, k, e] = profileTable(table);
    expect(b.top).toEqual([
      { value: 'true', count: 2 },
      { value: 'false', count: 1 },
    ]);
    expect(b.mean).toBeCloseTo(2 / 3);
    expect(k).toMatchObject({ unique: 1, isConstant: true, min: 7, max: 7 });
    expect(e).toMatchObject({ missing: 4, unique: 0, isConstant: true });
    expect(e.min).toBeUndefined();
  });
});

describe('profiles of the default datasets', () => {
  it('customer_purchasing_behaviors.csv', () => {
    const { table } = parseCsvBytes(readFileSync(new URL('customer_purchasing_behaviors.csv', dataDir)), 'c.csv');
    const profiles = Object.fromEntries(profileTable(table).map((p) => [p.name, p]));
    expect(profiles.user_id).toMatchObject({ type: 'id', role: 'id', unique: 238, min: 1, max: 238 });
    expect(profiles.age).toMatchObject({ type: 'numeric', missing: 0, unique: 34, min: 22, max: 55 });
    expect(profiles.purchase_amount.mean).toBeCloseTo(425.63, 2);
    expect(profiles.region.top).toEqual([
      { value: 'North', count: 78 },
      { value: 'South', count: 77 },
      { value: 'West', count: 77 },
      { value: 'East', count: 6 },
    ]);
  });

  it('marketing_campaign.csv: missing income, constant Z_ columns', () => {
    const { table } = parseCsvBytes(readFileSync(new URL('marketing_campaign.csv', dataDir)), 'm.csv');
    const profiles = Object.fromEntries(profileTable(table).map((p) => [p.name, p]));
    expect(profiles.Income).toMatchObject({ type: 'numeric', missing: 24, isConstant: false });
    expect(profiles.Z_CostContact).toMatchObject({ unique: 1, isConstant: true, min: 3 });
    expect(profiles.Z_Revenue).toMatchObject({ unique: 1, isConstant: true, min: 11 });
    expect(profiles.ID).toMatchObject({ type: 'id', unique: 2240 });
    expect(profiles.Dt_Customer).toMatchObject({ type: 'date', missing: 0, min: Date.UTC(2012, 6, 30), max: Date.UTC(2014, 5, 29) });
    expect(table.columns.filter((c) => profiles[c.name].isConstant).map((c) => c.name)).toEqual(['Z_CostContact', 'Z_Revenue']);
  });
});

describe('cli profile', () => {
  it('prints rows and per-column name, type, missing and unique', async () => {
    const result = (await runProfile(['static/data/customer_purchasing_behaviors.csv'], {})) as {
      rows: number;
      columns: { name: string; type: string; missing: number; unique: number }[];
    };
    expect(result.rows).toBe(238);
    expect(result.columns.map((c) => [c.name, c.type, c.missing])).toEqual([
      ['user_id', 'id', 0],
      ['age', 'numeric', 0],
      ['annual_income', 'numeric', 0],
      ['purchase_amount', 'numeric', 0],
      ['loyalty_score', 'numeric', 0],
      ['region', 'categorical', 0],
      ['purchase_frequency', 'numeric', 0],
    ]);
    expect(result.columns[1].unique).toBe(34);
  });

  it('fails with the ParseError message for a bad file', async () => {
    await expect(runProfile(['tests/fixtures/bad/records.json'], {})).rejects.toThrow(/^records\.json is JSON, not a CSV or TSV text file\.$/);
    await expect(runProfile([], {})).rejects.toThrow(/usage: profile FILE/);
  });
});
