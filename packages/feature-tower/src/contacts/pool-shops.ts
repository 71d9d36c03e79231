// Pooled training across shops: one catalog and one contact list, items offset per shop and actors kept apart
// (a shopper of one shop never pairs items of another). The features are shared, so the shops' vectors land
// in one space and a title means the same thing in every shop.
import { requireInput } from '../feature-tower.errors.ts';
import type { ItemFeatures } from '../features/feature-hashing.ts';
import { itemActivity, toContactColumns, type Contact, type ContactColumns, type ItemActivity } from './contacts.ts';

export interface ShopTrainingData {
  readonly items: readonly ItemFeatures[];
  readonly contacts: readonly Contact[] | ContactColumns;
  /** Default: from the shop's contacts. */
  readonly activity?: ItemActivity;
}

export interface PooledShops {
  readonly items: readonly ItemFeatures[];
  readonly contacts: ContactColumns;
  readonly activity: ItemActivity;
  /** Shop s owns pooled items offsets[s] .. offsets[s + 1] - 1, in its own order. */
  readonly offsets: Int32Array;
}

export function poolShops(shops: readonly ShopTrainingData[]): PooledShops {
  requireInput(shops.length > 0, 'shops', 'is empty');
  const offsets = new Int32Array(shops.length + 1);
  shops.forEach((shop, s) => (offsets[s + 1] = offsets[s]! + shop.items.length));
  const total = offsets[shops.length]!;
  const columns = shops.map((shop) => toContactColumns(shop.contacts));
  const contactCount = columns.reduce((sum, c) => sum + c.item.length, 0);
  const pooled = {
    item: new Int32Array(contactCount),
    actor: new Int32Array(contactCount),
    time: new Float64Array(contactCount),
    kind: new Uint8Array(contactCount),
  };
  const activity = {
    activeFrom: new Float64Array(total),
    activeUntil: new Float64Array(total),
    contacts: new Float64Array(total),
  };
  let at = 0;
  let actorBase = 0;
  shops.forEach((shop, s) => {
    const c = columns[s]!;
    const actors = new Map<number, number>();
    for (let i = 0; i < c.item.length; i++) {
      requireInput(c.item[i]! < shop.items.length, `shops[${s}].contacts[${i}].item`, 'is beyond the shop catalog');
      let actor = actors.get(c.actor[i]!);
      if (actor === undefined) actors.set(c.actor[i]!, (actor = actorBase + actors.size));
      pooled.item[at] = c.item[i]! + offsets[s]!;
      pooled.actor[at] = actor;
      pooled.time[at] = c.time[i]!;
      pooled.kind[at++] = c.kind[i]!;
    }
    actorBase += actors.size;
    const own = shop.activity ?? itemActivity(c, shop.items.length);
    requireInput(own.contacts.length === shop.items.length, `shops[${s}].activity`, 'needs one entry per item');
    activity.activeFrom.set(own.activeFrom, offsets[s]);
    activity.activeUntil.set(own.activeUntil, offsets[s]);
    activity.contacts.set(own.contacts, offsets[s]);
  });
  return { items: shops.flatMap((shop) => shop.items), contacts: pooled, activity, offsets };
}
