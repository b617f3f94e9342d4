/**
 * The model registry: every ModelKind with how to fit it, reload it, whether its numeric
 * features are standardised, and which tasks it supports. Heavy models (trees, tfjs) load lazily.
 */
import type { ModelKind, ProgressCallback, Task, TrainedModel, TrainingData } from '../core/model';

/** What the app and the CV runner need to know about a model kind. */
export interface ModelSpec {
  kind: ModelKind;
  /** Name shown to users. */
  label: string;
  /** Standardise numeric features before fitting (distance- and penalty-based models). */
  needsScaling: boolean;
  /** Does the model handle this task? */
  supports(task: Task): boolean;
  /** Fits on preprocessed data (options are the model's own XOptions). */
  fit(data: TrainingData, options: Record<string, unknown>, onProgress?: ProgressCallback): Promise<TrainedModel>;
  /** Rebuilds a fitted model from its toJSON(). */
  load(json: unknown): TrainedModel;
}

/** Synchronous facts about a model kind (no code loaded). */
export interface ModelInfo {
  label: string;
  needsScaling: boolean;
  tasks: readonly Task[];
}

const both: readonly Task[] = ['regression', 'classification'];
const regression: readonly Task[] = ['regression'];

/** Every model kind with its label, scaling and tasks, in the order the UI lists them. */
export const modelInfo: Record<ModelKind, ModelInfo> = {
  linear: { label: 'Linear regression', needsScaling: true, tasks: regression },
  ridge: { label: 'Ridge regression', needsScaling: true, tasks: regression },
  lasso: { label: 'Lasso', needsScaling: true, tasks: regression },
  elasticnet: { label: 'Elastic net', needsScaling: true, tasks: regression },
  logistic: { label: 'Logistic regression', needsScaling: true, tasks: ['classification'] },
  knn: { label: 'k-nearest neighbours', needsScaling: true, tasks: both },
  rf: { label: 'Random forest', needsScaling: false, tasks: both },
  gbm: { label: 'Gradient boosting', needsScaling: false, tasks: both },
  mlp: { label: 'Neural network (MLP)', needsScaling: true, tasks: both },
};

/** All model kinds. */
export const modelKinds = Object.keys(modelInfo) as ModelKind[];

/** Is `name` a model kind? */
export function isModelKind(name: string): name is ModelKind {
  return Object.hasOwn(modelInfo, name);
}

type Loader = () => Promise<Pick<ModelSpec, 'fit' | 'load'>>;

// Casts: each fitX takes its own XOptions; the registry passes the user's partial options through.
const loaders: Record<ModelKind, Loader> = {
  linear: async () => {
    const m = await import('./linear/least-squares');
    const l = await import('./linear/linear-model');
    return { fit: async (d, o, p) => m.fitLinearRegression(d, o as never, p), load: (j) => l.loadLinearModel(j as never) };
  },
  ridge: async () => {
    const m = await import('./linear/least-squares');
    const l = await import('./linear/linear-model');
    return { fit: async (d, o, p) => m.fitRidge(d, o, p), load: (j) => l.loadLinearModel(j as never) };
  },
  lasso: async () => {
    const m = await import('./linear/coordinate-descent');
    const l = await import('./linear/linear-model');
    return { fit: async (d, o, p) => m.fitLasso(d, o, p), load: (j) => l.loadLinearModel(j as never) };
  },
  elasticnet: async () => {
    const m = await import('./linear/coordinate-descent');
    const l = await import('./linear/linear-model');
    return { fit: async (d, o, p) => m.fitElasticNet(d, o, p), load: (j) => l.loadLinearModel(j as never) };
  },
  logistic: async () => {
    const m = await import('./linear/logistic');
    return { fit: async (d, o, p) => m.fitLogistic(d, o, p), load: (j) => m.loadLogistic(j as never) };
  },
  knn: async () => {
    const m = await import('./knn/knn');
    return { fit: async (d, o, p) => m.fitKnn(d, o, p), load: (j) => m.loadKnn(j as never) };
  },
  rf: async () => {
    const m = await import('./tree/forest');
    return { fit: async (d, o, p) => m.fitRandomForest(d, o, p), load: (j) => m.loadRandomForest(j) };
  },
  gbm: async () => {
    const m = await import('./tree/gbm');
    return { fit: async (d, o, p) => m.fitGradientBoosting(d, o, p), load: (j) => m.loadGradientBoosting(j as never) };
  },
  mlp: async () => {
    const m = await import('./mlp/mlp');
    return { fit: (d, o, p) => m.fitMlp(d, o, p), load: (j) => m.loadMlp(j) };
  },
};

const cache = new Map<ModelKind, Promise<ModelSpec>>();

/** The full spec of a model kind (loads its code on first use). */
export function getModelSpec(kind: ModelKind): Promise<ModelSpec> {
  if (!isModelKind(kind)) throw new Error(`Unknown model "${String(kind)}"; use one of: ${modelKinds.join(', ')}`);
  let spec = cache.get(kind);
  if (!spec) {
    const info = modelInfo[kind];
    spec = loaders[kind]().then((code) => ({
      kind,
      label: info.label,
      needsScaling: info.needsScaling,
      supports: (task: Task) => info.tasks.includes(task),
      ...code,
    }));
    // A failed load (e.g. a module missing from this build) is not cached, so a retry can succeed.
    spec.catch(() => cache.delete(kind));
    cache.set(kind, spec);
  }
  return spec;
}

/** Reloads any model from its toJSON() by its `kind`. */
export async function loadModel(json: { kind: ModelKind }): Promise<TrainedModel> {
  return (await getModelSpec(json.kind)).load(json);
}
