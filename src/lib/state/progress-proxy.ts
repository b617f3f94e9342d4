/**
 * The progress callback handed to a worker: it fills a page's progress fields until its run is aborted.
 */
import * as Comlink from 'comlink';

/** The fields a progress bar reads. */
export interface ProgressFields {
  done: number;
  total: number;
  note: string;
}

/** A comlink-proxied `(done, total, note?)` callback writing into `fields` unless `signal` was aborted (a stale run). */
export function progressProxy(fields: ProgressFields, signal: AbortSignal) {
  return Comlink.proxy((done: number, total: number, note?: string) => {
    if (signal.aborted) return;
    fields.done = done;
    fields.total = total;
    fields.note = note ?? '';
  });
}
