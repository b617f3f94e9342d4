import { describe, expect, it } from 'vitest';
import { reloadedKey, reloadForIsolation, shouldReloadForIsolation, workerMemoryOf, workerMemoryText, type IsolationEnvironment, type IsolationFacts } from '../../src/lib/offline/isolation';

const ready: IsolationFacts = { isolated: false, enabled: true, controllerIsolates: true, reloadedBefore: false, busy: false };

/** A page as reloadForIsolation sees it: a service worker container, session storage and a reload counter. */
function fakePage(options: { controlled: boolean; isolated?: boolean; enabled?: boolean; isolates?: boolean; busy?: () => boolean; session?: Map<string, string> }) {
  const listeners: (() => void)[] = [];
  const session = options.session ?? new Map<string, string>();
  const page = {
    reloads: 0,
    session,
    container: { controller: options.controlled ? ({} as ServiceWorker) : null, addEventListener: (_: string, h: () => void) => listeners.push(h) },
    takeControl() {
      page.container.controller = {} as ServiceWorker;
      for (const h of listeners) h();
    },
  };
  const env: IsolationEnvironment = {
    container: page.container as unknown as IsolationEnvironment['container'],
    isolated: () => options.isolated ?? false,
    enabled: async () => options.enabled ?? true,
    controllerIsolates: async () => (options.isolates ?? true) && page.container.controller !== null,
    session: { getItem: (k) => session.get(k) ?? null, setItem: (k, v) => void session.set(k, v) },
    isBusy: options.busy ?? (() => false),
    reload: () => void page.reloads++,
    busyRetryMs: 1,
    busyChecks: 5,
  };
  return { page, env };
}

describe('cross-origin isolation through the service worker', () => {
  it('reloads only when the reload would isolate the page, once, and never over running work', () => {
    expect(shouldReloadForIsolation(ready)).toBe(true);
    expect(shouldReloadForIsolation({ ...ready, isolated: true })).toBe(false);
    expect(shouldReloadForIsolation({ ...ready, enabled: false })).toBe(false);
    expect(shouldReloadForIsolation({ ...ready, controllerIsolates: false })).toBe(false);
    expect(shouldReloadForIsolation({ ...ready, reloadedBefore: true })).toBe(false);
    expect(shouldReloadForIsolation({ ...ready, busy: true })).toBe(false);
  });

  it('says which path the workers take', () => {
    expect(workerMemoryOf(true, true)).toBe('shared');
    // The host's headers isolate the page whatever the setting.
    expect(workerMemoryOf(true, false)).toBe('shared');
    expect(workerMemoryOf(false, true)).toBe('copied');
    expect(workerMemoryOf(false, false)).toBe('copied-off');
    expect(workerMemoryText.copied).toMatch(/^Workers copy the data: .*not cross-origin isolated/);
    expect(workerMemoryText.shared).toMatch(/^Workers share memory \(cross-origin isolated\)/);
  });

  it('on the first visit, reloads once when the worker takes control; the reloaded tab never reloads again', async () => {
    const { page, env } = fakePage({ controlled: false });
    const reloaded = reloadForIsolation(env);
    expect(page.reloads).toBe(0);
    page.takeControl();
    await expect(reloaded).resolves.toBe(true);
    expect(page.reloads).toBe(1);
    expect(page.session.has(reloadedKey)).toBe(true);
    // After the reload the page is still not isolated (a browser that ignores the headers): no loop.
    const again = fakePage({ controlled: true, session: page.session });
    await expect(reloadForIsolation(again.env)).resolves.toBe(false);
    expect(again.page.reloads).toBe(0);
  });

  it('does nothing where the host sends the headers, where it is turned off, or under a worker that adds no headers', async () => {
    for (const options of [{ isolated: true }, { enabled: false }, { isolates: false }]) {
      const { page, env } = fakePage({ controlled: true, ...options });
      await expect(reloadForIsolation(env)).resolves.toBe(false);
      expect(page.reloads).toBe(0);
      expect(page.session.size).toBe(0);
    }
  });

  it('waits for a short run to end, and lets a long one finish without reloading', async () => {
    let checks = 0;
    const short = fakePage({ controlled: true, busy: () => ++checks < 3 });
    await expect(reloadForIsolation(short.env)).resolves.toBe(true);
    expect(short.page.reloads).toBe(1);
    expect(checks).toBe(3);
    const long = fakePage({ controlled: true, busy: () => true });
    await expect(reloadForIsolation(long.env)).resolves.toBe(false);
    expect(long.page.reloads).toBe(0);
  });
});
