/** The cluster worker: exposes `clusterApi` with comlink, transferring the per-row arrays back. */
import * as Comlink from 'comlink';
import type { ProgressCallback } from '../ml/core/model';
import type { SegmentationConfig } from '../ml/segments/segmentation';
import type { Table } from '../ml/core/table';
import { clusterApi } from './cluster-api';
import { helperRunners } from './kmeans-helpers';

const api = {
  async segment(table: Table, config: Partial<SegmentationConfig>, onProgress?: ProgressCallback) {
    const result = await clusterApi.segment(table, config, onProgress, helperRunners());
    // The session keeps its own arrays; these two are made for the reply only.
    return Comlink.transfer(result, [result.segmentOfRow.buffer, result.projection.buffer] as ArrayBuffer[]);
  },
  describe(k: number) {
    const view = clusterApi.describe(k);
    return Comlink.transfer(view, [view.segmentOfRow.buffer] as ArrayBuffer[]);
  },
};

Comlink.expose(api);

/** The worker's API type, for `wrap<ClusterWorkerApi>(worker)`. */
export type ClusterWorkerApi = typeof api;
