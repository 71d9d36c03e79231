// Adam (Kingma & Ba 2015) over Float32Array parameters: a dense step for the fully connected layers and a lazy
// row-wise step for embedding tables, which only touches the rows a mini-batch used (as TensorFlow's LazyAdam).

export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Decoupled weight decay per step, as a fraction of the learning rate (AdamW); 0 = none. */
  readonly weightDecay: number;
}

export const DEFAULT_ADAM: AdamSettings = {
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0,
};

/** One parameter array with its gradient and moment estimates. */
export interface AdamSlot {
  readonly param: Float32Array;
  readonly grad: Float32Array;
  readonly m: Float32Array;
  readonly v: Float32Array;
}

export function adamSlot(param: Float32Array): AdamSlot {
  const n = param.length;
  return { param, grad: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
}

/** Bias-corrected step size and second-moment correction for step `t` (1-based). */
function corrections(settings: AdamSettings, t: number): { lr: number; c2: number } {
  return {
    lr: settings.learningRate / (1 - settings.beta1 ** t),
    c2: 1 / (1 - settings.beta2 ** t),
  };
}

/** Updates [from, to) of the slot with its accumulated gradient and clears that gradient. */
export function adamRange(slot: AdamSlot, settings: AdamSettings, t: number, from: number, to: number): void {
  const { param, grad, m, v } = slot;
  const { beta1, beta2, epsilon, weightDecay, learningRate } = settings;
  const { lr, c2 } = corrections(settings, t);
  const decay = 1 - learningRate * weightDecay;
  for (let i = from; i < to; i++) {
    const g = grad[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    const vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] = param[i]! * decay - (lr * mi) / (Math.sqrt(vi * c2) + epsilon);
    grad[i] = 0;
  }
}

export function adamStep(slot: AdamSlot, settings: AdamSettings, t: number): void {
  adamRange(slot, settings, t, 0, slot.param.length);
}

/** Lazy Adam for the listed rows of a rows × dim table (each row at most once in `rows`). */
export function adamRows(
  slot: AdamSlot,
  settings: AdamSettings,
  t: number,
  rows: ArrayLike<number>,
  count: number,
  dim: number,
): void {
  for (let k = 0; k < count; k++) {
    const off = rows[k]! * dim;
    adamRange(slot, settings, t, off, off + dim);
  }
}
