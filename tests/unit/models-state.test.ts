import { describe, expect, it } from 'vitest';
import { tableFromArrays } from '../../src/lib/ml/core/table';
import { derivedFormulas, fileNameOf } from '../../src/lib/state/models.svelte';

describe('saving a model from the app', () => {
  it('keeps the formulas of added columns a new file can recompute, not merged categories or unreadable ones', () => {
    const loaded = tableFromArrays('shop.csv', { income: [1, 2], spend: [3, 4], region: ['a', 'b'] });
    const derived = [
      { column: { name: 'spend_share' }, formula: 'spend / income', sources: ['spend', 'income'] },
      { column: { name: 'region' }, formula: 'merge a → b', sources: ['region'] },
      { column: { name: 'odd' }, formula: 'spend +', sources: ['spend'] },
      { column: { name: '__proto__' }, formula: 'income * 2', sources: ['income'] },
    ];
    expect(derivedFormulas(loaded, derived)).toStrictEqual([
      { name: 'spend_share', formula: 'spend / income', sources: ['spend', 'income'] },
      { name: '__proto__', formula: 'income * 2', sources: ['income'] },
    ]);
  });

  it('names a download after the model, in letters, digits, dashes and underscores', () => {
    expect(fileNameOf('Spend forest')).toBe('Spend_forest');
    expect(fileNameOf('at_risk = yes, Random forest')).toBe('at_risk_yes_Random_forest');
    expect(fileNameOf('Käufer: Umsatz/Jahr')).toBe('Käufer_Umsatz_Jahr');
    expect(fileNameOf('../../')).toBe('model');
  });
});
