/** A pool worker: exposes the job bridge with comlink. Helpers of its jobs are more of the same worker. */
import * as Comlink from 'comlink';
import { createJobBridge } from './bridge';

Comlink.expose(createJobBridge());
