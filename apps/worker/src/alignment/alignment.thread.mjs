// Entry of the alignment worker thread. A worker thread does not inherit the parent's TypeScript loader, so it
// registers tsx itself and then runs the TypeScript body (alignment.thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runAlignmentThread } = await import('./alignment.thread.ts');
runAlignmentThread(workerData, parentPort);
