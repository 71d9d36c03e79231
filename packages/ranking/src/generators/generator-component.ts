// What a built-in generator is made of (its fitted index plus query-time parameters), so a chosen pipeline can
// be written as component files and rebuilt identically where it is served. External generators (a feature
// tower, user models) carry no component: the server passes them in by name.
import type { CandidateGenerator } from './candidate-generator.ts';
import { item2vecGenerator, type ItemEmbedding, type NeighbourSearch } from './item2vec.generator.ts';
import { itemKnnGenerator, type ItemKnnIndex } from './item-knn.generator.ts';
import { popularityGenerator, type Popularity } from './popularity.generator.ts';
import { sessionKnnGenerator, type SessionKnnIndex } from './session-knn.generator.ts';
import { userHistoryGenerator, type UserHistory } from './user-history.generator.ts';

export type GeneratorComponent =
  | {
      readonly family: 'item-knn';
      readonly index: ItemKnnIndex;
      readonly params: { decay: number; minWeight: number; maxContext: number | null };
    }
  | {
      readonly family: 'session-knn';
      readonly index: SessionKnnIndex;
      readonly params: { k: number; sampleSize: number; weighting: 'linear' | 'uniform'; maxContext: number | null };
    }
  | { readonly family: 'popularity'; readonly popularity: Popularity; readonly params: Record<string, never> }
  | { readonly family: 'user-history'; readonly history: UserHistory; readonly params: Record<string, never> }
  | {
      readonly family: 'item2vec';
      readonly embedding: ItemEmbedding;
      readonly params: { decay: number; maxContext: number | null };
    };

export type GeneratorFamily = GeneratorComponent['family'];

/** A generator that can be written out and rebuilt: a built-in one. */
export interface ServableGenerator extends CandidateGenerator {
  readonly component: GeneratorComponent;
}

export function isServable(g: CandidateGenerator): g is ServableGenerator {
  return (g as Partial<ServableGenerator>).component !== undefined;
}

/** The generator a component describes, under `name`. item2vec answers through `search` when given. */
export function generatorFromComponent(
  name: string,
  c: GeneratorComponent,
  search?: NeighbourSearch,
): ServableGenerator {
  const make = (): CandidateGenerator => {
    switch (c.family) {
      case 'item-knn':
        return itemKnnGenerator(c.index, {
          decay: c.params.decay,
          minWeight: c.params.minWeight,
          ...(c.params.maxContext === null ? {} : { maxContext: c.params.maxContext }),
          name,
        });
      case 'session-knn':
        return sessionKnnGenerator(c.index, {
          k: c.params.k,
          sampleSize: c.params.sampleSize,
          weighting: c.params.weighting,
          ...(c.params.maxContext === null ? {} : { maxContext: c.params.maxContext }),
          name,
        });
      case 'popularity':
        return popularityGenerator(c.popularity, name);
      case 'user-history':
        return userHistoryGenerator(c.history, name);
      case 'item2vec':
        return item2vecGenerator(c.embedding, {
          decay: c.params.decay,
          ...(c.params.maxContext === null ? {} : { maxContext: c.params.maxContext }),
          name,
          ...(search ? { search } : {}),
        });
    }
  };
  const g = make();
  return { name: g.name, family: g.family, propose: g.propose.bind(g), component: c };
}
