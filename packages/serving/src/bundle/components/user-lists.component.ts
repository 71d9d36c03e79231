// The daily batch of user recommendations: for every shopper the model version knows (the `users` component's
// order), the top items of the user model chosen on the shop's own users, their history excluded, and that
// history itself (what the online path and the exclusion start from). Compressed sparse rows; what serves it
// and why in the manifest.

import { bytesOf, concat, copyOut, header, readHeader } from '../binary.ts';
import { onlyFile, type ComponentCodec } from '../component.ts';

const MAGIC = 0x4c555353; // "SSUL"

export interface UserLists {
  /** The user model that wrote the lists ("blend", "ials", …) and, in words, why it was chosen. */
  readonly kind: string;
  readonly summary: string;
  /** Events after this instant (ms) are not in the lists: the online path adds them. */
  readonly cutoff: number;
  /** User u's list is items/scores[start[u] .. start[u + 1]), best first. */
  readonly start: Int32Array;
  readonly items: Int32Array;
  readonly scores: Float32Array;
  /** User u's items taken before the cutoff: history[historyStart[u] .. historyStart[u + 1]), oldest first. */
  readonly historyStart: Int32Array;
  readonly history: Int32Array;
}

export const userListsComponent: ComponentCodec<UserLists> = {
  format: 1,
  encode(lists) {
    const users = lists.start.length - 1;
    if (lists.historyStart.length !== users + 1) throw new Error('user lists: history rows differ from list rows');
    if (lists.items.length !== lists.scores.length) throw new Error('user lists: items and scores differ in length');
    const data = concat([
      header(MAGIC, 1, users, lists.items.length),
      header(MAGIC, 1, lists.history.length, 0),
      bytesOf(lists.start),
      bytesOf(lists.items),
      bytesOf(lists.scores),
      bytesOf(lists.historyStart),
      bytesOf(lists.history),
    ]);
    return {
      files: new Map([['user-lists.bin', data]]),
      meta: { kind: lists.kind, summary: lists.summary, cutoff: lists.cutoff, users },
    };
  },
  async decode(reader, entry) {
    const file = onlyFile(entry, 'userLists');
    const data = await reader.bytes(file);
    const [users, total] = readHeader(data, MAGIC, 1, file);
    const [historyTotal] = readHeader(data.subarray(16), MAGIC, 1, file);
    let at = 32;
    const take = <T extends Int32Array | Float32Array>(
      Type: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number },
      n: number,
    ): T => {
      const out = copyOut(Type, data, at, n, file);
      at += n * Type.BYTES_PER_ELEMENT;
      return out;
    };
    const start = take(Int32Array, users + 1);
    const items = take(Int32Array, total);
    const scores = take(Float32Array, total);
    const historyStart = take(Int32Array, users + 1);
    const history = take(Int32Array, historyTotal);
    const { kind, summary, cutoff } = entry.meta;
    return {
      kind: typeof kind === 'string' ? kind : 'unknown',
      summary: typeof summary === 'string' ? summary : '',
      cutoff: typeof cutoff === 'number' ? cutoff : 0,
      start,
      items,
      scores,
      historyStart,
      history,
    };
  },
};
