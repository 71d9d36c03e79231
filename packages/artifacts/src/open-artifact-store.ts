// The artifact store a process's settings ask for (ARTIFACT_STORE, ARTIFACTS_DIR, ARTIFACT_CACHE_DIR).

import type { SqlClient } from '@shopspace/db';
import type { ArtifactStore } from '@shopspace/domain';
import { FilesystemArtifactStore } from './filesystem.artifact-store.ts';
import { PostgresArtifactStore } from './postgres.artifact-store.ts';

export function openArtifactStore(
  kind: 'filesystem' | 'postgres',
  locations: { readonly root: string; readonly cache: string },
  sql: SqlClient,
): ArtifactStore {
  return kind === 'postgres'
    ? new PostgresArtifactStore({ sql, cacheDir: locations.cache })
    : new FilesystemArtifactStore(locations.root);
}
