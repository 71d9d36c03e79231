// The training job's pure rules: the time split with its gap, and when a new version activates itself.

import { describe, expect, it } from 'vitest';
import { shouldActivate, splitByTime } from './training.job.ts';
import { DEFAULT_TRAIN_CONFIG, resolveTrainConfig } from './train-config.ts';
import type { ModelVersion } from './training.ports.ts';

const day = 24 * 3600 * 1000;
const t0 = Date.parse('2011-11-01T00:00:00Z');
const session = (startedAt: number, ...skus: string[]) => ({ startedAt, skus });

describe('splitByTime', () => {
  const sessions = [
    session(t0 - 10 * day, 'a', 'b'),
    session(t0 - 2 * day, 'b', 'c'),
    session(t0 - 1 * day, 'c'),
    session(t0, 'a', 'c'),
    session(t0 + day, 'd'),
  ];

  it('puts sessions from testFrom on in the test set and needs two items to train', () => {
    const split = splitByTime(sessions, { ...DEFAULT_TRAIN_CONFIG, testFrom: '2011-11-01T00:00:00Z' });
    // One-item sessions neither train nor test (nothing follows their item).
    expect(split).toEqual({ testFrom: t0, gapFrom: t0, trainSessions: 2, testSessions: 1 });
  });

  it('leaves out the gap before testFrom', () => {
    const split = splitByTime(sessions, { ...DEFAULT_TRAIN_CONFIG, testFrom: '2011-11-01T00:00:00Z', gapDays: 3 });
    expect(split.trainSessions).toBe(1);
    expect(split.testSessions).toBe(1);
    expect(split.gapFrom).toBe(t0 - 3 * day);
  });

  it('holds out the last 10% of sessions by start when no testFrom is given', () => {
    const many = Array.from({ length: 100 }, (_, i) => session(t0 + i * day, `x${i}`, `y${i}`));
    const split = splitByTime(many, DEFAULT_TRAIN_CONFIG);
    expect(split.trainSessions).toBe(90);
    expect(split.testSessions).toBe(10);
    expect(split.testFrom).toBe(t0 + 90 * day);
  });
});

describe('shouldActivate', () => {
  const figures = (ndcg: number) => ({ 'hr@10': 0, 'ndcg@10': ndcg, mrr: 0 });
  const evaluation = (ndcg: number, cases = 100) => ({
    metrics: { served: figures(ndcg), baselines: { popularity: figures(0), itemKnn: figures(0) }, cases },
  });
  const active = (ndcg: number): ModelVersion => ({
    id: 'm',
    tenantId: 't',
    shopId: 's',
    trainingRunId: 'r',
    algorithm: 'item2vec-cbow',
    dimensions: 64,
    itemCount: 10,
    metrics: { served: figures(ndcg) },
    artifactPath: 'p',
    createdAt: new Date(),
    active: true,
  });

  it('activates a shop’s first model whatever its figures', () => {
    expect(shouldActivate(null, evaluation(0, 0))).toBe(true);
  });

  it('activates a version no worse than the active one, and not a worse one', () => {
    expect(shouldActivate(active(0.1), evaluation(0.1))).toBe(true);
    expect(shouldActivate(active(0.1), evaluation(0.11))).toBe(true);
    expect(shouldActivate(active(0.1), evaluation(0.09))).toBe(false);
  });

  it('does not activate a version evaluated on no held-out case', () => {
    expect(shouldActivate(active(0.1), evaluation(0.5, 0))).toBe(false);
  });
});

describe('resolveTrainConfig', () => {
  it('fills the shipped defaults and names a bad field', () => {
    expect(resolveTrainConfig(null)).toEqual(DEFAULT_TRAIN_CONFIG);
    expect(resolveTrainConfig({ algorithm: 'item2vec-sg', window: 0 })).toMatchObject({
      algorithm: 'item2vec-sg',
      window: 0,
    });
    expect(() => resolveTrainConfig({ algorithm: 'bert' })).toThrow(
      /^config\.algorithm: must be one of item2vec-cbow, item2vec-sg/,
    );
    expect(() => resolveTrainConfig({ recencyDecay: 2 })).toThrow(
      /^config\.recencyDecay: must be a number from 0 to 1, got 2/,
    );
    expect(() => resolveTrainConfig({ testFrom: 'soon' })).toThrow(/^config\.testFrom:/);
  });
});
