// Entry of the worker's task threads. A worker thread does not inherit the parent's TypeScript loader, so it
// registers tsx itself, then runs the task it was sent (thread-tasks.ts) and posts progress and the result.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { THREAD_TASKS } = await import('./thread-tasks.ts');
const { task, input } = workerData;
const progress = (fraction) => parentPort.postMessage({ kind: 'progress', fraction });
try {
  const result = await THREAD_TASKS[task](input, progress);
  parentPort.postMessage({ kind: 'done', result });
} catch (error) {
  parentPort.postMessage({
    kind: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}
