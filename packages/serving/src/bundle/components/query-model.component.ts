// A shop's autocomplete query model (packages/autocomplete) and the facts of its build: the item space its
// vectors are in, the fingerprint of its inputs, counts and the instant popularity was decayed to.

import { deserializeQueryModel, serializeQueryModel, type QueryModel } from '@shopspace/autocomplete';
import { utf8 } from '../binary.ts';
import { onlyFile, type ComponentCodec } from '../component.ts';

export const queryModelComponent: ComponentCodec<QueryModel> = {
  format: 1,
  encode(model) {
    return { files: new Map([['query-model.bin', serializeQueryModel(model)]]) };
  },
  async decode(reader, entry) {
    return deserializeQueryModel(await reader.bytes(onlyFile(entry, 'queryModel')));
  },
};

export interface QueryModelMeta {
  /** The model version whose item space the query vectors are in; null = built without vectors. */
  readonly modelVersionId: string | null;
  readonly fingerprint: string;
  readonly queries: number;
  readonly items: number;
  /** The instant popularity was decayed to (the newest event), ISO 8601. */
  readonly decayedTo: string;
}

export const queryMetaComponent: ComponentCodec<QueryModelMeta> = {
  format: 1,
  encode(meta) {
    return { files: new Map([['meta.json', utf8.encode(meta)]]) };
  },
  async decode(reader, entry) {
    const file = onlyFile(entry, 'queryMeta');
    const raw = utf8.decode(await reader.bytes(file), file) as Record<string, unknown>;
    const { modelVersionId, fingerprint, queries, items, decayedTo } = raw;
    if (
      (modelVersionId !== null && typeof modelVersionId !== 'string') ||
      typeof fingerprint !== 'string' ||
      typeof queries !== 'number' ||
      typeof items !== 'number' ||
      typeof decayedTo !== 'string'
    )
      throw new Error(`${file}: not the metadata of a query model`);
    return { modelVersionId, fingerprint, queries, items, decayedTo };
  },
};
