import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { anyRunning, JobRun } from '../../src/lib/state/job-run.svelte';

/** A promise resolved from outside. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('JobRun', () => {
  it('shows a finished result with the settings it belongs to, and progress while it runs', async () => {
    const run = new JobRun<number>();
    const work = deferred<number>();
    const done = run.start('a', (h) => {
      h.onProgress(1, 4, 'fold 1');
      return work.promise;
    });
    flushSync();
    expect([run.status, run.running, run.done, run.total, run.note, run.runningKey]).toStrictEqual(['running', true, 1, 4, 'fold 1', 'a']);
    work.resolve(42);
    expect(await done).toBe(42);
    expect([run.status, run.result, run.resultKey, run.running]).toStrictEqual(['done', 42, 'a', false]);
    expect(run.isCurrent('a')).toBe(true);
    expect(run.isCurrent('b')).toBe(false);
  });

  it('latest run wins: a newer start aborts the older, whose late result and progress are dropped', async () => {
    const run = new JobRun<string>();
    const first = deferred<string>();
    let firstSignal: AbortSignal | undefined;
    let lateProgress: ((d: number, t: number) => void) | undefined;
    const a = run.start('a', (h) => {
      firstSignal = h.signal;
      lateProgress = h.onProgress;
      return first.promise;
    });
    const b = run.start('b', async () => 'second');
    expect(firstSignal?.aborted).toBe(true);
    expect(await b).toBe('second');
    first.resolve('first, late');
    lateProgress?.(9, 9);
    expect(await a).toBeNull();
    expect([run.result, run.resultKey, run.done]).toStrictEqual(['second', 'b', 0]);
  });

  it('a cancelled run is not an error, and keeps the result shown before', async () => {
    const run = new JobRun<string>();
    await run.start('a', async () => 'kept');
    const hung = deferred<string>();
    const b = run.start('b', (h) => {
      h.signal.addEventListener('abort', () => {
        const error = new Error('Cancelled');
        error.name = 'AbortError';
        hung.reject(error);
      });
      return hung.promise;
    });
    run.cancel();
    expect(await b).toBeNull();
    expect([run.status, run.error, run.result, run.resultKey, run.running]).toStrictEqual(['cancelled', null, 'kept', 'a', false]);
  });

  it('a failure is an error with its message; the next run clears it', async () => {
    const run = new JobRun<number>();
    await run.start('a', async () => {
      throw new Error('alpha must be ≥ 0');
    });
    expect([run.status, run.error]).toStrictEqual(['error', 'alpha must be ≥ 0']);
    await run.start('b', async () => 1);
    expect([run.status, run.error, run.result]).toStrictEqual(['done', null, 1]);
  });

  it('in queue mode the run under way finishes, only the newest waiting start runs next, and only its result is shown', async () => {
    const run = new JobRun<string>('queue');
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred<string>>>();
    const start = (key: string) =>
      run.start(key, (h) => {
        started.push(key);
        expect(h.signal.aborted).toBe(false);
        const gate = deferred<string>();
        gates.set(key, gate);
        return gate.promise;
      });
    const a = start('a');
    const b = start('b');
    const c = start('c');
    expect(await b).toBeNull();
    gates.get('a')?.resolve('A');
    expect(await a).toBeNull();
    await Promise.resolve();
    expect(started).toStrictEqual(['a', 'c']);
    gates.get('c')?.resolve('C');
    await expect.poll(() => run.result).toBe('C');
    expect(await c).toBeNull();
    expect(run.resultKey).toBe('c');
  });

  it('anyRunning tells a page whether it is busy', async () => {
    const a = new JobRun<number>();
    const b = new JobRun<number>();
    expect(anyRunning(a, b)).toBe(false);
    const gate = deferred<number>();
    const running = b.start('x', () => gate.promise);
    expect(anyRunning(a, b)).toBe(true);
    gate.resolve(1);
    await running;
    expect(anyRunning(a, b)).toBe(false);
  });
});
