// The tower generator over a tower space (int8 codes and a dot-product search), and the tower family in the
// chooser: validated on a log that ends its own 30 days before validation, and never served when it loses.
import { describe, expect, it } from 'vitest';
import { unknownItemSide } from '../data/item-side.ts';
import { buildSessionLog, logEnd, sliceLog } from '../data/session-log.ts';
import { choosePipeline } from '../pipeline/choose-pipeline.ts';
import { towerFactory, type TowerTrainer } from '../pipeline/generator-factories.ts';
import { DAY, START, syntheticShop } from '../testing/synthetic-shop.fixture.ts';
import { towerDecayOf, towerGenerator, type TowerSpace } from './tower.generator.ts';

/** An exact scan over int8 codes, every label active. */
function spaceOf(codes: Int8Array, dim: number): TowerSpace {
  const n = codes.length / dim;
  return {
    dim,
    code: (label) => (label >= 0 && label < n ? codes.subarray(label * dim, (label + 1) * dim) : null),
    search(query, k, accept) {
      const scored: { label: number; score: number }[] = [];
      for (let l = 0; l < n; l++) {
        if (!accept(l)) continue;
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += (query[d] ?? 0) * (codes[l * dim + d] ?? 0);
        scored.push({ label: l, score: dot });
      }
      scored.sort((a, b) => b.score - a.score || a.label - b.label);
      const top = scored.slice(0, k);
      return { labels: Int32Array.from(top, (s) => s.label), scores: Float32Array.from(top, (s) => s.score) };
    },
  };
}

describe('towerGenerator', () => {
  // Items 0..3 point along axis 0, items 4..7 along axis 1.
  const codes = new Int8Array(8 * 2);
  for (let i = 0; i < 8; i++) codes[i * 2 + (i < 4 ? 0 : 1)] = 100 - i;
  const space = spaceOf(codes, 2);

  it('proposes the items nearest the session, never its own, only those allowed and under the label limit', () => {
    const g = towerGenerator(space, { decay: 0.2 });
    expect(g.name).toBe('tower(decay=0.2)');
    expect(towerDecayOf(g.name)).toBe(0.2);
    const { items } = g.propose({ items: Int32Array.of(0), user: -1, now: 0 }, 3);
    expect(Array.from(items)).toEqual([1, 2, 3]);
    const allowed = g.propose({ items: Int32Array.of(0), user: -1, now: 0 }, 3, (i) => i !== 1);
    expect(Array.from(allowed.items)).toEqual([2, 3, 4]);
    const limited = towerGenerator(space, { labelLimit: 3 }).propose({ items: Int32Array.of(0), user: -1, now: 0 }, 3);
    expect(Array.from(limited.items)).toEqual([1, 2]);
  });

  it('weights the newest item most, and has nothing for a session without a vector', () => {
    const g = towerGenerator(space, { decay: 0.2 });
    const { items } = g.propose({ items: Int32Array.of(0, 5), user: -1, now: 0 }, 1);
    expect(items[0]).toBe(4);
    expect(g.propose({ items: Int32Array.of(99), user: -1, now: 0 }, 3).items).toHaveLength(0);
  });
});

describe('the tower family in the chooser', () => {
  const { log } = buildSessionLog(syntheticShop({ shape: 'co-occurrence' }), { minItems: 2 });
  const train = sliceLog(log, -Infinity, START + 100 * DAY);

  it('is validated after its own 30-day gap and is not served when it loses on validation', async () => {
    const fitEnds: number[] = [];
    // Random codes: a tower that knows nothing, so the planted co-occurrence beats it on validation.
    const random: TowerTrainer = (l) => {
      fitEnds.push(logEnd(l));
      const codes = new Int8Array(l.itemCount * 8);
      let x = 7;
      for (let i = 0; i < codes.length; i++) codes[i] = ((x = (x * 1103515245 + 12345) % 2 ** 31) % 255) - 127;
      return Promise.resolve(spaceOf(codes, 8));
    };
    const chosen = await choosePipeline(train, unknownItemSide(log.itemCount), {
      ranker: false,
      validation: { days: 15, minSessions: 100, maxShare: 0.25 },
      factories: [towerFactory(random)],
    });
    const validation = chosen.served.description.validation;
    expect(validation?.entries.map((e) => e.name)).toEqual(['tower(decay=0.2)', 'tower(decay=0.5)']);
    // The validation fit ends 30 days before validation starts; the refit sees the whole log.
    expect(fitEnds[0]).toBeLessThan((validation?.from ?? 0) - 30 * DAY + 1);
    expect(fitEnds[fitEnds.length - 1]).toBe(logEnd(train));

    const withBuiltIns = await choosePipeline(train, unknownItemSide(log.itemCount), {
      ranker: false,
      validation: { days: 15, minSessions: 100, maxShare: 0.25 },
      tower: random,
    });
    expect(withBuiltIns.alternatives.some((g) => g.family === 'tower')).toBe(true);
    expect(withBuiltIns.served.generators[0]?.family).not.toBe('tower');
  });
});
