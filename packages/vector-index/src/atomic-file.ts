// Publish-by-rename for index and vector files: the content goes to a temporary name in the same directory,
// is flushed, and only then renamed over the final name, so readers see the old file or the new one, never half.

import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Runs `write(tmpPath)`, flushes the result and renames it to `path`; removes the temporary file on failure. */
export async function publishAtomically(path: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await write(tmp);
    await fsync(tmp);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  // The rename itself is durable only once the directory entry is flushed.
  await fsync(dirname(path));
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
