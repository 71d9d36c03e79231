// Seeded PRNG for the package's simulations (mulberry32): small, fast, and the same stream on every machine,
// so a simulated rejection rate quoted in the README can be reproduced exactly.

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Number of successes in `trials` Bernoulli(p) draws. */
  binomial(trials: number, p: number): number;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    binomial(trials, p) {
      // Summing Bernoulli draws is exact and fast enough at simulation sizes (tens of millions of draws).
      let successes = 0;
      for (let i = 0; i < trials; i++) if (next() < p) successes++;
      return successes;
    },
  };
}
