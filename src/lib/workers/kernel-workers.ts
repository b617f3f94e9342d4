/**
 * K-Means rows split across browser workers: starts the helpers of a `KernelTeam`
 * (kernel.worker.ts) from a worker, which then runs the sweep with every pass split over
 * itself and its helpers on one shared WebAssembly memory, as the CLI does with Node threads
 * (src/cli/kmeans-threads.ts). Needs a cross-origin-isolated page (SharedArrayBuffer) and a
 * thread allowed to block (a worker): otherwise the sweep sends whole restarts to workers that
 * each get a copy of the rows.
 */
import { KernelTeam } from '../ml/segments/kernel-team';

/** Whether this thread can lead a team: SharedArrayBuffer (a cross-origin-isolated page) and a worker scope (Atomics.wait). */
export function canShareMemory(): boolean {
  const scope = globalThis as { crossOriginIsolated?: boolean; WorkerGlobalScope?: unknown };
  return scope.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function' && scope.WorkerGlobalScope !== undefined && typeof Worker !== 'undefined';
}

/** How long the helpers may take to start (module load and compile). */
const startTimeoutMs = 30_000;

/**
 * A team of `threads` threads in all (this one and threads − 1 helper workers), ready to use;
 * the helpers end with this worker, or with `close`.
 */
export async function startWorkerTeam(threads: number): Promise<{ team: KernelTeam; close(): void }> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const workers = Array.from({ length: threads - 1 }, () => new Worker(new URL('./kernel.worker.ts', import.meta.url), { type: 'module' }));
  const close = () => workers.forEach((w) => w.terminate());
  try {
    // Each helper is reached through a message port: Chromium delivers a nested worker's own
    // messages only once its parent returns to its event loop, and the team's caller blocks in
    // Atomics.wait until the helpers have its message. Wait for each to answer before use.
    const ports = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<MessagePort>((resolve, reject) => {
            const channel = new MessageChannel();
            const timer = setTimeout(() => reject(new Error('a K-Means helper worker did not start')), startTimeoutMs);
            channel.port1.onmessage = () => (clearTimeout(timer), resolve(channel.port1));
            worker.addEventListener('error', (event) => (clearTimeout(timer), reject(new Error(event.message || 'a K-Means helper worker failed to load'))), { once: true });
            worker.postMessage({ port: channel.port2 }, [channel.port2]);
          }),
      ),
    );
    return { team: new KernelTeam(ports), close };
  } catch (error) {
    close();
    throw error;
  }
}
