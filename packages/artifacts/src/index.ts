// Shopspace artifact stores: the ArtifactStore port's adapters, bundles' files on a local disk or in PostgreSQL.

export * from './artifact.errors.ts';
export { formatArtifactPath, parseArtifactPath, isSafePart } from './artifact-path.ts';
export * from './filesystem.artifact-store.ts';
export * from './postgres.artifact-store.ts';
export * from './open-artifact-store.ts';
