/**
 * Registers the service worker the build writes (sw.js, scripts/offline-plugin.ts), which keeps
 * the app working offline. A newer build found later waits until the user asks for it:
 * `onUpdate` gets a function that switches to it and reloads the page. The same worker makes the
 * page cross-origin isolated, after one reload (isolation.ts).
 */
import { controllerIsolates, isCrossOriginIsolated, readIsolationSetting, reloadForIsolation } from './isolation';

/** The parts of `navigator.serviceWorker` used here (a fake in tests). */
export type WorkerContainer = Pick<ServiceWorkerContainer, 'controller' | 'register' | 'addEventListener'>;

/**
 * Registers sw.js (production builds in browsers that have service workers; no-op otherwise), and
 * reloads the page once when the worker would make it cross-origin isolated and `isBusy()` is false.
 */
export async function registerServiceWorker(onUpdate: (apply: () => void) => void, isBusy: () => boolean = () => false): Promise<void> {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  void reloadForIsolation({
    container,
    isolated: isCrossOriginIsolated,
    enabled: readIsolationSetting,
    controllerIsolates: () => controllerIsolates(container),
    session: sessionStorage,
    isBusy,
    reload: () => location.reload(),
  });
  await watchForUpdates(container, onUpdate, () => location.reload());
}

/**
 * Registers `./sw.js` with `container` and offers each newer worker once installed, while an older
 * one controls the page; the first worker ever takes control with no offer and no reload. Applying
 * an offer asks the waiting worker to take over, then reloads when it has.
 */
export async function watchForUpdates(container: WorkerContainer, onUpdate: (apply: () => void) => void, reload: () => void): Promise<void> {
  let isApplying = false;
  container.addEventListener('controllerchange', () => {
    if (isApplying) reload();
  });
  const offer = (worker: ServiceWorker): void => {
    if (!container.controller) return;
    onUpdate(() => {
      isApplying = true;
      worker.postMessage({ type: 'skip-waiting' });
    });
  };
  try {
    const registration = await container.register('./sw.js', { scope: './' });
    if (registration.waiting) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed') offer(worker);
      });
    });
  } catch {
    // No service worker (a private window may refuse it): the app works online as before.
  }
}
