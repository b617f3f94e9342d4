/**
 * The Monitor page's simulations on the loaded dataset: the retraining simulation ('simulate' job)
 * and the noise robustness of the picked models ('noise' job). Settings are the user's; a column
 * they name that the current file lacks falls back to a default, so a new file never runs with the
 * old file's columns. The latest run wins (JobRun); results carry the key of their settings.
 */
import type { ModelKind, Task } from '../ml/core/model';
import type { Column, Table } from '../ml/core/table';
import type { ShiftPlan } from '../ml/monitor/batches';
import type { SimulationResult } from '../ml/monitor/simulate';
import { modelInfo } from '../ml/models/registry';
import type { NoiseJobConfig, NoiseJobResult, SimulateJobConfig } from '../runs/jobs/monitor-sim-jobs';
import { makeRunConfig, runKey } from '../runs/run-config';
import type { RunConfigOf } from '../runs/run-config';
import { dataset } from './dataset.svelte';
import { JobRun } from './job-run.svelte';
import { appPool } from './app-pool';
import { recordedPool } from './recorded-pool';

/** The simulation's settings as the form holds them ('' = none chosen). */
export interface SimulationSetup {
  target: string;
  task: Task | '';
  model: ModelKind;
  months: number;
  batchSize: number;
  seed: number;
  metricDrop: number;
  psiThreshold: number;
  window: number;
  meanColumn: string;
  meanAmount: number;
  scaleColumn: string;
  scaleAmount: number;
  mixColumn: string;
  mixLevel: string;
  mixAmount: number;
  conceptFeature: string;
  conceptAmount: number;
  conceptStart: number;
  conceptShape: 'ramp' | 'step';
}

/** The noise run's settings. */
export interface NoiseSetup {
  models: ModelKind[];
  repeats: number;
  noiseOn: 'test' | 'both';
  /** Highest level, as a share of the std (levels are 0 to this in six steps). */
  maxLevel: number;
}

const usableTarget = (c: Column) => c.type === 'numeric' || c.type === 'categorical' || c.type === 'boolean';

/** The default target: one marked as target, else a spend-like number, else the last numeric column. */
function defaultTarget(table: Table): string {
  const usable = table.columns.filter(usableTarget);
  return (
    usable.find((c) => c.role === 'target')?.name ??
    usable.find((c) => c.type === 'numeric' && /amount|spend|revenue|sales|value/i.test(c.name))?.name ??
    usable.filter((c) => c.type === 'numeric').at(-1)?.name ??
    usable[0]?.name ??
    ''
  );
}

class MonitorSimulations {
  setup = $state<SimulationSetup>({
    target: '',
    task: '',
    model: 'ridge',
    months: 12,
    batchSize: 200,
    seed: 0,
    metricDrop: 0.1,
    psiThreshold: 0.25,
    window: 3,
    meanColumn: '',
    meanAmount: 0.2,
    scaleColumn: '',
    scaleAmount: 0.05,
    mixColumn: '',
    mixLevel: '',
    mixAmount: 0.03,
    conceptFeature: '',
    conceptAmount: 0,
    conceptStart: 6,
    conceptShape: 'step',
  });
  noiseSetup = $state<NoiseSetup>({ models: ['ridge', 'rf'], repeats: 3, noiseOn: 'test', maxLevel: 0.5 });
  readonly simulation = new JobRun<SimulationResult>();
  readonly noise = new JobRun<NoiseJobResult>();

  table = $derived<Table | null>(dataset.table);
  /** Columns that can be the target. */
  targets = $derived((this.table?.columns ?? []).filter(usableTarget).map((c) => c.name));
  target = $derived(this.table && this.targets.includes(this.setup.target) ? this.setup.target : this.table ? defaultTarget(this.table) : '');
  /** The task asked for, else regression for a numeric target. */
  task = $derived.by((): Task => {
    if (this.setup.task) return this.setup.task;
    const column = this.table?.columns.find((c) => c.name === this.target);
    return column?.type === 'numeric' ? 'regression' : 'classification';
  });
  /** Models of the task; the chosen one when it does the task, else the first. */
  models = $derived((Object.keys(modelInfo) as ModelKind[]).filter((k) => modelInfo[k].tasks.includes(this.task)));
  model = $derived(this.models.includes(this.setup.model) ? this.setup.model : (this.models[0] ?? 'ridge'));
  /** Numeric features (every numeric column but the target). */
  numeric = $derived((this.table?.columns ?? []).filter((c) => c.type === 'numeric' && c.role !== 'ignore' && c.name !== this.target).map((c) => c.name));
  /** Categorical features with their levels. */
  categorical = $derived(
    (this.table?.columns ?? []).filter((c) => c.type === 'categorical' && c.storage === 'category' && c.role !== 'ignore' && c.name !== this.target).map((c) => ({ name: c.name, levels: c.storage === 'category' ? c.dictionary : [] })),
  );
  meanColumn = $derived(this.pick(this.setup.meanColumn, this.numeric, 0));
  scaleColumn = $derived(this.setup.scaleColumn === '' ? '' : this.pick(this.setup.scaleColumn, this.numeric, -1));
  mixColumn = $derived(this.setup.mixColumn === '' ? '' : this.pick(this.setup.mixColumn, this.categorical.map((c) => c.name), -1));
  mixLevels = $derived(this.categorical.find((c) => c.name === this.mixColumn)?.levels ?? []);
  mixLevel = $derived(this.mixLevels.includes(this.setup.mixLevel) ? this.setup.mixLevel : (this.mixLevels[0] ?? ''));
  conceptFeature = $derived(this.pick(this.setup.conceptFeature, this.numeric, 0));

  /** The shifts the form describes (a shift of amount 0 or without a column is left out). */
  shifts = $derived.by((): ShiftPlan => {
    const s = this.setup;
    const numeric: ShiftPlan['numeric'] = [];
    if (this.meanColumn && s.meanAmount) numeric.push({ column: this.meanColumn, kind: 'mean', amount: s.meanAmount });
    if (this.scaleColumn && s.scaleAmount) numeric.push({ column: this.scaleColumn, kind: 'scale', amount: s.scaleAmount });
    return {
      numeric,
      ...(this.mixColumn && this.mixLevel && s.mixAmount ? { mix: { column: this.mixColumn, level: this.mixLevel, amount: s.mixAmount } } : {}),
      ...(this.conceptFeature && s.conceptAmount ? { concept: { feature: this.conceptFeature, amount: s.conceptAmount, start: s.conceptStart, shape: s.conceptShape } } : {}),
    };
  });
  simulationConfig = $derived.by((): SimulateJobConfig => {
    const s = this.setup;
    return { target: this.target, task: this.task, model: this.model, months: s.months, batchSize: s.batchSize, shifts: this.shifts, metricDrop: s.metricDrop, psiThreshold: s.psiThreshold, window: s.window };
  });
  simulationRun = $derived(makeRunConfig('simulate', this.simulationConfig, { seed: this.setup.seed, data: dataset.fingerprint }));
  noiseModels = $derived(this.noiseSetup.models.filter((m) => this.models.includes(m)));
  noiseConfig = $derived.by((): NoiseJobConfig => {
    const top = this.noiseSetup.maxLevel;
    const levels = Array.from({ length: 6 }, (_, i) => Math.round((top * i * 1000) / 5) / 1000);
    return { target: this.target, task: this.task, models: this.noiseModels, levels, repeats: this.noiseSetup.repeats, noiseOn: this.noiseSetup.noiseOn };
  });
  noiseRun = $derived(makeRunConfig('noise', this.noiseConfig, { seed: this.setup.seed, data: dataset.fingerprint }));

  /** Runs the simulation on the dataset. */
  async simulate(): Promise<void> {
    const table = this.table;
    if (!table) return;
    const run = $state.snapshot(this.simulationRun) as typeof this.simulationRun;
    await this.simulation.start(runKey(run), (h) => recordedPool().run(run, table, { signal: h.signal, onProgress: h.onProgress }));
  }

  /** Runs the noise robustness of the picked models. */
  async measureNoise(): Promise<void> {
    const table = this.table;
    if (!table) return;
    const run = $state.snapshot(this.noiseRun) as typeof this.noiseRun;
    await this.noise.start(runKey(run), (h) => appPool().run(run, table, { signal: h.signal, onProgress: h.onProgress }));
  }

  /** `wanted` when it is among `options`; else options[fallback] ('' when -1 or none). */
  private pick(wanted: string, options: readonly string[], fallback: number): string {
    if (options.includes(wanted)) return wanted;
    return fallback < 0 ? '' : (options[fallback] ?? '');
  }
}

/** The Monitor page's simulations. */
export const simulations = new MonitorSimulations();

/** Puts a recorded simulation's settings back in the form (the first shift of each kind; their timing as the form offers it). */
export function applySimulationRun(run: RunConfigOf<'simulate'>): void {
  const c = run.config;
  const shifts = c.shifts ?? { numeric: [] };
  const mean = shifts.numeric.find((s) => s.kind === 'mean');
  const scale = shifts.numeric.find((s) => s.kind === 'scale');
  const s = simulations.setup;
  Object.assign(s, {
    target: c.target,
    task: c.task,
    model: c.model,
    months: c.months ?? 12,
    batchSize: c.batchSize ?? 200,
    seed: run.seed,
    metricDrop: c.metricDrop ?? 0.1,
    psiThreshold: c.psiThreshold ?? 0.25,
    window: c.window ?? 3,
    meanColumn: mean?.column ?? s.meanColumn,
    meanAmount: mean?.amount ?? 0,
    scaleColumn: scale?.column ?? '',
    scaleAmount: scale?.amount ?? 0,
    mixColumn: shifts.mix?.column ?? '',
    mixLevel: shifts.mix?.level ?? '',
    mixAmount: shifts.mix?.amount ?? 0,
    conceptFeature: shifts.concept?.feature ?? s.conceptFeature,
    conceptAmount: shifts.concept?.amount ?? 0,
    conceptStart: shifts.concept?.start ?? 1,
    conceptShape: shifts.concept?.shape ?? 'ramp',
  } satisfies Partial<SimulationSetup>);
}
