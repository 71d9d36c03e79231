// Model artifacts on the filesystem under one configured root, laid out as <tenant>/<shop>/<kind>/<version>/<file>.
// A version's files are written into a temporary directory beside it and renamed into place, so a reader (or
// the database row that points here) never sees a half-written version.

import { access, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArtifactLocation, ArtifactStore } from '@shopspace/domain';

const SAFE = /^[A-Za-z0-9._-]+$/;

export class FsArtifactStore implements ArtifactStore {
  readonly kind = 'filesystem';
  readonly root: string;

  constructor(root: string) {
    if (!isAbsolute(root)) throw new Error(`the artifact root must be an absolute path, got ${JSON.stringify(root)}`);
    this.root = resolve(root);
  }

  async write(location: ArtifactLocation, files: ReadonlyMap<string, Uint8Array>): Promise<string> {
    const { tenantId, shopId, kind, version } = location;
    for (const part of [tenantId, shopId, kind, version, ...files.keys()]) {
      if (!SAFE.test(part) || part === '.' || part === '..')
        throw new Error(`unsafe artifact path part ${JSON.stringify(part)}`);
    }
    const relative = [tenantId, shopId, kind, version].join('/');
    const final = join(this.root, relative);
    const parent = join(this.root, tenantId, shopId, kind);
    await mkdir(parent, { recursive: true });
    const temp = join(parent, `.tmp-${version}-${randomBytes(4).toString('hex')}`);
    await mkdir(temp);
    try {
      for (const [name, data] of files) await writeFile(join(temp, name), data);
      await rename(temp, final);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    return relative;
  }

  read(path: string, name: string): Promise<Uint8Array> {
    return readFile(this.resolve(path, name));
  }

  async exists(path: string, name: string): Promise<boolean> {
    try {
      await access(this.resolve(path, name));
      return true;
    } catch {
      return false;
    }
  }

  async list(path: string): Promise<string[]> {
    try {
      return (await readdir(this.versionDir(path))).sort();
    } catch {
      return [];
    }
  }

  async remove(path: string): Promise<void> {
    await rm(this.versionDir(path), { recursive: true, force: true });
  }

  localFile(path: string, name: string): Promise<{ file: string; release(): Promise<void> }> {
    return Promise.resolve({ file: this.resolve(path, name), release: () => Promise.resolve() });
  }

  private versionDir(path: string): string {
    const full = resolve(this.root, path);
    if (!full.startsWith(this.root + sep) || full.split(sep).length - this.root.split(sep).length !== 4)
      throw new Error(`not a version path: ${path}`);
    return full;
  }

  private resolve(path: string, name: string): string {
    const full = resolve(this.root, path, name);
    if (!full.startsWith(this.root + sep)) throw new Error(`artifact path escapes the store: ${path}/${name}`);
    return full;
  }
}
