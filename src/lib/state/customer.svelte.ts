/**
 * State of the Customer page: the model settings, the customer worker (it keeps the trained
 * models; a slider move sends one profile row) and the latest prediction. A newer profile
 * makes any reply still on its way stale: only the newest request's answer is shown.
 */
import type * as Comlink from 'comlink';
import { buildFeatureMatrix } from '../ml/segments/feature-matrix';
import { applyScaler, fitScaler } from '../ml/segments/scale';
import type { SegmentationResult } from '../ml/segments/segmentation';
import type { Table } from '../ml/core/table';
import type { CustomerModelsConfig, CustomerPrediction, Profile, ProfileValue, TrainSummary } from '../ml/customer/customer-models';
import type { CustomerWorkerApi } from '../workers/customer.worker';
import { progressProxy } from './progress-proxy';
import { WorkerHandle } from '../workers/worker-handle';

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
  const { features } = result.config;
  const x = new Float64Array(features.length);
  for (let j = 0; j < features.length; j++) {
    const v = profile[features[j]];
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    x[j] = v;
  }
  const { centroids, scaler } = segmentCentroids(table, result);
  const d = features.length;
  const z = applyScaler(scaler, x, 1, d);
  let best = -1;
  let bestDistance = Infinity;
  for (let c = 0; c < result.bestK; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (z[j] - centroids[c * d + j]) ** 2;
    if (s < bestDistance) {
      bestDistance = s;
      best = c;
    }
  }
  return best < 0 ? null : { index: best, distance: Math.sqrt(bestDistance) };
}

const centroidCache = new WeakMap<SegmentationResult, { centroids: Float64Array; scaler: ReturnType<typeof fitScaler> }>();

function segmentCentroids(table: Table, result: SegmentationResult) {
  let cached = centroidCache.get(result);
  if (!cached) {
    const { features, scale } = result.config;
    const m = buildFeatureMatrix(table, features);
    const scaler = fitScaler(m.data, m.n, m.d, scale);
    const z = applyScaler(scaler, m.data, m.n, m.d);
    const centroids = new Float64Array(result.bestK * m.d);
    const counts = new Float64Array(result.bestK);
    for (let i = 0; i < m.n; i++) {
      const c = result.segmentOfRow[m.rows[i]];
      if (c < 0) continue;
      counts[c]++;
      for (let j = 0; j < m.d; j++) centroids[c * m.d + j] += z[i * m.d + j];
    }
    for (let c = 0; c < result.bestK; c++) for (let j = 0; j < m.d; j++) centroids[c * m.d + j] /= Math.max(1, counts[c]);
    cached = { centroids, scaler };
    centroidCache.set(result, cached);
  }
  return cached;
}

class CustomerPage {
  settings = $state<CustomerSettings>({ target: '', riskColumn: '', riskThreshold: 0 });
  training = $state(false);
  done = $state(0);
  total = $state(1);
  note = $state('');
  error = $state<string | null>(null);
  summary = $state.raw<TrainSummary | null>(null);
  /** The table the models were trained on (to tell when the dataset changed since). */
  trainedOn = $state.raw<Table | null>(null);
  profile = $state.raw<Profile>({});
  prediction = $state.raw<CustomerPrediction | null>(null);
  /** The looked-up customer's id and table row, while the profile is theirs unchanged. */
  customer = $state.raw<{ id: string; row: number } | null>(null);
  lookupError = $state<string | null>(null);
  /** Milliseconds of the last prediction round trip. */
  latencyMs = $state(0);

  private worker = new WorkerHandle<CustomerWorkerApi>(
    () => new Worker(new URL('../workers/customer.worker.ts', import.meta.url), { type: 'module' }),
    (message) => this.crashed(message),
  );
  /** The API of the current run's worker (kept models), or null when there is none. */
  private remote: Comlink.Remote<CustomerWorkerApi> | null = null;
  private controller: AbortController | null = null;
  /** Number of the newest prediction request; replies to older ones are dropped. */
  private latest = 0;
  private inFlight = false;
  private queued: Profile | null = null;

  /** The table a training run is under way for. */
  private trainingFor: Table | null = null;

  /**
   * Called when the page shows `table`: trains the models unless they already fit it, choosing
   * the default settings when the current ones do not name columns of this table.
   */
  open(table: Table, lineage: Record<string, readonly string[]>): void {
    if (this.trainedOn === table || this.trainingFor === table) return;
    const numeric = numericColumnNames(table);
    const s = this.settings;
    if (!numeric.includes(s.target) || !numeric.includes(s.riskColumn)) this.settings = defaultSettings(table);
    if (this.settings.target && this.settings.riskColumn) void this.train(table, lineage);
    else this.cancel();
  }

  /** Trains both models in a fresh worker; a newer run or `cancel` terminates this one. */
  async train(table: Table, lineage: Record<string, readonly string[]>): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const remote = this.worker.api;
    this.remote = remote;
    const onProgress = progressProxy(this, controller.signal);
    this.training = true;
    this.error = null;
    this.done = 0;
    this.total = 1;
    this.note = 'Starting';
    this.prediction = null;
    this.summary = null;
    this.trainingFor = table;
    try {
      const config: CustomerModelsConfig = { ...$state.snapshot(this.settings), lineage };
      const summary = await remote.train(table, config, onProgress);
      if (controller.signal.aborted) return;
      this.summary = summary;
      this.trainedOn = table;
      const keep = this.customer && Object.keys(this.profile).length ? this.profile : null;
      this.profile = keep && summary.inputs.every((i) => i.name in keep) ? keep : summary.initialProfile;
      if (this.profile === summary.initialProfile) this.customer = null;
      this.requestPrediction();
    } catch (error) {
      if (!controller.signal.aborted) this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (this.controller === controller) {
        this.training = false;
        this.trainingFor = null;
      }
    }
  }

  /** Stops training by terminating the worker (its models go with it). */
  cancel(): void {
    this.controller?.abort();
    this.controller = null;
    this.worker.terminate();
    this.remote = null;
    this.training = false;
    this.trainingFor = null;
    this.inFlight = false;
    this.queued = null;
    this.latest++;
  }

  /** A crashed worker (its calls never settle): the run stops with an error. */
  private crashed(message: string): void {
    this.cancel();
    this.error = `The customer models stopped unexpectedly (${message}).`;
  }

  /** Sets one profile field (a slider move) and rescores. */
  setValue(name: string, value: ProfileValue): void {
    this.profile = { ...this.profile, [name]: value };
    this.customer = null;
    this.requestPrediction();
  }

  /** Fills the profile with the customer whose id is `id`. */
  async lookup(id: string): Promise<void> {
    const remote = this.remote;
    if (!remote || !this.summary) return;
    this.lookupError = null;
    try {
      const record = await remote.lookup(id);
      if (remote !== this.remote) return;
      this.profile = record.profile;
      this.customer = { id: record.id, row: record.row };
      this.requestPrediction();
    } catch (error) {
      if (remote === this.remote) this.lookupError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Goes back to the median profile. */
  reset(): void {
    if (!this.summary) return;
    this.profile = this.summary.initialProfile;
    this.customer = null;
    this.requestPrediction();
  }

  /**
   * Scores the current profile. At most one request is in the worker; while it runs, only the
   * newest profile waits, and a reply is shown only if no newer profile was asked for since.
   */
  private requestPrediction(): void {
    this.queued = this.profile;
    if (!this.inFlight) void this.pump();
  }

  private async pump(): Promise<void> {
    const remote = this.remote;
    this.inFlight = true;
    while (this.queued && remote && remote === this.remote) {
      const profile = this.queued;
      this.queued = null;
      const ticket = ++this.latest;
      const started = performance.now();
      try {
        const prediction = await remote.predict(profile);
        if (ticket === this.latest && !this.queued && remote === this.remote) {
          this.prediction = prediction;
          this.latencyMs = performance.now() - started;
          this.error = null;
        }
      } catch (error) {
        if (ticket === this.latest && remote === this.remote) this.error = error instanceof Error ? error.message : String(error);
      }
    }
    if (remote === this.remote) this.inFlight = false;
  }
}

/** The Customer page's state. */
export const customerPage = new CustomerPage();
