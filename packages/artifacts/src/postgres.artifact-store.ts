// Artifact versions in PostgreSQL (node-pg or the embedded PGlite), for processes that share no disk: a version
// row, one row per file (size, sha256) and the bytes in bytea chunks written and read one statement each.
// A version's path is set only after its last chunk, so readers never see a partial version.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { SqlClient } from '@shopspace/db';
import {
  ArtifactExistsError,
  ArtifactNotFoundError,
  type ArtifactLocation,
  type ArtifactStore,
} from '@shopspace/domain';
import { ArtifactChecksumError, ArtifactPathError } from './artifact.errors.ts';
import { checkFileName, formatArtifactPath, parseArtifactPath } from './artifact-path.ts';
import { allLimited, inOrder } from './chunk-window.ts';

export interface PostgresArtifactStoreOptions {
  readonly sql: SqlClient;
  /** Absolute directory for localFile's copies; created on first use. */
  readonly cacheDir: string;
  /** Bytes per chunk row (default 1 MiB); files keep the size they were written with. */
  readonly chunkSize?: number;
  /** Chunk statements in flight per file (default 2); on a pool each runs on its own connection. */
  readonly parallelism?: number;
}

export const DEFAULT_CHUNK_SIZE = 1 << 20;
const DEFAULT_PARALLELISM = 2;
const MAX_CHUNK_SIZE = 64 << 20;
const HOUR_MS = 3_600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

interface FileRow extends Record<string, unknown> {
  id: string;
  size: unknown;
  chunk_size: unknown;
  sha256: string;
}

interface StoredFile {
  readonly id: string;
  readonly size: number;
  readonly chunkSize: number;
  readonly sha256: string;
}

const errorCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** int8 arrives as a number (node-pg with @shopspace/db's parser, PGlite) or, elsewhere, as bigint or text. */
function toNumber(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`artifact store: not an integer: ${String(value)}`);
  return n;
}

/**
 * Chunks travel as base64 text, decoded and encoded by the server: PGlite serialises a bytea parameter and parses a
 * bytea result in JavaScript at 3-5 MB/s, against 20-90 MB/s for base64 text (measured, README); node-pg is on a
 * par either way. Buffer.from over the same memory avoids a copy before encoding.
 */
const toBase64 = (data: Uint8Array, start: number, end: number): string =>
  Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('base64');

export class PostgresArtifactStore implements ArtifactStore {
  readonly kind = 'postgres';
  readonly cacheDir: string;
  readonly chunkSize: number;
  private readonly sql: SqlClient;
  private readonly parallelism: number;

  constructor(options: PostgresArtifactStoreOptions) {
    if (!isAbsolute(options.cacheDir)) {
      throw new ArtifactPathError(`artifact cache directory must be an absolute path, got ${options.cacheDir}`);
    }
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
      throw new RangeError(`chunkSize must be an integer in [1, ${MAX_CHUNK_SIZE}], got ${chunkSize}`);
    }
    const parallelism = options.parallelism ?? DEFAULT_PARALLELISM;
    if (!Number.isInteger(parallelism) || parallelism < 1) {
      throw new RangeError(`parallelism must be a positive integer, got ${parallelism}`);
    }
    this.sql = options.sql;
    this.cacheDir = resolve(options.cacheDir);
    this.chunkSize = chunkSize;
    this.parallelism = parallelism;
  }

  async write(location: ArtifactLocation, files: ReadonlyMap<string, Uint8Array>): Promise<string> {
    const path = formatArtifactPath(location);
    for (const name of files.keys()) checkFileName(name);
    if (!UUID.test(location.tenantId) || !UUID.test(location.shopId)) {
      throw new ArtifactPathError(`the PostgreSQL artifact store keys versions by tenant and shop ids: ${path}`);
    }
    if (files.size === 0) throw new ArtifactPathError(`artifact version ${path} has no files`);
    const { tenantId } = location;
    // Fail before streaming megabytes; the unique key still decides a race at the end.
    const taken = await this.sql.query('SELECT 1 AS taken FROM artifact_versions WHERE tenant_id = $1 AND path = $2', [
      tenantId,
      path,
    ]);
    if (taken.length > 0) throw new ArtifactExistsError(path);

    const versionId = randomUUID();
    try {
      await this.sql.query(
        'INSERT INTO artifact_versions (tenant_id, id, shop_id, kind, version) VALUES ($1, $2, $3, $4, $5)',
        [tenantId, versionId, location.shopId, location.kind, location.version],
      );
    } catch (error) {
      if (errorCode(error) === FOREIGN_KEY_VIOLATION) {
        throw new Error(`artifact store: no shop ${location.shopId} in tenant ${tenantId}`, { cause: error });
      }
      throw error;
    }

    try {
      for (const [name, data] of files) await this.writeFile(tenantId, versionId, name, data);
      const published = await this.sql.query(
        'UPDATE artifact_versions SET path = $3 WHERE tenant_id = $1 AND id = $2 AND path IS NULL RETURNING id',
        [tenantId, versionId, path],
      );
      // Only sweep() deletes an unpublished version: this writer outlived the sweep's age limit.
      if (published.length === 0) throw new Error(`artifact version ${path} was swept while being written`);
    } catch (error) {
      // Best effort: if the database is unreachable the row stays unpublished (invisible) until sweep().
      await this.sql
        .query('DELETE FROM artifact_versions WHERE tenant_id = $1 AND id = $2 AND path IS NULL', [tenantId, versionId])
        .catch(() => undefined);
      if (errorCode(error) === UNIQUE_VIOLATION) throw new ArtifactExistsError(path);
      throw error;
    }
    return path;
  }

  async read(path: string, name: string): Promise<Uint8Array> {
    const file = await this.stored(path, name);
    const out = new Uint8Array(file.size);
    const hash = createHash('sha256');
    let seq = 0;
    for await (const chunk of this.chunks(path, name, file)) {
      out.set(chunk, seq * file.chunkSize);
      hash.update(chunk);
      seq += 1;
    }
    this.verify(path, name, file, hash.digest('hex'));
    return out;
  }

  async exists(path: string, name: string): Promise<boolean> {
    return (await this.find(path, name)) !== null;
  }

  async list(path: string): Promise<string[]> {
    const { tenantId } = parseArtifactPath(path);
    if (!UUID.test(tenantId)) return [];
    const rows = await this.sql.query<{ name: string }>(
      `SELECT f.name FROM artifact_versions v
         JOIN artifact_files f ON f.tenant_id = v.tenant_id AND f.version_id = v.id
        WHERE v.tenant_id = $1 AND v.path = $2`,
      [tenantId, path],
    );
    // Sorted here, not by the database's collation, so both stores list in the same order.
    return rows.map((row) => row.name).sort();
  }

  async remove(path: string): Promise<void> {
    const { tenantId } = parseArtifactPath(path);
    if (!UUID.test(tenantId)) return;
    // Files and chunks go with it (ON DELETE CASCADE), in one statement: readers see all of it or none.
    await this.sql.query('DELETE FROM artifact_versions WHERE tenant_id = $1 AND path = $2', [tenantId, path]);
  }

  async localFile(path: string, name: string): Promise<{ file: string; release(): Promise<void> }> {
    const stored = await this.stored(path, name);
    await mkdir(this.cacheDir, { recursive: true });
    // A name of its own per call: two holders of the same artifact never share (or delete) each other's copy.
    const file = join(this.cacheDir, `${randomBytes(8).toString('hex')}-${name}`);
    const release = () => rm(file, { force: true });
    const handle = await open(file, 'wx');
    try {
      const hash = createHash('sha256');
      for await (const chunk of this.chunks(path, name, stored)) {
        hash.update(chunk);
        for (let done = 0; done < chunk.byteLength;) {
          done += (await handle.write(chunk, done, chunk.byteLength - done)).bytesWritten;
        }
      }
      this.verify(path, name, stored, hash.digest('hex'));
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await release();
      throw error;
    }
    return { file, release };
  }

  /**
   * Deletes versions left unpublished for longer than `olderThanMs` (default an hour): a writer that died
   * mid-version. Ages come from the database clock, so processes on different machines agree. A maintenance
   * query across tenants: it scans artifact_versions, a table of one row per version.
   */
  async sweep(olderThanMs = HOUR_MS): Promise<number> {
    const rows = await this.sql.query(
      `DELETE FROM artifact_versions
        WHERE path IS NULL AND created_at < now() - make_interval(secs => $1::float8 / 1000)
        RETURNING id`,
      [olderThanMs],
    );
    return rows.length;
  }

  private async writeFile(tenantId: string, versionId: string, name: string, data: Uint8Array): Promise<void> {
    const fileId = randomUUID();
    const sha256 = createHash('sha256').update(data).digest('hex');
    const { chunkSize } = this;
    await this.sql.query(
      `INSERT INTO artifact_files (tenant_id, id, version_id, name, size, chunk_size, sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tenantId, fileId, versionId, name, data.byteLength, chunkSize, sha256],
    );
    const count = Math.ceil(data.byteLength / chunkSize);
    await allLimited(count, this.parallelism, async (seq) => {
      const start = seq * chunkSize;
      await this.sql.query(
        `INSERT INTO artifact_chunks (tenant_id, file_id, seq, data) VALUES ($1, $2, $3, decode($4, 'base64'))`,
        [tenantId, fileId, seq, toBase64(data, start, Math.min(start + chunkSize, data.byteLength))],
      );
    });
  }

  private async find(path: string, name: string): Promise<StoredFile | null> {
    checkFileName(name);
    const { tenantId } = parseArtifactPath(path);
    // A well-formed path whose tenant is not an id (a filesystem-only path) cannot be in this store.
    if (!UUID.test(tenantId)) return null;
    const [row] = await this.sql.query<FileRow>(
      `SELECT f.id, f.size, f.chunk_size, f.sha256 FROM artifact_versions v
         JOIN artifact_files f ON f.tenant_id = v.tenant_id AND f.version_id = v.id
        WHERE v.tenant_id = $1 AND v.path = $2 AND f.name = $3`,
      [tenantId, path, name],
    );
    if (row === undefined) return null;
    return { id: row.id, size: toNumber(row.size), chunkSize: toNumber(row.chunk_size), sha256: row.sha256 };
  }

  private async stored(path: string, name: string): Promise<StoredFile> {
    const file = await this.find(path, name);
    if (file === null) throw new ArtifactNotFoundError(path, name);
    return file;
  }

  /** The file's chunks in order, each checked for its expected length. */
  private async *chunks(path: string, name: string, file: StoredFile): AsyncGenerator<Uint8Array, void, undefined> {
    const { tenantId } = parseArtifactPath(path);
    const count = Math.ceil(file.size / file.chunkSize);
    const fetch = async (seq: number) => {
      const [row] = await this.sql.query<{ data: unknown }>(
        `SELECT encode(data, 'base64') AS data FROM artifact_chunks WHERE tenant_id = $1 AND file_id = $2 AND seq = $3`,
        [tenantId, file.id, seq],
      );
      // PostgreSQL breaks base64 lines every 76 characters; Buffer's decoder skips the newlines.
      return typeof row?.data === 'string' ? Buffer.from(row.data, 'base64') : undefined;
    };
    let seq = 0;
    for await (const data of inOrder(count, this.parallelism, fetch)) {
      const expected = Math.min(file.chunkSize, file.size - seq * file.chunkSize);
      if (data === undefined) {
        // The version was removed while we read it, or a chunk row is gone.
        if ((await this.find(path, name))?.id !== file.id) throw new ArtifactNotFoundError(path, name);
        throw new ArtifactChecksumError(path, name, `chunk ${seq} of ${count} is missing`);
      }
      if (data.byteLength !== expected) {
        throw new ArtifactChecksumError(path, name, `chunk ${seq} has ${data.byteLength} bytes, expected ${expected}`);
      }
      yield data;
      seq += 1;
    }
  }

  private verify(path: string, name: string, file: StoredFile, actual: string): void {
    if (actual !== file.sha256.trim()) {
      throw new ArtifactChecksumError(path, name, `sha256 ${actual} does not match the stored ${file.sha256}`);
    }
  }
}
