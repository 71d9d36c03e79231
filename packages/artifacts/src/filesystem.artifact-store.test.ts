// The filesystem store against a real temporary directory: the shared contract, then what only a directory
// tree has (an absolute root, the older store's versions, staging directories left by a killed writer).

import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsArtifactStore } from '@shopspace/db';
import { ArtifactNotFoundError } from '@shopspace/domain';
import { ArtifactPathError } from './artifact.errors.ts';
import { MIB, bytes, describeArtifactStoreContract, sha } from './artifact-store.contract.ts';
import { FilesystemArtifactStore } from './filesystem.artifact-store.ts';

const TENANT = '0190a1b2-0000-7000-8000-000000000001';
const SHOP = '0190a1b2-0000-7000-8000-00000000000a';
const roots: string[] = [];

async function freshRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'shopspace-artifacts-'));
  roots.push(root);
  return root;
}

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

describeArtifactStoreContract({
  label: 'filesystem',
  async setup() {
    return {
      store: new FilesystemArtifactStore(await freshRoot()),
      shops: [
        { tenantId: 'tenant-a', shopId: 'shop-1' },
        { tenantId: 'tenant-a', shopId: 'shop-2' },
        { tenantId: 'tenant-b', shopId: 'shop-1' },
      ],
    };
  },
});

describe('FilesystemArtifactStore', () => {
  let root: string;
  let store: FilesystemArtifactStore;
  beforeAll(async () => {
    root = await freshRoot();
    store = new FilesystemArtifactStore(root);
  });

  it('refuses a relative root instead of resolving it against the working directory', () => {
    for (const relative of ['artifacts', './.data/artifacts', '../artifacts', '']) {
      expect(() => new FilesystemArtifactStore(relative)).toThrow(ArtifactPathError);
    }
    expect(new FilesystemArtifactStore(`${root}/x/../`).root).toBe(root);
  });

  it("reads the versions @shopspace/db's FsArtifactStore wrote, under the same paths", async () => {
    const older = new FsArtifactStore(root);
    const files = new Map([
      ['model.json', new TextEncoder().encode('{"format":1}')],
      ['vectors.f32', bytes(40_000, 1)],
    ]);
    const path = await older.write({ tenantId: TENANT, shopId: SHOP, kind: 'model', version: 'legacy-1' }, files);
    expect(path).toBe(`${TENANT}/${SHOP}/model/legacy-1`);
    expect(await store.list(path)).toEqual(['model.json', 'vectors.f32']);
    expect(sha(await store.read(path, 'vectors.f32'))).toBe(sha(files.get('vectors.f32') ?? new Uint8Array(1)));
    const local = await store.localFile(path, 'vectors.f32');
    expect(local.file).toBe(join(root, TENANT, SHOP, 'model', 'legacy-1', 'vectors.f32'));
    await store.remove(path);
    expect(await store.list(path)).toEqual([]);
  });

  it('writes the version beside its final place and leaves no staging directory behind', async () => {
    const path = await store.write(
      { tenantId: TENANT, shopId: SHOP, kind: 'model', version: 'staged' },
      new Map([['a.bin', bytes(10, 2)]]),
    );
    expect(await readdir(join(root, TENANT, SHOP, 'model'))).toContain('staged');
    const failing = new Map([
      ['a.bin', bytes(10, 3)],
      ['b.bin', null as unknown as Uint8Array],
    ]);
    await expect(
      store.write({ tenantId: TENANT, shopId: SHOP, kind: 'model', version: 'broken' }, failing),
    ).rejects.toThrow();
    const entries = await readdir(join(root, TENANT, SHOP, 'model'));
    expect(entries.filter((e) => e.startsWith('.tmp-'))).toEqual([]);
    expect(entries).not.toContain('broken');
    expect(await store.list(path)).toEqual(['a.bin']);
  });

  it('shows readers nothing of a version while its files are being written', async () => {
    const location = { tenantId: TENANT, shopId: SHOP, kind: 'model', version: 'in-flight' };
    const path = `${TENANT}/${SHOP}/model/in-flight`;
    const seen: { list?: string[]; exists?: boolean } = {};
    // Written after a.bin: the source looks at the store from inside the write, then fails.
    const source = {
      async *[Symbol.asyncIterator]() {
        seen.list = await store.list(path);
        seen.exists = await store.exists(path, 'a.bin');
        yield new Uint8Array(1);
        throw new Error('source failed');
      },
    } as unknown as Uint8Array;
    const files = new Map([
      ['a.bin', bytes(MIB, 8)],
      ['b.bin', source],
    ]);
    await expect(store.write(location, files)).rejects.toThrow('source failed');
    expect(seen).toEqual({ list: [], exists: false });
    expect(await store.list(path)).toEqual([]);
  });

  it("hides a killed writer's staging directory and sweeps it once it is an hour old", async () => {
    const kindDir = join(root, TENANT, SHOP, 'layout');
    const staging = join(kindDir, '.tmp-0123456789abcdef');
    await mkdir(staging, { recursive: true });
    await writeFile(join(staging, 'half.bin'), bytes(10, 4));
    const young = join(kindDir, '.tmp-fedcba9876543210');
    await mkdir(young);
    const kept = await store.write(
      { tenantId: TENANT, shopId: SHOP, kind: 'layout', version: 'kept' },
      new Map([['a.bin', bytes(10, 5)]]),
    );
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(staging, twoHoursAgo, twoHoursAgo);
    await utimes(join(root, TENANT, SHOP, 'layout', 'kept'), twoHoursAgo, twoHoursAgo);

    await expect(store.read(`${TENANT}/${SHOP}/layout/.tmp-0123456789abcdef`, 'half.bin')).rejects.toBeInstanceOf(
      ArtifactPathError,
    );
    expect(await store.sweep()).toBe(1);
    expect((await readdir(kindDir)).sort()).toEqual(['.tmp-fedcba9876543210', 'kept']);
    expect(await store.list(kept)).toEqual(['a.bin']);
  });

  it('removes only version directories, never a shop or a tenant', async () => {
    const path = await store.write(
      { tenantId: TENANT, shopId: SHOP, kind: 'model', version: 'keep-me' },
      new Map([['a.bin', bytes(10, 6)]]),
    );
    for (const above of [TENANT, `${TENANT}/${SHOP}`, `${TENANT}/${SHOP}/model`]) {
      await expect(store.remove(above)).rejects.toBeInstanceOf(ArtifactPathError);
    }
    expect(await store.list(path)).toEqual(['a.bin']);
  });

  it('treats a directory where a file is expected as missing, not as a file', async () => {
    const path = await store.write(
      { tenantId: TENANT, shopId: SHOP, kind: 'model', version: 'dir-inside' },
      new Map([['a.bin', bytes(10, 7)]]),
    );
    await mkdir(join(root, TENANT, SHOP, 'model', 'dir-inside', 'sub'));
    expect(await store.exists(path, 'sub')).toBe(false);
    expect(await store.list(path)).toEqual(['a.bin']);
    await expect(store.read(path, 'sub')).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(store.localFile(path, 'sub')).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });
});
