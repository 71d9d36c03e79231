// Seedable PRNGs: splitmix32 to derive independent seeds, xorshift32 for streams. The training hot loop inlines
// the same xorshift32 step (sgns.driver.js), so seeds derived here fully determine a single-thread run.

/** One splitmix32 step: a well-mixed, never-zero 32-bit value from any integer (seed derivation). */
export function mixSeed(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  // xorshift32 has a fixed point at zero, so a zero state is never handed out.
  return z === 0 ? 0x6d2b79f5 : z;
}

/** Seed for stream `stream` (a thread, an epoch...) of a run seeded with `seed`. */
export function deriveSeed(seed: number, stream: number): number {
  return mixSeed(mixSeed(seed) ^ Math.imul(stream + 1, 0x27d4eb2d));
}

export interface Rng {
  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform in [0, 1). */
  nextFloat(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

export function createRng(seed: number): Rng {
  let state = mixSeed(seed);
  const nextUint32 = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  return {
    nextUint32,
    nextFloat: () => nextUint32() / 4294967296,
    nextInt: (n) => Math.floor((nextUint32() / 4294967296) * n),
  };
}
