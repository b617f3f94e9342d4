import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/lib/ml/core/matrix';
import { fitRandomForest, loadRandomForest } from '../../src/lib/ml/models/tree/forest';
import { fitGradientBoosting, loadGradientBoosting } from '../../src/lib/ml/models/tree/gbm';
import { treeFromJSON, treeToJSON, type Tree } from '../../src/lib/ml/models/tree/tree';
import { treeShap } from '../../src/lib/ml/evaluation/explain/treeshap';
import { toShapTree } from '../../src/lib/ml/evaluation/explain/model-trees';
import { design, loadCustomerArrays } from './fixtures';

const customers = loadCustomerArrays();
const X: Matrix = design(customers, ['age', 'annual_income', 'loyalty_score', 'purchase_frequency'], true);
const y = customers.num.purchase_amount;

/** The full form older model files hold: every array for every node. */
function fullJSON(tree: Tree) {
  const { nValues, feature, threshold, left, right, value, cover, impurity } = tree;
  return { nValues, feature: [...feature], threshold: [...threshold], left: [...left], right: [...right], value: [...value], cover: [...cover], impurity: [...impurity] };
}

describe('compact trees in model files', () => {
  // A 5-node tree: root splits feature 1 at 2.5; its left child splits feature 0 at 10.
  const tree: Tree = {
    nodeCount: 5,
    nValues: 1,
    feature: Int32Array.from([1, -1, 0, -1, -1]),
    threshold: Float64Array.from([2.5, 0, 10, 0, 0]),
    left: Int32Array.from([2, -1, 3, -1, -1]),
    right: Int32Array.from([1, -1, 4, -1, -1]),
    value: Float64Array.from([5, 9, 3, 2, 4]),
    cover: Float64Array.from([10, 4, 6, 3, 3]),
    impurity: Float64Array.from([1, 0, 0.5, 0, 0]),
  };

  it('writes nodes depth-first, thresholds of splits and values and covers of leaves only', () => {
    // Depth-first, left first: 0, 2, 3, 4, 1.
    expect(treeToJSON(tree)).toStrictEqual({ layout: 'preorder', nValues: 1, feature: [1, 0, -1, -1, -1], threshold: [2.5, 10], value: [2, 4, 9], cover: [3, 3, 4] });
  });

  it('reads back the same leaves for every row, covers summed and split values as cover-weighted means', () => {
    const back = treeFromJSON(treeToJSON(tree), 2);
    expect(Array.from(back.left)).toEqual([1, 2, -1, -1, -1]);
    expect(Array.from(back.right)).toEqual([4, 3, -1, -1, -1]);
    expect(Array.from(back.cover)).toEqual([10, 6, 3, 3, 4]);
    expect(Array.from(back.value)).toEqual([(6 * 3 + 4 * 9) / 10, 3, 2, 4, 9]);
  });

  it('rejects a damaged tree with a clear message', () => {
    expect(() => treeFromJSON({ layout: 'preorder', nValues: 1, feature: [0, -1, -1], threshold: [1], value: [1], cover: [1] }, 2)).toThrow('3 nodes with 1 splits need 1 thresholds, 2 values and 2 covers');
    expect(() => treeFromJSON({ layout: 'preorder', nValues: 1, feature: [0, -1], threshold: [1], value: [1], cover: [1] }, 2)).toThrow('a split lacks a child');
    expect(() => treeFromJSON({ layout: 'preorder', nValues: 1, feature: [0, -1, -1, -1], threshold: [1], value: [1, 2, 3], cover: [1, 1, 1] }, 2)).toThrow('node 3 lies outside the tree');
    expect(() => treeFromJSON({ layout: 'preorder', nValues: 1, feature: [5, -1, -1], threshold: [1], value: [1, 2], cover: [1, 1] }, 2)).toThrow('splits on feature 5 of 2');
  });

  it('a forest read back predicts and explains as the fitted one, keeps its importance, and older full files still load', () => {
    const forest = fitRandomForest({ X, y, task: 'regression' }, { nEstimators: 20, seed: 3 });
    const json = forest.toJSON();
    const back = loadRandomForest(JSON.parse(JSON.stringify(json)));
    expect(Array.from(back.predict(X))).toEqual(Array.from(forest.predict(X)));
    expect(Array.from(back.featureImportance!())).toEqual(Array.from(forest.featureImportance!()));
    const shap = (m: typeof forest) => treeShap(m.forest.trees.map(toShapTree), X, { scale: 1 / m.forest.trees.length }).values;
    const a = shap(forest);
    const b = shap(back);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 9);
    const old = { ...json, importance: undefined, trees: forest.forest.trees.map(fullJSON) };
    expect(Array.from(loadRandomForest(old).predict(X))).toEqual(Array.from(forest.predict(X)));
    // The compact form is a fraction of the full one.
    expect(JSON.stringify(json).length / JSON.stringify(old).length).toBeLessThan(0.45);
  });

  it('boosted trees round-trip to identical predictions', () => {
    const gbm = fitGradientBoosting({ X, y, task: 'regression' }, { nEstimators: 30, seed: 1 });
    expect(Array.from(loadGradientBoosting(JSON.parse(JSON.stringify(gbm.toJSON()))).predict(X))).toEqual(Array.from(gbm.predict(X)));
  });
});
