// `pnpm shopspace <command>`: the command-line client of the Shopspace API.
//   import --shop <id> --kind items|events [--format csv|ndjson] [--preset plain|online-retail]
//          [--where Column=value] [--map field=Column ...] [--api URL] [--key KEY] <file>
// The key comes from --key or SHOPSPACE_KEY, the API from --api or SHOPSPACE_API (default http://localhost:4000).

import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ProgressBar } from './progress-bar.ts';
import { uploadFile } from './upload.ts';

const USAGE = `usage: shopspace import --shop <shopId> --kind items|events [--format csv|ndjson]
         [--preset plain|online-retail] [--where Column=value|Column!=value] [--map field=Column]...
         [--api URL] [--key KEY] <file[.gz]>`;

function fail(message: string): never {
  process.stderr.write(`shopspace: ${message}\n`);
  process.exit(2);
}

async function importCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      shop: { type: 'string' },
      kind: { type: 'string' },
      format: { type: 'string' },
      preset: { type: 'string' },
      where: { type: 'string' },
      map: { type: 'string', multiple: true },
      api: { type: 'string' },
      key: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) fail(`no file given\n${USAGE}`);
  if (!values.shop) fail(`--shop is required\n${USAGE}`);
  if (values.kind !== 'items' && values.kind !== 'events') fail(`--kind must be items or events\n${USAGE}`);
  const key = values.key ?? process.env['SHOPSPACE_KEY'];
  if (!key) fail('no API key: pass --key or set SHOPSPACE_KEY to a secret key (sk_…)');
  const apiUrl = values.api ?? process.env['SHOPSPACE_API'] ?? 'http://localhost:4000';
  const format = values.format ?? (/\.(nd)?jsonl?(\.gz)?$/i.test(file) ? 'ndjson' : 'csv');
  const params: Record<string, string> = { format, source: basename(file) };
  if (values.preset) params['preset'] = values.preset;
  if (values.where) params['where'] = values.where;
  for (const m of values.map ?? []) {
    const [field, column] = m.split('=');
    if (!field || !column) fail(`--map takes field=Column, got ${JSON.stringify(m)}`);
    params[`map.${field}`] = column;
  }
  let bar: ProgressBar | null = null;
  const result = await uploadFile({
    apiUrl,
    key,
    shopId: values.shop,
    kind: values.kind,
    file,
    params,
    onBytes: (sent, total) => {
      bar ??= new ProgressBar(`importing ${basename(file)}`, total);
      bar.update(sent);
    },
  }).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  (bar as ProgressBar | null)?.finish('server finishing…');
  // A FAILED import answers 422 with its job, which is reported below like any other.
  if (result.status !== 200 && !(result.status === 422 && typeof result.body['status'] === 'string')) {
    const errors = result.body['errors'] as Array<{ message: string; extensions?: { code?: string } }> | undefined;
    fail(
      `import refused (HTTP ${result.status}): ${errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ') ?? ''}`,
    );
  }
  const job = result.body as {
    id: string;
    status: string;
    rowsRead: number;
    accepted: number;
    duplicates: number;
    rejected: number;
    skipped: number;
    errors: Array<{ index: number; field: string | null; message: string }>;
    message: string | null;
  };
  process.stdout.write(
    `import ${job.id} ${job.status}: ${job.rowsRead} rows read, ${job.accepted} accepted, ${job.duplicates} duplicates, ` +
      `${job.rejected} rejected, ${job.skipped} skipped\n`,
  );
  for (const e of job.errors.slice(0, 10))
    process.stdout.write(`  line ${e.index}${e.field ? ` ${e.field}` : ''}: ${e.message}\n`);
  if (job.rejected > 10)
    process.stdout.write(`  … and ${job.rejected - 10} more (importJob(id) lists the first 1,000)\n`);
  if (job.message) process.stdout.write(`${job.message}\n`);
  if (job.status !== 'SUCCEEDED') process.exit(1);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'import') await importCommand(rest);
else fail(USAGE);
