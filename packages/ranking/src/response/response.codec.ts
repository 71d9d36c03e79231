// The response models' files: the full GLMix and the global-only one (the ranker's GLMix codec, with their
// shared standardisation), and a JSON of what names their columns and entities and when each part was fit.
import { decodeGlmix, encodeGlmix } from '../codecs/component.codecs.ts';
import { RankingError, RankingErrorCode } from '../ranking.errors.ts';
import type { ResponseModel } from './response-model.ts';

export interface ResponseModels {
  readonly full: ResponseModel;
  readonly globalOnly: ResponseModel;
}

export const RESPONSE_FILES = { meta: 'response.json', full: 'response-full.bin', global: 'response-global.bin' };

interface ResponseMeta {
  readonly format: 1;
  readonly featureNames: readonly string[];
  readonly items: readonly string[];
  readonly users: readonly string[];
  readonly fittedAt: number;
  readonly globalFittedAt: number;
  readonly globalOnlyFittedAt: number;
}

export function encodeResponseModels({ full, globalOnly }: ResponseModels): Map<string, Uint8Array> {
  const meta: ResponseMeta = {
    format: 1,
    featureNames: full.featureNames,
    items: full.items,
    users: full.users,
    fittedAt: full.fittedAt,
    globalFittedAt: full.globalFittedAt,
    globalOnlyFittedAt: globalOnly.fittedAt,
  };
  return new Map([
    [RESPONSE_FILES.meta, new TextEncoder().encode(JSON.stringify(meta))],
    [RESPONSE_FILES.full, encodeGlmix({ model: full.glmix, standardizer: full.standardizer })],
    [RESPONSE_FILES.global, encodeGlmix({ model: globalOnly.glmix, standardizer: globalOnly.standardizer })],
  ]);
}

export function decodeResponseModels(files: ReadonlyMap<string, Uint8Array>): ResponseModels {
  const need = (name: string): Uint8Array => {
    const data = files.get(name);
    if (!data) throw new RankingError(RankingErrorCode.CorruptComponent, `response model lacks ${name}`, name);
    return data;
  };
  const meta = JSON.parse(new TextDecoder().decode(need(RESPONSE_FILES.meta))) as ResponseMeta;
  if (
    meta.format !== 1 ||
    !Array.isArray(meta.featureNames) ||
    !Array.isArray(meta.items) ||
    !Array.isArray(meta.users)
  )
    throw new RankingError(RankingErrorCode.CorruptComponent, `${RESPONSE_FILES.meta} is not a response model`, 'meta');
  const full = decodeGlmix(need(RESPONSE_FILES.full), RESPONSE_FILES.full);
  const globalOnly = decodeGlmix(need(RESPONSE_FILES.global), RESPONSE_FILES.global);
  if (
    full.model.featureCount !== meta.featureNames.length ||
    globalOnly.model.featureCount !== meta.featureNames.length
  )
    throw new RankingError(
      RankingErrorCode.CorruptComponent,
      'response models disagree with their feature names',
      'meta',
    );
  const base = { featureNames: meta.featureNames, globalFittedAt: meta.globalFittedAt };
  return {
    full: { ...base, ...pick(full), items: meta.items, users: meta.users, fittedAt: meta.fittedAt },
    globalOnly: { ...base, ...pick(globalOnly), items: [], users: [], fittedAt: meta.globalOnlyFittedAt },
  };
}

const pick = (c: ReturnType<typeof decodeGlmix>) => ({ glmix: c.model, standardizer: c.standardizer });
