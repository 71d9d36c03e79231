// Dense symmetric positive-definite solves for Newton steps: the global block is a few dozen features, a random
// effect a handful, so an in-place Cholesky in float64 is all the linear algebra GLMix needs.

/** Solves A x = b for SPD A (n × n row-major; overwritten by its factor). Returns false if A is not SPD. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number, x: Float64Array): boolean {
  for (let j = 0; j < n; j++) {
    let diag = a[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) diag -= (a[j * n + k] ?? 0) ** 2;
    if (!(diag > 0)) return false;
    const l = Math.sqrt(diag);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let v = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) v -= (a[i * n + k] ?? 0) * (a[j * n + k] ?? 0);
      a[i * n + j] = v / l;
    }
  }
  // L y = b, then Lᵀ x = y.
  for (let i = 0; i < n; i++) {
    let v = b[i] ?? 0;
    for (let k = 0; k < i; k++) v -= (a[i * n + k] ?? 0) * (x[k] ?? 0);
    x[i] = v / (a[i * n + i] ?? 1);
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = x[i] ?? 0;
    for (let k = i + 1; k < n; k++) v -= (a[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = v / (a[i * n + i] ?? 1);
  }
  return true;
}
