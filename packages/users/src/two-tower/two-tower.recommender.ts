// Serving side of the two-tower model: item embeddings computed once (what an ANN index or the offline top-K
// job reads), a user's embedding from any history (new users included: the tower is inductive), dot scores.
import type { UserHistory, UserRecommender } from '../recommenders/user-recommender.port.ts';
import { dot } from './dense.kernels.ts';
import { stageBuffers, towerForward } from './tower.network.ts';
import { inputWindow, userInput, type TwoTowerModel } from './two-tower.model.ts';

/** items × dim item-tower outputs, row-major. */
export function itemEmbeddings(model: TwoTowerModel): Float32Array {
  const out = new Float32Array(model.items * model.dim);
  const acts = stageBuffers(model.itemTower);
  model.itemInputs.forEach((input, i) => {
    towerForward(model.itemTower, input, acts);
    out.set(acts[acts.length - 1]!, i * model.dim);
  });
  return out;
}

/** Returns a function computing the user embedding of a history (reusing its buffers: copy to keep). */
export function userEmbedder(model: TwoTowerModel): (items: Int32Array) => Float32Array {
  const acts = stageBuffers(model.userTower);
  const window = inputWindow(model.config);
  return (items) => {
    towerForward(model.userTower, userInput(items, items.length, model.config.recencyDecay, window), acts);
    return acts[acts.length - 1]!;
  };
}

export function twoTowerRecommender(model: TwoTowerModel, name = 'two-tower'): UserRecommender {
  const items = itemEmbeddings(model);
  const embed = userEmbedder(model);
  const { dim } = model;
  return {
    name,
    itemCount: model.items,
    scoreAll(history: UserHistory, out: Float64Array): void {
      if (history.items.length === 0) {
        out.fill(0);
        return;
      }
      const u = embed(history.items);
      for (let i = 0; i < model.items; i++) out[i] = dot(u, 0, items, i * dim, dim);
    },
  };
}
