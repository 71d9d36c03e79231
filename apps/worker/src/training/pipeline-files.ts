// The pipeline component of a bundle from a choice: the served pipeline, and each other family's best variant
// on validation pinned alone (an experiment can serve any family; the fallbacks use them too) and the ranker when
// it was not served, encoded by the
// ranking package under the prefixes the serving model reads (`served.`, `alt-<family>.`).

import {
  encodePipeline,
  isServable,
  pinGenerator,
  type CandidateGenerator,
  type ChosenPipeline,
  type ServedPipeline,
} from '@shopspace/ranking';

/** Without validation figures, the variant a family prefers (a decayed popularity follows what sells now). */
const PREFERRED: Readonly<Record<string, RegExp>> = { popularity: /halfLife=7d/ };

export function alternativesByFamily(chosen: ChosenPipeline, fittedAt: number): Map<string, ServedPipeline> {
  const ndcg = new Map((chosen.served.description.validation?.entries ?? []).map((e) => [e.name, e.ndcg]));
  const score = (g: CandidateGenerator): number => ndcg.get(g.name) ?? (PREFERRED[g.family]?.test(g.name) ? -0.5 : -1);
  const servedFamilies = new Set(chosen.served.generators.map((g) => g.family));
  const best = new Map<string, CandidateGenerator>();
  for (const g of chosen.alternatives) {
    // External generators are pinned too when the server can pass them in (the feature tower).
    if (servedFamilies.has(g.family) || (!isServable(g) && g.family !== 'tower')) continue;
    const current = best.get(g.family);
    if (!current || score(g) > score(current)) best.set(g.family, g);
  }
  return new Map([...best].map(([family, g]) => [family, pinGenerator(g, fittedAt)]));
}

export function pipelineFiles(chosen: ChosenPipeline, fittedAt: number): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [name, data] of encodePipeline(chosen.served)) files.set(`served.${name}`, data);
  for (const [family, pipeline] of alternativesByFamily(chosen, fittedAt))
    for (const [name, data] of encodePipeline(pipeline)) files.set(`alt-${family}.${name}`, data);
  // The ranker that lost on validation, for experiments and the response model's features.
  if (chosen.ranker && chosen.served.kind !== 'ranker')
    for (const [name, data] of encodePipeline(chosen.ranker)) files.set(`alt-ranker.${name}`, data);
  return files;
}
