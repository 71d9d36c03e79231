// The PostgreSQL store against the real server (a database cloned from the migrated template) and against the
// embedded PGlite the product falls back to: the shared contract on both, then what only chunk rows have.

import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database, type SqlClient } from '@shopspace/db';
import { ArtifactNotFoundError } from '@shopspace/domain';
import { createTestDatabase, type TestDatabase } from '@shopspace/testing';
import { ArtifactChecksumError, ArtifactPathError } from './artifact.errors.ts';
import { MIB, bytes, describeArtifactStoreContract, sha } from './artifact-store.contract.ts';
import { PostgresArtifactStore } from './postgres.artifact-store.ts';

interface Backend {
  readonly label: string;
  readonly sql: SqlClient;
  readonly shops: { tenantId: string; shopId: string }[];
  readonly cacheDir: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Two tenants, the first with two shops: the store's rows reference real shops. */
async function seedShops(sql: SqlClient): Promise<{ tenantId: string; shopId: string }[]> {
  const tenants = [randomUUID(), randomUUID()];
  const shops = [
    { tenantId: tenants[0] ?? '', shopId: randomUUID() },
    { tenantId: tenants[0] ?? '', shopId: randomUUID() },
    { tenantId: tenants[1] ?? '', shopId: randomUUID() },
  ];
  for (const id of tenants) await sql.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [id, `t-${id}`]);
  for (const [i, s] of shops.entries()) {
    await sql.query(`INSERT INTO shops (id, tenant_id, handle, name, currency) VALUES ($1, $2, $3, $3, 'GBP')`, [
      s.shopId,
      s.tenantId,
      `shop-${i}`,
    ]);
  }
  return shops;
}

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function lazily<T>(open: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= open());
}

const backends: { label: string; open: () => Promise<Backend> }[] = [
  {
    label: 'postgres (node-pg)',
    open: lazily(async () => {
      const test: TestDatabase = await createTestDatabase('artifacts');
      cleanups.push(() => test.drop());
      return {
        label: 'node-pg',
        sql: test.db.sql,
        shops: await seedShops(test.db.sql),
        cacheDir: await tempDir('ss-cache-'),
      };
    }),
  },
  {
    label: 'postgres (PGlite)',
    open: lazily(async () => {
      const db: Database = await openPglite(await tempDir('ss-pglite-'));
      cleanups.unshift(() => db.close());
      return { label: 'pglite', sql: db.sql, shops: await seedShops(db.sql), cacheDir: await tempDir('ss-cache-') };
    }),
  },
];

async function fileId(sql: SqlClient, path: string, name: string): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    `SELECT f.id FROM artifact_files f JOIN artifact_versions v ON v.tenant_id = f.tenant_id AND v.id = f.version_id
      WHERE v.path = $1 AND f.name = $2`,
    [path, name],
  );
  if (row === undefined) throw new Error(`no file row for ${path}/${name}`);
  return row.id;
}

async function count(sql: SqlClient, query: string, params: unknown[] = []): Promise<number> {
  const [row] = await sql.query<{ n: unknown }>(query, params);
  return Number(row?.n);
}

/** Passes queries through until `chunkInserts` chunks are stored, then fails every query: a lost connection. */
function dyingAfter(sql: SqlClient, chunkInserts: number): SqlClient {
  let stored = 0;
  let dead = false;
  return {
    query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> {
      if (!dead && text.startsWith('INSERT INTO artifact_chunks')) dead = stored++ >= chunkInserts;
      if (dead) return Promise.reject(new Error('Connection terminated unexpectedly'));
      return sql.query<T>(text, params);
    },
  };
}

for (const backend of backends) {
  describeArtifactStoreContract({
    label: backend.label,
    async setup() {
      const b = await backend.open();
      return {
        store: new PostgresArtifactStore({ sql: b.sql, cacheDir: b.cacheDir }),
        shops: b.shops,
        async corrupt(path, name) {
          const id = await fileId(b.sql, path, name);
          await b.sql.query(
            'UPDATE artifact_chunks SET data = set_byte(data, 7, (get_byte(data, 7) + 1) % 256) WHERE file_id = $1 AND seq = 1',
            [id],
          );
        },
      };
    },
  });

  describe(`PostgresArtifactStore on ${backend.label}`, () => {
    let b: Backend;
    let store: PostgresArtifactStore;
    let n = 0;
    const location = (shop = 0) => {
      const s = b.shops[shop];
      if (s === undefined) throw new Error('no shop');
      n += 1;
      return { ...s, kind: 'model', version: `pg-${n}` };
    };
    beforeAll(async () => {
      b = await backend.open();
      store = new PostgresArtifactStore({ sql: b.sql, cacheDir: b.cacheDir });
    });

    it('keeps a crashed write invisible, does not let it block the path, and sweeps it after an hour', async () => {
      const at = location();
      const path = `${at.tenantId}/${at.shopId}/model/${at.version}`;
      const crashing = new PostgresArtifactStore({ sql: dyingAfter(b.sql, 3), cacheDir: b.cacheDir });
      const files = new Map([['vectors.f32', bytes(5 * MIB, 1)]]);
      await expect(crashing.write(at, files)).rejects.toThrow('Connection terminated');
      // Its cleanup could not reach the database either: the rows are there, unpublished.
      const staged = await count(b.sql, 'SELECT count(*) AS n FROM artifact_versions WHERE path IS NULL');
      expect(staged).toBe(1);
      expect(
        await count(
          b.sql,
          'SELECT count(*) AS n FROM artifact_chunks c JOIN artifact_files f ON f.id = c.file_id JOIN artifact_versions v ON v.id = f.version_id WHERE v.path IS NULL',
        ),
      ).toBe(3);
      expect(await store.list(path)).toEqual([]);
      expect(await store.exists(path, 'vectors.f32')).toBe(false);
      await expect(store.read(path, 'vectors.f32')).rejects.toBeInstanceOf(ArtifactNotFoundError);

      expect(await store.write(at, files)).toBe(path);
      expect(await store.sweep()).toBe(0);
      await b.sql.query("UPDATE artifact_versions SET created_at = created_at - interval '2 hours'");
      expect(await store.sweep()).toBe(1);
      expect(await count(b.sql, 'SELECT count(*) AS n FROM artifact_versions WHERE path IS NULL')).toBe(0);
      expect(sha(await store.read(path, 'vectors.f32'))).toBe(sha(files.get('vectors.f32') ?? new Uint8Array(1)));
    });

    it('cleans up after itself when a write fails while the database is reachable', async () => {
      const before = await count(b.sql, 'SELECT count(*) AS n FROM artifact_chunks');
      const bad = new Map([
        ['a.bin', bytes(3 * MIB, 2)],
        ['b.bin', null as unknown as Uint8Array],
      ]);
      await expect(store.write(location(), bad)).rejects.toThrow();
      expect(await count(b.sql, 'SELECT count(*) AS n FROM artifact_chunks')).toBe(before);
      expect(await count(b.sql, 'SELECT count(*) AS n FROM artifact_versions WHERE path IS NULL')).toBe(0);
    });

    it('stores one row per chunk and reads files written with another chunk size', async () => {
      const small = new PostgresArtifactStore({ sql: b.sql, cacheDir: b.cacheDir, chunkSize: 1000, parallelism: 3 });
      const data = bytes(10_500, 3);
      const path = await small.write(
        location(),
        new Map([
          ['knn.bin', data],
          ['empty.bin', new Uint8Array(0)],
        ]),
      );
      const id = await fileId(b.sql, path, 'knn.bin');
      expect(await count(b.sql, 'SELECT count(*) AS n FROM artifact_chunks WHERE file_id = $1', [id])).toBe(11);
      expect(
        await count(b.sql, 'SELECT max(octet_length(data)) AS n FROM artifact_chunks WHERE file_id = $1', [id]),
      ).toBe(1000);
      const empty = await fileId(b.sql, path, 'empty.bin');
      expect(await count(b.sql, 'SELECT count(*) AS n FROM artifact_chunks WHERE file_id = $1', [empty])).toBe(0);
      expect(sha(await store.read(path, 'knn.bin'))).toBe(sha(data));
      expect((await store.read(path, 'empty.bin')).byteLength).toBe(0);
    });

    it('reports a missing or truncated chunk as corruption, and localFile leaves no copy behind', async () => {
      const path = await store.write(
        location(),
        new Map([
          ['a.bin', bytes(3 * MIB, 4)],
          ['b.bin', bytes(2 * MIB, 5)],
        ]),
      );
      const a = await fileId(b.sql, path, 'a.bin');
      await b.sql.query('DELETE FROM artifact_chunks WHERE file_id = $1 AND seq = 2', [a]);
      await expect(store.read(path, 'a.bin')).rejects.toThrow(/a\.bin is corrupt: chunk 2 of 3 is missing/);
      const bFile = await fileId(b.sql, path, 'b.bin');
      await b.sql.query(
        'UPDATE artifact_chunks SET data = substring(data from 1 for 10) WHERE file_id = $1 AND seq = 0',
        [bFile],
      );
      await expect(store.read(path, 'b.bin')).rejects.toBeInstanceOf(ArtifactChecksumError);
      const cached = async () => readdir(b.cacheDir).catch(() => []);
      const before = (await cached()).length;
      await expect(store.localFile(path, 'b.bin')).rejects.toBeInstanceOf(ArtifactChecksumError);
      expect((await cached()).length).toBe(before);
    });

    it('refuses locations that are not shop ids, and shops that do not exist', async () => {
      const one = new Map([['a.bin', bytes(4, 6)]]);
      await expect(
        store.write({ tenantId: 'tenant-a', shopId: 'shop-1', kind: 'model', version: 'v' }, one),
      ).rejects.toBeInstanceOf(ArtifactPathError);
      const stranger = { ...location(), shopId: randomUUID() };
      await expect(store.write(stranger, one)).rejects.toThrow(`no shop ${stranger.shopId}`);
      expect(await store.list('tenant-a/shop-1/model/v')).toEqual([]);
      await expect(store.read('tenant-a/shop-1/model/v', 'a.bin')).rejects.toBeInstanceOf(ArtifactNotFoundError);
      await expect(store.remove('tenant-a/shop-1/model/v')).resolves.toBeUndefined();
    });

    it('refuses a relative cache directory and nonsensical chunk sizes', () => {
      expect(() => new PostgresArtifactStore({ sql: b.sql, cacheDir: 'cache' })).toThrow(ArtifactPathError);
      for (const chunkSize of [0, 1.5, 65 * MIB]) {
        expect(() => new PostgresArtifactStore({ sql: b.sql, cacheDir: b.cacheDir, chunkSize })).toThrow(RangeError);
      }
    });
  });
}
