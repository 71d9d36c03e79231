import { describe, expect, it } from 'vitest';
import { choiceSentence, gainOverBestBaseline, readMetrics } from './metrics.ts';

const f = (ndcg: number) => ({ 'hr@10': ndcg * 1.5, 'ndcg@10': ndcg, mrr: ndcg * 0.9 });

describe('readMetrics', () => {
  it('lists the served pipeline first, then every generator best first, and reads the choice', () => {
    const m = readMetrics({
      served: f(0.26),
      generators: { popularity: f(0.02), 'item-knn(decay=0.5)': f(0.2), 'session-knn(k=100)': f(0.15) },
      baselines: { popularity: f(0.02) },
      choice: {
        kind: 'ranker',
        name: 'ranker',
        summary: 'beat item-knn by 0.06 NDCG@10 on validation',
        validation: { cases: 1564 },
      },
      cases: 2967,
    });
    expect(m?.rows.map((r) => r.label)).toEqual([
      'Served model',
      'item-knn(decay=0.5) alone',
      'session-knn(k=100) alone',
      'popularity alone',
    ]);
    expect(m?.choice).toEqual({
      kind: 'ranker',
      name: 'ranker',
      summary: 'beat item-knn by 0.06 NDCG@10 on validation',
      validationCases: 1564,
    });
    expect(choiceSentence(m!.choice!)).toBe(
      'Serves the GLMix ranker over the candidate generators. Beat item-knn by 0.06 NDCG@10 on validation.',
    );
    // Against the best single generator: 0.26 / 0.2 - 1.
    expect(gainOverBestBaseline(m!, 'ndcg@10')).toBeCloseTo(0.3, 10);
  });

  it('still reads an older run (item2vec and baselines, no choice)', () => {
    const m = readMetrics({ served: f(0.2), item2vec: f(0.2), baselines: { popularity: f(0.1), itemKnn: f(0.15) } });
    expect(m?.rows.map((r) => r.scorer)).toEqual(['served', 'item2vec', 'popularity', 'itemKnn']);
    expect(m?.choice).toBeNull();
  });
});
