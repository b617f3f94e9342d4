/**
 * The encoding plan the model pages state: level counts, the levels that keep a column, how many are
 * grouped into "Other", high cardinality (over 50 levels) and the reference level. It must agree with
 * the pipeline a fold fits on the same rows.
 */
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { highCardinalityLevels, planCategoricals } from '../../src/lib/ml/preprocess/encoding-plan';
import { fitPipeline } from '../../src/lib/ml/preprocess/pipeline';
import { loadCustomers } from './fixtures';

/** 722 rows: city c1 … c60 in 10 rows each (over 1 %), c61 … c121 in 2 each (rare); plan A/B; age numeric. */
function wide() {
  const city: string[] = [];
  for (let c = 1; c <= 121; c++) for (let i = 0; i < (c <= 60 ? 10 : 2); i++) city.push(`c${c}`);
  return tableFromArrays('wide', {
    city,
    plan: city.map((_, i) => (i % 3 ? 'A' : 'B')),
    age: city.map((_, i) => 20 + (i % 40)),
    note: city.map((_, i) => `free text ${i}`),
  }, { note: 'text' });
}

describe('planCategoricals', () => {
  it('a column over 50 levels: counted, the 30 most frequent kept, the rest grouped, flagged high-cardinality', () => {
    const [city, plan] = planCategoricals(wide(), ['city', 'plan', 'age', 'note']);
    expect(highCardinalityLevels).toBe(50);
    // 121 levels: 61 rare ones and 30 of the 60 frequent ones beyond maxCategories (30) are grouped
    expect(city).toMatchObject({ column: 'city', levels: 121, grouped: 91, isHighCardinality: true, reference: null });
    expect(city.kept).toHaveLength(30);
    expect(city.kept.every((level) => Number(level.slice(1)) <= 60)).toBe(true);
    expect(plan).toStrictEqual({ column: 'plan', levels: 2, kept: ['A', 'B'], grouped: 0, isHighCardinality: false, reference: null });
  });

  it('numeric and free-text columns are not planned; the plan equals the fitted pipeline on the same rows', () => {
    const table = wide();
    const plans = planCategoricals(table, ['city', 'plan', 'age', 'note'], { dropReferenceLevel: true });
    expect(plans.map((p) => p.column)).toStrictEqual(['city', 'plan']);
    const pipeline = fitPipeline(table, ['city', 'plan'], Int32Array.from({ length: table.rowCount }, (_, i) => i), { dropReferenceLevel: true });
    pipeline.steps.forEach((step, i) => {
      if (step.kind !== 'onehot') throw new Error('expected one-hot steps');
      expect(plans[i].kept).toStrictEqual(step.levels);
      expect(plans[i].reference).toBe(step.reference);
      expect(plans[i].grouped > 0).toBe(step.hasOther);
    });
    expect(plans[1].reference).toBe('A');
  });

  it('the default data: region has 4 levels, East (6 rows) is kept, and is the reference when one is dropped', () => {
    const [region] = planCategoricals(loadCustomers(), ['age', 'region'], { dropReferenceLevel: true });
    expect(region).toStrictEqual({ column: 'region', levels: 4, kept: ['North', 'South', 'West'], grouped: 0, isHighCardinality: false, reference: 'East' });
  });

  it('counts only the given rows', () => {
    const [city] = planCategoricals(wide(), ['city'], {}, Int32Array.from({ length: 20 }, (_, i) => i));
    expect(city).toMatchObject({ levels: 2, kept: ['c1', 'c2'], grouped: 0, isHighCardinality: false });
  });

  it('counts every row of a column once, and again when its levels change (a merge gives new words to the same codes)', () => {
    const table = wide();
    const first = planCategoricals(table, ['plan']);
    expect(planCategoricals(table, ['plan'], { dropReferenceLevel: true })[0]).toMatchObject({ ...first[0], kept: ['B'], reference: 'A' });
    const plan = table.columns.find((c) => c.name === 'plan')!;
    if (plan.storage !== 'category') throw new Error('plan is categorical');
    const renamed = { ...table, columns: table.columns.map((c) => (c === plan ? { ...plan, dictionary: plan.dictionary.map((d) => `plan ${d}`) } : c)) };
    expect(planCategoricals(renamed, ['plan'])[0].kept).toStrictEqual(first[0].kept.map((d) => `plan ${d}`));
  });
});
