/**
 * Cross-origin isolation on hosts that cannot send headers (GitHub Pages): the service worker
 * (scripts/service-worker.js) adds COOP and COEP to every response it gives, and the page reloads
 * once after the worker first controls it, so the page and its workers get SharedArrayBuffer and
 * the K-Means sweep's threads read one copy of the rows. Optional: turned off, the worker leaves
 * responses as the host sent them and workers copy the data, as in browsers without isolation.
 * Nothing changes where the host already sends the headers (the page is isolated from the start).
 */

/** The cache the service worker reads the setting from (scripts/service-worker.js: SETTINGS). */
export const settingsCache = 'customer-intelligence-settings';
/** Present in the settings cache when the user turned isolation off (service-worker.js: ISOLATION_OFF). */
export const isolationOffKey = 'isolation-off';
/** Set in this tab's session storage before the one reload, so a page that stays unisolated never reloads again. */
export const reloadedKey = 'customer-intelligence-isolation-reload';

/** What decides whether the page reloads to become isolated. */
export interface IsolationFacts {
  /** `crossOriginIsolated` now. */
  isolated: boolean;
  /** The user's setting (on unless turned off). */
  enabled: boolean;
  /** A service worker controls the page and answers with the isolation headers. */
  controllerIsolates: boolean;
  /** This tab already reloaded once for isolation. */
  reloadedBefore: boolean;
  /** An analysis or a file load is running (a reload would lose it). */
  busy: boolean;
}

/** Whether to reload now: only once per tab, only when the reload would isolate the page, never over running work. */
export function shouldReloadForIsolation(f: IsolationFacts): boolean {
  return !f.isolated && f.enabled && f.controllerIsolates && !f.reloadedBefore && !f.busy;
}

/** How the workers get the data, for the line the Segments page shows. */
export type WorkerMemory = 'shared' | 'copied-off' | 'copied';

/** The mode the page's workers run in: shared memory needs a cross-origin-isolated page. */
export function workerMemoryOf(isolated: boolean, enabled: boolean): WorkerMemory {
  if (isolated) return 'shared';
  return enabled ? 'copied' : 'copied-off';
}

/** The sentence for each mode. */
export const workerMemoryText: Record<WorkerMemory, string> = {
  shared: 'Workers share memory (cross-origin isolated): the sweep’s threads read one copy of the rows.',
  copied: 'Workers copy the data: this browser or host is not cross-origin isolated.',
  'copied-off': 'Workers copy the data: cross-origin isolation is turned off.',
};

/** Is the page cross-origin isolated (and so may share memory with its workers)? */
export function isCrossOriginIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** The user's setting, from the cache the service worker reads (on when caches are unavailable). */
export async function readIsolationSetting(): Promise<boolean> {
  if (typeof caches === 'undefined') return true;
  try {
    return !(await (await caches.open(settingsCache)).match(isolationOffKey));
  } catch {
    return true;
  }
}

/** Stores the setting where the service worker reads it at the next navigation. */
export async function writeIsolationSetting(enabled: boolean): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await caches.open(settingsCache);
  if (enabled) await cache.delete(isolationOffKey);
  else await cache.put(isolationOffKey, new Response('off'));
}

/** Whether the service worker controlling the page answers with the isolation headers (it does unless turned off). */
export async function controllerIsolates(container: Pick<ServiceWorkerContainer, 'controller'>): Promise<boolean> {
  if (!container.controller) return false;
  try {
    const response = await fetch('./', { cache: 'no-store' });
    await response.body?.cancel();
    return response.headers.get('cross-origin-embedder-policy') === 'require-corp' && response.headers.get('cross-origin-opener-policy') === 'same-origin';
  } catch {
    return false;
  }
}

/** What `reloadForIsolation` needs of the page (fakes in tests). */
export interface IsolationEnvironment {
  container: Pick<ServiceWorkerContainer, 'controller' | 'addEventListener'>;
  isolated: () => boolean;
  enabled: () => Promise<boolean>;
  controllerIsolates: () => Promise<boolean>;
  session: Pick<Storage, 'getItem' | 'setItem'>;
  isBusy: () => boolean;
  reload: () => void;
  /** While busy, look again after this many ms (default 500), at most `busyChecks` times (default 20). */
  busyRetryMs?: number;
  busyChecks?: number;
}

/**
 * Reloads the page once when a service worker that adds the isolation headers controls it and
 * the page is not isolated yet: now, if one already does, or when one takes control. A short
 * run (the example data loading) is waited for; a long one is not interrupted, and the next visit
 * is isolated instead. Resolves to whether it reloaded; at most one reload per tab.
 */
export function reloadForIsolation(env: IsolationEnvironment): Promise<boolean> {
  const { busyRetryMs = 500, busyChecks = 20 } = env;
  return new Promise((done) => {
    let started = false;
    const check = async (busyLeft: number): Promise<void> => {
      try {
        const facts: IsolationFacts = {
          isolated: env.isolated(),
          enabled: await env.enabled(),
          controllerIsolates: await env.controllerIsolates(),
          reloadedBefore: env.session.getItem(reloadedKey) !== null,
          busy: env.isBusy(),
        };
        if (facts.busy && busyLeft > 1 && shouldReloadForIsolation({ ...facts, busy: false })) {
          setTimeout(() => void check(busyLeft - 1), busyRetryMs);
          return;
        }
        if (!shouldReloadForIsolation(facts)) return done(false);
        env.session.setItem(reloadedKey, String(Date.now()));
        env.reload();
        done(true);
      } catch {
        done(false);
      }
    };
    const start = (): void => {
      if (started) return;
      started = true;
      void check(busyChecks);
    };
    if (env.isolated()) return done(false);
    if (env.container.controller) start();
    else env.container.addEventListener('controllerchange', start);
  });
}
