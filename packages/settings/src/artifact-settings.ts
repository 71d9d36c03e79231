// Derived locations: the artifact store's root and cache default to the data directory.

import { join } from 'node:path';
import type { Settings } from './settings.ts';

export function artifactLocations(s: Settings<'SHOPSPACE_DATA_DIR' | 'ARTIFACTS_DIR' | 'ARTIFACT_CACHE_DIR'>): {
  root: string;
  cache: string;
} {
  return {
    root: s.ARTIFACTS_DIR ?? join(s.SHOPSPACE_DATA_DIR, 'artifacts'),
    cache: s.ARTIFACT_CACHE_DIR ?? join(s.SHOPSPACE_DATA_DIR, 'artifact-cache'),
  };
}
