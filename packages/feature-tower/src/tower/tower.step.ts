// One minibatch of tower training: forward every distinct item of the batch once (the shared negative draw,
// anchors and positives, with feature dropout), score each positive against the draw, keep its hardest (or
// random) negatives, softmax log loss over the positive and those, backward. The layers run as matrix
// products over all the batch's items at once (dense-layers.ts); the embedding rows get sparse gradients.
import type { Rng } from '@shopspace/item2vec';
import { FEATURE_FIELDS, FIELD_COUNT, type FeatureMatrix } from '../features/feature-hashing.ts';
import type { ItemActivity } from '../contacts/contacts.ts';
import {
  adamDense,
  adamSparse,
  denseSlot,
  sparseSlot,
  touchRow,
  type DenseSlot,
  type SparseSlot,
} from './adam.optimizer.ts';
import { float32DenseLayers, type DenseLayersFactory } from './dense-layers.ts';
import { fieldOffsets, type FeatureTower } from './tower.model.ts';

export interface StepBatch {
  readonly size: number;
  readonly anchor: Int32Array;
  readonly positive: Int32Array;
  readonly time: Float64Array;
  readonly weight: Float32Array;
}

export interface StepSettings {
  /** Negatives per positive entering the softmax; 0 = every valid negative of the draw. */
  readonly negativesPerPositive: number;
  /** 'hardest': the highest-scored ones (Avito); 'random': a uniform choice (warm-up, ablations). */
  readonly choice: 'hardest' | 'random';
  readonly featureDropout: number;
}

/** For each item, the items it is paired with in training (CSR): never "wrong" for it, so never its negatives. */
export interface PartnerLists {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
}

export interface StepResult {
  /** Weighted mean log loss of the batch's positives. */
  readonly loss: number;
  /** Distinct negatives in the draw. */
  readonly poolSize: number;
}

export interface StepEngine {
  /** Forward, loss and backward: gradients accumulate until apply(). */
  accumulate(batch: StepBatch, draw: Int32Array, settings: StepSettings, rng: Rng): StepResult;
  /** One Adam step with the accumulated gradients, which are then cleared. */
  apply(learningRate: number, embeddingLearningRate: number): void;
  /** The accumulated gradients (dense tables for the embeddings), for gradient checks. */
  gradients(): { readonly tables: readonly Float32Array[]; readonly dense: readonly Float32Array[] };
}

export function createStepEngine(
  tower: FeatureTower,
  features: FeatureMatrix,
  activity: ItemActivity,
  missingRows: Int32Array,
  maxBatch: number,
  maxDraw: number,
  partners: PartnerLists | null = null,
  denseLayers: DenseLayersFactory = float32DenseLayers,
): StepEngine {
  const { shape, weights } = tower;
  const width = fieldOffsets(shape.hashing);
  const D = width[FIELD_COUNT]!;
  const H = shape.hidden;
  const O = shape.dim;
  const scale = shape.logitScale;
  const fieldDims = FEATURE_FIELDS.map((field) => shape.hashing.fields[field].dim);
  const maxSlots = maxDraw + 2 * maxBatch;

  const tables: SparseSlot[] = weights.tables.map((table, f) => sparseSlot(table, fieldDims[f]!, weights.trained[f]!));
  const dense: DenseSlot[] = [weights.w1, weights.b1, weights.w2, weights.b2].map(denseSlot);
  const [w1, b1, w2, b2] = dense as [DenseSlot, DenseSlot, DenseSlot, DenseSlot];

  const slotOf = new Int32Array(features.items).fill(-1);
  const slotItem = new Int32Array(maxSlots);
  // Activations, one row per slot: inputs, hidden (after ReLU), output (after tanh); and their gradients.
  const X = new Float32Array(maxSlots * D);
  const Hs = new Float32Array(maxSlots * H);
  const U = new Float32Array(maxSlots * O);
  const dU = new Float32Array(maxSlots * O);
  const dX = new Float32Array(maxSlots * D);
  const anchors = new Float32Array(maxBatch * O);
  const S = new Float32Array(maxBatch * maxDraw);
  // Kept feature rows of each slot after dropout: slot s, field f → kept[keptAt[s·F + f] .. keptAt[s·F + f + 1]).
  const keptAt = new Int32Array(maxSlots * FIELD_COUNT + 1);
  let kept = new Int32Array(1024);
  const scores = new Float64Array(maxDraw);
  const chosenSlot = new Int32Array(Math.max(1, maxDraw));
  const partnerStamp = new Int32Array(features.items).fill(-1);
  let stampCounter = 0;
  // The step being accumulated (1-based, as Adam's bias correction wants); stamps touched rows once per step.
  let t = 1;

  const bag = (s: number, item: number, dropout: number, rng: Rng): void => {
    let k = keptAt[s * FIELD_COUNT]!;
    const xOff = s * D;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const from = features.offsets[item * FIELD_COUNT + f]!;
      const to = features.offsets[item * FIELD_COUNT + f + 1]!;
      if (k + (to - from) + 1 > kept.length) {
        const grown = new Int32Array(Math.max(kept.length * 2, k + (to - from) + 1));
        grown.set(kept);
        kept = grown;
      }
      const start = k;
      for (let p = from; p < to; p++) if (dropout === 0 || rng.nextFloat() >= dropout) kept[k++] = features.rows[p]!;
      if (k === start) kept[k++] = missingRows[f]!;
      keptAt[s * FIELD_COUNT + f + 1] = k;
      const dim = fieldDims[f]!;
      const table = weights.tables[f]!;
      const off = xOff + width[f]!;
      X.fill(0, off, off + dim);
      for (let q = start; q < k; q++) {
        const base = kept[q]! * dim;
        for (let j = 0; j < dim; j++) X[off + j]! += table[base + j]!;
      }
      const inv = 1 / (k - start);
      for (let j = 0; j < dim; j++) X[off + j]! *= inv;
    }
  };

  const layers = denseLayers(weights, { width: D, hidden: H, dim: O, maxSlots });
  const grads = { w1: w1.grad, b1: b1.grad, w2: w2.grad, b2: b2.grad };

  // The dense layers' backward, then each kept feature row gets its share of its field's input gradient.
  const backward = (slots: number): void => {
    layers.backward(X, Hs, U, dU, dX, slots, grads);
    for (let s = 0; s < slots; s++) {
      for (let f = 0; f < FIELD_COUNT; f++) {
        const from = keptAt[s * FIELD_COUNT + f]!;
        const to = keptAt[s * FIELD_COUNT + f + 1]!;
        const dim = fieldDims[f]!;
        const slot = tables[f]!;
        const inv = 1 / (to - from);
        const off = s * D + width[f]!;
        for (let q = from; q < to; q++) {
          const row = kept[q]!;
          touchRow(slot, row, t);
          const base = row * dim;
          for (let j = 0; j < dim; j++) slot.grad[base + j]! += dX[off + j]! * inv;
        }
      }
    }
  };

  // du[target] += c · u[source].
  const addScaled = (target: number, source: number, c: number): void => {
    const a = target * O;
    const b = source * O;
    for (let j = 0; j < O; j++) dU[a + j]! += c * U[b + j]!;
  };

  return {
    accumulate(batch, draw, settings, rng) {
      let slots = 0;
      const slotFor = (item: number): number => {
        let s = slotOf[item]!;
        if (s < 0) {
          s = slots++;
          slotOf[item] = s;
          slotItem[s] = item;
        }
        return s;
      };
      // The draw's distinct items take slots 0..poolSize-1, so their outputs are one contiguous block.
      for (let k = 0; k < draw.length; k++) slotFor(draw[k]!);
      const poolSize = slots;
      for (let e = 0; e < batch.size; e++) {
        slotFor(batch.anchor[e]!);
        slotFor(batch.positive[e]!);
      }
      // Slot s's kept rows start where slot s - 1's end, so keptAt chains from 0.
      keptAt[0] = 0;
      for (let s = 0; s < slots; s++) bag(s, slotItem[s]!, settings.featureDropout, rng);
      layers.forward(X, Hs, U, slots);
      dU.fill(0, 0, slots * O);

      // Every anchor against the whole draw in one product.
      for (let e = 0; e < batch.size; e++)
        anchors.set(U.subarray(slotOf[batch.anchor[e]!]! * O, (slotOf[batch.anchor[e]!]! + 1) * O), e * O);
      layers.scores(anchors, U, S, batch.size, poolSize);

      let totalWeight = 0;
      for (let e = 0; e < batch.size; e++) totalWeight += batch.weight[e]!;
      let loss = 0;
      const want = settings.negativesPerPositive;
      for (let e = 0; e < batch.size; e++) {
        const a = batch.anchor[e]!;
        const p = batch.positive[e]!;
        const time = batch.time[e]!;
        const sa = slotOf[a]!;
        const sp = slotOf[p]!;
        let positive = 0;
        for (let j = 0; j < O; j++) positive += U[sa * O + j]! * U[sp * O + j]!;
        positive *= scale;
        const stamp = stampCounter++;
        if (partners !== null) {
          for (let q = partners.offsets[a]!; q < partners.offsets[a + 1]!; q++)
            partnerStamp[partners.items[q]!] = stamp;
        }
        // The wrong items of this positive: the draw minus its pair, the anchor's other partners and the items
        // inactive at its time.
        let n = 0;
        const row = e * poolSize;
        for (let s = 0; s < poolSize; s++) {
          const item = slotItem[s]!;
          if (item === a || item === p || partnerStamp[item] === stamp) continue;
          if (activity.activeFrom[item]! > time || activity.activeUntil[item]! < time) continue;
          chosenSlot[n] = s;
          scores[n++] = S[row + s]! * scale;
        }
        const chosen =
          want === 0 || want >= n
            ? n
            : settings.choice === 'hardest'
              ? selectTop(scores, chosenSlot, n, want)
              : selectRandom(scores, chosenSlot, n, want, rng);
        // Softmax over [positive, chosen negatives] with the max subtracted for stability.
        let max = positive;
        for (let k = 0; k < chosen; k++) if (scores[k]! > max) max = scores[k]!;
        let z = Math.exp(positive - max);
        for (let k = 0; k < chosen; k++) z += Math.exp(scores[k]! - max);
        const w = batch.weight[e]! / totalWeight;
        loss += w * (Math.log(z) - (positive - max));
        const gPos = (Math.exp(positive - max) / z - 1) * w * scale;
        addScaled(sa, sp, gPos);
        addScaled(sp, sa, gPos);
        for (let k = 0; k < chosen; k++) {
          const g = (Math.exp(scores[k]! - max) / z) * w * scale;
          const s = chosenSlot[k]!;
          addScaled(sa, s, g);
          addScaled(s, sa, g);
        }
      }
      backward(slots);
      for (let s = 0; s < slots; s++) slotOf[slotItem[s]!] = -1;
      return { loss, poolSize };
    },
    apply(learningRate, embeddingLearningRate) {
      for (const slot of dense) adamDense(slot, learningRate, t);
      for (const slot of tables) adamSparse(slot, embeddingLearningRate, t);
      t++;
    },
    gradients: () => ({ tables: tables.map((slot) => slot.grad), dense: dense.map((slot) => slot.grad) }),
  };
}

/**
 * Moves the `k` largest of scores[0..n) (with their slots) to the front, in no particular order; returns k.
 * A min-heap of size k over a single pass: most entries lose to the heap's minimum and cost one comparison.
 */
function selectTop(scores: Float64Array, slots: Int32Array, n: number, k: number): number {
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(scores, slots, i, k);
  for (let i = k; i < n; i++) {
    if (scores[i]! <= scores[0]!) continue;
    scores[0] = scores[i]!;
    slots[0] = slots[i]!;
    siftDown(scores, slots, 0, k);
  }
  return k;
}

/** Moves a uniform random `k` of scores[0..n) (with their slots) to the front; returns k. */
function selectRandom(scores: Float64Array, slots: Int32Array, n: number, k: number, rng: Rng): number {
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(n - i);
    const score = scores[i]!;
    scores[i] = scores[j]!;
    scores[j] = score;
    const slot = slots[i]!;
    slots[i] = slots[j]!;
    slots[j] = slot;
  }
  return k;
}

function siftDown(scores: Float64Array, slots: Int32Array, i: number, k: number): void {
  const score = scores[i]!;
  const slot = slots[i]!;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= k) break;
    if (child + 1 < k && scores[child + 1]! < scores[child]!) child++;
    if (scores[child]! >= score) break;
    scores[i] = scores[child]!;
    slots[i] = slots[child]!;
    i = child;
  }
  scores[i] = score;
  slots[i] = slot;
}
