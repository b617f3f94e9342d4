// Worker entry of a K-Means helper thread (kmeans-threads.ts): registers tsx in this thread
// (Node 20 workers do not honour `--import tsx` in execArgv), then loads the TypeScript side.
import { register } from 'tsx/esm/api';

register();
await import('./kmeans-thread.ts');
