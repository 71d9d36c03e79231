// A seeded synthetic shop with a planted answer: items fall in groups, each group's titles share one planted
// word among filler words common to every group, and shoppers contact several items of one group within an
// hour. A feature tower should learn that the planted word means "bought together", for unseen items too.
import { createRng } from '@shopspace/item2vec';
import type { Contact } from '../contacts/contacts.ts';
import type { ItemFeatures } from '../features/feature-hashing.ts';
import type { TowerConfig } from '../tower/tower-config.ts';

export const PLANTED_WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const FILLER = ['red', 'blue', 'large', 'small', 'set', 'vintage', 'paper', 'metal', 'wooden', 'round'];

export interface PlantedShop {
  readonly items: ItemFeatures[];
  readonly group: Int32Array;
  readonly contacts: Contact[];
  /** Items of each group never contacted (cold): features only. */
  readonly coldItems: ItemFeatures[];
  readonly coldGroup: Int32Array;
}

export function plantedShop(seed: number, perGroup = 10, actors = 400): PlantedShop {
  const rng = createRng(seed);
  const title = (g: number): string => {
    const words = [PLANTED_WORDS[g]!, FILLER[rng.nextInt(FILLER.length)]!, FILLER[rng.nextInt(FILLER.length)]!];
    // The planted word sits anywhere in the title.
    const at = rng.nextInt(3);
    [words[0], words[at]] = [words[at]!, words[0]!];
    return words.join(' ').toUpperCase();
  };
  const items: ItemFeatures[] = [];
  const group: number[] = [];
  PLANTED_WORDS.forEach((_, g) => {
    for (let i = 0; i < perGroup; i++) {
      items.push({ title: `${title(g)} ${i}`, price: 1 + rng.nextInt(20) });
      group.push(g);
    }
  });
  const contacts: Contact[] = [];
  const hour = 3600_000;
  for (let actor = 0; actor < actors; actor++) {
    const g = rng.nextInt(PLANTED_WORDS.length);
    const start = actor * 10 * hour;
    const count = 3 + rng.nextInt(3);
    for (let c = 0; c < count; c++) {
      const item = g * perGroup + rng.nextInt(perGroup);
      contacts.push({ item, actor, time: start + c * 60_000, kind: c === count - 1 ? 'PURCHASE' : 'VIEW' });
    }
  }
  const coldItems = PLANTED_WORDS.map((_, g) => ({ title: title(g), price: 5 }));
  return {
    items,
    group: Int32Array.from(group),
    contacts,
    coldItems,
    coldGroup: Int32Array.from(PLANTED_WORDS, (_, g) => g),
  };
}

/** A tower small enough for tests to train in well under a second. */
export const SMALL_TOWER: Partial<TowerConfig> = {
  hashing: {
    fields: {
      titleWords: { buckets: 1024, dim: 8 },
      titleNgrams: { buckets: 1024, dim: 8 },
      description: { buckets: 64, dim: 4 },
      category: { buckets: 64, dim: 4 },
      brand: { buckets: 64, dim: 4 },
      price: { buckets: 64, dim: 4 },
      attributes: { buckets: 64, dim: 4 },
    },
  },
  hidden: 32,
  dim: 16,
  negatives: 40,
  // Logits span ±logitScale × dim: 0.4 at 16 d is the default 0.1 at 64 d.
  logitScale: 0.4,
  batchSize: 32,
  epochs: 2,
};
