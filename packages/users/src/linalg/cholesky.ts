// Dense symmetric positive definite solves in float64, sized for ALS's d × d normal equations (d ≤ a few hundred).

/**
 * Solves A x = b in place: `a` (n × n row-major, only the lower triangle is read) is overwritten by its
 * Cholesky factor, `b` by the solution. Returns false when A is not positive definite.
 */
export function choleskySolveInPlace(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let diag = a[rj + j]!;
    for (let k = 0; k < j; k++) diag -= a[rj + k]! * a[rj + k]!;
    if (!(diag > 0)) return false;
    const root = Math.sqrt(diag);
    a[rj + j] = root;
    const inv = 1 / root;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let sum = a[ri + j]!;
      for (let k = 0; k < j; k++) sum -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = sum * inv;
    }
  }
  // L y = b, then Lᵀ x = y.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= a[ri + k]! * b[k]!;
    b[i] = sum / a[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < n; k++) sum -= a[k * n + i]! * b[k]!;
    b[i] = sum / a[i * n + i]!;
  }
  return true;
}
