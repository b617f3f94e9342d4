/** A newer version of the app, downloaded and waiting until the user reloads to it. */
import { registerServiceWorker } from '../offline/service-worker';

class AppUpdate {
  /** Switches to the waiting version (the page reloads), or null when none waits. */
  apply = $state.raw<(() => void) | null>(null);

  /** Starts the service worker that keeps the app offline and watches for a newer version. */
  start(): void {
    void registerServiceWorker((apply) => {
      this.apply = apply;
    });
  }
}

/** The app's update state. */
export const appUpdate = new AppUpdate();
