/**
 * The whole segmentation run behind the Segments page: features → scaling → k sweep →
 * best k → PCA scatter, profiles and personas. One serialisable `SegmentationConfig`
 * (seed included) describes a run; the result is plain data for a worker to return.
 */
import type { ProgressCallback } from '../model';
import type { Table } from '../table';
import { buildFeatureMatrix } from './feature-matrix';
import { pca } from './pca';
import { personasOf, type Persona } from './persona';
import { profileSegments, type SegmentProfile } from './profile';
import { scaleData, type ScaleMethod } from './scale';
import { bestKBySilhouette, evaluateK } from './sweep';

/** A segmentation run's settings. */
export interface SegmentationConfig {
  features: string[];
  scale: ScaleMethod;
  kMin: number;
  kMax: number;
  seed: number;
  nInit: number;
  /** Fits per k with other seeds for the stability score (0 = skip). */
  stabilityRuns: number;
}

/** Standard scaling, k 2–10, seed 0, n_init 10, no stability runs (features must be chosen). */
export const defaultSegmentationConfig: SegmentationConfig = {
  features: [],
  scale: 'standard',
  kMin: 2,
  kMax: 10,
  seed: 0,
  nInit: 10,
  stabilityRuns: 0,
};

/** One k of the sweep, without the per-row arrays. */
export interface KSummary {
  k: number;
  inertia: number;
  silhouette: number;
  silhouetteSampled: boolean;
  sizes: number[];
  stability?: number;
}

/** Everything the page draws. */
export interface SegmentationResult {
  config: SegmentationConfig;
  sweep: KSummary[];
  bestK: number;
  /** Segment of each table row at the best k; −1 for rows left out (missing values). */
  segmentOfRow: Int32Array;
  /** 2-D PCA coordinates of the clustered rows, row-major n×2, and their table rows. */
  projection: Float64Array;
  projectedRows: Int32Array;
  explainedVarianceRatio: number[];
  profile: SegmentProfile;
  personas: Persona[];
  dropped: number;
}

/** Runs the sweep and describes the segments of the best k (by silhouette). */
export function segmentCustomers(table: Table, config: Partial<SegmentationConfig>, onProgress?: ProgressCallback): SegmentationResult {
  const cfg = { ...defaultSegmentationConfig, ...config };
  const matrix = buildFeatureMatrix(table, cfg.features);
  const data = scaleData(matrix.data, matrix.n, matrix.d, cfg.scale);
  const kMax = Math.min(cfg.kMax, matrix.n - 1);
  if (kMax < cfg.kMin) throw new RangeError(`Need more rows than k: ${matrix.n} rows for k from ${cfg.kMin}`);
  const total = kMax - cfg.kMin + 2;
  const evaluations = [];
  for (let k = cfg.kMin; k <= kMax; k++) {
    evaluations.push(evaluateK(data, matrix.n, matrix.d, k, { kmeans: { seed: cfg.seed, nInit: cfg.nInit }, stabilityRuns: cfg.stabilityRuns }));
    onProgress?.(k - cfg.kMin + 1, total, `k = ${k}`);
  }
  const bestK = bestKBySilhouette(evaluations) ?? cfg.kMin;
  const best = evaluations.find((e) => e.k === bestK)!;
  const segmentOfRow = new Int32Array(table.rowCount).fill(-1);
  for (let i = 0; i < matrix.n; i++) segmentOfRow[matrix.rows[i]] = best.labels[i];
  const projected = pca(data, matrix.n, matrix.d, Math.min(2, matrix.d));
  const profile = profileSegments(table, matrix.rows, best.labels, bestK);
  onProgress?.(total, total, 'profiles');
  return {
    config: cfg,
    sweep: evaluations.map(({ k, inertia, silhouette, silhouetteSampled, sizes, stability }) => ({ k, inertia, silhouette, silhouetteSampled, sizes, ...(stability === undefined ? {} : { stability }) })),
    bestK,
    segmentOfRow,
    projection: projected.projection,
    projectedRows: matrix.rows,
    explainedVarianceRatio: Array.from(projected.explainedVarianceRatio),
    profile,
    personas: personasOf(profile),
    dropped: matrix.dropped,
  };
}
