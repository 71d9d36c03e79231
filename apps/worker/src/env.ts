// The worker process's configuration: the only place it reads process.env.

import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/shopspace'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().default('shopspace'),
  ARTIFACTS_DIR: z.string().default('.data/artifacts'),
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  LOG_LEVEL: z.enum(['silent', 'info']).default('info'),
});

export type WorkerEnv = z.infer<typeof schema>;

export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(
      `invalid worker configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
