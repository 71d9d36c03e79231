// Planted interest clusters for the PinnerSage tests: unit vectors around well-separated random centres.
import { createRng } from '@shopspace/item2vec';

export interface PlantedSpace {
  readonly vectors: Float32Array;
  readonly dim: number;
  /** Interest of each item. */
  readonly interest: Int32Array;
}

/** `perInterest[c]` unit vectors around centre c (isotropic noise of std `noise` per coordinate). */
export function plantedInterests(
  perInterest: readonly number[],
  dim: number,
  noise: number,
  seed: number,
): PlantedSpace {
  const rng = createRng(seed);
  const gaussian = (): number =>
    Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const centres = perInterest.map(() => unit(Float64Array.from({ length: dim }, gaussian)));
  const total = perInterest.reduce((a, b) => a + b, 0);
  const vectors = new Float32Array(total * dim);
  const interest = new Int32Array(total);
  let row = 0;
  perInterest.forEach((count, c) => {
    for (let m = 0; m < count; m++, row++) {
      const v = unit(Float64Array.from(centres[c]!, (x) => x + noise * gaussian()));
      vectors.set(v, row * dim);
      interest[row] = c;
    }
  });
  return { vectors, dim, interest };
}

function unit(v: Float64Array): Float64Array {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}
