/**
 * The model pages' explanation and leakage-guard runs, all in the shared worker pool: explaining a
 * cross-validated model (permutation importance, TreeSHAP, partial dependence on out-of-fold rows),
 * the suspicion checks before training (with a one-feature forest per feature), and the same CV with
 * and without the suspicious features. Each keeps "latest run wins" and cancels by terminating.
 */
import type { CvConfig, CvResult } from '../ml/evaluation/cv/cross-validate';
import type { ModelExplanation } from '../ml/evaluation/explain/explain-fold';
import { findSuspicions, type SuspicionFinding } from '../ml/leakage/suspicion';
import type { Table } from '../ml/core/table';
import { mlPool, type ModelOptionsByKind } from './modeling.svelte';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

/** The config that reproduces `result`: the page's config of that model (or the result's basics), on the result's features. */
export function configOfResult(result: CvResult, configs: readonly CvConfig[], modelOptions: ModelOptionsByKind = {}): CvConfig {
  const base = configs.find((c) => c.model === result.model) ?? configs[0];
  const options = modelOptions[result.model];
  const config: CvConfig = { ...(base ?? { target: result.target, task: result.task, folds: result.folds }), model: result.model, target: result.target, task: result.task, features: [...result.features] };
  if (options && Object.keys(options).length) config.modelOptions = { ...$state.snapshot(options), ...base?.modelOptions };
  return $state.snapshot(config) as CvConfig;
}

/** Explaining one cross-validated model. */
export class ExplainRun {
  running = $state(false);
  done = $state(0);
  total = $state(0);
  error = $state<string | null>(null);
  result = $state.raw<ModelExplanation | null>(null);
  private controller: AbortController | null = null;

  /** Explains `config`'s model on `table`, one pool task per fold. */
  async run(table: Table, config: CvConfig): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    this.error = null;
    this.done = 0;
    this.total = config.folds ?? 5;
    try {
      const result = await mlPool().explain(table, config, {}, {
        signal: controller.signal,
        onProgress: (done, total) => {
          if (!controller.signal.aborted) (this.done = done), (this.total = total);
        },
      });
      if (controller.signal.aborted) return;
      this.result = result;
    } catch (error) {
      if (!controller.signal.aborted && !isAbort(error)) this.error = messageOf(error);
    } finally {
      if (this.controller === controller) {
        this.running = false;
        this.controller = null;
      }
    }
  }

  /** Stops a running explanation. */
  cancel(): void {
    this.controller?.abort();
    this.controller = null;
    this.running = false;
  }

  /** Forgets the result (e.g. when another model is shown). */
  clear(): void {
    this.cancel();
    this.result = null;
    this.error = null;
  }
}

/** The suspicion checks of a page's target and features. */
export class SuspicionRun {
  findings = $state.raw<SuspicionFinding[]>([]);
  duplicateRate = $state(0);
  /** True while the one-feature models run. */
  scoring = $state(false);
  scoreName = $state('CV score');
  error = $state<string | null>(null);
  private controller: AbortController | null = null;

  /**
   * Correlation, id-like and duplicate checks at once, then a quick one-feature forest per feature
   * in the pool (cross-validated R² for regression, ROC-AUC for binary labels, else accuracy).
   */
  async check(table: Table, base: CvConfig): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const features = base.features ?? [];
    const metric = base.task === 'regression' ? 'r2' : 'roc_auc';
    const scoreName = metric === 'r2' ? 'CV R²' : 'ROC-AUC';
    this.error = null;
    try {
      const quick = await findSuspicions(table, base.target, features, { scoreName });
      if (signal.aborted) return;
      this.findings = quick.findings;
      this.duplicateRate = quick.duplicateRate;
      this.scoreName = scoreName;
      this.scoring = true;
      const pool = mlPool();
      // Launch every one-feature run at once so the pool spreads them; findSuspicions awaits them in order.
      const scores = new Map(
        features.map((f) => {
          const config: CvConfig = { ...base, model: 'rf', features: [f], modelOptions: { nEstimators: 20, maxDepth: 8 } };
          const score = pool
            .runOnData(table, (api, id) => api.crossValidate(id, config), signal)
            .then((r) => r.metrics[metric]?.mean ?? r.metrics.accuracy?.mean ?? NaN)
            .catch((error: unknown) => (isAbort(error) ? Promise.reject(error) : NaN));
          return [f, score] as const;
        }),
      );
      const full = await findSuspicions(table, base.target, features, { scoreName, scoreSingleFeature: (f) => scores.get(f) ?? NaN });
      if (signal.aborted) return;
      this.findings = full.findings;
    } catch (error) {
      if (!signal.aborted && !isAbort(error)) this.error = messageOf(error);
    } finally {
      if (this.controller === controller) {
        this.scoring = false;
        this.controller = null;
      }
    }
  }
}

/** The same cross-validation with and without the suspicious features. */
export class CompareRun {
  running = $state(false);
  error = $state<string | null>(null);
  result = $state.raw<{ with: CvResult; without: CvResult; suspects: string[] } | null>(null);
  private controller: AbortController | null = null;

  /** Runs `config` twice: its features without `suspects`, and with them put back. */
  async run(table: Table, config: CvConfig, suspects: readonly string[]): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    this.error = null;
    const features = config.features ?? [];
    const without = features.filter((f) => !suspects.includes(f));
    const withThem = [...without, ...suspects];
    try {
      if (!without.length) throw new Error('Every feature is suspicious: nothing is left to compare against');
      const pool = mlPool();
      const [a, b] = await Promise.all([
        pool.crossValidate(table, { ...config, features: withThem }, { signal: controller.signal }),
        pool.crossValidate(table, { ...config, features: without }, { signal: controller.signal }),
      ]);
      if (controller.signal.aborted) return;
      this.result = { with: a, without: b, suspects: [...suspects] };
    } catch (error) {
      if (!controller.signal.aborted && !isAbort(error)) this.error = messageOf(error);
    } finally {
      if (this.controller === controller) {
        this.running = false;
        this.controller = null;
      }
    }
  }
}

/** The Predict page's runs. */
export const predictExplain = new ExplainRun();
/** The Risk page's runs. */
export const riskExplain = new ExplainRun();
/** The Predict page's suspicion checks. */
export const predictSuspicion = new SuspicionRun();
/** The Risk page's suspicion checks. */
export const riskSuspicion = new SuspicionRun();
/** The Predict page's with/without comparison. */
export const predictCompare = new CompareRun();
/** The Risk page's with/without comparison. */
export const riskCompare = new CompareRun();

/** Features to compare with: leaky ones left out of `chosen`, and chosen ones a check flagged (not ids, not duplicates). */
export function suspectsOf(choices: readonly { name: string; leak: string | null }[], chosen: readonly string[], findings: readonly SuspicionFinding[]): string[] {
  const leftOut = choices.filter((c) => c.leak && !chosen.includes(c.name)).map((c) => c.name);
  const flagged = findings.filter((f) => f.column && f.check !== 'id-like' && chosen.includes(f.column)).map((f) => f.column);
  return [...new Set([...leftOut, ...flagged])];
}
