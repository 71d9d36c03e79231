// Synthetic shops of opposite shapes for tests: 'popularity' (every item drawn from one skewed distribution,
// whatever the session holds: popularity is the best possible answer) and 'co-occurrence' (each item is
// usually followed by its planted successor, popularity is flat: the session's last item decides).
import { createRng } from '@shopspace/item2vec';
import type { SessionRow } from '../data/session-log.ts';

export interface SyntheticShopOptions {
  readonly shape: 'popularity' | 'co-occurrence';
  readonly items?: number;
  readonly sessions?: number;
  readonly days?: number;
  readonly users?: number;
  readonly seed?: number;
}

export const DAY = 86_400_000;
export const START = Date.UTC(2024, 0, 1);

export const sku = (i: number): string => `sku-${i}`;
/** The planted successor of item i in the co-occurrence shop (a fixed permutation). */
export const successor = (i: number, items: number): number => (i * 7 + 3) % items;

export function syntheticShop(options: SyntheticShopOptions): SessionRow[] {
  const items = options.items ?? 120;
  const sessions = options.sessions ?? 2400;
  const days = options.days ?? 120;
  const users = options.users ?? 300;
  const rng = createRng(options.seed ?? 7);
  // Zipf-like weights 1 / (rank + 1) over a shuffled catalog.
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < items; i++) cumulative.push((total += 1 / (i + 1)));
  const zipf = (): number => {
    const u = rng.nextFloat() * total;
    const at = cumulative.findIndex((c) => c > u);
    return at < 0 ? items - 1 : at;
  };
  const rows: SessionRow[] = [];
  for (let s = 0; s < sessions; s++) {
    const length = 2 + rng.nextInt(5);
    const picked: number[] = [];
    let current = rng.nextInt(items);
    for (let guard = 0; picked.length < length && guard < 50; guard++) {
      const next =
        options.shape === 'popularity'
          ? zipf()
          : picked.length === 0
            ? current
            : rng.nextFloat() < 0.85
              ? successor(current, items)
              : rng.nextInt(items);
      if (picked.includes(next)) {
        current = rng.nextInt(items);
        continue;
      }
      picked.push(next);
      current = next;
    }
    const user = rng.nextFloat() < 0.2 ? undefined : `u${rng.nextInt(users)}`;
    rows.push({ skus: picked.map(sku), startedAt: START + Math.floor((s / sessions) * days * DAY), userId: user });
  }
  return rows;
}
