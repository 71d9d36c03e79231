// Alignments in memory for cross-shop serving: a version's files (immutable) with each shop's catalog items in
// the order of its skus, loaded on first use and kept for the 50 most recently used versions. A catalog change
// of any of its shops drops the view, so items are re-read on the next request.

import { openBundle } from '@shopspace/serving';
import type {
  AlignmentRegistry,
  AlignmentVersion,
  AlignmentView,
  ArtifactStore,
  Change,
  Item,
  ItemRepository,
} from '@shopspace/domain';

export class InMemoryAlignmentRegistry implements AlignmentRegistry {
  private readonly views = new Map<string, Promise<AlignmentView>>();

  constructor(
    private readonly artifacts: ArtifactStore,
    private readonly items: ItemRepository,
    private readonly maxVersions = 50,
  ) {}

  get(version: AlignmentVersion): Promise<AlignmentView> {
    let view = this.views.get(version.id);
    if (view) {
      this.views.delete(version.id);
      this.views.set(version.id, view);
      return view;
    }
    if (this.views.size >= this.maxVersions) {
      const oldest = this.views.keys().next().value;
      if (oldest !== undefined) this.views.delete(oldest);
    }
    const created = this.load(version);
    view = created;
    this.views.set(version.id, created);
    created.catch(() => {
      if (this.views.get(version.id) === created) this.views.delete(version.id);
    });
    return view;
  }

  onChange(change: Change): void {
    if (change.kind !== 'catalog-changed') return;
    for (const [id, view] of this.views) {
      void view.then(
        (v) => {
          if (v.version.shopIds.includes(change.shopId) && this.views.get(id) === view) this.views.delete(id);
        },
        () => undefined,
      );
    }
  }

  private async load(version: AlignmentVersion): Promise<AlignmentView> {
    const { alignment: decoded } = (await openBundle(this.artifacts, version.artifactPath, ['alignment'])).components;
    if (!decoded) throw new Error(`${version.artifactPath} is not an alignment`);
    const items = await Promise.all(
      decoded.shops.map(async (shop) => {
        const bySku = new Map<string, Item>(
          (await this.items.all(version.tenantId, shop.shopId)).map((i) => [i.sku, i]),
        );
        return shop.skus.map((sku) => bySku.get(sku) ?? null);
      }),
    );
    return { version, files: decoded, items };
  }
}
