// A component of a bundle (a model version, a baseline, a query model, an alignment): one named part with its
// own codec, stored as one or more files beside the bundle's manifest. A new model kind adds a component and a
// codec; the bundle's writer and opener stay as they are.

/** A file on local disk holding an artifact, for libraries that load from a path; release() when loaded. */
export interface LocalFile {
  readonly file: string;
  release(): Promise<void>;
}

/** What a codec may ask of the store while decoding: a file's bytes, or a local copy of it. */
export interface ComponentReader {
  bytes(file: string): Promise<Uint8Array>;
  localFile(file: string): Promise<LocalFile>;
}

export type ComponentMeta = Readonly<Record<string, string | number | boolean | null>>;

export interface EncodedComponent {
  /** The component's files by name; names are unique within a bundle. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Small facts kept in the manifest (the ANN index's ef, a dimension, …). */
  readonly meta?: ComponentMeta;
}

/** How a manifest describes one component. */
export interface ComponentEntry {
  readonly format: number;
  readonly files: readonly string[];
  readonly meta: ComponentMeta;
}

/** Encodes an `In` (what a job produced) and decodes a `T` (what a reader uses); usually the same type. */
export interface ComponentCodec<T, In = T> {
  /** Format of what `encode` writes; `decode` also reads the older formats it knows. */
  readonly format: number;
  encode(value: In): EncodedComponent | Promise<EncodedComponent>;
  decode(reader: ComponentReader, entry: ComponentEntry): Promise<T>;
}

/** The one file of a single-file component. */
export function onlyFile(entry: ComponentEntry, component: string): string {
  const [file] = entry.files;
  if (file === undefined) throw new Error(`component ${component} lists no file`);
  return file;
}
