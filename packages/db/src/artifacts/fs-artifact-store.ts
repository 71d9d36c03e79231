// Model artifacts on the filesystem under ARTIFACTS_DIR, laid out as <tenant>/<shop>/model/<version>/<file>.
// A version's files are written into a temporary directory beside it and renamed into place, so a reader (or
// the database row that points here) never sees a half-written version.

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArtifactStore } from '@shopspace/domain';

const SAFE = /^[A-Za-z0-9._-]+$/;

export class FsArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async writeModel(
    tenantId: string,
    shopId: string,
    versionId: string,
    files: ReadonlyMap<string, Uint8Array>,
  ): Promise<string> {
    for (const part of [tenantId, shopId, versionId, ...files.keys()]) {
      if (!SAFE.test(part)) throw new Error(`unsafe artifact path part ${JSON.stringify(part)}`);
    }
    const relative = [tenantId, shopId, 'model', versionId].join('/');
    const final = join(this.root, relative);
    const parent = join(this.root, tenantId, shopId, 'model');
    await mkdir(parent, { recursive: true });
    const temp = join(parent, `.tmp-${versionId}-${randomBytes(4).toString('hex')}`);
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

  async remove(path: string): Promise<void> {
    const full = resolve(this.root, path);
    if (!full.startsWith(this.root + sep) || full.split(sep).length - this.root.split(sep).length !== 4)
      throw new Error(`not a model version path: ${path}`);
    await rm(full, { recursive: true, force: true });
  }

  resolve(path: string, name: string): string {
    const full = resolve(this.root, path, name);
    if (!full.startsWith(this.root + sep)) throw new Error(`artifact path escapes the store: ${path}/${name}`);
    return full;
  }
}
