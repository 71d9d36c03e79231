// The benchmark's next-item protocol on one Online Retail shop: a training cut, a test start (months in between
// omitted, to see the model age), leave-last-out cases over invoices with two or more distinct skus, "new" =
// first seen on or after the cut; and the served item2vec (the product's default) scored on the same cases.
import {
  evaluateNextItem,
  item2vecScorer,
  metricsFromRanks,
  trainItem2vec,
  type NextItemCase,
  type RankingMetrics,
} from '@shopspace/item2vec';
import { leaveLastOut, type ColdWarmEvaluation, type SessionCase } from '../../src/index.ts';
import { parseRetailDate, type RetailShop } from './retail-shop.ts';

export interface Protocol {
  readonly trainBefore: number;
  readonly testFrom: number;
  readonly cases: SessionCase[];
  /** 1 for skus first seen on or after the training cut. */
  readonly isNew: Uint8Array;
  readonly lastContextNew: number;
  readonly targetNew: number;
}

export function protocol(shop: RetailShop, trainBefore: string, testFrom: string): Protocol {
  const cut = parseRetailDate(`${trainBefore} 00:00:00`);
  const from = parseRetailDate(`${testFrom} 00:00:00`);
  const isNew = Uint8Array.from(shop.firstSeen, (t) => (t >= cut ? 1 : 0));
  const cases = leaveLastOut(shop.sessions.filter((s) => s.time >= from));
  let lastContextNew = 0;
  let targetNew = 0;
  for (const c of cases) {
    if (isNew[c.context[c.context.length - 1]!] === 1) lastContextNew++;
    if (isNew[c.target] === 1) targetNew++;
  }
  return { trainBefore: cut, testFrom: from, cases, isNew, lastContextNew, targetNew };
}

export interface Item2vecFigures {
  /** Its own protocol: every case whose target and some context item it knows. */
  readonly own: RankingMetrics;
  /** On the tower's warm cases it can rank (context reduced to the skus it knows). */
  readonly warm: RankingMetrics;
  readonly seconds: number;
}

/** The product's served default (CBOW, 64 d, window 5, 10 epochs, recency decay 0.2), one thread. */
export async function servedItem2vec(
  shop: RetailShop,
  p: Protocol,
  tower: ColdWarmEvaluation,
): Promise<Item2vecFigures> {
  const started = performance.now();
  const sessions = shop.sessions
    .filter((s) => s.time < p.trainBefore && s.items.length >= 2)
    .map((s) => s.items.map((i) => shop.skus[i]!));
  const model = await trainItem2vec(sessions, {
    mode: 'cbow',
    dim: 64,
    window: 5,
    negative: 5,
    epochs: 10,
    minCount: 2,
    sample: 0.001,
    seed: 1,
    threads: 1,
  });
  const seconds = (performance.now() - started) / 1000;
  const vocabulary = model.vocabulary;
  const scorer = item2vecScorer(model, vocabulary, { recencyDecay: 0.2 });
  const toCase = (c: SessionCase): NextItemCase | undefined => {
    const target = vocabulary.indexOf.get(shop.skus[c.target]!);
    const context = Array.from(c.context, (i) => vocabulary.indexOf.get(shop.skus[i]!)).filter(
      (i): i is number => i !== undefined && i !== target,
    );
    return target === undefined || context.length === 0 ? undefined : { context: Int32Array.from(context), target };
  };
  const own = p.cases.map(toCase).filter((c): c is NextItemCase => c !== undefined);
  const warm = p.cases
    .filter((_, i) => tower.segmentOf[i]!.includes('warm'))
    .map(toCase)
    .filter((c): c is NextItemCase => c !== undefined);
  const size = vocabulary.ids.length;
  return {
    own: evaluateNextItem(own, size, scorer),
    warm: metricsFromRanks(evaluateNextItem(warm, size, scorer).ranks, 10),
    seconds,
  };
}
