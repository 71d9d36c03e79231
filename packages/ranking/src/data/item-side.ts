// What the catalog knows about each item beyond interactions: price, top-level category and when it entered
// the catalog. Every field may be unknown, so features built from it carry an "unknown" flag.
import { requireInput } from '../ranking.errors.ts';

export interface ItemSide {
  /** Price per catalog index; NaN = unknown. */
  readonly price: Float64Array;
  /** Top-level category id, or -1 = unknown. */
  readonly category: Int32Array;
  /** When the item entered the catalog or was first seen (ms); NaN = unknown (then the log's first sighting). */
  readonly firstSeen: Float64Array;
}

/** An item side that knows nothing (a shop without catalog data). */
export function unknownItemSide(itemCount: number): ItemSide {
  return {
    price: new Float64Array(itemCount).fill(NaN),
    category: new Int32Array(itemCount).fill(-1),
    firstSeen: new Float64Array(itemCount).fill(NaN),
  };
}

export function checkItemSide(items: ItemSide, itemCount: number, field = 'items'): void {
  for (const key of ['price', 'category', 'firstSeen'] as const) {
    requireInput(
      items[key].length === itemCount,
      `${field}.${key}`,
      `needs ${itemCount} entries, has ${items[key].length}`,
    );
  }
}
