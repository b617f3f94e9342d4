/**
 * Our tree ensembles (random forest, gradient boosting) as TreeSHAP input: the flat trees plus the
 * scale, base score and tree → output map that make `base + scale · Σ trees(x)` the model's output.
 * A forest is explained on its own output (mean of the trees: the prediction, or class probabilities);
 * boosting on its raw score (the prediction for regression, the log-odds / softmax logit for classes).
 */
import type { TrainedModel } from '../../core/model';
import type { Boosting } from '../../models/tree/gbm';
import type { ForestModel } from '../../models/tree/forest';
import type { Tree } from '../../models/tree/tree';
import { treeShap, type ShapTree, type TreeShapOptions, type TreeShapResult } from './treeshap';
import type { Matrix } from '../../core/matrix';

/** A model's trees with the options that make TreeSHAP's sum its output. */
export interface ModelTrees {
  trees: ShapTree[];
  options: Partial<TreeShapOptions>;
  /** What one output of the SHAP values is, in words ('prediction', 'probability', 'log-odds', 'logit'). */
  output: 'prediction' | 'probability' | 'log-odds' | 'logit';
}

/** A flat tree as TreeSHAP reads it (shares the arrays, no copy). */
export function toShapTree(tree: Tree): ShapTree {
  return { feature: tree.feature, threshold: tree.threshold, left: tree.left, right: tree.right, value: tree.value, cover: tree.cover, nOutputs: tree.nValues };
}

/** The TreeSHAP input of an rf or gbm model, or null for other models. */
export function modelTrees(model: TrainedModel): ModelTrees | null {
  const forest = (model as Partial<ForestModel>).forest;
  if (model.kind === 'rf' && forest) {
    return { trees: forest.trees.map(toShapTree), options: { scale: 1 / forest.trees.length }, output: model.task === 'regression' ? 'prediction' : 'probability' };
  }
  const boosting = (model as { boosting?: Boosting }).boosting;
  if (model.kind === 'gbm' && boosting) {
    // Leaf values already include the learning rate (gbm.ts multiplies them at fit), so scale is 1.
    const S = boosting.nScores;
    const options: Partial<TreeShapOptions> = { scale: 1, base: S === 1 ? boosting.init[0] : boosting.init.slice() };
    if (S > 1) options.treeOutput = Int32Array.from(boosting.trees, (_, t) => t % S);
    return { trees: boosting.trees.map(toShapTree), options, output: model.task === 'regression' ? 'prediction' : S === 1 ? 'log-odds' : 'logit' };
  }
  return null;
}

/** Exact SHAP values of an rf or gbm model for the rows of X (throws for other models). */
export function shapOfModel(model: TrainedModel, X: Matrix): TreeShapResult & { output: ModelTrees['output'] } {
  const mt = modelTrees(model);
  if (!mt) throw new Error(`TreeSHAP needs a random forest or gradient boosting model, not "${model.kind}"`);
  return { ...treeShap(mt.trees, X, mt.options), output: mt.output };
}
