// `pnpm bench:artifacts`: write, read and localFile throughput of a 30 MiB artifact on the filesystem store, the
// PostgreSQL store (node-pg, several chunk sizes and parallelisms) and the PostgreSQL store on PGlite, plus the
// per-MiB cost of a bytea parameter/result against base64 text that chose the chunk encoding.
// Uses a throwaway database on the local server (dropped at the end) and temporary directories.

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployPostgres, dropDatabase, openPglite, openPostgres, type SqlClient } from '@shopspace/db';
import type { ArtifactStore } from '@shopspace/domain';
import { FilesystemArtifactStore, PostgresArtifactStore } from '../src/index.ts';

const MIB = 1 << 20;
const SIZE = 30 * MIB;
const REPEATS = 3;
const SERVER = process.env['TEST_DATABASE_SERVER'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const mbps = (bytes: number, ms: number): string => (bytes / MIB / (ms / 1000)).toFixed(1);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function seedShop(sql: SqlClient): Promise<{ tenantId: string; shopId: string }> {
  const tenantId = randomUUID();
  const shopId = randomUUID();
  await sql.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'bench']);
  await sql.query(`INSERT INTO shops (id, tenant_id, handle, name, currency) VALUES ($1, $2, 'b', 'b', 'GBP')`, [
    shopId,
    tenantId,
  ]);
  return { tenantId, shopId };
}

/** Median over REPEATS of write, read and localFile (copy + release) of one SIZE-byte file. */
async function measure(label: string, store: ArtifactStore, shop: { tenantId: string; shopId: string }) {
  const data = randomBytes(SIZE);
  const files = new Map([['hnsw.bin', data]]);
  const writes: number[] = [];
  const reads: number[] = [];
  const locals: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const location = { ...shop, kind: 'bench', version: `v-${randomUUID()}` };
    let path = '';
    writes.push(
      await timed(async () => {
        path = await store.write(location, files);
      }),
    );
    let back: Uint8Array = new Uint8Array(0);
    reads.push(
      await timed(async () => {
        back = await store.read(path, 'hnsw.bin');
      }),
    );
    if (Buffer.compare(back, data) !== 0) throw new Error(`${label}: read back different bytes`);
    locals.push(
      await timed(async () => {
        const local = await store.localFile(path, 'hnsw.bin');
        await local.release();
      }),
    );
    await store.remove(path);
  }
  const [w, rd, lf] = [median(writes), median(reads), median(locals)];
  // localFile on the filesystem store copies nothing, so only its time means anything.
  const local = store.kind === 'filesystem' ? '' : ` ${mbps(SIZE, lf)} MB/s`;
  console.log(
    `${label.padEnd(40)} write ${mbps(SIZE, w).padStart(6)} MB/s (${w.toFixed(0)} ms)  read ${mbps(SIZE, rd).padStart(6)} MB/s (${rd.toFixed(0)} ms)  localFile${local} (${lf.toFixed(1)} ms)`,
  );
}

/** ms per MiB of one insert and one select of a 1 MiB value, bytea on the wire against base64 text. */
async function encodings(label: string, sql: SqlClient) {
  await sql.query('CREATE TABLE IF NOT EXISTS bench_encoding (id int PRIMARY KEY, b bytea)');
  const value = randomBytes(MIB);
  const n = 8;
  const run = async (insert: string, param: unknown, select: string, decode: (v: unknown) => Buffer) => {
    await sql.query('TRUNCATE bench_encoding');
    const w = await timed(async () => {
      for (let i = 0; i < n; i++) await sql.query(insert, [i, param]);
    });
    const r = await timed(async () => {
      for (let i = 0; i < n; i++) {
        const [row] = await sql.query<{ b: unknown }>(select, [i]);
        if (decode(row?.b).byteLength !== MIB) throw new Error('wrong length');
      }
    });
    return `write ${(w / n).toFixed(1)} ms/MiB, read ${(r / n).toFixed(1)} ms/MiB`;
  };
  const bytea = await run(
    'INSERT INTO bench_encoding VALUES ($1, $2)',
    value,
    'SELECT b FROM bench_encoding WHERE id = $1',
    (v) => Buffer.from(v as Uint8Array),
  );
  const base64 = await run(
    `INSERT INTO bench_encoding VALUES ($1, decode($2, 'base64'))`,
    value.toString('base64'),
    `SELECT encode(b, 'base64') AS b FROM bench_encoding WHERE id = $1`,
    (v) => Buffer.from(v as string, 'base64'),
  );
  console.log(`${label.padEnd(10)} bytea: ${bytea}   base64 text: ${base64}`);
  await sql.query('DROP TABLE bench_encoding');
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'shopspace-artifacts-bench-'));
  const url = new URL(SERVER);
  url.pathname = `/shopspace_bench_artifacts_${randomBytes(4).toString('hex')}`;
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  console.log(`artifact store throughput, one ${SIZE / MIB} MiB file, median of ${REPEATS}`);
  console.log(
    `node ${process.version}, ${cpus().length} cores, load average ${load()} (a shared machine: compare within a run)`,
  );
  try {
    await measure('filesystem (fsync)', new FilesystemArtifactStore(join(scratch, 'fs')), {
      tenantId: 't',
      shopId: 's',
    });
    await measure('filesystem (no fsync)', new FilesystemArtifactStore(join(scratch, 'fs2'), { durable: false }), {
      tenantId: 't',
      shopId: 's',
    });

    await deployPostgres(url.toString());
    const pgDb = openPostgres(url.toString(), { max: 10 });
    try {
      const shop = await seedShop(pgDb.sql);
      for (const [chunkSize, parallelism] of [
        [256 * 1024, 2],
        [MIB, 1],
        [MIB, 2],
        [MIB, 4],
        [4 * MIB, 2],
      ] as const) {
        const store = new PostgresArtifactStore({
          sql: pgDb.sql,
          cacheDir: join(scratch, 'cache'),
          chunkSize,
          parallelism,
        });
        await measure(`postgres node-pg chunk ${chunkSize / 1024} KiB ×${parallelism}`, store, shop);
      }
      await encodings('node-pg', pgDb.sql);
    } finally {
      await pgDb.close();
    }

    const lite = await openPglite(join(scratch, 'pglite'));
    try {
      const shop = await seedShop(lite.sql);
      for (const chunkSize of [256 * 1024, MIB, 4 * MIB]) {
        const store = new PostgresArtifactStore({ sql: lite.sql, cacheDir: join(scratch, 'cache'), chunkSize });
        await measure(`postgres PGlite chunk ${chunkSize / 1024} KiB`, store, shop);
      }
      await encodings('PGlite', lite.sql);
    } finally {
      await lite.close();
    }
  } finally {
    console.log(`load average at the end ${load()}`);
    await dropDatabase(url.toString()).catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
