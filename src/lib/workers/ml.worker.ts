/** The ML worker: cross-validation folds (and later tuning trials) off the main thread. */
import * as Comlink from 'comlink';
import { mlApi } from './ml-api';

Comlink.expose(mlApi);

export type { MlWorkerApi } from './ml-api';
