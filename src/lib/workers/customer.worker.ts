/** The customer worker: holds the trained spend and risk models; the page sends one profile row per request. */
import * as Comlink from 'comlink';
import type { ProgressCallback } from '../ml/core/model';
import type { Table } from '../ml/core/table';
import { customerApi, type CustomerModelsConfig } from '../ml/customer/customer-models';
import { throttleProgress } from './ml-api';

const api = {
  ...customerApi,
  /** Trains both models; progress is throttled and never awaited, and its proxy released at the end. */
  async train(table: Table, config: CustomerModelsConfig, onProgress?: ProgressCallback) {
    try {
      return await customerApi.train(table, config, throttleProgress(onProgress));
    } finally {
      // comlink #590: a proxied callback keeps its port open until released
      (onProgress as unknown as Record<symbol, (() => void) | undefined> | undefined)?.[Comlink.releaseProxy]?.();
    }
  },
};

Comlink.expose(api);

/** The worker's API type, for `wrap<CustomerWorkerApi>(worker)`. */
export type CustomerWorkerApi = typeof api;
