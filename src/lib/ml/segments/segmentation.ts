/**
 * The whole segmentation run behind the Segments page: features → scaling and categorical
 * encoding (clustering-matrix.ts) → k sweep → best k → PCA scatter, profiles and personas. One serialisable `SegmentationConfig`
 * (seed included) describes a run; the result is plain data for a worker to return.
 */
import type { ProgressCallback } from '../core/model';
import type { Table } from '../core/table';
import { cutTree, defaultWardOptions, dendrogramOf, wardLinkage, type Dendrogram, type Merge } from './agglomerative';
import { defaultCategoricalWeight, type CategoricalEncoding } from './categorical-encoding';
import { buildClusteringMatrix, type ClusteringMatrix } from './clustering-matrix';
import { pca } from './pca';
import { personasOf, type Persona } from './persona';
import { profileSegments, type SegmentProfile } from './profile';
import type { KernelTeam } from './kernel-team';
import type { ScaleMethod } from './scale';
import { adjustedRandIndex } from './rand-index';
import { silhouetteScore } from './silhouette';
import { bestKBySilhouette, suggestedK, sweepK, type KEvaluation, type SweepRunner } from './sweep';

/** A segmentation run's settings. */
export interface SegmentationConfig {
  /** Columns clustered on: numeric ones scaled, categorical and yes/no ones encoded by the weight rule (categorical-encoding.ts). */
  features: string[];
  scale: ScaleMethod;
  /** w of the weight rule: each categorical or yes/no column counts as this many standardised numeric columns; default 1. */
  categoricalWeight?: number;
  kMin: number;
  kMax: number;
  seed: number;
  nInit: number;
  /** Fits per k with other seeds for the stability score (0 = skip). */
  stabilityRuns: number;
}

/** Standard scaling, categorical weight 1, k 2–10, seed 0, n_init 10, no stability runs (features must be chosen); 5 turns stability on. */
export const defaultSegmentationConfig: SegmentationConfig = {
  features: [],
  scale: 'standard',
  categoricalWeight: defaultCategoricalWeight,
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

/** Ward against K-Means at one k (on data of at most `defaultWardOptions.maxRows` rows). */
export interface WardComparison {
  silhouette: number;
  kmeansSilhouette: number;
  /** Adjusted Rand index between the two partitions. */
  agreement: number;
  /** Height at which the dendrogram is cut into k clusters. */
  cutHeight: number;
  sizes: number[];
}

/** What the page draws for one k of the sweep. */
export interface SegmentView {
  k: number;
  /** Segment of each table row at k; −1 for rows left out (missing values). */
  segmentOfRow: Int32Array;
  profile: SegmentProfile;
  personas: Persona[];
  ward?: WardComparison;
}

/** Everything the page draws: the sweep, and the view of the suggested k (`k` = `bestK`). */
export interface SegmentationResult extends SegmentView {
  config: SegmentationConfig;
  sweep: KSummary[];
  /** The suggested k: the smallest whose silhouette is within `silhouetteTolerance` of the highest. */
  bestK: number;
  /** The k with the highest silhouette (the suggestion when no smaller k comes within the tolerance). */
  topK: number;
  /** PCA coordinates of the clustered rows on up to 3 components (row-major n×min(3, d)), and their table rows. */
  projection: Float64Array;
  projectedRows: Int32Array;
  explainedVarianceRatio: number[];
  profile: SegmentProfile;
  dropped: number;
  /** How each clustered categorical and yes/no column was encoded (levels, shares, multiplier). */
  encodings: CategoricalEncoding[];
  /** v of the weight rule: the variance of a typical scaled numeric column. */
  referenceVariance: number;
  /** Threads the sweep's jobs ran on (1 = the calling thread). */
  workers: number;
  /** True when those threads split each pass over one shared copy of the rows (else each worker had its own copy). */
  sharedMemory?: boolean;
  /** The top of the Ward tree, when the data is small enough for Ward. */
  dendrogram?: Dendrogram;
}

/** What a worker keeps after a run so another k can be shown without refitting. */
export interface SegmentationSession {
  table: Table;
  matrix: ClusteringMatrix;
  data: Float64Array;
  evaluations: KEvaluation[];
  merges?: Merge[];
}

/**
 * Makes the runner of a sweep's jobs for its scaled data (row-major n×d), or undefined to run
 * them in this thread; `close` frees it after the sweep.
 */
export type RunnerFactory = (data: Float64Array, n: number, d: number) => (SweepRunner & { size: number; close(): void }) | undefined;

/** Runs the sweep and describes the segments of the best k (by silhouette). */
export async function segmentCustomers(table: Table, config: Partial<SegmentationConfig>, onProgress?: ProgressCallback, makeRunner?: RunnerFactory): Promise<SegmentationResult> {
  return (await startSegmentation(table, config, onProgress, makeRunner)).result;
}

/**
 * `segmentCustomers`, also returning the session that `describeK` needs. The sweep's jobs
 * run in this thread, with each pass split over the threads of `teamFor`'s team when it gives
 * one (shared memory), or else on `makeRunner`'s runner (workers); the result is the same.
 * Progress is (jobs done, jobs in all): one job per restart of each k, one silhouette per k, and the profiles.
 */
export async function startSegmentation(
  table: Table,
  config: Partial<SegmentationConfig>,
  onProgress?: ProgressCallback,
  makeRunner?: RunnerFactory,
  teamFor?: (n: number, d: number) => KernelTeam | undefined,
): Promise<{ result: SegmentationResult; session: SegmentationSession }> {
  const cfg = { ...defaultSegmentationConfig, ...config };
  const matrix = buildClusteringMatrix(table, cfg.features, { scale: cfg.scale, categoricalWeight: cfg.categoricalWeight ?? defaultCategoricalWeight });
  const data = matrix.data;
  const kMax = Math.min(cfg.kMax, matrix.n - 1);
  if (kMax < cfg.kMin) throw new RangeError(`Need more rows than k: ${matrix.n} rows for k from ${cfg.kMin}`);
  let total = 1;
  // A team of threads on shared memory splits every pass; without one, a runner may spread the restarts.
  const team = teamFor?.(matrix.n, matrix.d);
  const runner = team ? undefined : makeRunner?.(data, matrix.n, matrix.d);
  let evaluations: KEvaluation[];
  try {
    evaluations = await sweepK(
      data,
      matrix.n,
      matrix.d,
      {
        kMin: cfg.kMin,
        kMax,
        kmeans: { seed: cfg.seed, nInit: cfg.nInit },
        stabilityRuns: cfg.stabilityRuns,
        team,
        onProgress: (done, all, note) => {
          total = all + 1;
          onProgress?.(done, total, note);
        },
      },
      runner,
    );
  } finally {
    runner?.close();
  }
  const session: SegmentationSession = { table, matrix, data, evaluations };
  if (matrix.n <= defaultWardOptions.maxRows && matrix.n >= 2) {
    session.merges = wardLinkage(data, matrix.n, matrix.d);
  }
  const topK = bestKBySilhouette(evaluations) ?? cfg.kMin;
  const bestK = suggestedK(evaluations) ?? topK;
  const projected = pca(data, matrix.n, matrix.d, Math.min(3, matrix.d));
  const view = describeK(session, bestK);
  onProgress?.(total, total, 'profiles');
  const result: SegmentationResult = {
    config: cfg,
    sweep: evaluations.map(({ k, inertia, silhouette, silhouetteSampled, sizes, stability }) => ({ k, inertia, silhouette, silhouetteSampled, sizes, ...(stability === undefined ? {} : { stability }) })),
    bestK,
    topK,
    ...view,
    projection: projected.projection,
    projectedRows: matrix.rows,
    explainedVarianceRatio: Array.from(projected.explainedVarianceRatio),
    dropped: matrix.dropped,
    encodings: matrix.encodings,
    referenceVariance: matrix.referenceVariance,
    workers: team?.size ?? runner?.size ?? 1,
    ...(team && { sharedMemory: true }),
  };
  if (session.merges) result.dendrogram = dendrogramOf(session.merges, matrix.n);
  return { result, session };
}

/** Segments, profiles, personas (and Ward against K-Means) for any k of the session's sweep. */
export function describeK(session: SegmentationSession, k: number): SegmentView {
  const { table, matrix, data, evaluations, merges } = session;
  const fit = evaluations.find((e) => e.k === k);
  if (!fit) throw new RangeError(`k = ${k} is not in the sweep (${evaluations.map((e) => e.k).join(', ')})`);
  const segmentOfRow = new Int32Array(table.rowCount).fill(-1);
  for (let i = 0; i < matrix.n; i++) segmentOfRow[matrix.rows[i]] = fit.labels[i];
  const profile = profileSegments(table, matrix.rows, fit.labels, k, matrix.features, matrix.encodings);
  const view: SegmentView = { k, segmentOfRow, profile, personas: personasOf(profile) };
  if (merges) {
    const cut = cutTree(merges, matrix.n, k);
    view.ward = {
      silhouette: silhouetteScore(data, matrix.n, matrix.d, cut.labels, k).value,
      kmeansSilhouette: fit.silhouette,
      agreement: adjustedRandIndex(cut.labels, fit.labels),
      cutHeight: cutHeightOf(merges, matrix.n, k),
      sizes: cut.sizes,
    };
  }
  return view;
}

/** A height between the last merge kept and the first merge undone when cutting into k clusters. */
function cutHeightOf(merges: readonly Merge[], n: number, k: number): number {
  if (k <= 1) return merges[merges.length - 1].height;
  const above = merges[n - k].height;
  const below = n - k - 1 >= 0 ? merges[n - k - 1].height : 0;
  return (above + below) / 2;
}
