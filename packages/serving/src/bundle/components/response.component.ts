// A shop's response model (@shopspace/ranking's GLMix fitted on tracked clicks: the full model with per-item and
// per-user click propensities, and the global-only model it is compared with), in a bundle of kind 'response'
// of its own: it is refit daily against one model version, which stays as it was.

import { decodeResponseModels, encodeResponseModels, type ResponseModels } from '@shopspace/ranking';
import type { ComponentCodec } from '../component.ts';

export const responseComponent: ComponentCodec<ResponseModels> = {
  format: 1,
  encode(models) {
    return {
      files: encodeResponseModels(models),
      meta: {
        items: models.full.items.length,
        users: models.full.users.length,
        features: models.full.featureNames.length,
      },
    };
  },
  async decode(reader, entry) {
    const files = new Map<string, Uint8Array>();
    for (const name of entry.files) files.set(name, await reader.bytes(name));
    return decodeResponseModels(files);
  },
};
