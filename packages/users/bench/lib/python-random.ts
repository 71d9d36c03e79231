// CPython's random.Random(seed).randrange(n) for int seeds, written from the Mersenne Twister definition
// (MT19937, init_by_array seeding, getrandbits rejection), so the benchmark can draw the very negatives
// the Python reference draws and compare figures case for case instead of within sampling noise.

export interface PythonRandom {
  randrange(n: number): number;
}

export function pythonRandom(seed: number): PythonRandom {
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new RangeError('seed must fit 32 bits');
  const mt = new Uint32Array(624);
  let index = 624;
  const initGenrand = (s: number): void => {
    mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  };
  // init_by_array with the seed's 32-bit words (one word here).
  const key = [seed >>> 0];
  initGenrand(19650218);
  let i = 1;
  let j = 0;
  for (let k = Math.max(624, key.length); k > 0; k--) {
    const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
    i++;
    j++;
    if (i >= 624) {
      mt[0] = mt[623]!;
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = 623; k > 0; k--) {
    const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
    i++;
    if (i >= 624) {
      mt[0] = mt[623]!;
      i = 1;
    }
  }
  mt[0] = 0x80000000;
  const next = (): number => {
    if (index >= 624) {
      for (let kk = 0; kk < 624; kk++) {
        const y = (mt[kk]! & 0x80000000) | (mt[(kk + 1) % 624]! & 0x7fffffff);
        mt[kk] = mt[(kk + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      index = 0;
    }
    let y = mt[index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  return {
    randrange(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n >= 2 ** 32) throw new RangeError('n must be in [1, 2^32)');
      const bits = 32 - Math.clz32(n); // n.bit_length()
      for (;;) {
        const r = bits === 32 ? next() : next() >>> (32 - bits);
        if (r < n) return r;
      }
    },
  };
}
