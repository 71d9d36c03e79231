// The one owner of a bundle on an artifact store: writeBundle encodes each given component with its codec and
// writes them with a manifest in one version; openBundle reads the manifest and decodes only the components
// asked for, each once (the ANN index from its file, with its stored ef). writeModelVersion and
// openModelVersion are the same for trained models.

import type { BundleLocation, BundleStore } from './bundle-store.ts';
import type { ComponentCodec, ComponentEntry, ComponentReader } from './component.ts';
import {
  COMPONENTS,
  type BundleInput,
  type ComponentInput,
  type ComponentName,
  type ComponentValue,
  type OpenedComponents,
} from './components.ts';
import {
  BUNDLE_FORMAT,
  MANIFEST_FILE,
  legacyManifest,
  parseManifest,
  type BundleKind,
  type BundleManifest,
} from './manifest.ts';
import { utf8 } from './binary.ts';

export interface OpenedBundle<K extends ComponentName> {
  readonly path: string;
  readonly manifest: BundleManifest;
  readonly components: OpenedComponents<K>;
}

function codecOf<K extends ComponentName>(name: K): ComponentCodec<ComponentValue<K>, ComponentInput<K>> {
  // The catalog's entry for K is exactly this codec type; TypeScript cannot index a const object generically.
  return COMPONENTS[name] as unknown as ComponentCodec<ComponentValue<K>, ComponentInput<K>>;
}

/** Checks that the components of one bundle agree with each other (sizes against the vocabulary). */
function checkConsistency(input: BundleInput): void {
  const items = input.vocabulary?.skus.length;
  if (items === undefined) return;
  if (input.vectors && input.vectors.vectors.length !== items * input.vectors.dim)
    throw new Error(`vectors hold ${input.vectors.vectors.length} floats, expected ${items} × ${input.vectors.dim}`);
  if (input.knn && input.knn.itemCount !== items)
    throw new Error(`knn covers ${input.knn.itemCount} items, the vocabulary ${items}`);
  if (input.ann && input.ann.size !== items)
    throw new Error(`ann holds ${input.ann.size} items, the vocabulary ${items}`);
  const bad = input.layout?.rows.findIndex((r) => r >= items) ?? -1;
  if (bad >= 0) throw new Error(`layout.rows[${bad}] = ${input.layout?.rows[bad]} is not an item of the ${items}`);
}

/**
 * A bundle encoded and not yet written: its kind and files (the manifest among them). Worker threads encode and
 * hand it over (the files' buffers transfer without a copy); the job writes it where it belongs.
 */
export interface EncodedBundle {
  readonly kind: BundleKind;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

export async function writeBundle(
  store: BundleStore,
  location: Omit<BundleLocation, 'kind'>,
  kind: BundleKind,
  input: BundleInput,
  now: Date = new Date(),
): Promise<string> {
  return writeEncodedBundle(store, location, await encodeBundle(kind, input, now));
}

export function writeEncodedBundle(
  store: BundleStore,
  location: Omit<BundleLocation, 'kind'>,
  bundle: EncodedBundle,
): Promise<string> {
  if (!bundle.files.has(MANIFEST_FILE)) throw new Error('an encoded bundle carries its manifest');
  return store.write({ ...location, kind: bundle.kind }, bundle.files);
}

export async function encodeBundle(
  kind: BundleKind,
  input: BundleInput,
  now: Date = new Date(),
): Promise<EncodedBundle> {
  checkConsistency(input);
  const files = new Map<string, Uint8Array>();
  const components: Record<string, ComponentEntry> = {};
  for (const name of Object.keys(COMPONENTS) as ComponentName[]) {
    const value = input[name];
    if (value === undefined) continue;
    const codec = codecOf(name);
    const encoded = await codec.encode(value);
    for (const [file, data] of encoded.files) {
      if (files.has(file) || file === MANIFEST_FILE) throw new Error(`component ${name} reuses the file name ${file}`);
      files.set(file, data);
    }
    components[name] = { format: codec.format, files: [...encoded.files.keys()], meta: encoded.meta ?? {} };
  }
  const manifest = { format: BUNDLE_FORMAT, kind, createdAt: now.toISOString(), components };
  files.set(MANIFEST_FILE, utf8.encode(manifest));
  return { kind, files };
}

export async function readManifest(store: BundleStore, path: string): Promise<BundleManifest> {
  if (await store.exists(path, MANIFEST_FILE)) return parseManifest(await store.read(path, MANIFEST_FILE));
  return legacyManifest(store, path);
}

/**
 * Opens the components `wanted` of the bundle at `path` (those it does not hold are absent from the result).
 * Files shared by two components of a legacy version (model.json) are read once.
 */
export async function openBundle<K extends ComponentName>(
  store: BundleStore,
  path: string,
  wanted: readonly K[],
): Promise<OpenedBundle<K>> {
  const manifest = await readManifest(store, path);
  const cache = new Map<string, Promise<Uint8Array>>();
  const reader: ComponentReader = {
    bytes(file) {
      let data = cache.get(file);
      if (!data) cache.set(file, (data = store.read(path, file)));
      return data;
    },
    localFile: (file) => store.localFile(path, file),
  };
  const components: Partial<Record<K, unknown>> = {};
  for (const name of wanted) {
    const entry = manifest.components[name];
    if (entry) components[name] = await codecOf(name).decode(reader, entry);
  }
  return { path, manifest, components: components as OpenedComponents<K> };
}

/** A trained model version (vocabulary, settings, vectors, item-kNN, ANN index, layout, …). */
export function writeModelVersion(
  store: BundleStore,
  location: Omit<BundleLocation, 'kind'>,
  input: BundleInput,
): Promise<string> {
  return writeBundle(store, location, 'model', input);
}

export function openModelVersion<K extends ComponentName>(
  store: BundleStore,
  path: string,
  wanted: readonly K[],
): Promise<OpenedBundle<K>> {
  return openBundle(store, path, wanted);
}
