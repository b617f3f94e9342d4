// Worker entry: registers tsx in this thread (Node 20 workers do not honour `--import tsx`
// in execArgv), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./trees-worker.ts');
