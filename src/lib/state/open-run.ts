/**
 * Puts a run's settings back on the page that made it: a model's cross-validation or a tuning
 * search on Predict or Risk (target or label, features, model and its options, folds, seed,
 * duplicate handling, held-out test set, imbalance method; a search's method, trials, seed and space), a clustering
 * sweep on Segments, a retraining simulation on Monitor. Running the page then runs the same RunConfig, so the same data gives the
 * same numbers. Used by the Experiments page ("Open") and by links that carry a run (`#/predict?run=…`).
 */
import type { RunPage } from '../experiments/run-record';
import type { ModelKind } from '../ml/core/model';
import type { SearchSpace } from '../ml/evaluation/tuning/search-space';
import { defaultSegmentationConfig } from '../ml/segments/segmentation';
import type { CvJobConfig } from '../runs/jobs/model-jobs';
import { runConfigToHash, type RunConfig } from '../runs/run-config';
import { dataset } from './dataset.svelte';
import type { ModelPage } from './model-page.svelte';
import { predictPage } from './predict.svelte';
import { riskPage } from './risk.svelte';
import { segments } from './segments.svelte';
import { applySimulationRun } from './simulation.svelte';

/** Sets a model page's choices to a cross-validation's config; returns the page. */
function applyCv(config: CvJobConfig, seed: number, options: Record<string, unknown> | undefined): { id: 'predict' | 'risk'; page: ModelPage } {
  const isRisk = config.task === 'classification';
  const page: ModelPage = isRisk ? riskPage : predictPage;
  // The page follows the file now, so that showing it later does not reset the choices made here.
  page.follow(dataset.loaded);
  if (isRisk) {
    const label = config.label;
    if (label?.source === 'rules') {
      riskPage.setup.labelSource = 'rules';
      riskPage.setup.rules = label.rules.map((r) => ({ ...r }));
      riskPage.setup.combine = label.combine;
      riskPage.setup.positive = '';
    } else {
      riskPage.setup.labelSource = label?.column ?? config.target;
      riskPage.setup.positive = (label?.source === 'column' ? label.positive : undefined) ?? config.positive ?? '';
    }
    riskPage.setup.imbalance = config.imbalance ?? 'none';
  } else {
    predictPage.setup.target = config.target;
  }
  const setup = page.setup;
  setup.models = [config.model];
  setup.features = config.features ? [...config.features] : null;
  setup.folds = config.folds ?? 5;
  setup.seed = seed;
  setup.grouping = config.duplicateGrouping ?? 'auto';
  setup.testShare = config.testShare ?? 0;
  setup.selected = null;
  setup.modelOptions = options && Object.keys(options).length ? { [config.model]: { ...options } } : {};
  return { id: isRisk ? 'risk' : 'predict', page };
}

/** Puts `run`'s settings on its page and says which page that is; throws for a kind no page makes. */
export function applyRunSettings(run: RunConfig): RunPage {
  switch (run.kind) {
    case 'cv':
      return applyCv(run.config, run.seed, run.config.modelOptions).id;
    case 'tune': {
      const { id, page } = applyCv(run.config.cv, run.seed, undefined);
      const model: ModelKind = run.config.cv.model;
      page.tuning.settings = {
        model,
        method: run.config.method,
        nTrials: run.config.nTrials,
        seed: run.config.searchSeed,
        spaces: { [model]: structuredClone(run.config.space) as SearchSpace },
      };
      return id;
    }
    case 'segment':
      segments.config = { ...defaultSegmentationConfig, ...run.config, features: [...run.config.features], seed: run.seed };
      return 'segments';
    case 'simulate':
      applySimulationRun(run);
      return 'monitor';
    default:
      throw new Error(`A "${run.kind}" run is not made on a page, so it cannot be opened`);
  }
}

/** A link that opens `page` with `run`'s settings on the same file: the app's address with the run in its hash. */
export function runLink(run: RunConfig, page: RunPage, base: string = location.href): string {
  const url = new URL(base);
  url.hash = `/${page}?${runConfigToHash(run)}`;
  return url.toString();
}

/** Whether the file open is the one `run` was made on, in words for the user ('' when it is). */
export function dataMismatch(run: RunConfig): string {
  const made = run.data;
  const open = dataset.fingerprint;
  if (!made || (open && open.hash === made.hash)) return '';
  const madeOn = `${made.name} (${made.rows} rows × ${made.cols} columns)`;
  if (!open) return `These settings were made on ${madeOn}; no file is open yet.`;
  return `These settings were made on ${madeOn}, but the file open is ${open.name} (${open.rows} rows × ${open.cols} columns): they are applied where its columns allow, and its results will differ.`;
}
