/**
 * What the cluster worker offers, as a plain object so tests can call it without a Worker.
 * The worker file only exposes it with comlink. The last run's fits stay here, so the page
 * can show another k of the sweep without refitting.
 */
import type { ProgressCallback } from '../ml/core/model';
import { describeK, startSegmentation, type RunnerFactory, type SegmentationConfig, type SegmentationResult, type SegmentationSession, type SegmentView } from '../ml/segments/segmentation';
import type { Table } from '../ml/core/table';

let session: SegmentationSession | null = null;

/** The cluster worker's methods. */
export const clusterApi = {
  /**
   * Runs the k sweep and segment description on `table`; progress per job (restart or silhouette).
   * `makeRunner` spreads the sweep's jobs over workers (default: this thread).
   */
  async segment(table: Table, config: Partial<SegmentationConfig>, onProgress?: ProgressCallback, makeRunner?: RunnerFactory): Promise<SegmentationResult> {
    session = null;
    const run = await startSegmentation(table, config, onProgress, makeRunner);
    session = run.session;
    return run.result;
  },
  /** The view of another k of the last run's sweep. */
  describe(k: number): SegmentView {
    if (!session) throw new Error('No segmentation run yet: run the sweep first');
    return describeK(session, k);
  },
};

/** The API type the page side wraps. */
export type ClusterApi = typeof clusterApi;
