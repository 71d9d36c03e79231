import { describe, expect, it } from 'vitest';
import { unknownItemSide } from '../data/item-side.ts';
import { buildSessionLog, seenItems, sliceLog, type SessionRow } from '../data/session-log.ts';
import { nextItemCases } from '../data/session-query.ts';
import { evaluateRecommender, pairedNdcgDifference } from '../eval/next-item.evaluation.ts';
import { DAY, START, syntheticShop } from '../testing/synthetic-shop.fixture.ts';
import { responseFeatures, responseFeaturesOfScored } from '../response/response-features.ts';
import { choosePipeline, type ChooseOptions } from './choose-pipeline.ts';

const TEST_FROM = START + 100 * DAY;
const SMALL_SEARCH: ChooseOptions = {
  ranker: { perGenerator: [20], l2: [1], itemL2: [10, 0], userL2: [0], prefixModes: ['last'] },
  validation: { days: 15, minSessions: 100, maxShare: 0.25 },
};

function split(rows: SessionRow[]) {
  const { log } = buildSessionLog(rows, { minItems: 2 });
  const train = sliceLog(log, -Infinity, TEST_FROM);
  const test = nextItemCases(log, { from: TEST_FROM, to: Infinity }, seenItems(train)).cases;
  return { log, train, test };
}

describe('choosePipeline on shops of opposite shapes', () => {
  const shops = {
    popularity: split(syntheticShop({ shape: 'popularity' })),
    'co-occurrence': split(syntheticShop({ shape: 'co-occurrence' })),
  };

  it('among generators alone, picks popularity for the popularity shop and co-occurrence for the other', async () => {
    const pop = await choosePipeline(shops.popularity.train, unknownItemSide(shops.popularity.log.itemCount), {
      ranker: false,
    });
    expect(pop.served.kind).toBe('generator');
    expect(pop.served.generators[0]?.family).toBe('popularity');
    const co = await choosePipeline(
      shops['co-occurrence'].train,
      unknownItemSide(shops['co-occurrence'].log.itemCount),
      {
        ranker: false,
      },
    );
    expect(['item-knn', 'session-knn']).toContain(co.served.generators[0]?.family);
    expect(co.served.summary).toMatch(/alone: NDCG@10 0\.\d{4} on validation, beat /);
  });

  for (const shape of ['popularity', 'co-occurrence'] as const) {
    it(`with the ranker, never serves what loses on validation, and on test is >= the best generator (${shape})`, async () => {
      const { log, train, test } = shops[shape];
      const { served, ranker, alternatives, report } = await choosePipeline(
        train,
        unknownItemSide(log.itemCount),
        SMALL_SEARCH,
      );
      const entries = report.validation?.entries ?? [];
      const servedName = served.kind === 'ranker' ? 'ranker' : served.name;
      const servedNdcg = entries.find((e) => e.name === servedName)?.ndcg ?? -1;
      for (const e of entries) if (e.kind === 'generator') expect(servedNdcg).toBeGreaterThanOrEqual(e.ndcg);
      const family = served.kind === 'generator' ? served.generators[0]?.family : 'ranker';
      expect(shape === 'popularity' ? ['popularity', 'ranker'] : ['item-knn', 'session-knn', 'ranker']).toContain(
        family,
      );

      const servedTest = evaluateRecommender(test, (q, k) => served.recommend(q, k));
      const singles = alternatives.map((g) => evaluateRecommender(test, (q, k) => g.propose(q, k)));
      const best = singles.reduce((a, b) => (b.ndcg.mean > a.ndcg.mean ? b : a));
      expect(pairedNdcgDifference(servedTest, best).high).toBeGreaterThanOrEqual(0);

      // The ranker is kept, refit, whether or not it was served (experiments pin it, the response model reads it).
      expect(ranker?.kind).toBe('ranker');
      if (served.kind === 'ranker') expect(ranker).toBe(served);
      else expect(ranker?.summary).toMatch(/^ranker over .*: not served, .* beat it on validation/);
      const first = test[0] as (typeof test)[number];
      expect(ranker?.recommend(first.query, 10).items.length).toBe(10);
    });
  }

  it('is deterministic under a seed', async () => {
    const { log, train, test } = shops['co-occurrence'];
    const a = await choosePipeline(train, unknownItemSide(log.itemCount), { ...SMALL_SEARCH, seed: 4 });
    const b = await choosePipeline(train, unknownItemSide(log.itemCount), { ...SMALL_SEARCH, seed: 4 });
    expect(b.served.summary).toBe(a.served.summary);
    for (const c of test.slice(0, 50)) {
      expect(Array.from(b.served.recommend(c.query, 10).scores)).toEqual(
        Array.from(a.served.recommend(c.query, 10).scores),
      );
    }
  });

  it('explains what it serves: who proposed each item and its strongest signal', async () => {
    const { log, train, test } = shops['co-occurrence'];
    const { served } = await choosePipeline(train, unknownItemSide(log.itemCount), SMALL_SEARCH);
    const c = test[0];
    if (!c) throw new Error('no test case');
    const explained = served.explain(c.query, 5);
    expect(explained.map((e) => e.item)).toEqual(Array.from(served.recommend(c.query, 5).items));
    for (const e of explained) {
      expect(e.proposedBy.length).toBeGreaterThan(0);
      expect(e.reason).toContain(e.proposedBy[0] ?? '?');
      expect(e.strongest?.contribution ?? 1).toBeGreaterThan(0);
    }
  });

  it("gives the response model the ranker's features and log-odds of any item, proposed or not", async () => {
    const { log, train, test } = shops['co-occurrence'];
    const chosen = await choosePipeline(train, unknownItemSide(log.itemCount), SMALL_SEARCH);
    const ranker = chosen.ranker?.ranker;
    const c = test[0];
    if (!ranker || !c) throw new Error('no ranker or test case');
    const scored = ranker.score(c.query);
    const proposed = scored.union.items[0] ?? 0;
    const outside = Array.from({ length: log.itemCount }, (_, i) => i).find((i) => !scored.union.items.includes(i));
    if (outside === undefined) throw new Error('every item proposed');
    const { x, logits } = ranker.featuresFor(c.query, [outside, proposed]);
    const dim = ranker.featureNames.length;
    expect(logits[1]).toBeCloseTo(scored.logits[0] ?? NaN, 9);
    expect(Array.from(x.subarray(dim, 2 * dim))).toEqual(Array.from(scored.x.subarray(0, dim)));
    // Nobody proposed the other item: every generator's "missing" flag is up in its raw features.
    expect(Number.isFinite(logits[0])).toBe(true);
    expect(logits[0]).not.toBe(logits[1]);
    // Serving reads the pool's features from the union it already scored: the same numbers.
    const pool = [2, 0, 1].filter((r) => r < scored.union.items.length);
    const items = pool.map((r) => scored.union.items[r] ?? 0);
    expect(Array.from(responseFeaturesOfScored(scored, pool, dim))).toEqual(
      Array.from(responseFeatures(ranker, c.query, items)),
    );
    expect(chosen.ranker?.explainScored(c.query, scored, 5)).toEqual(chosen.ranker?.explain(c.query, 5));
  });

  it('serves a shop without users or an embedding, and one without validation data', async () => {
    const rows = syntheticShop({ shape: 'co-occurrence', sessions: 800 }).map((r) => ({
      skus: r.skus,
      startedAt: r.startedAt,
    }));
    const { log, train } = split(rows);
    const { served } = await choosePipeline(train, unknownItemSide(log.itemCount), SMALL_SEARCH);
    expect(served.generators.map((g) => g.family)).not.toContain('user-history');
    expect(served.generators.map((g) => g.family)).not.toContain('item2vec');
    const tiny = buildSessionLog([{ skus: ['a', 'b'], startedAt: START }], { minItems: 2 }).log;
    const fallback = await choosePipeline(tiny, unknownItemSide(tiny.itemCount));
    expect(fallback.served.name).toBe('popularity');
    expect(fallback.served.summary).toMatch(/no validation cases/);
  });
});
