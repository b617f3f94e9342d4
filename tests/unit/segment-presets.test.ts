import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCsvBytes } from '../../src/lib/ml/data/csv/parse-text';
import { computeEngineered } from '../../src/lib/ml/features/engineered';
import { detectRoles } from '../../src/lib/ml/features/roles';
import { featurePresets } from '../../src/lib/state/segments.svelte';
import type { Table } from '../../src/lib/ml/core/table';
import { loadCustomers } from './fixtures';

const personality = (): Table => parseCsvBytes(new Uint8Array(readFileSync('static/data/marketing_campaign.csv')), 'marketing_campaign.csv').table;
const preset = (table: Table) => featurePresets(table).find((p) => p.id === 'spend-income-family')?.features ?? null;

describe('the "Spend, income, family" preset of Segments', () => {
  it('uses each spend category and Kidhome/Teenhome on the file as loaded', () => {
    expect(preset(personality())).toEqual(['Income', 'MntWines', 'MntFruits', 'MntMeatProducts', 'MntFishProducts', 'MntSweetProducts', 'MntGoldProds', 'Kidhome', 'Teenhome']);
  });

  it('uses total_spend and children once they are added in Explore', () => {
    const table = personality();
    const roles = detectRoles(table);
    const added = ['total_spend', 'children'].map((name) => computeEngineered(table, name, roles).column);
    const withFeatures: Table = { ...table, columns: [...table.columns, ...added] };
    expect(preset(withFeatures)).toEqual(['Income', 'total_spend', 'children']);
  });

  it('is not offered on the default data', () => {
    expect(preset(loadCustomers())).toBeNull();
  });
});
