// The API process's configuration: the only place it reads process.env.

import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/shopspace'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().default('shopspace'),
  ARTIFACTS_DIR: z.string().default('.data/artifacts'),
  OPERATOR_TOKEN: z.string().min(16, 'OPERATOR_TOKEN must be at least 16 characters').optional(),
  RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(0).default(2_000),
  LOG_LEVEL: z.enum(['silent', 'info']).default('info'),
  /** How long a served list can be tracked; Redis holds about 0.8 kB per list of 10 for this long. */
  REQUEST_TTL_SECONDS: z.coerce.number().int().min(60).default(3_600),
  /** Window of the debounced rebuilds (baselines, autocomplete) after events arrive. */
  REBUILD_DEBOUNCE_MS: z.coerce.number().int().min(100).default(60_000),
});

export type ApiEnv = z.infer<typeof schema>;

export function readApiEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid API configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
