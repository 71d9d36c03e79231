// Small hand-written kernels for the two-tower networks over Float32Array: a fully connected layer's forward
// and backward, and the sparse first layer (a weighted sum of embedding rows). Weights are row-major
// out × in, so each output is one contiguous dot product.

/** out = W x + b (W: outDim × inDim). */
export function denseForward(
  w: Float32Array,
  b: Float32Array,
  x: Float32Array,
  out: Float32Array,
  inDim: number,
  outDim: number,
): void {
  for (let o = 0; o < outDim; o++) {
    const row = o * inDim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 3 < inDim; i += 4) {
      s0 += w[row + i]! * x[i]!;
      s1 += w[row + i + 1]! * x[i + 1]!;
      s2 += w[row + i + 2]! * x[i + 2]!;
      s3 += w[row + i + 3]! * x[i + 3]!;
    }
    for (; i < inDim; i++) s0 += w[row + i]! * x[i]!;
    out[o] = b[o]! + s0 + s1 + s2 + s3;
  }
}

/**
 * Given g = dL/dout: gw += g xᵀ, gb += g, and (when gx is given) gx = Wᵀ g. Gradients accumulate so a
 * mini-batch sums its examples before one optimiser step.
 */
export function denseBackward(
  w: Float32Array,
  x: Float32Array,
  g: Float32Array,
  gw: Float32Array,
  gb: Float32Array,
  gx: Float32Array | undefined,
  inDim: number,
  outDim: number,
): void {
  if (gx) gx.fill(0, 0, inDim);
  for (let o = 0; o < outDim; o++) {
    const go = g[o]!;
    if (go === 0) continue;
    gb[o]! += go;
    const row = o * inDim;
    for (let i = 0; i < inDim; i++) gw[row + i]! += go * x[i]!;
    if (gx) for (let i = 0; i < inDim; i++) gx[i]! += go * w[row + i]!;
  }
}

/** In place max(0, v). */
export function reluForward(v: Float32Array, dim: number): void {
  for (let i = 0; i < dim; i++) if (!(v[i]! > 0)) v[i] = 0;
}

/** Zeroes the gradient where the ReLU was inactive (activation ≤ 0 after the forward). */
export function reluBackward(activation: Float32Array, g: Float32Array, dim: number): void {
  for (let i = 0; i < dim; i++) if (!(activation[i]! > 0)) g[i] = 0;
}

/** out = b + Σ_k weights[k] · E[rows[k]] (E: inputs × dim). */
export function sparseForward(
  e: Float32Array,
  b: Float32Array,
  rows: ArrayLike<number>,
  weights: ArrayLike<number>,
  count: number,
  out: Float32Array,
  dim: number,
): void {
  out.set(b.subarray(0, dim));
  for (let k = 0; k < count; k++) {
    const wk = weights[k]!;
    const off = rows[k]! * dim;
    for (let d = 0; d < dim; d++) out[d]! += wk * e[off + d]!;
  }
}

/** gE[rows[k]] += weights[k] · g, gb += g. */
export function sparseBackward(
  g: Float32Array,
  rows: ArrayLike<number>,
  weights: ArrayLike<number>,
  count: number,
  ge: Float32Array,
  gb: Float32Array,
  dim: number,
): void {
  for (let d = 0; d < dim; d++) gb[d]! += g[d]!;
  for (let k = 0; k < count; k++) {
    const wk = weights[k]!;
    const off = rows[k]! * dim;
    for (let d = 0; d < dim; d++) ge[off + d]! += wk * g[d]!;
  }
}

export function dot(a: Float32Array, aOff: number, b: Float32Array, bOff: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < dim; i += 2) {
    s0 += a[aOff + i]! * b[bOff + i]!;
    s1 += a[aOff + i + 1]! * b[bOff + i + 1]!;
  }
  if (i < dim) s0 += a[aOff + i]! * b[bOff + i]!;
  return s0 + s1;
}
