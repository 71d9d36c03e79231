import { describe, expect, it } from 'vitest';
import { AutocompleteError, AutocompleteErrorCode } from '../autocomplete.errors.ts';
import { CATALOG, NOW, SPACE } from '../testing.fixture.ts';
import { buildQueryModel } from './query-model.builder.ts';
import { deserializeQueryModel, serializeQueryModel } from './query-model.codec.ts';

const model = buildQueryModel(
  {
    events: [
      { type: 'SEARCH', sessionId: 's', query: 'Glühwein Kerze', timestamp: NOW },
      { type: 'VIEW', sessionId: 's', sku: 'C1', timestamp: NOW },
    ],
    items: CATALOG,
    itemSpace: SPACE,
  },
  { now: NOW },
);

describe('serializeQueryModel / deserializeQueryModel', () => {
  it('round-trips every field exactly, non-ASCII text included', () => {
    const back = deserializeQueryModel(serializeQueryModel(model));
    expect(back.dim).toBe(4);
    expect(back.builtAt).toBe(NOW);
    expect(back.queries.texts).toEqual(model.queries.texts);
    expect(back.queries.texts[0]).toBe('glühwein kerze');
    expect(Array.from(back.queries.popularity)).toEqual(Array.from(model.queries.popularity));
    expect(Array.from(back.queries.vectors)).toEqual(Array.from(model.queries.vectors));
    expect(Array.from(back.queries.source)).toEqual(Array.from(model.queries.source));
    expect(back.items.skus).toEqual(['C1', 'C2', 'S1', 'S2']);
    expect(back.items.titles).toEqual(model.items.titles);
    expect(Array.from(back.items.vectors)).toEqual(Array.from(model.items.vectors));
  });

  it('reads a Node Buffer from the shared pool (what a file read returns) the same as plain bytes', () => {
    const bytes = serializeQueryModel(model);
    // Buffer.from copies small inputs into Node's shared 8 kB pool, at an offset of a larger ArrayBuffer.
    const pooled = Buffer.from(bytes);
    const back = deserializeQueryModel(pooled);
    expect(Array.from(back.queries.popularity)).toEqual(Array.from(model.queries.popularity));
    expect(Array.from(back.queries.vectors)).toEqual(Array.from(model.queries.vectors));
  });

  it('reads bytes at an unaligned offset of a larger buffer', () => {
    const bytes = serializeQueryModel(model);
    const holder = new Uint8Array(bytes.byteLength + 3);
    holder.set(bytes, 3);
    expect(deserializeQueryModel(holder.subarray(3)).queries.texts).toEqual(model.queries.texts);
  });

  it('rejects foreign, truncated or inconsistent bytes with INVALID_MODEL', () => {
    const bytes = serializeQueryModel(model);
    const codeOf = (input: Uint8Array): string | undefined => {
      try {
        deserializeQueryModel(input);
      } catch (error) {
        return error instanceof AutocompleteError ? error.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(new Uint8Array(64))).toBe(AutocompleteErrorCode.InvalidModel);
    expect(codeOf(bytes.subarray(0, bytes.byteLength - 8))).toBe(AutocompleteErrorCode.InvalidModel);
    const wrongDim = bytes.slice();
    new DataView(wrongDim.buffer).setUint32(8, 5, true);
    expect(codeOf(wrongDim)).toBe(AutocompleteErrorCode.InvalidModel);
  });
});

describe('stored prefix order', () => {
  it('serves the same answers from the stored sort as from a fresh one', async () => {
    const { AutocompleteIndex } = await import('../index/autocomplete-index.ts');
    const back = deserializeQueryModel(serializeQueryModel(model));
    expect(back.sorted?.queries.entryRow.length).toBeGreaterThan(0);
    const { sorted: _sorted, ...unsorted } = back;
    const stored = AutocompleteIndex.fromModel(back);
    const fresh = AutocompleteIndex.fromModel(unsorted);
    for (const prefix of ['g', 'glü', 'kerze', 'c']) {
      expect(stored.suggest(prefix, null, 5)).toEqual(fresh.suggest(prefix, null, 5));
      expect(stored.items(prefix, null, 5)).toEqual(fresh.items(prefix, null, 5));
    }
  });
});
