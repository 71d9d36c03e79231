// The dense half of a training step behind one small interface: both layers forward, the anchors-by-draw
// score matrix, and both layers backward, over row-major buffers the step engine owns. The default runs the
// blocked Float32Array kernels; the tfjs benchmark supplies another implementation for the same step.
import { gemmNT, transpose } from './tower.kernels.ts';
import type { TowerWeights } from './tower.model.ts';

export interface DenseGradients {
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

export interface DenseLayers {
  /** Hs = ReLU(X·W1ᵀ + b1), U = tanh(Hs·W2ᵀ + b2) for rows 0..slots-1. */
  forward(X: Float32Array, Hs: Float32Array, U: Float32Array, slots: number): void;
  /** S (batch × pool) = anchors (batch × dim) · U[0..pool)ᵀ. */
  scores(anchors: Float32Array, U: Float32Array, S: Float32Array, batch: number, pool: number): void;
  /** dU holds dL/dU on entry (it is overwritten); writes dX and adds the layers' gradients into `grads`. */
  backward(
    X: Float32Array,
    Hs: Float32Array,
    U: Float32Array,
    dU: Float32Array,
    dX: Float32Array,
    slots: number,
    grads: DenseGradients,
  ): void;
}

export interface DenseShape {
  readonly width: number;
  readonly hidden: number;
  readonly dim: number;
  readonly maxSlots: number;
}

export type DenseLayersFactory = (weights: TowerWeights, shape: DenseShape) => DenseLayers;

export const float32DenseLayers: DenseLayersFactory = (weights, { width: D, hidden: H, dim: O, maxSlots }) => {
  const dH = new Float32Array(maxSlots * H);
  const XT = new Float32Array(maxSlots * D);
  const HT = new Float32Array(maxSlots * H);
  const dZT = new Float32Array(maxSlots * O);
  const dHT = new Float32Array(maxSlots * H);
  const w1T = new Float32Array(D * H);
  const w2T = new Float32Array(H * O);
  return {
    forward(X, Hs, U, slots) {
      gemmNT(X, weights.w1, Hs, slots, H, D, false);
      for (let s = 0; s < slots; s++) {
        const off = s * H;
        for (let j = 0; j < H; j++) {
          const v = Hs[off + j]! + weights.b1[j]!;
          Hs[off + j] = v > 0 ? v : 0;
        }
      }
      gemmNT(Hs, weights.w2, U, slots, O, H, false);
      for (let s = 0; s < slots; s++) {
        const off = s * O;
        for (let j = 0; j < O; j++) U[off + j] = Math.tanh(U[off + j]! + weights.b2[j]!);
      }
    },
    scores(anchors, U, S, batch, pool) {
      gemmNT(anchors, U, S, batch, pool, O, false);
    },
    backward(X, Hs, U, dU, dX, slots, grads) {
      // dZ = dU ⊙ (1 − u²), kept in dU.
      for (let i = 0; i < slots * O; i++) {
        const u = U[i]!;
        dU[i]! *= 1 - u * u;
      }
      for (let s = 0; s < slots; s++) for (let j = 0; j < O; j++) grads.b2[j]! += dU[s * O + j]!;
      transpose(weights.w2, O, H, w2T);
      gemmNT(dU, w2T, dH, slots, H, O, false);
      // ReLU: a unit that was 0 passes no gradient.
      for (let i = 0; i < slots * H; i++) if (Hs[i] === 0) dH[i] = 0;
      for (let s = 0; s < slots; s++) for (let j = 0; j < H; j++) grads.b1[j]! += dH[s * H + j]!;
      transpose(weights.w1, H, D, w1T);
      gemmNT(dH, w1T, dX, slots, D, H, false);
      // Weight gradients sum over slots: products with the slot dimension innermost.
      transpose(dU, slots, O, dZT);
      transpose(Hs, slots, H, HT);
      gemmNT(dZT, HT, grads.w2, O, H, slots, true);
      transpose(dH, slots, H, dHT);
      transpose(X, slots, D, XT);
      gemmNT(dHT, XT, grads.w1, H, D, slots, true);
    },
  };
};
