/** In-thread stand-ins for ML workers, so the pool and tuning tests need no Worker. */
import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { mlApi } from '../../src/lib/workers/ml-api';
import type { WorkerLike } from '../../src/lib/workers/pool';

/** Counts of what the fake workers did. */
export interface FakeWorkerLog {
  created: number;
  terminated: number;
  setData: number;
}

/**
 * A factory of "workers" in this thread: the real api behind a MessageChannel, counting creations,
 * terminations and setData calls. With `expose` false nothing answers (a hung worker).
 */
export function fakeWorkerFactory(log: FakeWorkerLog, expose = true): () => WorkerLike {
  return (): WorkerLike => {
    const { port1, port2 } = new MessageChannel();
    log.created++;
    if (expose) {
      const counted = { ...mlApi, setData: (id: string, t: Parameters<typeof mlApi.setData>[1]) => (log.setData++, mlApi.setData(id, t)) };
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
