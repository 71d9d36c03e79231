// `pnpm check:standalone` (run by .ci/run): fails when code, tests, scripts or configuration name a path outside
// the repository — a relative path that climbs out of it (../shared/…), or an absolute path of this machine —
// since a clone of the repository alone must install, test and run its demo. Benchmarks may run the reference
// scripts beside the repository when they are there (and say so when not), so bench/ folders are not checked.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHECKED = /\.(ts|tsx|mts|mjs|js|cjs|json|ya?ml|sh|py|prisma|graphql)$|^\.ci\/run$/;
const SKIPPED = /(^|\/)bench\/|(^|\/)generated\/|pnpm-lock\.yaml$/;

const outside = (path: string): boolean => {
  const r = relative(ROOT, path);
  return r === '..' || r.startsWith(`..${sep}`);
};

const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && CHECKED.test(f) && !SKIPPED.test(f));
const problems: string[] = [];
for (const file of files) {
  const text = readFileSync(resolve(ROOT, file), 'utf8');
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (/\/work\/(main|shared|wt)\b/.test(line)) problems.push(`${where}: an absolute path of this machine`);
    // Paths resolved against the repository root (resolve(ROOT, '…')).
    for (const m of line.matchAll(/resolve\(\s*ROOT\s*,\s*['"`]([^'"`]+)['"`]/g))
      if (outside(resolve(ROOT, m[1] ?? ''))) problems.push(`${where}: ${m[1]} is outside the repository`);
    // Any other relative path, as the file's own module or URL resolution reads it.
    for (const m of line.matchAll(/['"`](\.\.\/[^'"`\s]*)['"`]/g))
      if (outside(resolve(ROOT, dirname(file), m[1] ?? '')))
        problems.push(`${where}: ${m[1]} is outside the repository`);
  });
}
if (problems.length > 0) {
  process.stderr.write(`these name a path outside the repository:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`stand-alone: none of ${files.length} files names a path outside the repository\n`);
