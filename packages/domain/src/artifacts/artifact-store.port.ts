// The port every process reads and writes model files through, whether they live on a local disk or in
// PostgreSQL. Adapters: @shopspace/artifacts (FilesystemArtifactStore, PostgresArtifactStore).

/** Where a version's files live; every part matches /^[A-Za-z0-9._-]+$/. */
export interface ArtifactLocation {
  tenantId: string;
  shopId: string;
  kind: string;
  version: string;
}

export interface ArtifactStore {
  readonly kind: 'filesystem' | 'postgres';
  /** Writes every file of a version; no reader ever sees a partial version; returns the path string
   *  `<tenant>/<shop>/<kind>/<version>` that database rows store. Writing an existing path fails
   *  (ArtifactExistsError). */
  write(location: ArtifactLocation, files: ReadonlyMap<string, Uint8Array>): Promise<string>;
  /** Throws ArtifactNotFoundError (`code = 'ENOENT'`) when the version or file is missing. */
  read(path: string, name: string): Promise<Uint8Array>;
  exists(path: string, name: string): Promise<boolean>;
  /** Names of the files of a complete version, sorted; [] when absent. */
  list(path: string): Promise<string[]>;
  /** Deletes a version; a missing path is not an error. */
  remove(path: string): Promise<void>;
  /** A file on local disk holding the artifact, for native libraries that load from a path (hnswlib):
   *  the file itself on the filesystem store; a checksum-verified copy in a local cache directory on the
   *  PostgreSQL store, removed by `release()`. */
  localFile(path: string, name: string): Promise<{ file: string; release(): Promise<void> }>;
}

/** `code` is Node's, so callers that already treat `code === 'ENOENT'` as "missing" keep working. */
export class ArtifactNotFoundError extends Error {
  override readonly name = 'ArtifactNotFoundError';
  readonly code = 'ENOENT';
  constructor(
    readonly path: string,
    readonly file?: string,
  ) {
    super(file === undefined ? `artifact version ${path} not found` : `artifact ${path}/${file} not found`);
  }
}

/** A version is written once: a second write of the same path (or the loser of two racing writers) gets this. */
export class ArtifactExistsError extends Error {
  override readonly name = 'ArtifactExistsError';
  readonly code = 'EEXIST';
  constructor(readonly path: string) {
    super(`artifact version ${path} already exists`);
  }
}
