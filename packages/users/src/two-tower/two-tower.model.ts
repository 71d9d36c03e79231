// Two-tower neural collaborative filtering (as LinkedIn Learning's course recommendations): the user tower reads
// the user's interaction row, the item tower the item's row of an item × item similarity matrix, and their dot
// product is trained with log loss against sampled negatives. Trained on chronological prefixes: each example is
// the row as it stood before a purchase and the item then bought, so the model learns what comes next.
import { createRng, deriveSeed, type Rng } from '@shopspace/item2vec';
import type { ItemSimilarity } from '../recommenders/item-similarity.ts';
import { requireInput } from '../users.errors.ts';
import { DEFAULT_ADAM, type AdamSettings } from './adam.optimizer.ts';
import { dot } from './dense.kernels.ts';
import {
  createTower,
  stageBuffers,
  towerBackward,
  towerForward,
  towerStep,
  type SparseInput,
  type Tower,
} from './tower.network.ts';

export interface TwoTowerConfig {
  /** Stage widths of the user tower; the last is the embedding size (must equal itemLayers'). */
  readonly userLayers: readonly number[];
  readonly itemLayers: readonly number[];
  /** Weight of the item itself in its similarity row (the diagonal), before the row is normalised. */
  readonly selfWeight: number;
  /** History weight ratio between an item and the next newer one in the user's row (1 = plain mean). */
  readonly recencyDecay: number;
  /**
   * The user tower reads at most this many of the newest items (0 = as many as weigh ≥ 1/1000 of the newest,
   * at most 200): older ones barely count with a decay < 1, and the cap keeps long histories linear in cost.
   */
  readonly inputWindow: number;
  /** Sampled negatives per positive (log loss). */
  readonly negatives: number;
  /** Negatives are drawn from a per-batch pool of this many uniform items (0 = from the whole catalog). */
  readonly negativePool: number;
  readonly epochs: number;
  /** Prefix examples per user and epoch (0 = every position). */
  readonly examplesPerUser: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly weightDecay: number;
  readonly seed: number;
}

/** Neighbours per item in the item tower's similarity row (build the similarity with this many). */
export const ITEM_TOWER_NEIGHBOURS = 20;

// Tried on the Online Retail validation split (second-to-last item held out): 128 → 64 towers, 16 prefixes per
// user and epoch (the loss was still falling after 6 epochs); 256 → 128 → 64 towers cost about three times as
// much per example on two cores.

export const DEFAULT_TWO_TOWER: TwoTowerConfig = {
  userLayers: [128, 64],
  itemLayers: [128, 64],
  selfWeight: 1,
  recencyDecay: 0.8,
  inputWindow: 0,
  negatives: 4,
  negativePool: 512,
  epochs: 10,
  examplesPerUser: 16,
  batchSize: 256,
  learningRate: 3e-3,
  weightDecay: 0,
  seed: 1,
};

export interface TwoTowerModel {
  readonly config: TwoTowerConfig;
  readonly items: number;
  readonly dim: number;
  readonly userTower: Tower;
  readonly itemTower: Tower;
  /** Each item's tower input: its similarity row plus itself, normalised to sum 1. */
  readonly itemInputs: readonly SparseInput[];
  /** Mean log loss per epoch (positives and negatives together). */
  readonly losses: readonly number[];
}

export interface TwoTowerTrainOptions {
  /** Called after each epoch with its mean loss. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/** Item tower inputs from a similarity matrix (its kept neighbours), the item itself at `selfWeight`. */
export function itemTowerInputs(similarity: ItemSimilarity, selfWeight: number): SparseInput[] {
  return Array.from({ length: similarity.items }, (_, i) => {
    const start = similarity.indptr[i]!;
    const end = similarity.indptr[i + 1]!;
    const rows = new Int32Array(end - start + 1);
    const weights = new Float32Array(end - start + 1);
    rows[0] = i;
    weights[0] = selfWeight;
    rows.set(similarity.indices.subarray(start, end), 1);
    weights.set(similarity.values.subarray(start, end), 1);
    const total = weights.reduce((a, b) => a + b, 0);
    if (total > 0) for (let k = 0; k < weights.length; k++) weights[k]! /= total;
    return { rows, weights, count: rows.length };
  });
}

/** How many of the newest history items the user tower reads under `config`. */
export function inputWindow(config: Pick<TwoTowerConfig, 'recencyDecay' | 'inputWindow'>): number {
  if (config.inputWindow > 0) return config.inputWindow;
  if (config.recencyDecay >= 1) return 200;
  return Math.min(200, Math.ceil(Math.log(1e-3) / Math.log(config.recencyDecay)) + 1);
}

/**
 * The user tower's input for the first `length` items of a history: its newest `window` items with recency
 * weights summing to 1.
 */
export function userInput(
  items: ArrayLike<number>,
  length: number,
  decay: number,
  window: number,
  into?: SparseInput,
): SparseInput {
  const count = Math.min(length, window);
  const rows = (into?.rows as Int32Array | undefined) ?? new Int32Array(count);
  const weights = (into?.weights as Float32Array | undefined) ?? new Float32Array(count);
  let w = 1;
  let total = 0;
  for (let k = count - 1, p = length - 1; k >= 0; k--, p--) {
    rows[k] = items[p]!;
    weights[k] = w;
    total += w;
    w *= decay;
  }
  for (let k = 0; k < count; k++) weights[k]! /= total;
  return { rows, weights, count };
}

export function trainTwoTower(
  histories: readonly ArrayLike<number>[],
  similarity: ItemSimilarity,
  overrides: Partial<TwoTowerConfig> = {},
  options: TwoTowerTrainOptions = {},
): TwoTowerModel {
  const config: TwoTowerConfig = { ...DEFAULT_TWO_TOWER, ...overrides };
  checkConfig(config);
  const items = similarity.items;
  const dim = config.userLayers[config.userLayers.length - 1]!;
  const rng = createRng(deriveSeed(config.seed, 0));
  const userTower = createTower(items, config.userLayers, createRng(deriveSeed(config.seed, 1)));
  const itemTower = createTower(items, config.itemLayers, createRng(deriveSeed(config.seed, 2)));
  const itemInputs = itemTowerInputs(similarity, config.selfWeight);
  const adam: AdamSettings = { ...DEFAULT_ADAM, learningRate: config.learningRate, weightDecay: config.weightDecay };
  const batch = createBatchState(config, userTower, itemTower, items, histories);
  const losses: number[] = [];
  let step = 0;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const examples = sampleExamples(histories, config.examplesPerUser, rng);
    let lossSum = 0;
    let terms = 0;
    for (let from = 0; from < examples.users.length; from += config.batchSize) {
      const to = Math.min(from + config.batchSize, examples.users.length);
      lossSum += runBatch(batch, examples, from, to, itemInputs, rng);
      terms += (to - from) * (1 + config.negatives);
      step++;
      towerStep(userTower, adam, step);
      towerStep(itemTower, adam, step);
    }
    const loss = terms > 0 ? lossSum / terms : 0;
    losses.push(loss);
    options.onEpoch?.(epoch, loss);
  }
  return { config, items, dim, userTower, itemTower, itemInputs, losses };
}

function checkConfig(config: TwoTowerConfig): void {
  const { userLayers, itemLayers } = config;
  requireInput(userLayers.length >= 1 && itemLayers.length >= 1, 'config.userLayers', 'needs at least one stage');
  requireInput(
    userLayers[userLayers.length - 1] === itemLayers[itemLayers.length - 1],
    'config.itemLayers',
    'must end in the same width as userLayers (the dot product)',
  );
  for (const w of [...userLayers, ...itemLayers])
    requireInput(Number.isInteger(w) && w >= 1, 'config layers', 'must be positive integers');
  requireInput(config.recencyDecay > 0 && config.recencyDecay <= 1, 'config.recencyDecay', 'must be in (0, 1]');
  requireInput(Number.isInteger(config.negatives) && config.negatives >= 1, 'config.negatives', 'must be ≥ 1');
  requireInput(Number.isInteger(config.batchSize) && config.batchSize >= 1, 'config.batchSize', 'must be ≥ 1');
  requireInput(Number.isInteger(config.epochs) && config.epochs >= 0, 'config.epochs', 'must be ≥ 0');
  requireInput(config.learningRate > 0, 'config.learningRate', 'must be positive');
}

interface Examples {
  readonly users: Int32Array;
  /** Position of the target in the user's history; the input is everything before it. */
  readonly positions: Int32Array;
}

/** (user, position ≥ 1) pairs, each user's positions distinct, shuffled. */
function sampleExamples(histories: readonly ArrayLike<number>[], perUser: number, rng: Rng): Examples {
  const users: number[] = [];
  const positions: number[] = [];
  histories.forEach((history, u) => {
    const available = history.length - 1;
    if (available < 1) return;
    const take = perUser <= 0 ? available : Math.min(perUser, available);
    // Partial Fisher–Yates over 1..available.
    const pool = Int32Array.from({ length: available }, (_, k) => k + 1);
    for (let k = 0; k < take; k++) {
      const pick = k + rng.nextInt(available - k);
      const chosen = pool[pick]!;
      pool[pick] = pool[k]!;
      pool[k] = chosen;
      users.push(u);
      positions.push(chosen);
    }
  });
  for (let k = users.length - 1; k > 0; k--) {
    const j = rng.nextInt(k + 1);
    [users[k], users[j]] = [users[j]!, users[k]!];
    [positions[k], positions[j]] = [positions[j]!, positions[k]!];
  }
  return { users: Int32Array.from(users), positions: Int32Array.from(positions) };
}

interface BatchState {
  readonly config: TwoTowerConfig;
  readonly userTower: Tower;
  readonly itemTower: Tower;
  readonly items: number;
  readonly histories: readonly ArrayLike<number>[];
  readonly dim: number;
  /** item → slot in the current batch, -1 when absent. */
  readonly slotOf: Int32Array;
  readonly slotItems: Int32Array;
  /** Per slot and stage, the item tower's activations (slot-major). */
  readonly itemActs: Float32Array[];
  readonly itemGrads: Float32Array;
  readonly userActs: Float32Array[];
  readonly scratch: Float32Array[];
  readonly itemScratch: Float32Array[];
  readonly itemView: Float32Array[];
  readonly owned: Uint8Array;
  readonly input: SparseInput;
  readonly window: number;
  readonly pool: Int32Array;
  readonly exampleItems: Int32Array;
}

function createBatchState(
  config: TwoTowerConfig,
  userTower: Tower,
  itemTower: Tower,
  items: number,
  histories: readonly ArrayLike<number>[],
): BatchState {
  const maxSlots = Math.min(items, config.batchSize * (1 + config.negatives));
  const dim = config.itemLayers[config.itemLayers.length - 1]!;
  const longest = inputWindow(config);
  return {
    config,
    userTower,
    itemTower,
    items,
    histories,
    dim,
    slotOf: new Int32Array(items).fill(-1),
    slotItems: new Int32Array(maxSlots),
    itemActs: config.itemLayers.map((w) => new Float32Array(w * maxSlots)),
    itemGrads: new Float32Array(dim * maxSlots),
    userActs: stageBuffers(userTower),
    scratch: stageBuffers(userTower),
    itemScratch: stageBuffers(itemTower),
    itemView: stageBuffers(itemTower),
    owned: new Uint8Array(items),
    input: { rows: new Int32Array(longest), weights: new Float32Array(longest), count: 0 },
    window: longest,
    pool: new Int32Array(Math.max(config.negativePool, 1)),
    exampleItems: new Int32Array(config.batchSize * (1 + config.negatives)),
  };
}

/** Forward and backward of one mini-batch; returns the summed log loss. Gradients are left accumulated. */
function runBatch(
  s: BatchState,
  examples: Examples,
  from: number,
  to: number,
  itemInputs: readonly SparseInput[],
  rng: Rng,
): number {
  const { config, slotOf, slotItems, owned, dim } = s;
  const per = 1 + config.negatives;
  const poolSize = config.negativePool;
  for (let k = 0; k < poolSize; k++) s.pool[k] = rng.nextInt(s.items);
  // 1. Choose each example's positive and negatives and give every distinct item a slot.
  let slots = 0;
  const slotFor = (item: number): number => {
    let slot = slotOf[item]!;
    if (slot < 0) {
      slot = slots++;
      slotOf[item] = slot;
      slotItems[slot] = item;
    }
    return slot;
  };
  for (let e = from; e < to; e++) {
    const history = s.histories[examples.users[e]!]!;
    for (let p = 0; p < history.length; p++) owned[history[p]!] = 1;
    const base = (e - from) * per;
    s.exampleItems[base] = slotFor(history[examples.positions[e]!]!);
    for (let n = 1; n < per; n++) {
      let item = -1;
      // Rejection against the user's own items; a handful of tries suffices unless the user owns most items.
      for (let attempt = 0; attempt < 16 && item < 0; attempt++) {
        const candidate = poolSize > 0 ? s.pool[rng.nextInt(poolSize)]! : rng.nextInt(s.items);
        if (owned[candidate] === 0) item = candidate;
      }
      if (item < 0) item = rng.nextInt(s.items);
      s.exampleItems[base + n] = slotFor(item);
    }
    for (let p = 0; p < history.length; p++) owned[history[p]!] = 0;
  }
  // 2. Item tower forward, once per distinct item.
  const stages = config.itemLayers.length;
  for (let slot = 0; slot < slots; slot++) {
    const views = s.itemView.map((_, l) =>
      s.itemActs[l]!.subarray(slot * config.itemLayers[l]!, (slot + 1) * config.itemLayers[l]!),
    );
    towerForward(s.itemTower, itemInputs[slotItems[slot]!]!, views);
  }
  s.itemGrads.fill(0, 0, slots * dim);
  const itemOut = s.itemActs[stages - 1]!;
  // 3. Per example: user tower forward, log loss over positive + negatives, user tower backward.
  const scale = 1 / (to - from);
  const gUser = s.scratch[s.scratch.length - 1]!;
  let loss = 0;
  for (let e = from; e < to; e++) {
    const history = s.histories[examples.users[e]!]!;
    const input = userInput(history, examples.positions[e]!, config.recencyDecay, s.window, s.input);
    towerForward(s.userTower, input, s.userActs);
    const u = s.userActs[s.userActs.length - 1]!;
    gUser.fill(0);
    const base = (e - from) * per;
    for (let n = 0; n < per; n++) {
      const slot = s.exampleItems[base + n]!;
      const z = dot(u, 0, itemOut, slot * dim, dim);
      const label = n === 0 ? 1 : 0;
      // log(1 + e^{-z}) for the positive, log(1 + e^{z}) for a negative, computed without overflow.
      const signed = label === 1 ? -z : z;
      loss += signed > 0 ? signed + Math.log1p(Math.exp(-signed)) : Math.log1p(Math.exp(signed));
      const g = (1 / (1 + Math.exp(-z)) - label) * scale;
      for (let d = 0; d < dim; d++) {
        gUser[d]! += g * itemOut[slot * dim + d]!;
        s.itemGrads[slot * dim + d]! += g * u[d]!;
      }
    }
    towerBackward(s.userTower, input, s.userActs, gUser, s.scratch);
  }
  // 4. Item tower backward, once per distinct item with its summed gradient.
  const gItem = s.itemScratch[stages - 1]!;
  for (let slot = 0; slot < slots; slot++) {
    const views = s.itemView.map((_, l) =>
      s.itemActs[l]!.subarray(slot * config.itemLayers[l]!, (slot + 1) * config.itemLayers[l]!),
    );
    gItem.set(s.itemGrads.subarray(slot * dim, (slot + 1) * dim));
    towerBackward(s.itemTower, itemInputs[slotItems[slot]!]!, views, gItem, s.itemScratch);
    slotOf[slotItems[slot]!] = -1;
  }
  return loss;
}
