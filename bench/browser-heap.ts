/**
 * The page's JavaScript memory as Chromium's DevTools protocol reports it, after a full garbage
 * collection: the V8 heap in use plus the backing stores of ArrayBuffers (where a table's typed
 * columns live, outside the V8 heap). The main thread only: each worker has a heap of its own.
 * `performance.measureUserAgentSpecificMemory` would need cross-origin isolation; the protocol does not.
 */
import type { Page } from 'playwright-core';

/** Bytes the page's main thread holds. */
export interface HeapUse {
  /** V8 heap in use (objects, strings, arrays). */
  heap: number;
  /** ArrayBuffer backing stores (typed arrays' bytes). */
  buffers: number;
  /** Their sum. */
  total: number;
}

/** The main thread's memory after a garbage collection (`collect` false: as it is, garbage included). */
export async function heapOf(page: Page, collect = true): Promise<HeapUse> {
  const cdp = await page.context().newCDPSession(page);
  try {
    if (collect) await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    const buffers = usage.backingStorageSize ?? 0;
    return { heap: usage.usedSize, buffers, total: usage.usedSize + buffers };
  } finally {
    await cdp.detach();
  }
}

/** Bytes in MB (10^6), one decimal. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
