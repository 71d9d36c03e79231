// One tower of the two-tower model: a sparse first layer over a weighted set of input ids (a user's items, or
// an item's similarity neighbours), then fully connected layers that narrow (e.g. 256 → 128 → 64), ReLU between
// layers and a linear output. Forward keeps every stage's activation so backward needs no recomputation.
import type { Rng } from '@shopspace/item2vec';
import { adamRange, adamRows, adamSlot, type AdamSettings, type AdamSlot } from './adam.optimizer.ts';
import {
  denseBackward,
  denseForward,
  reluBackward,
  reluForward,
  sparseBackward,
  sparseForward,
} from './dense.kernels.ts';

export interface DenseLayer {
  readonly inDim: number;
  readonly outDim: number;
  readonly w: AdamSlot;
  readonly b: AdamSlot;
}

export interface Tower {
  /** Number of distinct input ids (rows of the embedding table). */
  readonly inputs: number;
  /** Output width of each stage: widths[0] is the sparse layer's, the last is the embedding size. */
  readonly widths: readonly number[];
  readonly embedding: AdamSlot;
  readonly embeddingBias: AdamSlot;
  readonly layers: readonly DenseLayer[];
  /** Embedding rows with a pending gradient (lazy Adam), and their marker. */
  readonly touched: Int32Array;
  touchedCount: number;
  readonly isTouched: Uint8Array;
}

/** A weighted set of input ids: the first `count` entries of rows/weights. */
export interface SparseInput {
  readonly rows: ArrayLike<number>;
  readonly weights: ArrayLike<number>;
  readonly count: number;
}

export function createTower(inputs: number, widths: readonly number[], rng: Rng, embeddingScale = 0.1): Tower {
  const gaussian = (): number => {
    const u1 = 1 - rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const first = widths[0]!;
  const embedding = adamSlot(Float32Array.from({ length: inputs * first }, () => embeddingScale * gaussian()));
  const layers: DenseLayer[] = [];
  for (let l = 1; l < widths.length; l++) {
    const inDim = widths[l - 1]!;
    const outDim = widths[l]!;
    // He initialisation for layers followed by a ReLU, Glorot-like for the linear output.
    const scale = Math.sqrt((l === widths.length - 1 ? 1 : 2) / inDim);
    layers.push({
      inDim,
      outDim,
      w: adamSlot(Float32Array.from({ length: inDim * outDim }, () => scale * gaussian())),
      b: adamSlot(new Float32Array(outDim)),
    });
  }
  return {
    inputs,
    widths: [...widths],
    embedding,
    embeddingBias: adamSlot(new Float32Array(first)),
    layers,
    touched: new Int32Array(inputs),
    touchedCount: 0,
    isTouched: new Uint8Array(inputs),
  };
}

/** Activation buffers, one per stage (acts[l] has widths[l] entries). */
export function stageBuffers(tower: Tower): Float32Array[] {
  return tower.widths.map((w) => new Float32Array(w));
}

/** Runs the tower; the output embedding is the last buffer of `acts`. */
export function towerForward(tower: Tower, input: SparseInput, acts: readonly Float32Array[]): void {
  const last = tower.widths.length - 1;
  const first = tower.widths[0]!;
  sparseForward(
    tower.embedding.param,
    tower.embeddingBias.param,
    input.rows,
    input.weights,
    input.count,
    acts[0]!,
    first,
  );
  if (last > 0) reluForward(acts[0]!, first);
  tower.layers.forEach((layer, l) => {
    const out = acts[l + 1]!;
    denseForward(layer.w.param, layer.b.param, acts[l]!, out, layer.inDim, layer.outDim);
    if (l + 1 < last) reluForward(out, layer.outDim);
  });
}

/**
 * Accumulates the gradients of a loss whose gradient with respect to the output is `gOut`, for the input and
 * activations of one forward. `scratch` holds one buffer per stage (as stageBuffers); gOut may be one of them.
 */
export function towerBackward(
  tower: Tower,
  input: SparseInput,
  acts: readonly Float32Array[],
  gOut: Float32Array,
  scratch: readonly Float32Array[],
): void {
  const last = tower.widths.length - 1;
  let g = gOut;
  for (let l = last - 1; l >= 0; l--) {
    const layer = tower.layers[l]!;
    const gIn = scratch[l]!;
    denseBackward(layer.w.param, acts[l]!, g, layer.w.grad, layer.b.grad, gIn, layer.inDim, layer.outDim);
    reluBackward(acts[l]!, gIn, layer.inDim);
    g = gIn;
  }
  const first = tower.widths[0]!;
  sparseBackward(g, input.rows, input.weights, input.count, tower.embedding.grad, tower.embeddingBias.grad, first);
  for (let k = 0; k < input.count; k++) {
    const row = input.rows[k]!;
    if (tower.isTouched[row] === 0) {
      tower.isTouched[row] = 1;
      tower.touched[tower.touchedCount++] = row;
    }
  }
}

/** One Adam step on everything the pending gradients touched, then clears them. */
export function towerStep(tower: Tower, settings: AdamSettings, t: number): void {
  const first = tower.widths[0]!;
  adamRows(tower.embedding, settings, t, tower.touched, tower.touchedCount, first);
  for (let k = 0; k < tower.touchedCount; k++) tower.isTouched[tower.touched[k]!] = 0;
  tower.touchedCount = 0;
  // Biases and dense layers see every example, so their updates are not lazy (no weight decay on biases).
  const noDecay = { ...settings, weightDecay: 0 };
  adamRange(tower.embeddingBias, noDecay, t, 0, first);
  for (const layer of tower.layers) {
    adamRange(layer.w, settings, t, 0, layer.w.param.length);
    adamRange(layer.b, noDecay, t, 0, layer.b.param.length);
  }
}
