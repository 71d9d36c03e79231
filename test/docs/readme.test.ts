// The README stays true: its settings table is the one packages/settings reads, and the commands it names exist.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SETTINGS, settingsTable } from '@shopspace/settings';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const scripts = Object.keys(
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: object }).scripts,
);

describe('README', () => {
  it('holds the settings table generated from packages/settings, every setting in it', () => {
    const normalise = (s: string) =>
      s
        .replace(/ +/g, ' ')
        .replace(/ ?\| ?/g, '|')
        .replace(/-+/g, '-');
    expect(normalise(readme)).toContain(normalise(settingsTable()));
    for (const name of Object.keys(SETTINGS)) expect(readme).toContain(`\`${name}\``);
  });

  it('names only pnpm scripts that exist', () => {
    const named = [...readme.matchAll(/`pnpm ([a-z][\w:-]*)/g)].map((m) => m[1] ?? '');
    const builtins = new Set(['install', 'test', 'vitest', 'exec', 'shopspace']);
    for (const name of named) if (!builtins.has(name)) expect(scripts).toContain(name);
    expect(named).toContain('start:api');
  });
});
