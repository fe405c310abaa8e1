// The entry of the dataset build's worker thread: a worker does not inherit the main thread's TypeScript
// loader, so it registers tsx's loader itself before it loads the build.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker.ts');
