/**
 * Ward rows of the K-Means suite: our nearest-neighbour-chain Ward on 1,000 and 5,000
 * synthetic customers (five standardized columns) against ml-hclust measured in the same run.
 */
import { agnes } from 'ml-hclust';
import { wardClustering } from '../src/lib/ml/segments/agglomerative';
import type { BenchRow } from './row';
import { customersMatrix } from './synth';

function seconds(job: () => unknown): number {
  const t = performance.now();
  job();
  return (performance.now() - t) / 1000;
}

/** Ward at 1,000 rows (ours vs ml-hclust) and at 5,000 rows (ours; ml-hclust would take minutes). */
export function wardRows(): BenchRow[] {
  const d = 5;
  const small = customersMatrix(1000);
  wardClustering(small, 1000, d, 5); // warm-up
  const ours1k = seconds(() => wardClustering(small, 1000, d, 5));
  const rows1k = Array.from({ length: 1000 }, (_, i) => Array.from(small.subarray(i * d, i * d + d)));
  const theirs1k = seconds(() => agnes(rows1k, { method: 'ward2' }));
  const big = customersMatrix(5000);
  const ours5k = seconds(() => wardClustering(big, 5000, d, 5));
  return [
    { suite: 'kmeans', job: 'Ward (NN-chain), 1,000×5, cut at k=5', seconds: ours1k, baseline: `ml-hclust ward2 ${theirs1k.toFixed(3)} s (this run)`, ratio: ours1k / theirs1k },
    { suite: 'kmeans', job: 'Ward (NN-chain), 5,000×5, cut at k=5', seconds: ours5k, baseline: `ml-hclust 1,000 rows ${theirs1k.toFixed(3)} s (this run)`, ratio: ours5k / theirs1k, note: '100 MB condensed float64 distance matrix' },
  ];
}
