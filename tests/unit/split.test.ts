import { describe, expect, it } from 'vitest';
import type { Fold } from '../../src/lib/ml/evaluation/split/folds';
import { groupKFold } from '../../src/lib/ml/evaluation/split/group';
import { holdout, kFold, repeatedKFold } from '../../src/lib/ml/evaluation/split/kfold';
import { stratifiedKFold } from '../../src/lib/ml/evaluation/split/stratified';
import { stratifiedGroupKFold } from '../../src/lib/ml/evaluation/split/stratified-group';

function expectPartition(folds: Fold[], n: number) {
  const seen = new Int32Array(n);
  for (const { train, test } of folds) {
    const inTest = new Set(test);
    for (const i of train) expect(inTest.has(i)).toBe(false);
    expect(train.length + test.length).toBe(n);
    for (const i of test) seen[i]++;
  }
  expect(Array.from(seen).every((c) => c === 1)).toBe(true);
}

describe('splits', () => {
  it('k-fold is seeded, disjoint, covers every row once, sizes differ by at most one', () => {
    const folds = kFold(23, 5, 7);
    expectPartition(folds, 23);
    expect(folds.map((f) => f.test.length)).toStrictEqual([5, 5, 5, 4, 4]);
    expect(kFold(23, 5, 7)).toStrictEqual(folds);
    expect(kFold(23, 5, 8)).not.toStrictEqual(folds);
    expect(() => kFold(3, 5)).toThrow(/Cannot make 5 folds from 3 rows/);
    expect(() => kFold(10, 1)).toThrow(/integer ≥ 2/);
  });

  it('stratified k-fold keeps class proportions in every fold', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0));
    const folds = stratifiedKFold(y, 5, 3);
    expectPartition(folds, 100);
    for (const f of folds) expect(f.test.filter((i) => y[i] === 1).length).toBe(4);
  });

  it('group k-fold never splits a group; k distinct groups are one fold each in order', () => {
    const groups = [3, 3, 1, 1, 1, 2, 2, 0, 4, 4];
    const folds = groupKFold(groups, 5);
    expectPartition(folds, 10);
    expect(folds.map((f) => Array.from(f.test))).toStrictEqual([[7], [2, 3, 4], [5, 6], [0, 1], [8, 9]]);
    const many = Array.from({ length: 60 }, (_, i) => i % 12);
    const f2 = groupKFold(many, 5, 1);
    expectPartition(f2, 60);
    for (const f of f2) {
      const testGroups = new Set(Array.from(f.test, (i) => many[i]));
      for (const i of f.train) expect(testGroups.has(many[i])).toBe(false);
    }
    expect(() => groupKFold([1, 1, 2], 3)).toThrow(/from 2 distinct groups/);
  });

  it('stratified group k-fold keeps groups whole and spreads each class', () => {
    // 40 pure groups of 3 rows: 10 of class 1, 30 of class 0.
    const groups = Array.from({ length: 120 }, (_, i) => Math.floor(i / 3));
    const y = groups.map((g) => (g < 10 ? 1 : 0));
    const folds = stratifiedGroupKFold(y, groups, 5, 2);
    expectPartition(folds, 120);
    for (const f of folds) expect(f.test.filter((i) => y[i] === 1).length).toBe(6);
  });

  it('repeated k-fold and holdout', () => {
    const folds = repeatedKFold(20, 4, 3, 1);
    expect(folds.length).toBe(12);
    for (let r = 0; r < 3; r++) expectPartition(folds.slice(r * 4, r * 4 + 4), 20);
    const [h] = holdout(50, 0.2, 1);
    expect(h.test.length).toBe(10);
    expect(h.train.length).toBe(40);
  });
});
