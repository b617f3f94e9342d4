/** A newer version of the app, downloaded and waiting until the user reloads to it. */
import { registerServiceWorker } from '../offline/service-worker';
import { isPageBusy } from './page-busy.svelte';
import { pages } from './router.svelte';

class AppUpdate {
  /** Switches to the waiting version (the page reloads), or null when none waits. */
  apply = $state.raw<(() => void) | null>(null);

  /** Starts the service worker that keeps the app offline and watches for a newer version. */
  start(): void {
    void registerServiceWorker(
      (apply) => {
        this.apply = apply;
      },
      // The one reload that makes the page cross-origin isolated never interrupts a run.
      () => pages.some((p) => isPageBusy(p.id)),
    );
  }
}

/** The app's update state. */
export const appUpdate = new AppUpdate();
