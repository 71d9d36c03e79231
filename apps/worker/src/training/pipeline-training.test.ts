// What a training run's metrics call "served" is what the API serves: the bundle it writes, opened through the
// artifact store and the serving model as the API does, reproduces the served figures on the same test cases.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilesystemArtifactStore } from '@shopspace/artifacts';
import { DEFAULT_TRAIN_CONFIG, type SessionRecord } from '@shopspace/domain';
import { buildSessionLog, evaluateRecommender, nextItemCases, seenItems, sliceLog } from '@shopspace/ranking';
import { DAY, START, syntheticShop } from '@shopspace/ranking/testing';
import { SERVING_MODEL_COMPONENTS, ServingModel, openBundle, writeEncodedBundle } from '@shopspace/serving';
import { trainPipelineModel } from './pipeline-training.ts';

const TEST_FROM = START + 114 * DAY;

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('trainPipelineModel', () => {
  for (const shape of ['co-occurrence', 'popularity'] as const) {
    it(`writes a bundle whose served pipeline reproduces the run's served figures (${shape} shop)`, async () => {
      const sessions: SessionRecord[] = syntheticShop({ shape, sessions: 1800 }).map((r) => ({
        skus: r.skus,
        startedAt: r.startedAt,
        ...(r.userId ? { userId: r.userId } : {}),
      }));
      const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 3, dimensions: 16, refit: false, towerExamples: 5_000 };
      const out = await trainPipelineModel(
        { sessions, catalog: [], config, testFrom: TEST_FROM, gapFrom: TEST_FROM, trainerThreads: 1 },
        () => undefined,
      );
      const served = out.metrics['served'] as Record<string, number>;
      expect(out.metrics['servedTrainedOn']).toBe('training split');

      const dir = await mkdtemp(join(tmpdir(), 'pipeline-training-'));
      dirs.push(dir);
      const store = new FilesystemArtifactStore(dir);
      const path = await writeEncodedBundle(store, { tenantId: 't', shopId: 's', version: 'v1' }, out.bundle);
      const { vocabulary, ...rest } = (await openBundle(store, path, SERVING_MODEL_COMPONENTS)).components;
      if (!vocabulary) throw new Error('the bundle has no vocabulary');
      const model = new ServingModel({ vocabulary, ...rest });

      // The run's test cases, asked of the serving model in skus and user ids, as a storefront asks.
      const { log, catalog, users } = buildSessionLog(sessions, { minItems: 2 });
      const train = sliceLog(log, -Infinity, TEST_FROM);
      const { cases } = nextItemCases(log, { from: TEST_FROM, to: Infinity }, seenItems(train));
      expect(cases.length).toBe(out.metrics['cases']);
      const sku = (i: number) => catalog.ids[i] ?? '';
      const through = (strategy: 'served' | 'ranker') =>
        evaluateRecommender(cases, (q, k) => {
          const answer = model.recommend(
            strategy,
            Array.from(q.items, sku),
            q.user >= 0 ? (users.ids[q.user] ?? null) : null,
            k,
            () => true,
            q.now,
          );
          const items = Int32Array.from(answer?.items ?? [], (e) => model.indexOf(e.sku) ?? -1);
          return { items, scores: new Float32Array(items.length) };
        });
      const round = (x: number) => Math.round(x * 10_000) / 10_000;
      const evaluation = through('served');
      expect(round(evaluation.ndcg.mean)).toBe(served['ndcg@10']);
      expect(round(evaluation.hitRate.mean)).toBe(served['hr@10']);
      // The ranker is in the bundle whether or not it won, and serves what the run measured for it.
      const ranker = (out.metrics['generators'] as Record<string, Record<string, number>>)['ranker'];
      expect(round(through('ranker').ndcg.mean)).toBe(ranker?.['ndcg@10']);
      expect(served['ndcg@10']).toBeGreaterThan(0.05);
      // The choice names what is served, in words.
      expect(String((out.metrics['choice'] as { summary: string }).summary)).toMatch(/NDCG@10/);
    }, 120_000);
  }
});
