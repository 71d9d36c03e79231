// In-memory fakes of the ports the API's serving registries read: an artifact store (files by version path, every
// read counted), the shops' serving pointers (ShopStateReader over the FakeDatabase's shop rows, with the
// baseline and query-model paths kept here), and the baseline and query-model records.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArtifactExistsError,
  ArtifactNotFoundError,
  type ArtifactLocation,
  type ArtifactStore,
  type BaselineRecord,
  type BaselineRepository,
  type ShopState,
  type ShopStateKey,
  type ShopStateReader,
} from '@shopspace/domain';
import { settle, type FakeDatabase } from './fake-database.ts';

export class MemoryArtifactStore implements ArtifactStore {
  readonly kind = 'filesystem';
  readonly versions = new Map<string, Map<string, Uint8Array>>();
  /** `path/name` of every read, in order. */
  readonly reads: string[] = [];
  /** Makes the next reads of a path fail (a version deleted under a reader, a broken disk). */
  failing = new Set<string>();

  write(location: ArtifactLocation, files: ReadonlyMap<string, Uint8Array>): Promise<string> {
    const path = [location.tenantId, location.shopId, location.kind, location.version].join('/');
    if (this.versions.has(path)) return Promise.reject(new ArtifactExistsError(path));
    this.versions.set(path, new Map(files));
    return Promise.resolve(path);
  }

  read(path: string, name: string): Promise<Uint8Array> {
    this.reads.push(`${path}/${name}`);
    if (this.failing.has(path)) return Promise.reject(new Error(`${path} cannot be read`));
    const data = this.versions.get(path)?.get(name);
    return data ? Promise.resolve(data) : Promise.reject(new ArtifactNotFoundError(path, name));
  }

  exists(path: string, name: string): Promise<boolean> {
    return Promise.resolve(this.versions.get(path)?.has(name) ?? false);
  }

  list(path: string): Promise<string[]> {
    return Promise.resolve([...(this.versions.get(path)?.keys() ?? [])].sort());
  }

  remove(path: string): Promise<void> {
    this.versions.delete(path);
    return Promise.resolve();
  }

  async localFile(path: string, name: string): Promise<{ file: string; release(): Promise<void> }> {
    const data = await this.read(path, name);
    const dir = await mkdtemp(join(tmpdir(), 'memory-artifact-'));
    const file = join(dir, name);
    await writeFile(file, data);
    return { file, release: () => rm(dir, { recursive: true, force: true }) };
  }
}

/** The shops' serving pointers: the active model and catalog version from the shop rows, paths kept here. */
export class FakeShopState implements ShopStateReader, BaselineRepository {
  readonly baselinePaths = new Map<string, BaselineRecord>();
  readonly autocompletePaths = new Map<string, string>();
  readonly alignments = new Map<string, string>();
  /** How many times `states` was asked (a reconciliation is one call for all shops). */
  calls = 0;

  constructor(private readonly db: FakeDatabase) {}

  states(shops: readonly ShopStateKey[]): Promise<ShopState[]> {
    this.calls++;
    return settle(() =>
      shops.flatMap(({ tenantId, shopId }) => {
        const row = this.db.shops.get(shopId);
        if (!row || row.tenantId !== tenantId) return [];
        const key = `${tenantId}/${shopId}`;
        return [
          {
            tenantId,
            shopId,
            activeModelId: row.activeModelId,
            baselinePath: this.baselinePaths.get(key)?.path ?? null,
            autocompletePath: this.autocompletePaths.get(key) ?? null,
            activeAlignmentId: this.alignments.get(key) ?? null,
            catalogVersion: row.catalogVersion,
          },
        ];
      }),
    );
  }

  current(tenantId: string, shopId: string): Promise<BaselineRecord | null> {
    return settle(() => this.baselinePaths.get(`${tenantId}/${shopId}`) ?? null);
  }

  replace(tenantId: string, shopId: string, record: BaselineRecord): Promise<BaselineRecord | null> {
    return settle(() => {
      const key = `${tenantId}/${shopId}`;
      const previous = this.baselinePaths.get(key) ?? null;
      this.baselinePaths.set(key, record);
      return previous;
    });
  }
}
