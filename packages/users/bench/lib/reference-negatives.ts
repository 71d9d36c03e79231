// The Python reference's negatives (loo_users_retail.py): one random.Random(20261203) stream over customers in
// order, 99 distinct never-bought skus each by rejection. Drawn here with the same generator, so the benchmark's
// popularity and item-kNN figures can be compared with the reference case for case.
import { pythonRandom } from './python-random.ts';

export const REFERENCE_SEED = 20261203;

export function referenceNegatives(histories: readonly Int32Array[], items: number, count = 99): Int32Array[] {
  const rng = pythonRandom(REFERENCE_SEED);
  const owned = new Uint8Array(items);
  return histories.map((history) => {
    for (const item of history) owned[item] = 1;
    const picked = new Set<number>();
    while (picked.size < count) {
      const j = rng.randrange(items);
      if (owned[j] === 0) picked.add(j);
    }
    for (const item of history) owned[item] = 0;
    return Int32Array.from(picked).sort();
  });
}
