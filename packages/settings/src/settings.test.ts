import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, SettingsError, readSettings, settingsOf } from './settings.ts';
import { artifactLocations } from './artifact-settings.ts';

describe('settings', () => {
  it('refuses a bad value with one line naming the setting and the value', () => {
    expect(() => readSettings(['RATE_LIMIT_PER_SECOND'], { RATE_LIMIT_PER_SECOND: '2k' })).toThrow(SettingsError);
    expect(() => readSettings(['RATE_LIMIT_PER_SECOND'], { RATE_LIMIT_PER_SECOND: '2k' })).toThrow(
      'invalid setting RATE_LIMIT_PER_SECOND="2k": must be a whole number from 0 to 9007199254740991',
    );
    expect(() => readSettings(['PORT'], { PORT: '70000' })).toThrow('invalid setting PORT="70000"');
    expect(() => readSettings(['REDIS_URL'], { REDIS_URL: 'localhost:6379' })).toThrow(
      'invalid setting REDIS_URL="localhost:6379": must be a redis: or rediss: URL',
    );
    expect(() => readSettings(['LOG_LEVEL'], { LOG_LEVEL: 'verbose' })).toThrow('invalid setting LOG_LEVEL');
    expect(() => readSettings(['WORKER_THREADS'], { WORKER_THREADS: '0' })).toThrow('invalid setting WORKER_THREADS');
  });

  it('fills defaults, and reads numbers, flags and thread counts', () => {
    const s = readSettings(['PORT', 'RATE_LIMIT_PER_SECOND', 'SHOPSPACE_DEMO', 'WORKER_THREADS', 'HOST'], {
      RATE_LIMIT_PER_SECOND: ' 250 ',
      SHOPSPACE_DEMO: '0',
      WORKER_THREADS: '3',
    });
    expect(s).toEqual({
      PORT: 4000,
      RATE_LIMIT_PER_SECOND: 250,
      SHOPSPACE_DEMO: false,
      WORKER_THREADS: 3,
      HOST: '127.0.0.1',
    });
    // An empty value is unset.
    expect(readSettings(['PORT'], { PORT: '' }).PORT).toBe(4000);
  });

  it('resolves relative paths against the repository, never the working directory', () => {
    const s = readSettings(['SHOPSPACE_DATA_DIR', 'ARTIFACTS_DIR', 'ARTIFACT_CACHE_DIR'], { ARTIFACTS_DIR: 'models' });
    expect(s.SHOPSPACE_DATA_DIR).toBe(join(REPO_ROOT, '.data'));
    expect(s.ARTIFACTS_DIR).toBe(join(REPO_ROOT, 'models'));
    expect(artifactLocations(s)).toEqual({
      root: join(REPO_ROOT, 'models'),
      cache: join(REPO_ROOT, '.data', 'artifact-cache'),
    });
    expect(readSettings(['ARTIFACTS_DIR'], { ARTIFACTS_DIR: '/srv/shopspace' }).ARTIFACTS_DIR).toBe('/srv/shopspace');
  });

  it('knows which process reads which setting', () => {
    expect(settingsOf('worker')).toContain('WORKER_PORT');
    expect(settingsOf('api')).not.toContain('WORKER_PORT');
    expect(settingsOf('console')).toEqual(expect.arrayContaining(['CONSOLE_PORT', 'SHOPSPACE_API_URL']));
  });
});
