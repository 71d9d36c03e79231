// Where benchmarks find the reference scripts of the figures the issues quote: beside the repository, in
// ../shared/tools/anchors, when that folder exists (a clone of the repository alone has none, and the
// benchmarks say so instead of running them).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ANCHORS_DIR = resolve(
  fileURLToPath(new URL('../../..', import.meta.url)),
  '..',
  'shared',
  'tools',
  'anchors',
);

export function anchorScript(name: string): string | null {
  const path = resolve(ANCHORS_DIR, name);
  return existsSync(path) ? path : null;
}
