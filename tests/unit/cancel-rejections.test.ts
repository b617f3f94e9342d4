/**
 * A cancelled page job rejects every task it had queued on the pool at once. Jobs that start
 * several sub-runs and await them one after another must not leave those rejections unhandled:
 * each would reach the page as an uncaught `Cancelled` error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { abortError, isAbortError } from '../../src/lib/ml/core/abort';
import { runJob, runPart, type PartExecutor } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';
import { loadCustomers } from './fixtures';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Parts run here; every sub-job waits until `signal` aborts and then rejects, as the pool's queued tasks do. */
function cancellingExecutor(table: unknown, signal: AbortSignal): PartExecutor {
  return {
    concurrency: 2,
    share: () => ({ shared: 'unused' }),
    part: (kind, name, args, _input, seed) => runPart(kind, name, table, args, { seed }),
    job: () =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(abortError()), { once: true });
      }),
  };
}

describe('cancelling a page job', () => {
  it('the leakage check rejects once with an AbortError and leaves no rejection unhandled', async () => {
    const table = loadCustomers();
    const controller = new AbortController();
    const run = makeRunConfig('suspicion', { cv: { target: 'purchase_amount', task: 'regression', model: 'ridge', features: ['age', 'annual_income', 'loyalty_score', 'purchase_frequency'] } });
    const done = runJob(run, table, { signal: controller.signal, parts: cancellingExecutor(table, controller.signal) });
    // Let the quick checks finish and the four one-feature runs start, then cancel.
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await done.then(() => null, (e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    // Unhandled rejections are reported after the microtask queue drains.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });
});
