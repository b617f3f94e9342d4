/**
 * A Node worker thread that helps a `KernelTeam`: serves the K-Means kernels on each shared
 * memory it is sent to attach to (see kernel-team.ts). Loaded through kmeans-thread.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { serveKernels, type AttachMessage } from '../lib/ml/segments/kernel-team';
import { instantiateKernels } from '../lib/ml/segments/kmeans-kernels';

parentPort?.on('message', (message: AttachMessage) => serveKernels(message, instantiateKernels));
parentPort?.postMessage('ready');
