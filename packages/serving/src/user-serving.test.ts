// The user path's rules on a hand-made batch: the batch list alone, the online path alone for a new shopper,
// both fused, the shopper's own items never shown back, and the filter applied to both sides.

import { describe, expect, it } from 'vitest';
import { userListsComponent, type UserLists } from './bundle/components/user-lists.component.ts';
import type { SessionAnswer } from './serving-model.ts';
import { UserServing, type SessionSource } from './user-serving.ts';

const skus = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
// User 0 ("u0") took a, b; its batch list is c, d, e. User 1 ("u1") took f; its list is g.
const lists: UserLists = {
  kind: 'ials',
  summary: 'iALS: best NDCG@10 on validation',
  cutoff: 1_000,
  start: Int32Array.of(0, 3, 4),
  items: Int32Array.of(2, 3, 4, 6),
  scores: Float32Array.of(0.9, 0.8, 0.7, 0.5),
  historyStart: Int32Array.of(0, 2, 3),
  history: Int32Array.of(0, 1, 5),
};
const users = new Map([
  ['u0', 0],
  ['u1', 1],
]);

/** The session pipeline stand-in: after any session it proposes h, then e, then c (whatever passes `keep`). */
function source(calls: string[][] = []): SessionSource {
  return {
    skus,
    indexOf: (sku) => {
      const i = skus.indexOf(sku);
      return i < 0 ? undefined : i;
    },
    recommendSession(session, _user, k, keep): SessionAnswer {
      calls.push([...session]);
      const items = [7, 4, 2]
        .filter(keep)
        .slice(0, k)
        .map((index, r) => ({ index, sku: skus[index] ?? '', score: 1 - r / 10 }));
      return { items, how: 'ranker' };
    },
  };
}

const all = (): boolean => true;
const skusOf = (answer: { items: { sku: string }[] } | null) => answer?.items.map((i) => i.sku) ?? null;

describe('UserServing', () => {
  const serving = new UserServing(lists, users);

  it('serves the batch list of a shopper with no action since the cutoff, never their own items', () => {
    const calls: string[][] = [];
    const answer = serving.recommend(source(calls), 'u0', [], 10, all);
    expect(skusOf(answer)).toEqual(['c', 'd', 'e']);
    expect(answer?.how).toBe('daily batch (ials)');
    expect(answer?.items[0]?.reason).toBe('for you: your history (ials, daily batch)');
    expect(calls).toEqual([]);
  });

  it('fuses the online path after new actions: an item both sides propose rises, new actions are excluded', () => {
    const calls: string[][] = [];
    // u0 just took d: d leaves the list; e (batch 2nd after d is gone, online 2nd) now leads on fused rank.
    const answer = serving.recommend(source(calls), 'u0', ['d'], 10, all);
    expect(calls).toEqual([['d']]);
    const got = skusOf(answer)!;
    expect(got).not.toContain('d');
    expect(got).not.toContain('a');
    expect(new Set(got)).toEqual(new Set(['c', 'e', 'h']));
    // c: batch rank 1 + online rank 3; e: batch rank 2 + online rank 2; both beat h (online only).
    expect(got[2]).toBe('h');
    expect(answer?.items.find((i) => i.sku === 'h')?.reason).toBe('for you: next after your latest action');
    expect(answer?.items.find((i) => i.sku === 'c')?.reason).toBe(
      'for you: your history (ials) and your latest action',
    );
    expect(answer?.how).toBe('daily batch (ials) + 1 action(s) since the batch');
  });

  it('answers a shopper the batch does not know from their actions alone, and nothing without any', () => {
    expect(skusOf(serving.recommend(source(), 'new', ['a'], 10, all))).toEqual(['h', 'e', 'c']);
    expect(serving.recommend(source(), 'new', [], 10, all)).toBeNull();
    expect(serving.recommend(source(), 'new', ['not-a-sku'], 10, all)).toBeNull();
  });

  it('applies the caller’s filter to the batch and the online side alike', () => {
    const noE = (i: number): boolean => i !== 4;
    expect(skusOf(serving.recommend(source(), 'u0', ['d'], 10, noE))).toEqual(['c', 'h']);
    expect(skusOf(serving.recommend(source(), 'u1', [], 1, all))).toEqual(['g']);
  });

  it('keeps the lists through their codec', async () => {
    const encoded = userListsComponent.encode(lists) as { files: Map<string, Uint8Array>; meta: Record<string, never> };
    const files = encoded.files;
    const reader = {
      bytes: (f: string) => Promise.resolve(files.get(f)!),
      localFile: () => Promise.resolve({ file: '', release: () => Promise.resolve() }),
    };
    const back = await userListsComponent.decode(reader, { format: 1, files: [...files.keys()], meta: encoded.meta });
    expect(back).toEqual(lists);
    const truncated = { ...reader, bytes: (f: string) => Promise.resolve(files.get(f)!.subarray(0, 40)) };
    await expect(
      userListsComponent.decode(truncated, { format: 1, files: [...files.keys()], meta: encoded.meta }),
    ).rejects.toThrow(/truncated/);
  });
});
