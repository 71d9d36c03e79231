// Synthetic sessions with planted structure for tests: items belong to clusters and a session draws (almost)
// all its items from one cluster, so a working trainer must place each item nearest to its cluster mates.
import { createRng } from '../random/prng.ts';

export interface PlantedOptions {
  readonly clusters: number;
  readonly itemsPerCluster: number;
  readonly sessions: number;
  readonly sessionLength: number;
  /** Chance that a session item comes from a random cluster instead. */
  readonly noise: number;
  readonly seed: number;
}

export const PLANTED: PlantedOptions = {
  clusters: 8,
  itemsPerCluster: 10,
  sessions: 2000,
  sessionLength: 8,
  noise: 0.05,
  seed: 11,
};

export const plantedItem = (cluster: number, item: number): string => `c${cluster}-i${item}`;
export const clusterOf = (id: string): string => id.slice(0, id.indexOf('-'));

export function plantedSessions(options: PlantedOptions = PLANTED): string[][] {
  const rng = createRng(options.seed);
  return Array.from({ length: options.sessions }, () => {
    const cluster = rng.nextInt(options.clusters);
    return Array.from({ length: options.sessionLength }, () =>
      plantedItem(
        rng.nextFloat() < options.noise ? rng.nextInt(options.clusters) : cluster,
        rng.nextInt(options.itemsPerCluster),
      ),
    );
  });
}
