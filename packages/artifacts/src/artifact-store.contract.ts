// The ArtifactStore contract as one vitest suite, run by each adapter's test file against its real backend
// (a directory, PostgreSQL, PGlite), so both stores are held to exactly the same cases.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArtifactExistsError,
  ArtifactNotFoundError,
  type ArtifactLocation,
  type ArtifactStore,
} from '@shopspace/domain';
import { ArtifactChecksumError, ArtifactPathError } from './artifact.errors.ts';

export interface ContractSubject {
  readonly store: ArtifactStore;
  /** Shops the store may write to: at least two of one tenant, and one of another tenant. */
  readonly shops: readonly { readonly tenantId: string; readonly shopId: string }[];
  /** Flips one byte of a stored file behind the store's back; absent where the store keeps no checksums. */
  corrupt?(path: string, name: string): Promise<void>;
}

export interface ContractHarness {
  readonly label: string;
  setup(): Promise<ContractSubject>;
  teardown?(): Promise<void>;
}

export const MIB = 1 << 20;

/** Deterministic bytes (xorshift32), different per seed, so a mixed-up file never compares equal by chance. */
export function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed * 0x9e3779b1) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const sha = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A file whose bytes cannot be read: the writer fails on it after the files before it are stored. */
export const poisoned = (): Uint8Array =>
  ({
    [Symbol.iterator]() {
      throw new Error('the artifact source failed mid-version');
    },
  }) as unknown as Uint8Array;

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

export function describeArtifactStoreContract(harness: ContractHarness): void {
  describe(`ArtifactStore contract: ${harness.label}`, () => {
    let subject: ContractSubject;
    let store: ArtifactStore;
    let versions = 0;
    /** A fresh version of the first shop (or of shop `index`) per call, so cases never see each other's. */
    const at = (index = 0, kind = 'model'): ArtifactLocation => {
      const shop = subject.shops[index];
      if (shop === undefined) throw new Error(`harness gave no shop ${index}`);
      versions += 1;
      return { ...shop, kind, version: `v${versions}` };
    };

    beforeAll(async () => {
      subject = await harness.setup();
      store = subject.store;
    });
    afterAll(async () => {
      await harness.teardown?.();
    });

    it('round-trips several files, a 5 MiB one and an empty one among them, and lists them sorted', async () => {
      const files = new Map([
        ['vectors.f32', bytes(5 * MIB, 1)],
        ['empty.bin', new Uint8Array(0)],
        ['model.json', new TextEncoder().encode('{"dim":64}')],
        ['knn.bin', bytes(MIB + 1, 2)],
      ]);
      const location = at();
      const path = await store.write(location, files);
      expect(path).toBe(`${location.tenantId}/${location.shopId}/model/${location.version}`);
      for (const [name, data] of files) {
        const back = await store.read(path, name);
        expect(back.byteLength).toBe(data.byteLength);
        expect(sha(back)).toBe(sha(data));
        expect(await store.exists(path, name)).toBe(true);
      }
      expect(await store.list(path)).toEqual(['empty.bin', 'knn.bin', 'model.json', 'vectors.f32']);
    });

    it('never shows a version whose write failed part way, and the path stays writable', async () => {
      const location = at();
      const path = `${location.tenantId}/${location.shopId}/${location.kind}/${location.version}`;
      const failing = new Map([
        ['a.bin', bytes(2 * MIB, 3)],
        ['b.bin', poisoned()],
      ]);
      await expect(store.write(location, failing)).rejects.toThrow();
      expect(await store.list(path)).toEqual([]);
      expect(await store.exists(path, 'a.bin')).toBe(false);
      await expect(store.read(path, 'a.bin')).rejects.toBeInstanceOf(ArtifactNotFoundError);

      const good = bytes(1000, 4);
      expect(await store.write(location, new Map([['a.bin', good]]))).toBe(path);
      expect(same(await store.read(path, 'a.bin'), good)).toBe(true);
      expect(await store.list(path)).toEqual(['a.bin']);
    });

    it('refuses to write an existing path and keeps the first version intact', async () => {
      const location = at();
      const first = bytes(3000, 5);
      const path = await store.write(location, new Map([['x.bin', first]]));
      const again = store.write(
        location,
        new Map([
          ['x.bin', bytes(3000, 6)],
          ['y.bin', bytes(10, 7)],
        ]),
      );
      await expect(again).rejects.toBeInstanceOf(ArtifactExistsError);
      await expect(again).rejects.toMatchObject({ code: 'EEXIST' });
      expect(same(await store.read(path, 'x.bin'), first)).toBe(true);
      expect(await store.list(path)).toEqual(['x.bin']);
    });

    it('lets exactly one of two racing writers of the same path win, whole', async () => {
      const location = at();
      const contents = [bytes(2 * MIB, 8), bytes(2 * MIB, 9)];
      const results = await Promise.allSettled(
        contents.map((data) => store.write(location, new Map([['data.bin', data]]))),
      );
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(ArtifactExistsError);
      const winner = contents[won[0] ?? -1];
      const path = `${location.tenantId}/${location.shopId}/model/${location.version}`;
      expect(winner !== undefined && same(await store.read(path, 'data.bin'), winner)).toBe(true);
    });

    it('reports a missing file or version as ArtifactNotFoundError with code ENOENT', async () => {
      const path = await store.write(at(), new Map([['here.bin', bytes(10, 10)]]));
      const missingFile = store.read(path, 'gone.bin');
      await expect(missingFile).rejects.toBeInstanceOf(ArtifactNotFoundError);
      await expect(missingFile).rejects.toMatchObject({ code: 'ENOENT', path, file: 'gone.bin' });
      const unknown = at();
      const absent = `${unknown.tenantId}/${unknown.shopId}/model/${unknown.version}`;
      await expect(store.read(absent, 'here.bin')).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await store.exists(path, 'gone.bin')).toBe(false);
      expect(await store.exists(absent, 'here.bin')).toBe(false);
      expect(await store.list(absent)).toEqual([]);
      await expect(store.localFile(path, 'gone.bin')).rejects.toBeInstanceOf(ArtifactNotFoundError);
    });

    it('removes a version whole, leaves its neighbours, tolerates a missing path, and frees the path', async () => {
      const doomed = at();
      const path = await store.write(
        doomed,
        new Map([
          ['a.bin', bytes(MIB + 7, 11)],
          ['b.bin', bytes(5, 12)],
        ]),
      );
      const neighbour = await store.write(at(), new Map([['a.bin', bytes(100, 13)]]));
      await store.remove(path);
      expect(await store.list(path)).toEqual([]);
      expect(await store.exists(path, 'a.bin')).toBe(false);
      await expect(store.read(path, 'b.bin')).rejects.toBeInstanceOf(ArtifactNotFoundError);
      await expect(store.remove(path)).resolves.toBeUndefined();
      expect(await store.list(neighbour)).toEqual(['a.bin']);
      const rewritten = bytes(64, 14);
      await store.write(doomed, new Map([['c.bin', rewritten]]));
      expect(await store.list(path)).toEqual(['c.bin']);
    });

    it('lists only the files of the version asked for, across versions, kinds, shops and tenants', async () => {
      const base = at();
      const v1 = await store.write({ ...base, version: 'list-1' }, new Map([['one.bin', bytes(1, 15)]]));
      const v10 = await store.write({ ...base, version: 'list-10' }, new Map([['ten.bin', bytes(1, 16)]]));
      const other = at(1);
      const sibling = await store.write({ ...other, version: 'list-1' }, new Map([['sib.bin', bytes(1, 17)]]));
      const foreign = at(2);
      const stranger = await store.write({ ...foreign, version: 'list-1' }, new Map([['far.bin', bytes(1, 18)]]));
      const kinds = await store.write(
        { ...base, kind: 'baseline', version: 'list-1' },
        new Map([['k.bin', bytes(1, 19)]]),
      );
      expect(await store.list(v1)).toEqual(['one.bin']);
      expect(await store.list(v10)).toEqual(['ten.bin']);
      expect(await store.list(sibling)).toEqual(['sib.bin']);
      expect(await store.list(stranger)).toEqual(['far.bin']);
      expect(await store.list(kinds)).toEqual(['k.bin']);
      expect(await store.exists(v1, 'ten.bin')).toBe(false);
    });

    it('gives a local file whose bytes equal read(), released according to the store', async () => {
      const data = bytes(3 * MIB + 5, 20);
      const path = await store.write(at(), new Map([['hnsw.bin', data]]));
      const local = await store.localFile(path, 'hnsw.bin');
      expect(same(await readFile(local.file), await store.read(path, 'hnsw.bin'))).toBe(true);
      expect(sha(await readFile(local.file))).toBe(sha(data));
      await local.release();
      // The filesystem store hands out the artifact itself; the PostgreSQL store a copy of its own.
      expect(existsSync(local.file)).toBe(store.kind === 'filesystem');
      expect(same(await store.read(path, 'hnsw.bin'), data)).toBe(true);
    });

    it('refuses traversal, unsafe names and non-version paths, and writes nothing for them', async () => {
      const location = at();
      const one = new Map([['a.bin', bytes(4, 21)]]);
      for (const version of ['..', '.', '.tmp-x', 'a/b', '', 'a b', 'x'.repeat(201)]) {
        await expect(store.write({ ...location, version }, one)).rejects.toBeInstanceOf(ArtifactPathError);
      }
      await expect(store.write({ ...location, kind: '..' }, one)).rejects.toBeInstanceOf(ArtifactPathError);
      for (const name of ['../a.bin', 'd/a.bin', '..', '.hidden', '']) {
        await expect(store.write(location, new Map([[name, bytes(4, 22)]]))).rejects.toBeInstanceOf(ArtifactPathError);
      }
      await expect(store.write(location, new Map())).rejects.toBeInstanceOf(ArtifactPathError);
      const path = `${location.tenantId}/${location.shopId}/model/${location.version}`;
      expect(await store.list(path)).toEqual([]);
      const written = await store.write(location, one);
      for (const bad of ['..', '../../..', `${location.tenantId}/${location.shopId}`, `${written}/..`, `/${written}`]) {
        await expect(store.read(bad, 'a.bin')).rejects.toBeInstanceOf(ArtifactPathError);
        await expect(store.remove(bad)).rejects.toBeInstanceOf(ArtifactPathError);
        await expect(store.list(bad)).rejects.toBeInstanceOf(ArtifactPathError);
      }
      await expect(store.read(written, '../a.bin')).rejects.toBeInstanceOf(ArtifactPathError);
      expect(await store.list(written)).toEqual(['a.bin']);
    });

    it('detects a corrupted chunk on read and on localFile, naming the file', async (context) => {
      if (subject.corrupt === undefined) return context.skip();
      const path = await store.write(at(), new Map([['vectors.f32', bytes(2 * MIB + 3, 23)]]));
      await subject.corrupt(path, 'vectors.f32');
      const read = store.read(path, 'vectors.f32');
      await expect(read).rejects.toBeInstanceOf(ArtifactChecksumError);
      await expect(read).rejects.toThrow(`${path}/vectors.f32`);
      await expect(store.localFile(path, 'vectors.f32')).rejects.toBeInstanceOf(ArtifactChecksumError);
    });
  });
}
