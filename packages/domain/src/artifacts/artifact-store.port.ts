// The port to where bundles' files live (a model version, a baseline, a query model, an alignment): written
// completely before the database row that points at them is committed, read by any process of the deployment.

/** Where a version's files live; every part matches /^[A-Za-z0-9._-]+$/. */
export interface ArtifactLocation {
  readonly tenantId: string;
  readonly shopId: string;
  readonly kind: string;
  readonly version: string;
}

export interface ArtifactStore {
  readonly kind: 'filesystem' | 'postgres';
  /**
   * Writes every file of a version; no reader ever sees a partial version; returns the path string
   * `<tenant>/<shop>/<kind>/<version>` that database rows store. Writing an existing path fails.
   */
  write(location: ArtifactLocation, files: ReadonlyMap<string, Uint8Array>): Promise<string>;
  /** Throws ArtifactNotFoundError (`code = 'ENOENT'`) when the version or file is missing. */
  read(path: string, name: string): Promise<Uint8Array>;
  exists(path: string, name: string): Promise<boolean>;
  /** Names of the files of a complete version; [] when absent. */
  list(path: string): Promise<string[]>;
  /** Deletes a version; a missing path is not an error. */
  remove(path: string): Promise<void>;
  /**
   * A file on local disk holding the artifact, for native libraries that load from a path (hnswlib): the file
   * itself on the filesystem store; a checksum-verified copy in a local cache directory on the PostgreSQL store,
   * removed by `release()`.
   */
  localFile(path: string, name: string): Promise<{ file: string; release(): Promise<void> }>;
}
