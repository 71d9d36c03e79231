// A benchmark fixture: the real API and worker as separate processes on a fresh database, a tenant with the
// uk shop of the Online Retail data (Chen, Sain & Guo, 2012, UCI, CC BY 4.0) imported through the bulk
// endpoint, and a training run through GraphQL, the way a tenant would do it.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadFile } from '@shopspace/cli';
import type { RankingFigures } from '@shopspace/domain';
import { BENCH_OPERATOR, RETAIL_FILE, ROOT, gql, startApiProcess, type ApiProcess } from './api-process.ts';
import { openPostgres } from '@shopspace/db';

/** NDCG's 95 % interval beside the figures, as the training run reports them. */
export type Figures = RankingFigures & { readonly 'ndcg@10Low': number; readonly 'ndcg@10High': number };

/** What a training run's `metrics` holds (apps/worker/src/training/pipeline-training.ts, training.job.ts). */
export interface RunMetrics {
  readonly served: Figures;
  readonly generators: Readonly<Record<string, Figures>>;
  readonly baselines: { readonly popularity?: Figures; readonly itemKnn?: Figures };
  readonly choice: {
    readonly kind: string;
    readonly name: string;
    readonly summary: string;
    readonly servedSummary: string;
    readonly validation: {
      readonly cases: number;
      readonly entries: ReadonlyArray<{ name: string; kind: string; hitRate: number; ndcg: number }>;
    } | null;
  };
  readonly cases: number;
  readonly skipped: number;
  readonly seconds: number;
  readonly split: { readonly testFrom: string; readonly trainSessions: number; readonly testSessions: number };
}

/** The demo's two shops: the United Kingdom invoices, and every other country's. */
export type RetailShop = 'uk' | 'eu';
const WHERE: Record<RetailShop, string> = { uk: 'Country=United Kingdom', eu: 'Country!=United Kingdom' };

export interface BenchShop {
  readonly api: ApiProcess;
  readonly shopId: string;
  readonly secretKey: string;
  readonly publishableKey: string;
  /** Runs a training through GraphQL and waits for it; returns the run's metrics. */
  train(config: Record<string, unknown>): Promise<{ id: string; metrics: RunMetrics; seconds: number }>;
  /**
   * Waits until the worker has rebuilt the shop's event baselines and autocomplete model (each rebuild makes
   * every API process reload that shop's state), so a measurement that follows sees the steady state.
   */
  waitForRebuilds(timeoutMs?: number): Promise<void>;
  stopWorker(): void;
  close(): Promise<void>;
}

export async function benchShop(database: string, shop: RetailShop = 'uk'): Promise<BenchShop> {
  const artifacts = mkdtempSync(join(tmpdir(), `shopspace-${database}-`));
  const api = await startApiProcess(database, { ARTIFACTS_DIR: artifacts });
  let worker: ChildProcess | null = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: api.databaseUrl,
      REDIS_PREFIX: api.redisPrefix,
      ARTIFACTS_DIR: artifacts,
      WORKER_PORT: '0',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  const t = await gql<{ createTenant: { secretKey: string; publishableKey: string } }>(
    api.url,
    BENCH_OPERATOR,
    'mutation{createTenant(name:"Bench"){secretKey publishableKey}}',
  );
  const { secretKey, publishableKey } = t.createTenant;
  const shopId = (
    await gql<{ createShop: { id: string } }>(
      api.url,
      secretKey,
      `mutation{createShop(input:{handle:"${shop}",name:"${shop}",currency:"GBP"}){id}}`,
    )
  ).createShop.id;
  for (const kind of ['items', 'events'] as const) {
    await uploadFile({
      apiUrl: api.url,
      key: secretKey,
      shopId,
      kind,
      file: RETAIL_FILE,
      params: { preset: 'online-retail', where: WHERE[shop] },
    });
  }
  return {
    api,
    shopId,
    secretKey,
    publishableKey,
    async train(config) {
      const started = performance.now();
      const start = await gql<{ startTraining: { id: string } }>(
        api.url,
        secretKey,
        'mutation($s:ID!,$c:TrainConfigInput){startTraining(shopId:$s,config:$c){id}}',
        {
          s: shopId,
          c: config,
        },
      );
      const id = start.startTraining.id;
      for (;;) {
        const r = await gql<{
          trainingRun: { status: string; progress: number; error: string | null; metrics: RunMetrics };
        }>(api.url, secretKey, `{trainingRun(id:"${id}"){status progress error metrics}}`);
        process.stderr.write(`  training ${Math.round(r.trainingRun.progress * 100)}%   \r`);
        if (r.trainingRun.status === 'SUCCEEDED')
          return { id, metrics: r.trainingRun.metrics, seconds: (performance.now() - started) / 1000 };
        if (r.trainingRun.status !== 'RUNNING' && r.trainingRun.status !== 'QUEUED') {
          throw new Error(`training ${r.trainingRun.status}: ${r.trainingRun.error ?? ''}`);
        }
        await new Promise((res) => setTimeout(res, 500));
      }
    },
    async waitForRebuilds(timeoutMs = 600_000) {
      const db = openPostgres(api.databaseUrl, { max: 1 });
      try {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const [row] = await db.sql.query<{ ready: boolean }>(
            `SELECT baseline_built_at IS NOT NULL AND autocomplete_built_at IS NOT NULL AS ready FROM shops WHERE id = $1`,
            [shopId],
          );
          if (row?.ready) return;
          if (Date.now() > deadline) throw new Error('the worker did not rebuild baselines and autocomplete in time');
          await new Promise((res) => setTimeout(res, 1_000));
        }
      } finally {
        await db.close();
      }
    },
    stopWorker() {
      worker?.kill('SIGTERM');
      worker = null;
    },
    async close() {
      worker?.kill('SIGKILL');
      await api.stop();
      rmSync(artifacts, { recursive: true, force: true });
    },
  };
}
