/**
 * A model's options with our defaults filled in, and the scikit-learn and Spark MLlib estimators that
 * come closest to each of our models, written as Python. Where the algorithms differ the line says how.
 */
import type { ModelKind, Task } from '../ml/core/model';
import { defaultElasticNetOptions, defaultLassoOptions } from '../ml/models/linear/coordinate-descent';
import { defaultRidgeOptions } from '../ml/models/linear/least-squares';
import { defaultLogisticOptions } from '../ml/models/linear/logistic';
import { defaultKnnOptions } from '../ml/models/knn/knn';
import { defaultMlpOptions } from '../ml/models/mlp/options';
import { defaultGradientBoostingOptions } from '../ml/models/tree/gbm';
import { defaultRandomForestOptions } from '../ml/models/tree/forest';
import { pyNum, pyStr } from './python-literal';

const defaults: Record<ModelKind, object> = {
  linear: {},
  ridge: defaultRidgeOptions,
  lasso: defaultLassoOptions,
  elasticnet: defaultElasticNetOptions,
  logistic: defaultLogisticOptions,
  knn: defaultKnnOptions,
  rf: defaultRandomForestOptions,
  gbm: defaultGradientBoostingOptions,
  mlp: defaultMlpOptions,
};

/** The options a run's model used: our defaults, then the run's own (the seed included). */
export function modelOptionsOf(kind: ModelKind, _task: Task, options: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults[kind], ...options };
  delete merged.treeOffset;
  delete merged.backend;
  return merged;
}

/** A Python estimator: the import line, the constructor call and comments on where it differs from ours. */
export interface PythonEstimator {
  imports: string[];
  call: string;
  notes: string[];
}

const num = (v: unknown, fallback: number): string => pyNum(typeof v === 'number' ? v : fallback);
const depth = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? pyNum(v) : 'None');

/** sklearn's max_features for our forest's `maxFeatures` ('auto': all for regression, sqrt for classification). */
function maxFeatures(value: unknown, task: Task): string {
  if (value === 'auto' || value === undefined) return task === 'regression' ? '1.0' : "'sqrt'";
  if (value === 'all') return '1.0';
  return typeof value === 'number' ? pyNum(value) : pyStr(String(value));
}

/** The scikit-learn estimator of `kind` with the run's options. */
export function sklearnEstimator(kind: ModelKind, task: Task, o: Record<string, unknown>): PythonEstimator {
  const isRegression = task === 'regression';
  const seed = num(o.seed, 0);
  switch (kind) {
    case 'linear':
      return { imports: ['from sklearn.linear_model import LinearRegression'], call: 'LinearRegression()', notes: [] };
    case 'ridge':
      return { imports: ['from sklearn.linear_model import Ridge'], call: `Ridge(alpha=${num(o.alpha, 1)})`, notes: [] };
    case 'lasso':
      return { imports: ['from sklearn.linear_model import Lasso'], call: `Lasso(alpha=${num(o.alpha, 1)}, max_iter=${num(o.maxIter, 1000)}, tol=${num(o.tol, 1e-4)})`, notes: [] };
    case 'elasticnet':
      return {
        imports: ['from sklearn.linear_model import ElasticNet'],
        call: `ElasticNet(alpha=${num(o.alpha, 1)}, l1_ratio=${num(o.l1Ratio, 0.5)}, max_iter=${num(o.maxIter, 1000)}, tol=${num(o.tol, 1e-4)})`,
        notes: [],
      };
    case 'logistic': {
      const penalty = o.penalty === 'none' ? 'None' : pyStr(String(o.penalty ?? 'l2'));
      const solver = o.penalty === 'l1' ? 'saga' : 'lbfgs';
      return {
        imports: ['from sklearn.linear_model import LogisticRegression'],
        call: `LogisticRegression(penalty=${penalty}, C=${num(o.C, 1)}, max_iter=${num(o.maxIter, 1000)}, tol=${num(o.tol, 1e-4)}, solver=${pyStr(solver)})`,
        notes: [],
      };
    }
    case 'knn': {
      const name = isRegression ? 'KNeighborsRegressor' : 'KNeighborsClassifier';
      return {
        imports: [`from sklearn.neighbors import ${name}`],
        call: `${name}(n_neighbors=${num(o.k, 5)}, weights=${pyStr(String(o.weights ?? 'uniform'))})`,
        notes: ['Neighbours at equal distances (duplicate rows) may be chosen differently from the app, which moves metrics slightly.'],
      };
    }
    case 'rf': {
      const name = isRegression ? 'RandomForestRegressor' : 'RandomForestClassifier';
      return {
        imports: [`from sklearn.ensemble import ${name}`],
        call: `${name}(n_estimators=${num(o.nEstimators, 100)}, max_depth=${depth(o.maxDepth)}, min_samples_leaf=${num(o.minSamplesLeaf, 1)}, min_samples_split=${num(o.minSamplesSplit, 2)}, max_features=${maxFeatures(o.maxFeatures, task)}, bootstrap=${o.bootstrap === false ? 'False' : 'True'}, random_state=${seed}, n_jobs=-1)`,
        notes: [
          `Our forest splits each feature at up to ${num(o.maxBins, 255)} histogram bins and draws its own random`,
          'numbers; sklearn splits at every distinct value. Metrics agree closely, not to the last digit.',
        ],
      };
    }
    case 'gbm': {
      const name = isRegression ? 'HistGradientBoostingRegressor' : 'HistGradientBoostingClassifier';
      return {
        imports: [`from sklearn.ensemble import ${name}`],
        call: `${name}(max_iter=${num(o.nEstimators, 100)}, learning_rate=${num(o.learningRate, 0.1)}, max_depth=${depth(o.maxDepth)}, min_samples_leaf=${num(o.minSamplesLeaf, 1)}, l2_regularization=${num(o.l2Regularization, 0)}, max_bins=${Math.min(255, Number(o.maxBins ?? 255))}, early_stopping=${o.earlyStopping === true ? 'True' : 'False'}, random_state=${seed})`,
        notes: [
          'Our gradient boosting is histogram-based like HistGradientBoosting; our max_depth counts',
          `levels of splits as sklearn's does, and our subsample of rows per tree (${num(o.subsample, 1)}) has no sklearn equivalent here.`,
        ],
      };
    }
    case 'mlp': {
      const name = isRegression ? 'MLPRegressor' : 'MLPClassifier';
      const layers = Array.isArray(o.hiddenLayers) ? o.hiddenLayers.map((v) => num(v, 100)) : ['100'];
      const network = `${name}(hidden_layer_sizes=(${layers.join(', ')},), activation=${pyStr(String(o.activation ?? 'relu'))}, alpha=${num(o.l2, 1e-4)}, learning_rate_init=${num(o.learningRate, 1e-3)}, max_iter=${num(o.epochs, 200)}, n_iter_no_change=${num(o.epochs, 200)}, batch_size=${num(o.batchSize, 200)}, random_state=${seed})`;
      // The app trains a regression network on the standardised target and undoes it when predicting.
      const scaled = isRegression && o.standardizeTarget !== false;
      return {
        imports: [`from sklearn.neural_network import ${name}`, ...(scaled ? ['from sklearn.compose import TransformedTargetRegressor'] : [])],
        call: scaled ? `TransformedTargetRegressor(regressor=${network}, transformer=StandardScaler())` : network,
        notes: [
          'Our network trains with TensorFlow.js (Adam) for every epoch, as this does (n_iter_no_change = max_iter);',
          'sklearn draws other starting weights and batches, so metrics differ a little.',
          ...(scaled ? ['As in the app, it learns the standardised target (TransformedTargetRegressor).'] : []),
        ],
      };
    }
  }
}

/** The Spark MLlib estimator of `kind` (features in "features", label in "label"). */
export function sparkEstimator(kind: ModelKind, task: Task, o: Record<string, unknown>): PythonEstimator {
  const isRegression = task === 'regression';
  const seed = num(o.seed, 0);
  const sparkDepth = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? pyNum(Math.min(30, v)) : pyNum(fallback));
  switch (kind) {
    case 'linear':
    case 'ridge':
    case 'lasso':
    case 'elasticnet': {
      const alpha = kind === 'linear' ? 0 : Number(o.alpha ?? 1);
      const l1 = kind === 'lasso' ? 1 : kind === 'elasticnet' ? Number(o.l1Ratio ?? 0.5) : 0;
      return {
        imports: ['from pyspark.ml.regression import LinearRegression'],
        call: `LinearRegression(featuresCol="features", labelCol="label", regParam=${kind === 'ridge' ? `${pyNum(alpha)} / TRAIN_ROWS` : pyNum(alpha)}, elasticNetParam=${pyNum(l1)}, standardization=False)`,
        notes: kind === 'ridge' ? ["Spark's regParam divides the squared error by 2n where sklearn's Ridge alpha does not: Ridge(alpha) is regParam = alpha / n."] : [],
      };
    }
    case 'logistic':
      return {
        imports: ['from pyspark.ml.classification import LogisticRegression'],
        call: `LogisticRegression(featuresCol="features", labelCol="label", regParam=${o.penalty === 'none' ? '0.0' : `1.0 / (${num(o.C, 1)} * TRAIN_ROWS)`}, elasticNetParam=${o.penalty === 'l1' ? '1.0' : '0.0'}, maxIter=${num(o.maxIter, 1000)}, standardization=False)`,
        notes: ["sklearn's C is the inverse of the total penalty; Spark's regParam is per row: regParam = 1 / (C * n)."],
      };
    case 'rf': {
      const name = isRegression ? 'RandomForestRegressor' : 'RandomForestClassifier';
      const strategy = o.maxFeatures === 'auto' || o.maxFeatures === undefined ? (isRegression ? 'all' : 'sqrt') : typeof o.maxFeatures === 'number' ? String(o.maxFeatures) : String(o.maxFeatures);
      return {
        imports: [`from pyspark.ml.${isRegression ? 'regression' : 'classification'} import ${name}`],
        call: `${name}(featuresCol="features", labelCol="label", numTrees=${num(o.nEstimators, 100)}, maxDepth=${sparkDepth(o.maxDepth, 30)}, minInstancesPerNode=${num(o.minSamplesLeaf, 1)}, featureSubsetStrategy=${pyStr(strategy)}, maxBins=${num(o.maxBins, 255)}, bootstrap=${o.bootstrap === false ? 'False' : 'True'}, seed=${seed})`,
        notes: ['Spark trees stop at depth 30 (ours grow until pure).'],
      };
    }
    case 'gbm': {
      const name = isRegression ? 'GBTRegressor' : 'GBTClassifier';
      return {
        imports: [`from pyspark.ml.${isRegression ? 'regression' : 'classification'} import ${name}`],
        call: `${name}(featuresCol="features", labelCol="label", maxIter=${num(o.nEstimators, 100)}, stepSize=${num(o.learningRate, 0.1)}, maxDepth=${sparkDepth(o.maxDepth, 3)}, minInstancesPerNode=${num(o.minSamplesLeaf, 1)}, subsamplingRate=${num(o.subsample, 1)}, maxBins=${num(o.maxBins, 255)}, seed=${seed})`,
        notes: ['GBTClassifier is binary only and has no L2 penalty on leaf values.'],
      };
    }
    case 'mlp':
      return {
        imports: ['from pyspark.ml.classification import MultilayerPerceptronClassifier'],
        call: `MultilayerPerceptronClassifier(featuresCol="features", labelCol="label", layers=[FEATURE_COUNT, ${(Array.isArray(o.hiddenLayers) ? o.hiddenLayers : [100]).map((v) => num(v, 100)).join(', ')}, CLASS_COUNT], maxIter=${num(o.epochs, 200)}, blockSize=${num(o.batchSize, 200)}, seed=${seed})`,
        notes: ['Spark has no neural network for regression, and its hidden layers are sigmoid, not ReLU.'],
      };
    case 'knn':
      return { imports: [], call: 'None', notes: ['Spark MLlib has no k-nearest-neighbours model: this script cannot train one.'] };
  }
}
