/**
 * One worker thread of `KMeansThreads`: holds the shared data and K-Means state, and runs
 * the block operations the main thread sends on the blocks it names.
 */
import { parentPort } from 'node:worker_threads';
import { blockRows, runBlockOp, type BlockOp, type BlockState } from '../src/lib/ml/cluster/row-blocks';

/** Messages from the main thread: a new fit's shared buffers, or one op on a range of blocks. */
export type ThreadMessage = { type: 'state'; data: Float64Array; state: BlockState } | { type: 'op'; op: BlockOp; from: number; to: number };

const port = parentPort;
if (!port) throw new Error('kmeans-thread.worker.ts must run in a worker thread');
const queue = new Int32Array(blockRows);
let data: Float64Array | undefined;
let state: BlockState | undefined;
port.on('message', (message: ThreadMessage) => {
  if (message.type === 'state') {
    data = message.data;
    state = message.state;
  } else if (data && state) {
    for (let b = message.from; b < message.to; b++) runBlockOp(data, state, message.op, b, queue);
  }
  port.postMessage(0);
});
