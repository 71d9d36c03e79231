// The operator's view of the job queues: bull-board (its Express adapter) over the job catalog's BullMQ queues,
// at /ops/queues on the API, for the operator token only. The console proxies it at /queues for a signed-in
// operator (the browser cannot send the bearer token itself), so its links use that base path.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express from 'express';
import type { Queue } from 'bullmq';

export const QUEUES_PATH = '/ops/queues';
/** Where the console serves it (the base of every link the dashboard renders). */
export const CONSOLE_QUEUES_PATH = '/queues';

export type QueueDashboard = (req: IncomingMessage, res: ServerResponse) => void;

export function queueDashboard(queues: readonly Queue[]): QueueDashboard {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(CONSOLE_QUEUES_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  const app = express();
  app.disable('x-powered-by');
  app.use(QUEUES_PATH, adapter.getRouter() as express.Router);
  return (req, res) => {
    app(req, res);
  };
}
