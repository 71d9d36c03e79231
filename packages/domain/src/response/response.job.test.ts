// The response refit's decisions on in-memory ports: what it skips, when it warm-starts and refits the global
// part, and the quality gate (activate only when the held-out AUC is no worse than the active model's).

import { MemoryArtifactStore, RecordingChangeFeed } from '@shopspace/testing';
import { encodeBundle } from '@shopspace/serving';
import { describe, expect, it } from 'vitest';
import type { ModelVersion } from '../training/training.ports.ts';
import { ResponseRefitJob } from './response.job.ts';
import type {
  ResponseModelRecord,
  ResponseModelRepository,
  ResponseRunMetrics,
  ResponseTrainingInput,
  TrafficList,
} from './response.ports.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const T = '00000000-0000-4000-8000-000000000001';
const S = '00000000-0000-4000-8000-000000000002';

const version = (id: string): ModelVersion => ({
  id,
  tenantId: T,
  shopId: S,
  trainingRunId: 'run',
  algorithm: 'item2vec-cbow',
  dimensions: 8,
  itemCount: 3,
  metrics: null,
  artifactPath: `${T}/${S}/model/${id}`,
  createdAt: new Date(NOW - 30 * DAY),
  active: true,
});

const list = (clicked: number[]): TrafficList => ({
  requestId: `r-${clicked.join('-')}`,
  servedAt: new Date(NOW - DAY),
  sessionId: 's',
  userId: 'u',
  sessionSkus: ['a'],
  skus: ['b', 'c'],
  strategy: 'served',
  modelVersionId: 'v1',
  impressed: [0, 1],
  clicked,
});

const metrics = (aucFull: number | null, aucActive: number | null): ResponseRunMetrics => ({
  lists: 1,
  impressions: 2,
  clicks: 1,
  engaged: 0,
  negatives: 1,
  skipAbove: 0,
  pending: 0,
  unknownSkus: 0,
  examples: 2,
  trainExamples: 1,
  testExamples: 1,
  testClicks: 1,
  aucFull,
  aucGlobal: 0.5,
  aucActive,
  refitGlobal: true,
  warmStarted: false,
  iterations: 1,
  fitMs: 1,
});

class Models implements ResponseModelRepository {
  readonly rows: ResponseModelRecord[] = [];
  create(input: Omit<ResponseModelRecord, 'id' | 'createdAt'>): Promise<ResponseModelRecord> {
    const row = { ...input, id: `m${this.rows.length + 1}`, createdAt: new Date(NOW) };
    this.rows.push(row);
    return Promise.resolve(row);
  }
  active(): Promise<ResponseModelRecord | null> {
    const activated = this.rows.filter((r) => r.activatedAt !== null);
    return Promise.resolve(activated[activated.length - 1] ?? null);
  }
  list(): Promise<ResponseModelRecord[]> {
    return Promise.resolve([...this.rows].reverse());
  }
}

function setup(options: { lists?: TrafficList[]; active?: ModelVersion | null; auc?: [number | null, number | null] }) {
  const models = new Models();
  const changes = new RecordingChangeFeed();
  const asked: ResponseTrainingInput[] = [];
  let auc = options.auc ?? [0.7, null];
  const job = new ResponseRefitJob({
    runs: { activeModel: () => Promise.resolve(options.active === undefined ? version('v1') : options.active) },
    traffic: {
      lists: () => Promise.resolve(options.lists ?? [list([1])]),
      engagement: () => Promise.resolve([]),
    },
    models,
    trainer: {
      async train(input) {
        asked.push(input);
        return {
          bundle: await encodeBundle('response', {}),
          metrics: metrics(auc[0], auc[1]),
          globalFittedAt: input.refitGlobal ? input.now : NOW - 3 * DAY,
        };
      },
    },
    artifacts: new MemoryArtifactStore(),
    changes,
    now: () => NOW,
  });
  return { job, models, changes, asked, setAuc: (next: [number | null, number | null]) => (auc = next) };
}

describe('ResponseRefitJob', () => {
  it('skips a shop without an active model or without tracked clicks', async () => {
    expect(await setup({ active: null }).job.run(T, S)).toMatchObject({ kind: 'skipped' });
    const none = setup({ lists: [list([])] });
    expect(await none.job.run(T, S)).toEqual({ kind: 'skipped', reason: expect.stringMatching(/no tracked clicks/) });
    expect(none.asked).toHaveLength(0);
  });

  it('fits cold first, then warm-starts daily keeping the global part, and refits it after 7 days', async () => {
    const s = setup({});
    const first = await s.job.run(T, S);
    expect(first.kind).toBe('activated');
    expect(s.asked[0]).toMatchObject({ previousArtifactPath: null, refitGlobal: true, negativeWindowMs: 14 * DAY });
    expect(s.changes.ofKind('response-activated')).toEqual([
      { kind: 'response-activated', tenantId: T, shopId: S, responseModelId: 'm1' },
    ]);
    // The first model's global part was fitted NOW: the next refit keeps it.
    s.setAuc([0.72, 0.7]);
    expect((await s.job.run(T, S)).kind).toBe('activated');
    expect(s.asked[1]).toMatchObject({ previousArtifactPath: s.models.rows[0]?.artifactPath, refitGlobal: false });
    // An active model whose global part is 8 days old: the next refit fits the global part again.
    const old = setup({});
    await old.models.create({
      tenantId: T,
      shopId: S,
      modelVersionId: 'v1',
      artifactPath: 'p',
      metrics: metrics(0.7, null),
      globalFittedAt: new Date(NOW - 8 * DAY),
      activatedAt: new Date(NOW - DAY),
      rejectedReason: null,
    });
    await old.job.run(T, S);
    expect(old.asked[0]).toMatchObject({ previousArtifactPath: 'p', refitGlobal: true });
  });

  it('does not warm-start from a response model of another model version', async () => {
    const s = setup({});
    await s.job.run(T, S);
    const moved = setup({ active: version('v2') });
    moved.models.rows.push(...s.models.rows);
    await moved.job.run(T, S);
    expect(moved.asked[0]).toMatchObject({ previousArtifactPath: null, refitGlobal: true });
  });

  it('activates only when the held-out AUC is no worse than the active model on the same lists', async () => {
    const s = setup({});
    await s.job.run(T, S);
    s.setAuc([0.69, 0.7]);
    const worse = await s.job.run(T, S);
    expect(worse.kind).toBe('rejected');
    if (worse.kind !== 'rejected') throw new Error('not rejected');
    expect(worse.model.rejectedReason).toMatch(/0\.6900 is below the active model's 0\.7000/);
    expect(worse.model.activatedAt).toBeNull();
    expect((await s.models.active())?.id).toBe('m1');
    s.setAuc([0.7, 0.7]);
    expect((await s.job.run(T, S)).kind).toBe('activated');
    s.setAuc([null, 0.7]);
    expect(await s.job.run(T, S)).toMatchObject({ kind: 'rejected', model: { rejectedReason: /no held-out AUC/ } });
    expect(s.changes.ofKind('response-activated')).toHaveLength(2);
  });
});
