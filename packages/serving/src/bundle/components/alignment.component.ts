// A brand group's alignment (packages/alignment): the header with shops, skus and maps, each shop's group-space
// vectors and the precomputed twins between every ordered pair of shops, several files of one component. The
// worker's alignment thread encodes the files itself (cheap to transfer), so this codec takes them as they are.

import { decodeAlignmentFiles, parseAlignmentJson, type DecodedAlignment } from '@shopspace/alignment';
import type { ComponentCodec } from '../component.ts';

export const alignmentComponent: ComponentCodec<DecodedAlignment, ReadonlyMap<string, Uint8Array>> = {
  format: 1,
  encode(files) {
    const head = files.get('alignment.json');
    if (!head) throw new Error('an alignment needs its alignment.json');
    return { files, meta: { shops: parseAlignmentJson(head).shopCount } };
  },
  async decode(reader, entry) {
    const files = new Map<string, Uint8Array>();
    for (const name of entry.files) files.set(name, await reader.bytes(name));
    return decodeAlignmentFiles(files);
  },
};
