// Errors of the artifact adapters beyond the port's own (not found, exists): malformed paths and damaged bytes.

/** A path, part or file name the stores refuse: a caller bug, never a missing artifact. */
export class ArtifactPathError extends Error {
  override readonly name = 'ArtifactPathError';
  readonly code = 'EINVAL';
}

/** The bytes read back do not hash to what was written: the file is damaged and must not be used. */
export class ArtifactChecksumError extends Error {
  override readonly name = 'ArtifactChecksumError';
  readonly code = 'EINTEGRITY';
  constructor(
    readonly path: string,
    readonly file: string,
    detail: string,
  ) {
    super(`artifact ${path}/${file} is corrupt: ${detail}`);
  }
}
