/**
 * State of the Segments page: the run configuration, the segmentation run ('segment' on the pool,
 * its worker kept while the page shows it, so another k is shown without refitting) and the view
 * of another k ('segment-view'). A new file drops the old file's segments.
 */
import { defaultSegmentFeatures, type SegmentFeatureChoice } from '../ml/segments/default-features';
import { maxCategoricalWeight } from '../ml/segments/categorical-encoding';
import { planCategoricals, type CategoricalPlan } from '../ml/preprocess/encoding-plan';
import type { ScaleMethod } from '../ml/segments/scale';
import { defaultSegmentationConfig, type SegmentationConfig, type SegmentationResult, type SegmentView } from '../ml/segments/segmentation';
import type { Table } from '../ml/core/table';
import { segmentsCsv } from '../io/csv-export';
import { downloadText } from '../ui/common/download';
import { makeRunConfig, runKey, type RunConfigOf } from '../runs/run-config';
import { appPool } from './app-pool';
import { recordedPool } from './recorded-pool';
import { dataset } from './dataset.svelte';
import { JobRun } from './job-run.svelte';

/** The curated preset, used when every column is present. */
const curatedFeatures = ['annual_income', 'age', 'spend_to_income_ratio'];

const choices = new WeakMap<Table, SegmentFeatureChoice>();

/** The default features of `table` and why every other column is left out (computed once per table). */
export function segmentFeatureChoice(table: Table): SegmentFeatureChoice {
  let choice = choices.get(table);
  if (!choice) choices.set(table, (choice = defaultSegmentFeatures(table)));
  return choice;
}

/** Feature presets available for `table`: the suggested set, all numeric columns, and the curated set when present. */
export function featurePresets(table: Table): { id: string; label: string; features: string[] }[] {
  const { features, candidates } = segmentFeatureChoice(table);
  const presets = [
    { id: 'suggested', label: `Suggested (${features.length})`, features },
    { id: 'all', label: `All numeric (${candidates.length})`, features: candidates },
  ];
  const names = new Set(table.columns.map((c) => c.name));
  if (curatedFeatures.every((f) => names.has(f))) presets.push({ id: 'curated', label: 'Income, age, spend/income', features: curatedFeatures });
  const family = spendIncomeFamily(table, new Set(candidates));
  if (family) presets.push({ id: 'spend-income-family', label: 'Spend, income, family', features: family });
  return presets;
}

/**
 * Customer Personality-shaped files: income, spend (the engineered total_spend once added in
 * Explore, else each Mnt* category) and family (children, else Kidhome and Teenhome); null when
 * income, spend or family is missing.
 */
function spendIncomeFamily(table: Table, candidates: ReadonlySet<string>): string[] | null {
  const named = (pattern: RegExp) => table.columns.map((c) => c.name).filter((n) => candidates.has(n) && pattern.test(n));
  const income = named(/^income$/i).slice(0, 1);
  const spend = candidates.has('total_spend') ? ['total_spend'] : named(/^mnt/i);
  const family = candidates.has('children') ? ['children'] : named(/^(kid|teen)_?home$/i);
  return income.length && spend.length && family.length ? [...income, ...spend, ...family] : null;
}

/**
 * How the chosen categorical columns of `table` will be one-hot encoded (levels kept, grouped as
 * "Other"), as Predict says it. Names the table lacks (another file's choice, until `follow`) are skipped.
 */
export function categoricalPlans(table: Table, features: readonly string[]): CategoricalPlan[] {
  const categorical = new Set(segmentFeatureChoice(table).categorical);
  return planCategoricals(table, features.filter((name) => categorical.has(name)));
}

/** Limits of the Segments settings. */
export const segmentLimits = { kMin: 2, kMax: 30, nInitMax: 50, categoricalWeightMax: maxCategoricalWeight };

/** Each setting's problem in words ('' when it is fine). */
export function settingsProblems(
  config: Pick<SegmentationConfig, 'kMin' | 'kMax' | 'nInit' | 'seed' | 'features' | 'categoricalWeight'>,
): { k: string; nInit: string; seed: string; features: string; categoricalWeight: string } {
  const whole = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  const { kMin, kMax, nInitMax } = segmentLimits;
  let k = '';
  if (!whole(config.kMin) || !whole(config.kMax)) k = 'k must be whole numbers';
  else if (config.kMin < kMin || config.kMax > kMax) k = `k goes from ${kMin} to ${kMax}`;
  else if (config.kMin > config.kMax) k = `the range runs the wrong way: ${config.kMin} is above ${config.kMax}`;
  const nInit = !whole(config.nInit) || config.nInit < 1 || config.nInit > nInitMax ? `restarts go from 1 to ${nInitMax}` : '';
  const seed = whole(config.seed) ? '' : 'the seed must be a whole number';
  const features = config.features.length ? '' : 'choose at least one feature';
  const w = config.categoricalWeight;
  const categoricalWeight = typeof w === 'number' && Number.isFinite(w) && w >= 0 && w <= maxCategoricalWeight ? '' : `the categorical weight is a number from 0 to ${maxCategoricalWeight}`;
  return { k, nInit, seed, features, categoricalWeight };
}

class Segments {
  config = $state<SegmentationConfig>({ ...defaultSegmentationConfig });
  /** The sweep and the best k's segments. */
  readonly segmentation = new JobRun<SegmentationResult>();
  /** Another k of the same sweep (one in flight, the newest waiting: aborting would end the worker that keeps the sweep). */
  readonly view = new JobRun<SegmentView>('queue');
  /** Persona names as edited by the user, by segment. */
  names = $state<string[]>([]);
  /** The result shown: the best k, or the k picked from the sweep. */
  result = $derived.by((): SegmentationResult | null => {
    const result = this.segmentation.result;
    const view = this.view.result;
    return result && view && this.view.resultKey === this.#viewKey(view.k) ? { ...result, ...view } : result;
  });
  running = $derived(this.segmentation.running);
  done = $derived(this.segmentation.done);
  total = $derived(this.segmentation.total);
  note = $derived(this.segmentation.note);
  error = $derived(this.segmentation.error ?? this.view.error);
  /** Whether the view of another k is being fetched. */
  selecting = $derived(this.view.running);
  /** What is wrong with the settings, by field ('' when nothing is): shown next to the field instead of a silent refusal. */
  problems = $derived.by(() => settingsProblems(this.config));
  /** The run of the shown segmentation, its table and file. */
  #run: RunConfigOf<'segment'> | null = null;
  #table: Table | null = null;
  #loaded: unknown = null;

  /** Keeps the chosen features the table can cluster on, categorical ones included (else the suggested ones), and drops another file's segments. */
  follow(table: Table | null): void {
    if (!table) return;
    if (dataset.loaded !== this.#loaded) {
      this.#loaded = dataset.loaded;
      if (this.segmentation.result) this.clear();
    }
    const choice = segmentFeatureChoice(table);
    const candidates = new Set([...choice.candidates, ...choice.categorical]);
    const kept = this.config.features.filter((f) => candidates.has(f));
    const features = kept.length ? kept : choice.features;
    if (features.length !== this.config.features.length || features.some((f, i) => f !== this.config.features[i])) this.config = { ...this.config, features };
  }

  /** Sets the features. */
  setFeatures(features: string[]): void {
    this.config = { ...this.config, features };
  }

  /** Sets the scale method. */
  setScale(scale: ScaleMethod): void {
    this.config = { ...this.config, scale };
  }

  /** Turns the stability score (mean ARI over 5 seeds per k) on or off. */
  setStability(on: boolean): void {
    this.config = { ...this.config, stabilityRuns: on ? 5 : 0 };
  }

  /** Runs the sweep on the pool; a newer run or `cancel` terminates this one. */
  run(table: Table): void {
    const { seed, ...config } = $state.snapshot(this.config) as SegmentationConfig;
    const run = makeRunConfig('segment', config, { seed, data: dataset.fingerprint });
    const key = runKey(run);
    const previous = this.#run;
    this.view.clear();
    void this.segmentation.start(key, async (h) => {
      h.onProgress(0, config.kMax - config.kMin + 2);
      const result = await recordedPool().run(run, table, { signal: h.signal, onProgress: h.onProgress, affinity: key });
      if (h.isCurrent()) {
        if (previous) appPool().unpin(runKey(previous));
        appPool().pin(key);
        this.#run = run;
        this.#table = table;
        this.names = result.personas.map((p) => p.name);
      }
      return result;
    });
  }

  /** Shows another k of the last sweep (its worker still holds the fits; another worker would fit again, to the same bits). */
  selectK(k: number): void {
    const run = this.#run;
    const table = this.#table;
    const current = this.result;
    if (!run || !table || !current || this.running || current.k === k) return;
    const view = makeRunConfig('segment-view', { segment: run.config, k }, { seed: run.seed, data: run.data });
    void this.view.start(this.#viewKey(k), async (h) => {
      const result = await appPool().run(view, table, { signal: h.signal, affinity: runKey(run) });
      if (this.#run === run) this.names = result.personas.map((p) => p.name);
      return result;
    });
  }

  /** Stops the running sweep by terminating its worker. */
  cancel(): void {
    this.segmentation.cancel();
  }

  /** Forgets the result (a new file was loaded). */
  clear(): void {
    this.segmentation.clear();
    this.view.clear();
    if (this.#run) appPool().unpin(runKey(this.#run));
    this.#run = null;
    this.#table = null;
  }

  /** Downloads the rows with their segment and persona as CSV. */
  download(table: Table): void {
    if (!this.result) return;
    downloadText(segmentsCsv(table, this.result.segmentOfRow, this.names), `${table.name.replace(/\.[^.]+$/, '')}-segments.csv`);
  }

  #viewKey(k: number): string {
    return `${this.#run ? runKey(this.#run) : ''} k=${k}`;
  }
}

/** The Segments page's state. */
export const segments = new Segments();
