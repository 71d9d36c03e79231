// The tower's dense layers on @tensorflow/tfjs-core's wasm backend, for the kernel comparison: the same
// products as the Float32Array kernels (forward, the anchors-by-draw scores, backward with the gradients
// written out by hand), each a tf.matMul over tensors made from the step engine's buffers. tfjs-core alone
// ships no gradient functions to Node (the @tensorflow/tfjs bundle adds them), hence hand-written gradients,
// as ../shared/STACK.md measured for skip-gram.
import * as tf from '@tensorflow/tfjs-core';
import type { DenseLayersFactory } from '../../src/index.ts';

export const tfjsDenseLayers: DenseLayersFactory = (weights, { width: D, hidden: H, dim: O }) => {
  const rows = (values: Float32Array, n: number, cols: number): tf.Tensor2D =>
    tf.tensor2d(values.subarray(0, n * cols), [n, cols]);
  const into = (target: Float32Array, tensor: tf.Tensor, add: boolean): void => {
    const values = tensor.dataSync();
    if (add) for (let i = 0; i < values.length; i++) target[i]! += values[i]!;
    else target.set(values);
  };
  return {
    forward(X, Hs, U, slots) {
      tf.tidy(() => {
        const w1 = tf.tensor2d(weights.w1, [H, D]);
        const w2 = tf.tensor2d(weights.w2, [O, H]);
        const h = tf.relu(tf.add(tf.matMul(rows(X, slots, D), w1, false, true), tf.tensor1d(weights.b1)));
        const u = tf.tanh(tf.add(tf.matMul(h, w2, false, true), tf.tensor1d(weights.b2)));
        into(Hs, h, false);
        into(U, u, false);
      });
    },
    scores(anchors, U, S, batch, pool) {
      tf.tidy(() => into(S, tf.matMul(rows(anchors, batch, O), rows(U, pool, O), false, true), false));
    },
    backward(X, Hs, U, dU, dX, slots, grads) {
      tf.tidy(() => {
        const u = rows(U, slots, O);
        const h = rows(Hs, slots, H);
        const dz = tf.mul(rows(dU, slots, O), tf.sub(1, tf.square(u)));
        const dh = tf.mul(tf.matMul(dz, tf.tensor2d(weights.w2, [O, H])), tf.step(h));
        into(dX, tf.matMul(dh, tf.tensor2d(weights.w1, [H, D])), false);
        into(grads.w2, tf.matMul(dz, h, true, false), true);
        into(grads.b2, tf.sum(dz, 0), true);
        into(grads.w1, tf.matMul(dh, rows(X, slots, D), true, false), true);
        into(grads.b1, tf.sum(dh, 0), true);
      });
    },
  };
};
