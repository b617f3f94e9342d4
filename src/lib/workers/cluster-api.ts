/**
 * What the cluster worker offers, as a plain object so tests can call it without a Worker.
 * The worker file only exposes it with comlink.
 */
import type { ProgressCallback } from '../ml/model';
import { segmentCustomers, type SegmentationConfig, type SegmentationResult } from '../ml/cluster/segmentation';
import type { Table } from '../ml/table';

/** The cluster worker's methods. */
export const clusterApi = {
  /** Runs the k sweep and segment description on `table`; progress per k. */
  segment(table: Table, config: Partial<SegmentationConfig>, onProgress?: ProgressCallback): SegmentationResult {
    return segmentCustomers(table, config, onProgress);
  },
};

/** The API type the page side wraps. */
export type ClusterApi = typeof clusterApi;
