// A shop's contacts (an actor viewing, carting or buying an item at a time) as columns, and each item's active
// period and contact count derived from them: what pairs, negatives and the time split are built from.
import { FeatureTowerError, FeatureTowerErrorCode, requireInput } from '../feature-tower.errors.ts';

export const CONTACT_KINDS = ['VIEW', 'ADD_TO_CART', 'PURCHASE'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export interface Contact {
  /** Catalog index of the item, 0-based. */
  readonly item: number;
  /** A shopper, or a session when the shopper is unknown; only equality matters. */
  readonly actor: number;
  /** Milliseconds (any epoch, the same for every contact and activity date). */
  readonly time: number;
  readonly kind: ContactKind;
}

export interface ContactColumns {
  readonly item: Int32Array;
  readonly actor: Int32Array;
  readonly time: Float64Array;
  /** Index into CONTACT_KINDS. */
  readonly kind: Uint8Array;
}

/** Largest item index pair keys can hold exactly (lo × items + hi stays below 2^53). */
export const MAX_ITEMS = 1 << 26;

export function toContactColumns(contacts: readonly Contact[] | ContactColumns): ContactColumns {
  if (!Array.isArray(contacts)) {
    const columns = contacts as ContactColumns;
    const n = columns.item.length;
    if (columns.actor.length !== n || columns.time.length !== n || columns.kind.length !== n) {
      throw new FeatureTowerError(
        FeatureTowerErrorCode.DimensionMismatch,
        `contacts columns differ in length (item ${n}, actor ${columns.actor.length}, time ${columns.time.length}, kind ${columns.kind.length})`,
        'contacts',
      );
    }
    for (let i = 0; i < n; i++) checkContact(columns.item[i]!, columns.time[i]!, columns.kind[i]!, i);
    return columns;
  }
  const list = contacts as readonly Contact[];
  const columns = {
    item: new Int32Array(list.length),
    actor: new Int32Array(list.length),
    time: new Float64Array(list.length),
    kind: new Uint8Array(list.length),
  };
  list.forEach((contact, i) => {
    const kind = CONTACT_KINDS.indexOf(contact.kind);
    requireInput(kind >= 0, `contacts[${i}].kind`, `must be one of ${CONTACT_KINDS.join(', ')}`);
    requireInput(Number.isInteger(contact.actor), `contacts[${i}].actor`, 'must be an integer');
    checkContact(contact.item, contact.time, kind, i);
    columns.item[i] = contact.item;
    columns.actor[i] = contact.actor;
    columns.time[i] = contact.time;
    columns.kind[i] = kind;
  });
  return columns;
}

function checkContact(item: number, time: number, kind: number, i: number): void {
  requireInput(
    Number.isInteger(item) && item >= 0 && item < MAX_ITEMS,
    `contacts[${i}].item`,
    'must be an index in [0, 2^26)',
  );
  requireInput(Number.isFinite(time), `contacts[${i}].time`, 'must be a finite number of ms');
  requireInput(kind < CONTACT_KINDS.length, `contacts[${i}].kind`, `must index CONTACT_KINDS, got ${kind}`);
}

/** When each item may be shown (and so sampled as a negative), and how often it was contacted. */
export interface ItemActivity {
  /** Inclusive bounds in ms; an item never active has activeFrom = +Infinity. */
  readonly activeFrom: Float64Array;
  readonly activeUntil: Float64Array;
  /** Contacts per item: the negative sampler draws ∝ contacts^0.5. */
  readonly contacts: Float64Array;
}

/** Activity from the contacts themselves: first and last contact, contact count (of every kind). */
export function itemActivity(contacts: readonly Contact[] | ContactColumns, itemCount: number): ItemActivity {
  const columns = toContactColumns(contacts);
  requireInput(Number.isInteger(itemCount) && itemCount >= 0, 'itemCount', `must be a non-negative integer`);
  const activeFrom = new Float64Array(itemCount).fill(Infinity);
  const activeUntil = new Float64Array(itemCount).fill(-Infinity);
  const counts = new Float64Array(itemCount);
  for (let i = 0; i < columns.item.length; i++) {
    const item = columns.item[i]!;
    requireInput(item < itemCount, `contacts[${i}].item`, `is ${item}, beyond itemCount ${itemCount}`);
    const time = columns.time[i]!;
    if (time < activeFrom[item]!) activeFrom[item] = time;
    if (time > activeUntil[item]!) activeUntil[item] = time;
    counts[item] = counts[item]! + 1;
  }
  return { activeFrom, activeUntil, contacts: counts };
}
