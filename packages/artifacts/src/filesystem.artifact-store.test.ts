// The filesystem store against a real temporary directory: the shared contract, then what only a directory
// tree has (an absolute root, the older store's versions, staging directories left by a killed writer).

import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactNotFoundError } from '@shopspace/domain';
import { ArtifactPathError } from './artifact.errors.ts';
import { bytes, describeArtifactStoreContract, sha } from './artifact-store.contract.ts';
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

  it('reads the versions the store it replaced wrote, under the same paths (<tenant>/<shop>/model/<version>)', async () => {
    const files = new Map([
      ['model.json', new TextEncoder().encode('{"format":1}')],
      ['vectors.f32', bytes(40_000, 1)],
    ]);
    const path = `${TENANT}/${SHOP}/model/legacy-1`;
    await mkdir(join(root, path), { recursive: true });
    for (const [name, data] of files) await writeFile(join(root, path, name), data);
    expect(await store.list(path)).toEqual(['model.json', 'vectors.f32']);
    expect(sha(await store.read(path, 'vectors.f32'))).toBe(sha(files.get('vectors.f32') ?? new Uint8Array(1)));
    const local = await store.localFile(path, 'vectors.f32');
    expect(local.file).toBe(join(root, path, 'vectors.f32'));
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
