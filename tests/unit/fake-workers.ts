/** In-thread stand-ins for pool workers, so the pool and job tests need no Worker. */
import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { createJobBridge } from '../../src/lib/workers/bridge';
import type { WorkerLike } from '../../src/lib/workers/pool';

/** Counts of what the fake workers did. */
export interface FakeWorkerLog {
  created: number;
  terminated: number;
  /** Resources sent to a worker (`put`). */
  put: number;
  /** Whole jobs run by the workers, by kind. */
  runs: string[];
  /** Parts run: by which worker (its number, from 0), the part's name and its args. */
  parts: { worker: number; name: string; args: unknown }[];
}

/** A fresh log. */
export function newLog(): FakeWorkerLog {
  return { created: 0, terminated: 0, put: 0, runs: [], parts: [] };
}

/**
 * A factory of "workers" in this thread: a real job bridge (its own store) behind a MessageChannel,
 * counting creations, terminations and resources sent. With `expose` false nothing answers (a hung worker).
 */
export function fakeWorkerFactory(log: FakeWorkerLog, expose = true): () => WorkerLike {
  return (): WorkerLike => {
    const { port1, port2 } = new MessageChannel();
    const worker = log.created++;
    if (expose) {
      const bridge = createJobBridge();
      const counted: typeof bridge = {
        ...bridge,
        put: (id, value) => (log.put++, bridge.put(id, value)),
        run: (run, ...rest) => (log.runs.push(run.kind), bridge.run(run, ...rest)),
        part: (kind, name, args, ...rest) => (log.parts.push({ worker, name, args }), bridge.part(kind, name, args, ...rest)),
      };
      Comlink.expose(counted, port1 as unknown as Comlink.Endpoint);
    }
    const endpoint = port2 as unknown as WorkerLike & EventTarget;
    endpoint.terminate = () => {
      log.terminated++;
      port1.close();
      port2.close();
    };
    return endpoint;
  };
}
