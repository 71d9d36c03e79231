// Start-up checks shared by the processes: a dependency that does not answer refuses the start with one line
// naming the setting that points at it.

import { StartRefused } from './lifecycle.ts';
import { withTimeout } from './probes.ts';

export async function requireReachable(setting: string, value: string, probe: () => Promise<unknown>, ms = 5_000) {
  try {
    await withTimeout(probe(), ms, setting);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new StartRefused(`cannot reach ${setting}=${redact(value)}: ${why}`);
  }
}

/** A URL with its password hidden, for logs and refusals. */
export function redact(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}
