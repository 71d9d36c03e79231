// Builds the widget into one minified file, apps/widget/dist/shopspace-autocomplete.js, prints its raw and
// gzipped size, and fails when the gzipped size is over the 10 kB budget. `pnpm --filter @shopspace/widget build`
// (or `pnpm build:widget`) runs it; tests and `pnpm start` call buildWidget() when the file is missing.

import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const WIDGET_ENTRY = fileURLToPath(new URL('../browser/index.ts', import.meta.url));
export const WIDGET_FILE = fileURLToPath(new URL('../dist/shopspace-autocomplete.js', import.meta.url));
/** The budget from the issue: 10 kB gzipped. */
export const MAX_GZIP_BYTES = 10 * 1024;

export interface WidgetBuild {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export async function buildWidget(): Promise<WidgetBuild> {
  await build({
    entryPoints: [WIDGET_ENTRY],
    outfile: WIDGET_FILE,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = readFileSync(WIDGET_FILE);
  const gzipBytes = gzipSync(code, { level: 9 }).byteLength;
  if (gzipBytes > MAX_GZIP_BYTES) {
    throw new Error(`the widget is ${gzipBytes} bytes gzipped, over the ${MAX_GZIP_BYTES}-byte budget`);
  }
  return { file: WIDGET_FILE, bytes: code.byteLength, gzipBytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildWidget().then(
    (r) => {
      const kb = (n: number): string => `${(n / 1024).toFixed(2)} kB`;
      process.stdout.write(
        `${r.file}: ${kb(r.bytes)} raw, ${kb(r.gzipBytes)} gzipped (budget ${kb(MAX_GZIP_BYTES)})\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`widget build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
