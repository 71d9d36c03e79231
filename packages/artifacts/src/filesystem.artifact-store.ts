// Artifact versions as directories under one absolute root: <root>/<tenant>/<shop>/<kind>/<version>/<file>.
// A version is written into a staging directory beside its final place and renamed there, so readers see all
// of it or none of it; the layout is the older FsArtifactStore's, so the versions it wrote stay readable.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  ArtifactExistsError,
  ArtifactNotFoundError,
  type ArtifactLocation,
  type ArtifactStore,
} from '@shopspace/domain';
import { ArtifactPathError } from './artifact.errors.ts';
import { checkFileName, formatArtifactPath, parseArtifactPath } from './artifact-path.ts';

export interface FilesystemArtifactStoreOptions {
  /**
   * fsync each file and the directories before and after the rename (default true), so a version a database
   * row points to survives a power cut, not only a crashed process. Off only where durability does not matter.
   */
  readonly durable?: boolean;
}

const STAGING_PREFIX = '.tmp-';
const HOUR_MS = 3_600_000;

const errorCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
// ENOTDIR: a part of the path is a file; EISDIR: the name is a directory. Neither is an artifact file.
const isMissing = (error: unknown): boolean => ['ENOENT', 'ENOTDIR', 'EISDIR'].includes(errorCode(error) as string);

export class FilesystemArtifactStore implements ArtifactStore {
  readonly kind = 'filesystem';
  readonly root: string;
  private readonly durable: boolean;

  /** `root` must be absolute: the caller resolves its settings, so two processes agree on where models live. */
  constructor(root: string, options: FilesystemArtifactStoreOptions = {}) {
    if (!isAbsolute(root)) throw new ArtifactPathError(`artifact root must be an absolute path, got ${root}`);
    // Absolute, so resolve only normalises (trailing slashes, `..` segments) and never consults process.cwd().
    this.root = resolve(root);
    this.durable = options.durable ?? true;
  }

  async write(location: ArtifactLocation, files: ReadonlyMap<string, Uint8Array>): Promise<string> {
    const path = formatArtifactPath(location);
    for (const name of files.keys()) checkFileName(name);
    // An empty directory could be silently replaced by a racing writer's rename; a version always has files.
    if (files.size === 0) throw new ArtifactPathError(`artifact version ${path} has no files`);
    const final = this.directory(path);
    if (await this.present(final)) throw new ArtifactExistsError(path);

    const parent = dirname(final);
    await mkdir(parent, { recursive: true });
    const staging = join(parent, `${STAGING_PREFIX}${randomBytes(8).toString('hex')}`);
    await mkdir(staging);
    try {
      for (const [name, data] of files) await this.writeFile(join(staging, name), data);
      if (this.durable) await syncDirectory(staging);
      try {
        // rename(2) refuses a non-empty target, so of two racing writers exactly one wins.
        await rename(staging, final);
      } catch (error) {
        if (errorCode(error) === 'ENOTEMPTY' || errorCode(error) === 'EEXIST') throw new ArtifactExistsError(path);
        throw error;
      }
      if (this.durable) await syncDirectory(parent);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    return path;
  }

  async read(path: string, name: string): Promise<Uint8Array> {
    try {
      return await readFile(this.file(path, name));
    } catch (error) {
      if (isMissing(error)) throw new ArtifactNotFoundError(path, name);
      throw error;
    }
  }

  async exists(path: string, name: string): Promise<boolean> {
    try {
      return (await stat(this.file(path, name))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async list(path: string): Promise<string[]> {
    try {
      const entries = await readdir(this.directory(path), { withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
        .sort();
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  async remove(path: string): Promise<void> {
    // directory() accepts only a four-part version path, so nothing above a version can be removed.
    await rm(this.directory(path), { recursive: true, force: true });
  }

  async localFile(path: string, name: string): Promise<{ file: string; release(): Promise<void> }> {
    const file = this.file(path, name);
    if (!(await this.exists(path, name))) throw new ArtifactNotFoundError(path, name);
    return { file, release: () => Promise.resolve() };
  }

  /**
   * Removes staging directories older than `olderThanMs` (default an hour): what a writer killed mid-version
   * leaves behind. Returns how many it removed.
   */
  async sweep(olderThanMs = HOUR_MS): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const kindDir of await this.subdirectories(this.root, 3)) {
      for (const entry of await readdir(kindDir, { withFileTypes: true }).catch(() => [])) {
        if (!entry.isDirectory() || !entry.name.startsWith(STAGING_PREFIX)) continue;
        const staging = join(kindDir, entry.name);
        const info = await stat(staging).catch(() => null);
        if (info === null || info.mtimeMs >= cutoff) continue;
        await rm(staging, { recursive: true, force: true });
        removed += 1;
      }
    }
    return removed;
  }

  private directory(path: string): string {
    const { tenantId, shopId, kind, version } = parseArtifactPath(path);
    return join(this.root, tenantId, shopId, kind, version);
  }

  private file(path: string, name: string): string {
    checkFileName(name);
    return join(this.directory(path), name);
  }

  private async present(directory: string): Promise<boolean> {
    try {
      await stat(directory);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  private async writeFile(file: string, data: Uint8Array): Promise<void> {
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(data);
      if (this.durable) await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Directories `depth` levels below `from` (tenant, shop, kind), skipping what is not a directory. */
  private async subdirectories(from: string, depth: number): Promise<string[]> {
    if (depth === 0) return [from];
    const entries = await readdir(from, { withFileTypes: true }).catch(() => []);
    const out: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) {
        out.push(...(await this.subdirectories(join(from, entry.name), depth - 1)));
      }
    }
    return out;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
