// Adam for the tower: dense tensors every step, embedding tables lazily (only the rows a batch touched get their
// moments and weights updated, as TensorFlow's LazyAdam), so a step costs what the batch uses, not the table.

export interface AdamSettings {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export const ADAM: AdamSettings = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** A dense parameter with its gradient accumulator and Adam moments. */
export interface DenseSlot {
  readonly value: Float32Array;
  readonly grad: Float32Array;
  readonly m: Float32Array;
  readonly v: Float32Array;
}

export function denseSlot(value: Float32Array): DenseSlot {
  const n = value.length;
  return { value, grad: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
}

/** One Adam step over the whole tensor at step `t` (1-based), then the gradient is zeroed. */
export function adamDense(slot: DenseSlot, lr: number, t: number, settings: AdamSettings = ADAM): void {
  const { value, grad, m, v } = slot;
  const { beta1, beta2, epsilon } = settings;
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = 1 - Math.pow(beta2, t);
  const step = (lr * Math.sqrt(c2)) / c1;
  for (let i = 0; i < value.length; i++) {
    const g = grad[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    const vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    value[i]! -= (step * mi) / (Math.sqrt(vi) + epsilon);
    grad[i] = 0;
  }
}

/** An embedding table whose gradient is sparse: rows touched since the last step are listed once. */
export interface SparseSlot extends DenseSlot {
  readonly dim: number;
  /** 1 where the row has ever been updated (saved with the model so inference can skip untrained rows). */
  readonly trained: Uint8Array;
  /** Step stamp per row, to list each touched row once. */
  readonly stamp: Int32Array;
  touched: Int32Array;
  touchedCount: number;
}

export function sparseSlot(value: Float32Array, dim: number, trained: Uint8Array): SparseSlot {
  const rows = value.length / dim;
  return {
    ...denseSlot(value),
    dim,
    trained,
    stamp: new Int32Array(rows).fill(-1),
    touched: new Int32Array(64),
    touchedCount: 0,
  };
}

/** Registers `row` as touched at step `t` (call before accumulating into its gradient). */
export function touchRow(slot: SparseSlot, row: number, t: number): void {
  if (slot.stamp[row] === t) return;
  slot.stamp[row] = t;
  if (slot.touchedCount === slot.touched.length) {
    const grown = new Int32Array(slot.touched.length * 2);
    grown.set(slot.touched);
    slot.touched = grown;
  }
  slot.touched[slot.touchedCount++] = row;
}

/** Lazy Adam over the touched rows only; their gradients are zeroed and the list is emptied. */
export function adamSparse(slot: SparseSlot, lr: number, t: number, settings: AdamSettings = ADAM): void {
  const { value, grad, m, v, dim, trained } = slot;
  const { beta1, beta2, epsilon } = settings;
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = 1 - Math.pow(beta2, t);
  const step = (lr * Math.sqrt(c2)) / c1;
  for (let k = 0; k < slot.touchedCount; k++) {
    const row = slot.touched[k]!;
    trained[row] = 1;
    const base = row * dim;
    for (let j = base; j < base + dim; j++) {
      const g = grad[j]!;
      const mj = beta1 * m[j]! + (1 - beta1) * g;
      const vj = beta2 * v[j]! + (1 - beta2) * g * g;
      m[j] = mj;
      v[j] = vj;
      value[j]! -= (step * mj) / (Math.sqrt(vj) + epsilon);
      grad[j] = 0;
    }
  }
  slot.touchedCount = 0;
}
