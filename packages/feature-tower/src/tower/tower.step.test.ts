import { describe, expect, it } from 'vitest';
import { createRng } from '@shopspace/item2vec';
import { hashCatalog, missingRows, type ItemFeatures } from '../features/feature-hashing.ts';
import { allocateWeights, resolveShape, type FeatureTower } from './tower.model.ts';
import { createStepEngine, type StepBatch } from './tower.step.ts';

const ITEMS: ItemFeatures[] = [
  { title: 'red heart lantern', price: 3, category: ['home'] },
  { title: 'red heart mug', price: 2.5, category: ['kitchen'] },
  { title: 'blue spotty mug', price: 2.5, category: ['kitchen'] },
  { title: 'blue spotty bowl', price: 4, category: ['kitchen', 'bowls'] },
  { title: 'paper party cups', price: 1, brand: 'acme' },
  { title: 'paper party plates', price: 1.2, brand: 'acme' },
  { title: 'zinc garden sign', price: 7 },
  { title: 'zinc heart sign', price: 6.5, attributes: { colour: 'grey' } },
  { title: 'wooden toy train' },
  { title: 'wooden toy soldier', price: 2 },
];

function smallTower(seed: number): FeatureTower {
  const shape = resolveShape({
    hashing: {
      fields: {
        titleWords: { buckets: 64, dim: 4 },
        titleNgrams: { buckets: 64, dim: 3 },
        description: { buckets: 8, dim: 2 },
        category: { buckets: 16, dim: 2 },
        brand: { buckets: 8, dim: 2 },
        price: { buckets: 8, dim: 2 },
        attributes: { buckets: 8, dim: 2 },
      },
    },
    hidden: 8,
    dim: 5,
    logitScale: 0.7,
  });
  const weights = allocateWeights(shape);
  const rng = createRng(seed);
  for (const values of [...weights.tables, weights.w1, weights.b1, weights.w2, weights.b2]) {
    for (let i = 0; i < values.length; i++) values[i] = 2 * rng.nextFloat() - 1;
  }
  return { shape, weights };
}

const ACTIVE = {
  activeFrom: new Float64Array(ITEMS.length).fill(0),
  activeUntil: new Float64Array(ITEMS.length).fill(10),
  contacts: new Float64Array(ITEMS.length).fill(1),
};
ACTIVE.activeUntil[9] = 4; // inactive for the examples at time 5

const BATCH: StepBatch = {
  size: 3,
  anchor: Int32Array.from([0, 2, 4]),
  positive: Int32Array.from([1, 3, 5]),
  time: Float64Array.from([5, 5, 5]),
  weight: Float32Array.from([1, 2, 0.5]),
};
const DRAW = Int32Array.from([6, 7, 8, 9, 0, 2, 3, 7, 1]);

describe('tower minibatch step', () => {
  for (const hard of [0, 3]) {
    it(`has analytic gradients equal to finite differences (hardNegatives ${hard})`, () => {
      const tower = smallTower(7);
      const features = hashCatalog(ITEMS, tower.shape.hashing);
      const engine = createStepEngine(tower, features, ACTIVE, missingRows(tower.shape.hashing), 4, 16);
      const settings = { negativesPerPositive: hard, choice: 'hardest' as const, featureDropout: 0 };
      const lossAt = (): number => engine.accumulate(BATCH, DRAW, settings, createRng(1)).loss;
      lossAt();
      const { tables, dense } = engine.gradients();
      const analytic = [...tables, ...dense].map((g) => Float64Array.from(g));
      const params = [...tower.weights.tables, tower.weights.w1, tower.weights.b1, tower.weights.w2, tower.weights.b2];
      let checked = 0;
      let worst = 0;
      params.forEach((values, p) => {
        const grad = analytic[p]!;
        for (let i = 0; i < values.length; i++) {
          // Every dense entry; the embedding rows the batch actually uses.
          if (p < tables.length && grad[i] === 0) continue;
          const saved = values[i]!;
          const eps = 1e-3;
          values[i] = saved + eps;
          const up = lossAt();
          values[i] = saved - eps;
          const down = lossAt();
          values[i] = saved;
          const numeric = (up - down) / (2 * eps);
          worst = Math.max(
            worst,
            Math.abs(numeric - grad[i]!) / Math.max(1e-2, Math.abs(numeric) + Math.abs(grad[i]!)),
          );
          checked++;
        }
      });
      expect(checked).toBeGreaterThan(200);
      expect(worst).toBeLessThan(2e-2);
    });
  }

  it('never lets an item inactive at the positive time, or the pair itself, act as a negative', () => {
    const tower = smallTower(3);
    const features = hashCatalog(ITEMS, tower.shape.hashing);
    const engine = createStepEngine(tower, features, ACTIVE, missingRows(tower.shape.hashing), 4, 16);
    const one: StepBatch = { ...BATCH, size: 1 };
    // A draw of only the pair and the inactive item leaves no negative at all: zero loss, zero gradient.
    const result = engine.accumulate(
      one,
      Int32Array.from([0, 1, 9]),
      { negativesPerPositive: 0, choice: 'hardest' as const, featureDropout: 0 },
      createRng(1),
    );
    expect(result.loss).toBe(0);
    expect(engine.gradients().dense.every((g) => g.every((v) => v === 0))).toBe(true);
    const withNegative = engine.accumulate(
      one,
      Int32Array.from([0, 1, 9, 6]),
      { negativesPerPositive: 0, choice: 'hardest' as const, featureDropout: 0 },
      createRng(1),
    );
    expect(withNegative.loss).toBeGreaterThan(0);
  });
});
