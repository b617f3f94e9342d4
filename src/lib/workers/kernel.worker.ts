/**
 * A helper thread of a `KernelTeam` in the browser (kernel-workers.ts): gets a message port, then
 * serves the K-Means kernels on each shared WebAssembly memory it is sent over it to attach to,
 * as src/cli/kmeans-thread.ts does in Node.
 */
import { serveKernels, type AttachMessage } from '../ml/segments/kernel-team';
import { instantiateKernels } from '../ml/segments/kmeans-kernels';

self.addEventListener(
  'message',
  (event: MessageEvent<{ port: MessagePort }>) => {
    const { port } = event.data;
    port.onmessage = (message: MessageEvent<AttachMessage>) => serveKernels(message.data, instantiateKernels);
    port.postMessage('ready');
  },
  { once: true },
);
