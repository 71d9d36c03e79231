import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Scripts, the API and the worker processes run this package under tsx rather than vitest: the parallel path
// must load its worker entry there too (a TypeScript worker entry would not, without the loader in execArgv).
describe('parallel training under tsx', () => {
  it('runs the worker threads and trains the planted clusters', () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const script = fileURLToPath(new URL('../testing/train-in-workers.script.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', tsx, script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { threads: number; precision: number };
    expect(result.threads).toBe(2);
    expect(result.precision).toBeGreaterThan(0.9);
  });
});
