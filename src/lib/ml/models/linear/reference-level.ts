/**
 * Which models drop one dummy level per categorical. Without a penalty the one-hot columns of a
 * categorical add up to the intercept's column, so least squares (or the logistic likelihood) has no
 * unique optimum: dropping a reference level makes the fit unique and each level's weight reads as
 * its difference from the reference, with the same predictions. A penalty already makes the fit unique
 * and treats every level alike, whichever would be the reference, so penalised models keep all levels
 * (as scikit-learn's Ridge, Lasso and LogisticRegression are usually used with OneHotEncoder()).
 */
import type { ModelKind } from '../../core/model';

/**
 * Does `kind` with these options drop a reference level of each categorical? Only a linear model
 * fitted without any penalty on its weights does. An option left out takes the model's default, which
 * is penalised (alpha 1, penalty 'l2'; a unit test holds the defaults to that). The model modules are
 * not imported here: the registry loads them lazily.
 */
export function dropsReferenceLevel(kind: ModelKind, modelOptions: Readonly<Record<string, unknown>> = {}): boolean {
  switch (kind) {
    case 'linear':
      return true;
    case 'ridge':
    case 'lasso':
    case 'elasticnet':
      return modelOptions.alpha === 0;
    case 'logistic':
      return modelOptions.penalty === 'none';
    default:
      return false;
  }
}
