import { describe, expect, it } from 'vitest';
import { serviceWorkerSource } from '../../scripts/offline-plugin';
import { watchForUpdates, type WorkerContainer } from '../../src/lib/offline/service-worker';

/** A minimal EventTarget-like fake. */
class Events {
  private handlers = new Map<string, (() => void)[]>();
  addEventListener(type: string, handler: () => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
  fire(type: string): void {
    for (const h of this.handlers.get(type) ?? []) h();
  }
}

class FakeWorker extends Events {
  state = 'installing';
  messages: unknown[] = [];
  postMessage(message: unknown): void {
    this.messages.push(message);
  }
}

class FakeRegistration extends Events {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
}

function fakeContainer(controlled: boolean, registration: FakeRegistration) {
  const events = new Events();
  const container = {
    controller: controlled ? ({} as ServiceWorker) : null,
    register: async () => registration as unknown as ServiceWorkerRegistration,
    addEventListener: (type: string, handler: () => void) => events.addEventListener(type, handler),
  } as unknown as WorkerContainer;
  return { container, events };
}

/** A new worker installs after registration. */
function install(registration: FakeRegistration): FakeWorker {
  const worker = new FakeWorker();
  registration.installing = worker;
  registration.fire('updatefound');
  worker.state = 'installed';
  worker.fire('statechange');
  return worker;
}

describe('offline: the service worker and its updates', () => {
  it('the first worker takes control with no offer and no reload', async () => {
    const registration = new FakeRegistration();
    const { container, events } = fakeContainer(false, registration);
    const offers: (() => void)[] = [];
    let reloads = 0;
    await watchForUpdates(container, (apply) => offers.push(apply), () => reloads++);
    install(registration);
    events.fire('controllerchange');
    expect(offers).toHaveLength(0);
    expect(reloads).toBe(0);
  });

  it('a newer build waits until the user applies it, then takes over and the page reloads once', async () => {
    const registration = new FakeRegistration();
    const { container, events } = fakeContainer(true, registration);
    const offers: (() => void)[] = [];
    let reloads = 0;
    await watchForUpdates(container, (apply) => offers.push(apply), () => reloads++);
    const worker = install(registration);
    expect(offers).toHaveLength(1);
    expect(worker.messages).toEqual([]);
    expect(reloads).toBe(0);
    offers[0]();
    expect(worker.messages).toEqual([{ type: 'skip-waiting' }]);
    events.fire('controllerchange');
    expect(reloads).toBe(1);
  });

  it('a worker already waiting at start is offered', async () => {
    const registration = new FakeRegistration();
    registration.waiting = new FakeWorker();
    const { container } = fakeContainer(true, registration);
    const offers: (() => void)[] = [];
    await watchForUpdates(container, (apply) => offers.push(apply), () => undefined);
    expect(offers).toHaveLength(1);
  });

  it('sw.js lists the build relative to its own folder, index.html as the folder itself', () => {
    const source = serviceWorkerSource('abc', ['index.html', 'assets/index-1.js', 'data/customers.csv'], '/* code */');
    expect(source).toBe('const VERSION = "abc";\nconst PRECACHE = ["./","./assets/index-1.js","./data/customers.csv"];\n/* code */');
  });
});
