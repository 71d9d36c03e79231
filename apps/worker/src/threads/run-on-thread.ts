// Runs one of the worker's CPU-heavy tasks (thread-tasks.ts) on a worker thread of its own: its input is copied
// in, its progress and result come back as messages, and an abort (the worker shutting down) terminates it.

import { Worker } from 'node:worker_threads';
import type { TaskInput, TaskOutput, ThreadTask } from './thread-tasks.ts';

type Message =
  | { readonly kind: 'progress'; readonly fraction: number }
  | { readonly kind: 'done'; readonly result: unknown }
  | { readonly kind: 'failed'; readonly message: string };

export function runOnThread<T extends ThreadTask>(
  task: T,
  input: TaskInput<T>,
  options: { readonly onProgress?: (fraction: number) => void; readonly signal?: AbortSignal } = {},
): Promise<TaskOutput<T>> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const thread = new Worker(new URL('./thread-entry.mjs', import.meta.url), {
      workerData: { task, input },
      execArgv: [],
    });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', abort);
      fn();
    };
    const abort = (): void => {
      void thread.terminate();
      finish(() => reject(new Error(`${task} thread stopped: ${String(options.signal?.reason ?? 'aborted')}`)));
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    thread.on('message', (m: Message) => {
      if (m.kind === 'progress') options.onProgress?.(m.fraction);
      // The thread's result is its task's output, copied by structured clone.
      else if (m.kind === 'done') finish(() => resolve(m.result as TaskOutput<T>));
      else finish(() => reject(new Error(`${task} thread failed: ${m.message}`)));
    });
    thread.once('error', (error) => finish(() => reject(error)));
    thread.once('exit', (code) => finish(() => reject(new Error(`${task} thread exited with code ${code}`))));
  });
}
