/** Progress reports at a pace the page can draw: at most one per interval, but always the last unit and any step with values (an epoch's loss). */
import type { ProgressCallback } from '../ml/core/model';

/** Minimum milliseconds between two progress reports (sent out of a worker, or drawn on the page). */
export const progressIntervalMs = 100;

/**
 * Wraps `callback` so it fires at most every `ms` ms, plus the last unit and any step with values.
 * A remote (comlink) callback returns a promise: it is not awaited, and a closed port is ignored.
 */
export function throttleProgress(callback: ProgressCallback | undefined, ms = progressIntervalMs): ProgressCallback | undefined {
  if (!callback) return undefined;
  let last = -Infinity;
  return (done, total, note, values) => {
    const now = performance.now();
    if (done < total && !values && now - last < ms) return;
    last = now;
    void Promise.resolve(callback(done, total, note, values)).catch(() => undefined);
  };
}
