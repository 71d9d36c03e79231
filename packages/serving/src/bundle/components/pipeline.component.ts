// A model version's served pipeline (@shopspace/ranking: one generator alone, or the GLMix ranker over their
// union) and the best variant of each other family pinned alone for experiments, as the ranking package encodes
// them: files prefixed `served.` and `alt-<family>.`. The serving model decodes them, since decoding needs the
// ANN index of the bundle's vectors (the item2vec generator searches through it).

import type { ComponentCodec } from '../component.ts';

export type PipelineFiles = ReadonlyMap<string, Uint8Array>;

export const pipelineComponent: ComponentCodec<PipelineFiles> = {
  format: 1,
  encode(files) {
    if (![...files.keys()].some((name) => name.startsWith('served.')))
      throw new Error('a pipeline component needs its served pipeline (files "served.*")');
    return { files };
  },
  async decode(reader, entry) {
    const files = new Map<string, Uint8Array>();
    for (const name of entry.files) files.set(name, await reader.bytes(name));
    return files;
  },
};

/** The files of one pipeline among them (`served`, or `alt-<family>`), without their prefix. */
export function pipelineFilesOf(files: PipelineFiles, prefix: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of files) if (name.startsWith(`${prefix}.`)) out.set(name.slice(prefix.length + 1), data);
  return out;
}

/** The alternative families the files hold. */
export function alternativeFamilies(files: PipelineFiles): string[] {
  const families = new Set<string>();
  for (const name of files.keys()) {
    const m = /^alt-([a-z0-9-]+)\./.exec(name);
    if (m?.[1]) families.add(m[1]);
  }
  return [...families];
}
