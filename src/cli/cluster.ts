/**
 * `npm run -s cli -- cluster FILE --features a,b,c --k 2..8 [--scale standard|minmax|none] [--seed 0] [--n-init 10] [--threads N] [--categorical-weight 1]`
 * K-Means for each k: inertia, silhouette and sizes, and the best k by silhouette (CONTRACT.md §2).
 * Categorical and yes/no features are one-hot encoded by the weight rule of
 * ml/segments/categorical-encoding.ts, `--categorical-weight` its w (default 1; the run records it when given).
 * The run is a 'sweep' RunConfig run by the same job as in the browser. Each pass over the rows
 * is split over `--threads` threads (default: every core from 100,000 values up, else one); the
 * results do not depend on how many.
 */
import { availableParallelism } from 'node:os';
import { maxCategoricalWeight } from '../lib/ml/segments/categorical-encoding';
import { fingerprintTable } from '../lib/ml/data/fingerprint';
import { numericFeatureNames } from '../lib/ml/segments/feature-matrix';
import type { ScaleMethod } from '../lib/ml/segments/scale';
import { parallelThreshold } from '../lib/ml/segments/sweep';
import { runJob } from '../lib/runs/local';
import { makeRunConfig } from '../lib/runs/run-config';
import { intFlag, listFlag, stringFlag } from './args';
import { startThreadTeam } from './kmeans-threads';
import { readTable } from './profile';

const scales: readonly ScaleMethod[] = ['standard', 'minmax', 'none'];

/** Parses "2..8" or "5" into an inclusive range. */
export function parseKRange(text: string): { kMin: number; kMax: number } {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`--k must look like 2..8 or 5, got "${text}"`);
  const kMin = Number(m[1]);
  const kMax = m[2] === undefined ? kMin : Number(m[2]);
  if (kMin < 1 || kMax < kMin) throw new Error(`--k range ${text} is empty or starts below 1`);
  return { kMin, kMax };
}

/** Runs the k sweep on FILE and returns the JSON object to print. */
export async function runCluster(positional: string[], flags: Record<string, string | boolean>): Promise<unknown> {
  const file = positional[0];
  if (!file) throw new Error('cluster needs a FILE: cluster FILE --features a,b,c --k 2..8');
  const { table } = await readTable(file);
  const features = listFlag(flags, 'features') ?? numericFeatureNames(table);
  const scale = (typeof flags.scale === 'string' ? flags.scale : 'standard') as ScaleMethod;
  if (!scales.includes(scale)) throw new Error(`--scale must be one of ${scales.join(', ')}, got "${String(flags.scale)}"`);
  const { kMin, kMax } = parseKRange(typeof flags.k === 'string' ? flags.k : '2..10');
  const weight = categoricalWeightFlag(flags);
  const run = makeRunConfig(
    'sweep',
    { features, scale, kMin, kMax, nInit: intFlag(flags, 'n-init', 10), ...(weight === undefined ? {} : { categoricalWeight: weight }) },
    { seed: intFlag(flags, 'seed', 0), data: fingerprintTable(table) },
  );
  const values = table.rowCount * features.length;
  const threads = intFlag(flags, 'threads', values >= parallelThreshold ? availableParallelism() : 1);
  if (threads < 1) throw new Error(`--threads must be at least 1, got ${threads}`);
  const team = threads > 1 ? await startThreadTeam(threads) : undefined;
  let summary;
  try {
    summary = await runJob(run, table, { kernelTeam: team?.team });
  } finally {
    await team?.close();
  }
  return {
    features: summary.features,
    threads: summary.threads,
    scale: summary.scale,
    rows: summary.rows,
    dropped: summary.dropped,
    results: summary.results.map((r) => ({
      k: r.k,
      inertia: round(r.inertia),
      silhouette: round(r.silhouette),
      sizes: r.sizes,
      ...(r.silhouetteSampled ? { silhouette_sampled: true } : {}),
    })),
    best_k: summary.bestK,
    suggested_k: summary.suggestedK,
    run,
  };
}

/** `--categorical-weight`: a number from 0 to 10, or undefined when absent. */
function categoricalWeightFlag(flags: Record<string, string | boolean>): number | undefined {
  const text = stringFlag(flags, 'categorical-weight');
  if (text === undefined) return undefined;
  const w = Number(text);
  if (!Number.isFinite(w) || w < 0 || w > maxCategoricalWeight) throw new Error(`--categorical-weight must be a number from 0 to ${maxCategoricalWeight}, got "${text}"`);
  return w;
}

function round(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null;
}
