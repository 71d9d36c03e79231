// The one object both evaluation and the serving API call: one generator alone or the ranker over a union,
// with explanations (who proposed each item, its strongest signal, a human reason) and its description.
import type { SessionQuery } from '../data/session-query.ts';
import type { CandidateGenerator, Candidates, ItemFilter } from '../generators/candidate-generator.ts';
import type { Ranker, ScoredUnion } from '../ranker/ranker.ts';
import type { PipelineDescription, PipelineKind } from './pipeline-description.ts';

export interface Explanation {
  readonly item: number;
  readonly score: number;
  /** Generators that proposed the item (names). */
  readonly proposedBy: readonly string[];
  /** The largest positive contribution to the item's log-odds (ranker), or the generator's own score. */
  readonly strongest: { readonly signal: string; readonly contribution: number } | null;
  /** For a human: "often bought with the last item in the basket (item-knn(decay=0.5), session-knn(…))". */
  readonly reason: string;
}

export class ServedPipeline {
  constructor(
    readonly description: PipelineDescription,
    /** The one generator served (kind 'generator') or the ranker's union members, in union order. */
    readonly generators: readonly CandidateGenerator[],
    readonly ranker: Ranker | null,
  ) {}

  get kind(): PipelineKind {
    return this.description.kind;
  }

  get name(): string {
    return this.description.name;
  }

  get summary(): string {
    return this.description.summary;
  }

  /** The k items served for the session, best first, never its own items, only items passing `allow`. */
  recommend(query: SessionQuery, k: number, allow?: ItemFilter): Candidates {
    if (this.ranker) return this.ranker.recommend(query, k, allow);
    const only = this.generators[0];
    return only ? only.propose(query, k, allow) : { items: new Int32Array(0), scores: new Float32Array(0) };
  }

  explain(query: SessionQuery, k: number, allow?: ItemFilter): Explanation[] {
    if (!this.ranker) {
      const only = this.generators[0];
      if (!only) return [];
      const { items, scores } = only.propose(query, k, allow);
      return Array.from(items, (item, i) => ({
        item,
        score: scores[i] ?? 0,
        proposedBy: [only.name],
        strongest: { signal: `${only.name}:score`, contribution: scores[i] ?? 0 },
        reason: `${familyPhrase(only.family)} (${only.name})`,
      }));
    }
    return this.explainScored(query, this.ranker.score(query, allow), k);
  }

  /**
   * Explanations of the k best of a union the ranker already scored (the response model re-ranks the ranker's
   * pool and reads the same scored union's features, so the generators run once).
   */
  explainScored(query: SessionQuery, scored: ScoredUnion, k: number): Explanation[] {
    const ranker = this.ranker;
    if (!ranker) return [];
    const { union, x, logits } = scored;
    const size = union.items.length;
    const order = Array.from({ length: size }, (_, i) => i).sort(
      (a, b) => (logits[b] ?? 0) - (logits[a] ?? 0) || a - b,
    );
    const names = ranker.featureNames;
    const { model } = ranker.parts;
    const dim = names.length;
    return order.slice(0, Math.max(0, k)).map((i) => {
      const proposedBy = this.generators.filter((_, g) => (union.ranks[g * size + i] ?? -1) >= 0).map((g) => g.name);
      let best: { signal: string; contribution: number } | null = null;
      for (let f = 0; f < dim; f++) {
        const c = (model.global[f] ?? 0) * (x[i * dim + f] ?? 0);
        if (c > 0 && (!best || c > best.contribution)) best = { signal: names[f] ?? '', contribution: c };
      }
      model.effects.forEach((effect) => {
        const entity = effect.name === 'user' ? query.user : (union.items[i] ?? -1);
        if (entity < 0 || entity >= effect.entityCount) return;
        const p = effect.features.length;
        let c = 0;
        for (let q = 0; q < p; q++) {
          const column = effect.features[q] ?? -1;
          c += (effect.coefficients[entity * p + q] ?? 0) * (column < 0 ? 1 : (x[i * dim + column] ?? 0));
        }
        if (c > 0 && (!best || c > best.contribution)) best = { signal: `effect:${effect.name}`, contribution: c };
      });
      const families = new Map(this.generators.map((g) => [g.name, g.family]));
      const phrase = best ? signalPhrase(best.signal, families) : 'ranked by the shop model';
      return {
        item: union.items[i] ?? 0,
        score: logits[i] ?? 0,
        proposedBy,
        strongest: best,
        reason: proposedBy.length > 0 ? `${phrase} (${proposedBy.join(', ')})` : phrase,
      };
    });
  }
}

const FAMILY_PHRASES: Record<string, string> = {
  'item-knn': 'often bought together with items in this session',
  'session-knn': 'in sessions like this one',
  item2vec: 'similar to the items in this session',
  tower: 'similar to the items in this session from their features',
  popularity: 'popular in this shop',
  'user-history': 'bought before by this shopper',
};

function familyPhrase(family: string): string {
  return FAMILY_PHRASES[family] ?? `proposed by ${family}`;
}

const SIGNAL_PHRASES: Record<string, string> = {
  'item:popularity': 'popular in this shop',
  'item:trend': 'selling more this week',
  'item:closing': 'often completes an order',
  'item:age': 'established in the catalog',
  'price:log-ratio': 'priced like the rest of the session',
  'price:unknown': 'ranked by the shop model',
  'category:share': 'same category as the session',
  'category:unknown': 'ranked by the shop model',
  'session:length': 'fits a session of this size',
  'user:taken': 'bought before by this shopper',
  'user:days-since': 'bought before by this shopper',
  'user:not-taken': 'new to this shopper',
  'last:knn': 'often bought with the last item in the session',
  'previous:knn': 'often bought with the items just added',
  'last:cosine': 'similar to the last item in the session',
  'effect:item': 'does well in this shop overall',
  'effect:user': "matches this shopper's habits",
};

function signalPhrase(signal: string, families: ReadonlyMap<string, string>): string {
  const known = SIGNAL_PHRASES[signal];
  if (known) return known;
  const cut = signal.lastIndexOf(':');
  const generator = cut > 0 ? signal.slice(0, cut) : signal;
  return familyPhrase(families.get(generator) ?? generator);
}
