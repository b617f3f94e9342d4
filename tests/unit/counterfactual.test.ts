import { describe, expect, it } from 'vitest';
import { describeChange, findCounterfactual, gridOf, type ActionableFeature } from '../../src/lib/ml/customer/counterfactual';
import { actionableFeatures, defaultActionable } from '../../src/lib/ml/customer/actionable';
import type { Profile, ProfileInput } from '../../src/lib/ml/customer/profile-row';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const number = (name: string, min: number, max: number, step: number, sd: number): ActionableFeature => ({ name, kind: 'number', min, max, step, sd, levels: [] });
const num = (p: Profile, name: string): number => p.get(name) as number;

/** A planted logistic model, logit = 3 − 0.25·x − 0.5·z + 0.1·age, that checks age is never changed. */
function planted(age = 30) {
  const seen: number[] = [];
  return {
    seen,
    score: (profiles: readonly Profile[]) =>
      profiles.map((p) => {
        seen.push(num(p, 'age'));
        return sigmoid(3 - 0.25 * num(p, 'x') - 0.5 * num(p, 'z') + 0.1 * (age === num(p, 'age') ? age : NaN));
      }),
  };
}

describe('findCounterfactual on a planted logistic model', () => {
  it('p = σ(a − b·x) at threshold 0.5 crosses at x* = a/b: the answer is the first grid value past it', async () => {
    for (const [a, b] of [[3, 0.25], [2, 0.3], [5, 1.7]]) {
      const feature = number('x', 0, 30, 0.5, 5);
      const result = await findCounterfactual(new Map([['x', 0]]), [feature], (ps) => ps.map((p) => sigmoid(a - b * num(p, 'x'))));
      expect(result.status).toBe('found');
      if (result.status !== 'found') return;
      const to = result.changes[0].to as number;
      expect(to).toBeGreaterThan(a / b);
      expect(to - a / b).toBeLessThanOrEqual(0.5);
      expect(result.after).toBeLessThan(0.5);
      expect(result.cost).toBeCloseTo(to / 5, 12);
    }
  });

  it('changes the feature that is cheapest in standard deviations, and never the non-actionable age', async () => {
    // logit at x = 4, z = 2, age = 30: 3 − 1 − 1 + 3 = 4. Per unit of logit, x costs (1/0.25)/5 = 0.8 sd and z costs (1/0.5)/1 = 2 sd,
    // so all of it goes on x: 0.25·Δx > 4 → x > 20, the grid's 20.5 (x = 20 gives p = 0.5 exactly, not below); cost 16.5/5 = 3.3
    const model = planted();
    const profile: Profile = new Map<string, number>([['x', 4], ['z', 2], ['age', 30]]);
    const progress: [number, number][] = [];
    const result = await findCounterfactual(profile, [number('x', 0, 30, 0.5, 5), number('z', 0, 10, 0.5, 1)], model.score, { onProgress: (done, total) => progress.push([done, total]) });
    expect(result).toMatchObject({ status: 'found', changes: [{ name: 'x', from: 4, to: 20.5 }] });
    // one step for the single changes, one for the only pair
    expect(progress).toStrictEqual([[0, 2], [1, 2], [2, 2]]);
    if (result.status === 'found') expect(result.cost).toBeCloseTo(3.3, 12);
    expect(new Set(model.seen)).toStrictEqual(new Set([30]));
    expect(result.evaluated).toBe(model.seen.length);
  });

  it('needs both features when neither alone is enough', async () => {
    // x up to 12 gives at most 0.25·8 = 2 of the 4 logit units, z alone up to 10 gives 0.5·8 = 4 (p = 0.5, not below).
    // Together, 0.25·Δx + 0.5·Δz > 4 at least cost Δx/5 + Δz on the 0.5 grids: Δz = 4.5 leaves Δx > 7, so x = 11.5,
    // cost 1.5 + 4.5 = 6.0 (x = 12 with z = 6.5 costs 6.1; z = 7 with x = 10.5 costs 6.3; z = 6 needs Δx > 8, beyond the range)
    const profile: Profile = new Map<string, number>([['x', 4], ['z', 2], ['age', 30]]);
    const result = await findCounterfactual(profile, [number('x', 0, 12, 0.5, 5), number('z', 0, 10, 0.5, 1)], planted().score);
    expect(result.status).toBe('found');
    if (result.status !== 'found') return;
    expect(result.changes.map((c) => [c.name, c.to])).toStrictEqual([['x', 11.5], ['z', 6.5]]);
    expect(result.cost).toBeCloseTo(7.5 / 5 + 4.5, 12);
  });

  it('says when no change within the data ranges is enough, with the lowest risk it found', async () => {
    // the most the ranges allow: 0.25·6 + 0.5·2 = 2.5 of the 4 needed
    const profile: Profile = new Map<string, number>([['x', 4], ['z', 2], ['age', 30]]);
    const result = await findCounterfactual(profile, [number('x', 0, 10, 0.5, 5), number('z', 0, 4, 0.5, 1)], planted().score);
    expect(result.status).toBe('none');
    if (result.status !== 'none') return;
    expect(result.lowest?.probability).toBeCloseTo(sigmoid(1.5), 12);
    expect(result.lowest?.changes.map((c) => [c.name, c.to])).toStrictEqual([['x', 10], ['z', 4]]);
  });

  it('tries the other levels of a category and the other value of a yes/no', async () => {
    const score = (ps: readonly Profile[]) => ps.map((p) => sigmoid(1 - 3 * Number(p.get('region') === 'West') - 0.5 * num(p, 'member')));
    const features: ActionableFeature[] = [
      { name: 'region', kind: 'category', min: 0, max: 0, step: 1, sd: 0, levels: ['East', 'North', 'West'] },
      { name: 'member', kind: 'boolean', min: 0, max: 1, step: 1, sd: 0, levels: [], labels: ['No', 'Yes'] },
    ];
    const result = await findCounterfactual(new Map<string, string | number>([['region', 'North'], ['member', 0]]), features, score);
    expect(result).toMatchObject({ status: 'found', cost: 1, changes: [{ name: 'region', from: 'North', to: 'West', kind: 'category' }] });
    if (result.status === 'found') expect(describeChange(result.changes[0])).toBe('change region from North to West');
    // without region, membership alone (logit 0.5) is not enough; the lowest risk is with it
    const alone = await findCounterfactual(new Map<string, string | number>([['region', 'North'], ['member', 0]]), [features[1]], score);
    expect(alone).toMatchObject({ status: 'none', lowest: { changes: [{ name: 'member', to: 1 }] } });
    if (alone.status === 'none' && alone.lowest) expect(describeChange(alone.lowest.changes[0], ['No', 'Yes'])).toBe('change member from No to Yes');
  });

  it('leaves a customer below the threshold alone', async () => {
    const result = await findCounterfactual(new Map([['x', 30]]), [number('x', 0, 30, 0.5, 5)], (ps) => ps.map((p) => sigmoid(3 - 0.25 * num(p, 'x'))));
    expect(result).toMatchObject({ status: 'not-at-risk', evaluated: 1 });
  });

  it('rejects a feature the profile lacks and a threshold outside (0, 1]', async () => {
    await expect(findCounterfactual(new Map(), [number('x', 0, 1, 0.1, 1)], () => [1])).rejects.toThrow(/profile has no "x"/);
    await expect(findCounterfactual(new Map([['x', 0]]), [], () => [1], { threshold: 0 })).rejects.toThrow(/threshold must be in/);
  });
});

describe('gridOf and describeChange', () => {
  it('are the slider values, without float noise', () => {
    expect(gridOf({ min: 4.5, max: 5.2, step: 0.1 })).toStrictEqual([4.5, 4.6, 4.7, 4.8, 4.9, 5, 5.1, 5.2]);
    expect(gridOf({ min: 10, max: 15, step: 2 })).toStrictEqual([10, 12, 14]);
  });

  it('say the change with the column name and values', () => {
    expect(describeChange({ name: 'purchase_frequency', kind: 'number', from: 12, to: 17, cost: 1 })).toBe('raise purchase_frequency from 12 to 17');
    expect(describeChange({ name: 'purchase_amount', kind: 'number', from: 300, to: 250, cost: 1 })).toBe('lower purchase_amount from 300 to 250');
  });
});

describe('defaultActionable', () => {
  const input = (name: string, kind: ProfileInput['kind'] = 'number', usedBy: ProfileInput['usedBy'] = ['risk']): ProfileInput =>
    ({ name, type: 'numeric', storage: 'number', kind, min: 0, max: 10, step: 1, levels: [], initial: 0, usedBy }) as ProfileInput;

  it('suggests behaviour a campaign can move, never who the customer is, nor what the risk model does not read', () => {
    const inputs = [
      input('purchase_frequency'), input('LoyaltyProgram', 'boolean'), input('page_visits'), input('usage_minutes'),
      input('average_order_value'), input('Age'), input('CustomerAge'), input('annual_income'), input('AnnualIncome'),
      input('region', 'category'), input('gender', 'category'), input('signup_date', 'date'), input('orders_spend_only', 'number', ['spend']),
    ];
    expect(defaultActionable(inputs)).toStrictEqual(['purchase_frequency', 'LoyaltyProgram', 'page_visits', 'usage_minutes', 'average_order_value']);
  });

  it('maps the marked inputs to the search with their ranges and spread, constants left out', () => {
    const flat = { ...input('visits'), min: 3, max: 3 };
    const features = actionableFeatures([{ ...input('visits_per_month'), sd: 2.5 }, flat, input('region', 'category'), input('logins')], ['visits_per_month', 'visits', 'region', 'logins']);
    // logins has no recorded spread: that of a uniform spread over 0–10, 10/√12
    expect(features.map((f) => [f.name, f.kind, f.sd])).toStrictEqual([['visits_per_month', 'number', 2.5], ['region', 'category', 0], ['logins', 'number', 10 / Math.sqrt(12)]]);
  });
});
