/**
 * Job kinds of the Segments page and the CLI's `cluster`: a K-Means sweep over k, the whole
 * segmentation (sweep, best k, PCA, profiles, personas, Ward), and the view of another k of it.
 * On a large table the sweep is spread: with a team of threads on shared memory (`ctx.kernelTeam`:
 * the CLI's Node threads, or a worker's helpers in a cross-origin-isolated page) every pass over
 * the rows is split between them; otherwise its restarts and silhouettes are parts that the
 * worker running the job sends to helper workers (the same bridge), each with a copy of the rows.
 * Both give the same bits as one thread.
 */
import type { Table } from '../../ml/core/table';
import { buildClusteringMatrix } from '../../ml/segments/clustering-matrix';
import { numericFeatureNames } from '../../ml/segments/feature-matrix';
import { fitRestart, type KMeansOptions } from '../../ml/segments/kmeans';
import type { KernelTeam } from '../../ml/segments/kernel-team';
import { KMeansData } from '../../ml/segments/kmeans-kernels';
import type { ScaleMethod } from '../../ml/segments/scale';
import { describeK, startSegmentation, type RunnerFactory, type SegmentationConfig, type SegmentationResult, type SegmentationSession, type SegmentView } from '../../ml/segments/segmentation';
import { meanSilhouette } from '../../ml/segments/silhouette';
import { bestKBySilhouette, parallelThreshold, suggestedK, sweepK, type RestartJob, type SweepRunner } from '../../ml/segments/sweep';
import type { AnyJobContext, JobContext, PartContext } from '../job-context';
import { defineJob } from '../job-spec';
import { stableJson } from '../stable-json';

/** A segmentation as a job describes it (the seed is the run's). */
export type SegmentJobConfig = Omit<SegmentationConfig, 'seed'>;

/** A K-Means sweep over k (the CLI's `cluster`). */
export interface SweepJobConfig {
  /** Feature columns (numeric, yes/no, categorical); default every numeric and yes/no column. */
  features?: string[];
  scale: ScaleMethod;
  /** w of the weight rule of categorical-encoding.ts; default 1. */
  categoricalWeight?: number;
  kMin: number;
  kMax: number;
  nInit: number;
  stabilityRuns?: number;
}

/** The scores of every k of a sweep. */
export interface SweepSummary {
  features: string[];
  scale: ScaleMethod;
  rows: number;
  dropped: number;
  /** Threads the sweep ran on. */
  threads: number;
  results: { k: number; inertia: number; silhouette: number; silhouetteSampled: boolean; sizes: number[]; stability?: number }[];
  /** The k with the highest silhouette. */
  bestK: number | null;
  /** The smallest k whose silhouette is within `silhouetteTolerance` of the highest (what the page suggests). */
  suggestedK: number | null;
}

/** The scaled rows of a sweep, as sent to helper workers once. */
interface SweepData {
  data: Float64Array;
  n: number;
  d: number;
}

/** The team to split the passes of a sweep on n×d rows over: the context's, when the data is large enough. */
function teamFor(ctx: AnyJobContext, n: number, d: number): KernelTeam | undefined {
  return ctx.kernelTeam && ctx.kernelTeam.size > 1 && n * d >= parallelThreshold ? ctx.kernelTeam : undefined;
}

/** A runner that sends the sweep's jobs to parts when the data is large enough, helpers exist and no team shares the rows. */
function partsRunner(ctx: AnyJobContext): RunnerFactory {
  return (data, n, d) => {
    if (ctx.concurrency < 2 || n * d < parallelThreshold || teamFor(ctx, n, d)) return undefined;
    const input = ctx.share({ data, n, d } satisfies SweepData);
    const runner: SweepRunner & { size: number; close(): void } = {
      size: ctx.concurrency,
      fit: (job, options) => ctx.part('restart', { job, options }, { input }),
      silhouette: (rows, m, dims, labels, k) => ctx.part('silhouette', { data: rows, n: m, d: dims, labels, k }),
      close: () => undefined,
    };
    return runner;
  };
}

/** The parts every sweep-running job offers its helpers. */
const sweepParts = {
  restart(input: SweepData, args: { job: RestartJob; options: Partial<KMeansOptions> }, ctx: PartContext) {
    const data = ctx.memo('kmeans-data', () => new KMeansData(input.data, input.n, input.d));
    return fitRestart(data, args.job.k, { ...args.options, seed: args.job.seed }, args.job.restart);
  },
  silhouette: (_input: unknown, args: { data: Float64Array; n: number; d: number; labels: Int32Array; k: number }) => meanSilhouette(args.data, args.n, args.d, args.labels, args.k),
};

/** 'sweep': K-Means for every k of a range, scored by inertia, silhouette and sizes, and the best k. */
export const sweepJob = defineJob({
  title: 'sweep k',
  usesKernelTeam: true,
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: SweepJobConfig, ctx): Promise<SweepSummary> {
    const features = config.features?.length ? config.features : numericFeatureNames(table);
    const matrix = buildClusteringMatrix(table, features, { scale: config.scale, ...(config.categoricalWeight === undefined ? {} : { categoricalWeight: config.categoricalWeight }) });
    const data = matrix.data;
    // The CLI's threads split every sweep they are given; in a browser worker only large ones.
    const team = ctx.kernelTeam && ctx.concurrency < 2 ? ctx.kernelTeam : teamFor(ctx, matrix.n, matrix.d);
    const runner = team ? undefined : partsRunner(ctx)(data, matrix.n, matrix.d);
    const results = await sweepK(
      data,
      matrix.n,
      matrix.d,
      { kMin: config.kMin, kMax: config.kMax, kmeans: { seed: ctx.seed, nInit: config.nInit }, stabilityRuns: config.stabilityRuns ?? 0, team, onProgress: ctx.onProgress },
      runner,
    );
    return {
      features,
      scale: config.scale,
      rows: matrix.n,
      dropped: matrix.dropped,
      threads: team ? team.size : (runner?.size ?? 1),
      results: results.map(({ k, inertia, silhouette, silhouetteSampled, sizes, stability }) => ({ k, inertia, silhouette, silhouetteSampled, sizes, ...(stability === undefined ? {} : { stability }) })),
      bestK: bestKBySilhouette(results) ?? null,
      suggestedK: suggestedK(results) ?? null,
    };
  },
  parts: sweepParts,
});

/** The session of a segmentation on this thread's copy of the table: kept, or made again (the same bits). */
async function sessionOf(table: Table, config: SegmentJobConfig, ctx: AnyJobContext): Promise<{ result: SegmentationResult; session: SegmentationSession }> {
  return ctx.memo(`segment ${ctx.seed} ${stableJson(config)}`, () => startSegmentation(table, { ...config, seed: ctx.seed }, ctx.onProgress, partsRunner(ctx), (n, d) => teamFor(ctx, n, d)));
}

/** 'segment': the Segments page's run: the sweep, the best k's segments, PCA, profiles, personas and Ward. */
export const segmentJob = defineJob({
  title: 'segment customers',
  usesKernelTeam: true,
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: SegmentJobConfig, ctx): Promise<SegmentationResult> {
    const { result } = await sessionOf(table, config, ctx);
    // The kept session holds this result's arrays; the reply gets a copy a worker can hand over.
    return structuredClone(result);
  },
  parts: sweepParts,
});

/** 'segment-view': segments, profiles and personas of another k of a segmentation's sweep. */
export const segmentViewJob = defineJob({
  title: 'show another k',
  usesKernelTeam: true,
  input: 'table',
  runsOn: 'worker',
  async run(table: Table, config: { segment: SegmentJobConfig; k: number }, ctx): Promise<SegmentView> {
    const { session } = await sessionOf(table, config.segment, ctx);
    return describeK(session, config.k);
  },
  parts: sweepParts,
});
