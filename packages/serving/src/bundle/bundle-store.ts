// What the bundle needs of an artifact store (the domain's ArtifactStore port satisfies it structurally; this
// package sits below the domain and cannot import it).

import type { LocalFile } from './component.ts';

export interface BundleLocation {
  readonly tenantId: string;
  readonly shopId: string;
  readonly kind: string;
  readonly version: string;
}

export interface BundleStore {
  /** Writes every file of a version at once (no reader sees a partial version); returns its path. */
  write(location: BundleLocation, files: ReadonlyMap<string, Uint8Array>): Promise<string>;
  read(path: string, name: string): Promise<Uint8Array>;
  exists(path: string, name: string): Promise<boolean>;
  localFile(path: string, name: string): Promise<LocalFile>;
}
