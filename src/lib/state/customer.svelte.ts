/**
 * State of the Customer page: the model settings, the two models (the 'customer' job returns them
 * as artifacts; the pool keeps them in its workers) and the latest prediction: each profile change
 * sends one row to a 'score' job. One scoring is in flight at a time and only the newest profile
 * waits, so a reply for an older profile is never shown.
 */
import { buildClusteringMatrix, encodeRow, type ClusteringMatrix } from '../ml/segments/clustering-matrix';
import type { SegmentationResult } from '../ml/segments/segmentation';
import type { Table } from '../ml/core/table';
import { lookupCustomer, type CustomerModelsConfig, type CustomerRecord, type Profile, type ProfileValue, type TrainSummary } from '../ml/customer/customer-models';
import { profileTable } from '../ml/customer/profile-row';
import type { DerivedColumn } from '../ml/leakage/lineage';
import type { Explanation } from '../runs/jobs/artifact-jobs';
import type { CustomerModels } from '../runs/jobs/customer-job';
import { makeRunConfig, runKey } from '../runs/run-config';
import { appPool } from './app-pool';
import { dataset } from './dataset.svelte';
import { JobRun } from './job-run.svelte';

/** The page's choice of target and risk rule (threshold as typed). */
export interface CustomerSettings {
  target: string;
  riskColumn: string;
  riskThreshold: number;
}

/** Settings for `table`: the default data's columns when present (spend, and loyalty below 5), else blanks to pick. */
export function defaultSettings(table: Table): CustomerSettings {
  const numeric = numericColumnNames(table);
  const has = (name: string): boolean => numeric.includes(name);
  const target = has('purchase_amount') ? 'purchase_amount' : (table.columns.find((c) => c.role === 'target' && numeric.includes(c.name))?.name ?? '');
  const riskColumn = has('loyalty_score') && target !== 'loyalty_score' ? 'loyalty_score' : '';
  return { target, riskColumn, riskThreshold: riskColumn ? 5 : 0 };
}

/** Columns a target or a risk rule can use: numeric, not ids, dates or ignored. */
export function numericColumnNames(table: Table): string[] {
  return table.columns.filter((c) => c.storage === 'number' && c.type === 'numeric' && c.role !== 'ignore' && c.role !== 'id').map((c) => c.name);
}

/** The segment a profile falls in: nearest centroid of the last segmentation, in its scaled feature space. */
export interface SegmentMatch {
  index: number;
  distance: number;
}

/**
 * Finds the nearest segment centroid to `profile` in the segmentation's scaled space
 * (the scaler refitted on the same rows, the centroids as the means of each segment's rows).
 * Returns null when the profile lacks a value of a segmentation feature.
 */
export function nearestSegment(table: Table, result: SegmentationResult, profile: Profile): SegmentMatch | null {
  const { centroids, matrix } = segmentCentroids(table, result);
  // Numbers scaled and categorical levels encoded as the segmentation's rows were (clustering-matrix.ts).
  const z = encodeRow(matrix, (name) => profile.get(name));
  if (!z) return null;
  const d = matrix.d;
  let best = -1;
  let bestDistance = Infinity;
  for (let c = 0; c < result.k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (z[j] - centroids[c * d + j]) ** 2;
    if (s < bestDistance) {
      bestDistance = s;
      best = c;
    }
  }
  return best < 0 ? null : { index: best, distance: Math.sqrt(bestDistance) };
}

const centroidCache = new WeakMap<SegmentationResult, { centroids: Float64Array; matrix: ClusteringMatrix }>();

function segmentCentroids(table: Table, result: SegmentationResult) {
  let cached = centroidCache.get(result);
  if (!cached) {
    const { features, scale, categoricalWeight } = result.config;
    const m = buildClusteringMatrix(table, features, { scale, ...(categoricalWeight === undefined ? {} : { categoricalWeight }) });
    const z = m.data;
    const centroids = new Float64Array(result.k * m.d);
    const counts = new Float64Array(result.k);
    for (let i = 0; i < m.n; i++) {
      const c = result.segmentOfRow[m.rows[i]];
      if (c < 0) continue;
      counts[c]++;
      for (let j = 0; j < m.d; j++) centroids[c * m.d + j] += z[i * m.d + j];
    }
    for (let c = 0; c < result.k; c++) for (let j = 0; j < m.d; j++) centroids[c * m.d + j] /= Math.max(1, counts[c]);
    cached = { centroids, matrix: m };
    centroidCache.set(result, cached);
  }
  return cached;
}

/** Both models' prediction of one profile, and why. */
export interface CustomerPrediction {
  spend: Explanation;
  /** The risk model's probability of "at risk" and why. */
  risk: Explanation & { atRisk: boolean };
  /** Milliseconds of the round trip. */
  ms: number;
}

/** The risk probability at and above which the page calls a customer at risk. */
export const atRiskThreshold = 0.5;

let nextModels = 0;

class CustomerPage {
  settings = $state<CustomerSettings>({ target: '', riskColumn: '', riskThreshold: 0 });
  /** Training the two models. */
  readonly training = new JobRun<CustomerModels & { table: Table; ids: { spend: string; risk: string } }>();
  /** Scoring the current profile (one in flight, the newest waiting). */
  readonly scoring = new JobRun<CustomerPrediction>('queue');
  summary = $derived(this.training.result?.summary ?? null);
  /** The table the models were trained on (to tell when the dataset changed since). */
  trainedOn = $derived(this.training.result?.table ?? null);
  prediction = $derived(this.scoring.result);
  error = $derived(this.training.error ?? this.scoring.error);
  profile = $state.raw<Profile>(new Map());
  /** The looked-up customer's id and table row, while the profile is theirs unchanged. */
  customer = $state.raw<{ id: string; row: number } | null>(null);
  lookupError = $state<string | null>(null);
  /** Milliseconds of the last prediction round trip. */
  latencyMs = $derived(this.scoring.result?.ms ?? 0);

  /**
   * Called when the page shows `table`: trains the models unless they already fit it, choosing
   * the default settings when the current ones do not name columns of this table.
   */
  open(table: Table, lineage: DerivedColumn[]): void {
    if (this.trainedOn === table || this.training.runningKey?.startsWith(this.#tableKey(table))) return;
    const numeric = numericColumnNames(table);
    const s = this.settings;
    if (!numeric.includes(s.target) || !numeric.includes(s.riskColumn)) this.settings = defaultSettings(table);
    if (this.settings.target && this.settings.riskColumn) this.train(table, lineage);
    else this.cancel();
  }

  /** Trains both models on the pool; a newer run or `cancel` terminates this one. */
  train(table: Table, lineage: DerivedColumn[]): void {
    const config: CustomerModelsConfig = { ...$state.snapshot(this.settings), lineage };
    const run = makeRunConfig('customer', config, { seed: 0, data: dataset.fingerprint });
    const previous = this.training.result?.ids;
    this.scoring.clear();
    void this.training.start(this.#tableKey(table) + runKey(run), async (h) => {
      const models = await appPool().run(run, table, { signal: h.signal, onProgress: h.onProgress });
      const n = nextModels++;
      const ids = { spend: `customer-spend-${n}`, risk: `customer-risk-${n}` };
      appPool().put(ids.spend, models.spend);
      appPool().put(ids.risk, models.risk);
      if (previous) for (const id of [previous.spend, previous.risk]) appPool().release(id);
      if (h.isCurrent()) {
        const keep = this.customer && this.profile.size ? this.profile : null;
        this.profile = keep && models.summary.inputs.every((i) => keep.has(i.name)) ? keep : models.summary.initialProfile;
        if (this.profile === models.summary.initialProfile) this.customer = null;
      }
      return { ...models, table, ids };
    }).then((trained) => trained && this.#score());
  }

  /** Stops training (its workers are terminated). */
  cancel(): void {
    this.training.cancel();
    this.scoring.cancel();
  }

  /** Sets one profile field (a slider move) and rescores. */
  setValue(name: string, value: ProfileValue): void {
    this.profile = new Map(this.profile).set(name, value);
    this.customer = null;
    this.#score();
  }

  /** Sets several profile fields at once (a suggested change) and rescores. */
  setValues(changes: readonly { name: string; value: ProfileValue }[]): void {
    const next = new Map(this.profile);
    for (const { name, value } of changes) next.set(name, value);
    this.profile = next;
    this.customer = null;
    this.#score();
  }

  /** Fills the profile with the customer whose id is `id`. */
  lookup(id: string): void {
    const trained = this.training.result;
    if (!trained) return;
    this.lookupError = null;
    try {
      const record: CustomerRecord = lookupCustomer(trained.table, trained.summary.idColumn, id, trained.summary.inputs);
      this.profile = record.profile;
      this.customer = { id: record.id, row: record.row };
      this.#score();
    } catch (error) {
      this.lookupError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Goes back to the median profile. */
  reset(): void {
    if (!this.summary) return;
    this.profile = this.summary.initialProfile;
    this.customer = null;
    this.#score();
  }

  /** Scores the current profile with both models: one row, explained (TreeSHAP), on a worker that holds the models. */
  #score(): void {
    const trained = this.training.result;
    if (!trained) return;
    const row = profileTable(trained.summary.inputs, this.profile);
    const resources = new Map([
      [trained.ids.spend, trained.spend],
      [trained.ids.risk, trained.risk],
    ]);
    const scoreWith = (model: string) => makeRunConfig('score', { model, explain: true });
    void this.scoring.start(`${trained.ids.spend} ${JSON.stringify([...this.profile])}`, async (h) => {
      const started = performance.now();
      const hooks = { signal: h.signal, resources, inline: true, urgent: true };
      const [spend, risk] = await Promise.all([appPool().run(scoreWith(trained.ids.spend), row, hooks), appPool().run(scoreWith(trained.ids.risk), row, hooks)]);
      const spendWhy = spend.explanations?.[0];
      const riskWhy = risk.explanations?.[0];
      if (!spendWhy || !riskWhy) throw new Error('The models gave no explanation for this profile');
      return { spend: spendWhy, risk: { ...riskWhy, atRisk: riskWhy.value >= atRiskThreshold }, ms: performance.now() - started };
    });
  }

  #tableKey(table: Table): string {
    return `${table.name} ${table.rowCount} ${table.columns.length} `;
  }
}

/** The Customer page's state. */
export const customerPage = new CustomerPage();
