// The manifest of a bundle (manifest.json): its kind, when it was written and each component's format, files
// and small facts. Versions written before manifests existed get one synthesised from their file list, so they
// stay readable without a migration.

import { alignmentFileNames, parseAlignmentJson } from '@shopspace/alignment';
import { utf8 } from './binary.ts';
import type { BundleStore } from './bundle-store.ts';
import type { ComponentEntry, ComponentMeta } from './component.ts';
import { isComponentName, type ComponentName } from './components.ts';

export const MANIFEST_FILE = 'manifest.json';
export const BUNDLE_FORMAT = 2;

export type BundleKind = 'model' | 'baseline' | 'autocomplete' | 'alignment' | 'response';
const KINDS: readonly BundleKind[] = ['model', 'baseline', 'autocomplete', 'alignment', 'response'];

export interface BundleManifest {
  readonly format: number;
  readonly kind: BundleKind;
  readonly createdAt: string;
  readonly components: Readonly<Partial<Record<ComponentName, ComponentEntry>>>;
}

export function parseManifest(data: Uint8Array): BundleManifest {
  const raw = utf8.decode(data, MANIFEST_FILE) as Record<string, unknown>;
  const kind = raw['kind'];
  if (raw['format'] !== BUNDLE_FORMAT) throw new Error(`${MANIFEST_FILE} has format ${String(raw['format'])}`);
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind))
    throw new Error(`${MANIFEST_FILE}: unknown bundle kind ${JSON.stringify(kind)}`);
  const components: Partial<Record<ComponentName, ComponentEntry>> = {};
  const listed = raw['components'];
  if (typeof listed !== 'object' || listed === null) throw new Error(`${MANIFEST_FILE}: no components`);
  for (const [name, value] of Object.entries(listed)) {
    // A component this version of the product does not know is skipped: a newer writer may add some.
    if (!isComponentName(name)) continue;
    const entry = value as { format?: unknown; files?: unknown; meta?: unknown };
    if (typeof entry.format !== 'number' || !Array.isArray(entry.files))
      throw new Error(`${MANIFEST_FILE}: component ${name} has no format or files`);
    components[name] = {
      format: entry.format,
      files: entry.files.map(String),
      meta: (entry.meta ?? {}) as ComponentMeta,
    };
  }
  return { format: BUNDLE_FORMAT, kind: kind as BundleKind, createdAt: String(raw['createdAt']), components };
}

const single = (file: string, meta: ComponentMeta = {}): ComponentEntry => ({ format: 1, files: [file], meta });

/** The manifest a pre-manifest version would have had, from the files it holds. */
export async function legacyManifest(store: BundleStore, path: string): Promise<BundleManifest> {
  const has = (name: string): Promise<boolean> => store.exists(path, name);
  const createdAt = new Date(0).toISOString();
  if (await has('model.json')) {
    const meta = utf8.decode(await store.read(path, 'model.json'), 'model.json') as { dim?: unknown };
    const vectorless = meta.dim === 0;
    const components: Partial<Record<ComponentName, ComponentEntry>> = {
      vocabulary: single('model.json'),
      settings: single('model.json'),
      knn: single('knn.bin'),
      ...(vectorless ? {} : { vectors: single('vectors.f32'), ann: single('hnsw.bin') }),
      ...((await has('layout.bin')) ? { layout: single('layout.bin') } : {}),
    };
    return { format: 1, kind: vectorless ? 'baseline' : 'model', createdAt, components };
  }
  if (await has('query-model.bin')) {
    return {
      format: 1,
      kind: 'autocomplete',
      createdAt,
      components: { queryModel: single('query-model.bin'), queryMeta: single('meta.json') },
    };
  }
  if (await has('alignment.json')) {
    const { shopCount } = parseAlignmentJson(await store.read(path, 'alignment.json'));
    return {
      format: 1,
      kind: 'alignment',
      createdAt,
      components: { alignment: { format: 1, files: ['alignment.json', ...alignmentFileNames(shopCount)], meta: {} } },
    };
  }
  throw new Error(`${path} holds no bundle (no ${MANIFEST_FILE}, nor the files of an older version)`);
}
