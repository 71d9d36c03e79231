// The one place that turns locations into path strings and back, and refuses parts that could escape a
// directory or collide with a store's own staging names.

import type { ArtifactLocation } from '@shopspace/domain';
import { ArtifactPathError } from './artifact.errors.ts';

const PART = /^[A-Za-z0-9._-]+$/;
// Long enough for uuids and timestamped versions, short enough that a staging name fits a 255-byte file name.
const MAX_PART = 200;

/** The port's rule, plus no leading dot: that rules out `.` and `..` and the filesystem store's `.tmp-*`. */
export function isSafePart(part: string): boolean {
  return part.length <= MAX_PART && PART.test(part) && !part.startsWith('.');
}

export function checkPart(what: string, part: string): void {
  if (!isSafePart(part)) throw new ArtifactPathError(`unsafe artifact ${what} ${JSON.stringify(part)}`);
}

export function formatArtifactPath(location: ArtifactLocation): string {
  checkPart('tenant', location.tenantId);
  checkPart('shop', location.shopId);
  checkPart('kind', location.kind);
  checkPart('version', location.version);
  return `${location.tenantId}/${location.shopId}/${location.kind}/${location.version}`;
}

/** Exactly four safe parts, as `formatArtifactPath` writes them (and as the older store wrote model paths). */
export function parseArtifactPath(path: string): ArtifactLocation {
  const [tenantId, shopId, kind, version, ...rest] = path.split('/');
  if (tenantId === undefined || shopId === undefined || kind === undefined || version === undefined || rest.length) {
    throw new ArtifactPathError(`not an artifact version path: ${JSON.stringify(path)}`);
  }
  const location = { tenantId, shopId, kind, version };
  formatArtifactPath(location);
  return location;
}

/** File names of a version are single safe parts: no directories inside a version. */
export function checkFileName(name: string): void {
  checkPart('file name', name);
}
