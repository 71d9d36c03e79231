// A small shop with a trained model, for tests that need served lists (tracking, experiments): 60 items in
// three themes, 600 synthetic sessions that stay within a theme, a tiny item2vec run on the real worker.

import type { TestApi } from './api.ts';

export const THEMES = ['mug', 'lamp', 'card'] as const;

export function themedSku(theme: number, i: number, prefix = ''): string {
  return `${prefix}${THEMES[theme] ?? 'x'}-${String(i).padStart(2, '0')}`;
}

export interface SmallShopOptions {
  /** Prefix of every sku (a sister shop with the same products under its own skus). */
  readonly skuPrefix?: string;
  /** Shifts which items sessions visit, so two shops' sessions differ. */
  readonly sessionOffset?: number;
  readonly seed?: number;
}

/** The small shop's catalog: 60 items, titles shared by every prefix. */
export function smallCatalog(skuPrefix = ''): Array<{ sku: string; title: string; category: string[]; price: number }> {
  return THEMES.flatMap((theme, t) =>
    Array.from({ length: 20 }, (_, i) => ({
      sku: themedSku(t, i, skuPrefix),
      title: `${theme} number ${i}`,
      category: [theme],
      price: 5 + i,
    })),
  );
}

/** Uploads the catalog and sessions, trains, and waits until the model is active. Returns the run id. */
export async function trainSmallShop(
  api: Pick<TestApi, 'gql'>,
  secretKey: string,
  shopId: string,
  options: SmallShopOptions = {},
): Promise<string> {
  const prefix = options.skuPrefix ?? '';
  const items = smallCatalog(prefix);
  const up = await api.gql(secretKey, 'mutation($s:ID!,$i:[ItemInput!]!){upsertItems(shopId:$s,items:$i){upserted}}', {
    s: shopId,
    i: items,
  });
  if (up.errors) throw new Error(`upsertItems failed: ${JSON.stringify(up.errors)}`);
  // Deterministic sessions: theme = s mod 3, items i, i+1, … (mod 20) with a stride that varies by session.
  const events: Array<Record<string, unknown>> = [];
  const start = Date.UTC(2026, 0, 1);
  for (let s = 0; s < 600; s++) {
    const theme = s % 3;
    const first = (s * 7 + (options.sessionOffset ?? 0)) % 20;
    const stride = 1 + (s % 2);
    for (let k = 0; k < 5; k++) {
      events.push({
        eventId: `e-${s}-${k}`,
        sessionId: `s-${s}`,
        type: 'VIEW',
        sku: themedSku(theme, (first + k * stride) % 20, prefix),
        occurredAt: new Date(start + s * 3_600_000 + k * 60_000).toISOString(),
      });
    }
  }
  const ingest = await api.gql(
    secretKey,
    'mutation($s:ID!,$e:[EventInput!]!){ingestEvents(shopId:$s,events:$e){accepted errors{message}}}',
    { s: shopId, e: events },
  );
  if (ingest.errors) throw new Error(`ingestEvents failed: ${JSON.stringify(ingest.errors)}`);
  const started = await api.gql(
    secretKey,
    'mutation($s:ID!,$c:TrainConfigInput){startTraining(shopId:$s,config:$c){id}}',
    { s: shopId, c: { dimensions: 16, epochs: 30, window: 3, seed: options.seed ?? 7, minCount: 1 } },
  );
  if (started.errors) throw new Error(`startTraining failed: ${JSON.stringify(started.errors)}`);
  const runId = (started.data?.['startTraining'] as { id: string }).id;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const r = await api.gql(secretKey, `{trainingRun(id:"${runId}"){status error modelVersion{active}}}`);
    const run = r.data?.['trainingRun'] as { status: string; error: string | null; modelVersion: { active: boolean } };
    if (run?.status === 'SUCCEEDED' && run.modelVersion?.active) return runId;
    if (run && ['FAILED', 'CANCELLED'].includes(run.status)) throw new Error(`training ${run.status}: ${run.error}`);
    if (run?.status === 'SUCCEEDED' || Date.now() > deadline)
      throw new Error(`training did not activate a model: ${JSON.stringify(run)}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}
