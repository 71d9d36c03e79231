// A served pipeline as the files of a model version and back: pipeline.bin (the description as JSON in an
// envelope), one file per built-in generator's component, and for a ranker glmix.bin, item-stats.bin and
// item-side.bin. Decoding rebuilds the same object, so what evaluation measured is what the API serves.
import type { ItemSide } from '../data/item-side.ts';
import type { CandidateGenerator } from '../generators/candidate-generator.ts';
import { generatorFromComponent, isServable, type GeneratorComponent } from '../generators/generator-component.ts';
import type { NeighbourSearch, ItemEmbedding } from '../generators/item2vec.generator.ts';
import { RankingError, RankingErrorCode } from '../ranking.errors.ts';
import type { RankerSources } from '../ranker/fit-ranker.ts';
import { Ranker } from '../ranker/ranker.ts';
import type { GeneratorSpec, PipelineDescription } from '../pipeline/pipeline-description.ts';
import { ServedPipeline } from '../pipeline/served-pipeline.ts';
import { EnvelopeReader, EnvelopeWriter } from './binary-envelope.ts';
import {
  COMPONENT_FORMAT,
  decodeEmbedding,
  decodeGlmix,
  decodeItemKnn,
  decodeItemSide,
  decodeItemStats,
  decodePopularity,
  decodeSessionKnn,
  decodeUserHistory,
  encodeEmbedding,
  encodeGlmix,
  encodeItemKnn,
  encodeItemSide,
  encodeItemStats,
  encodePopularity,
  encodeSessionKnn,
  encodeUserHistory,
  MAGIC,
} from './component.codecs.ts';

export const PIPELINE_FILE = 'pipeline.bin';

/** The file of generator i (its family in the name, for people listing a model version). */
export const generatorFile = (i: number, family: string): string => `generator-${i}.${family}.bin`;

export function encodeDescription(d: PipelineDescription): Uint8Array {
  return new EnvelopeWriter(MAGIC.pipeline, COMPONENT_FORMAT).text(JSON.stringify(d, jsonNumbers)).finish();
}

export function decodeDescription(bytes: Uint8Array, file = PIPELINE_FILE): PipelineDescription {
  const r = new EnvelopeReader(bytes, MAGIC.pipeline, COMPONENT_FORMAT, file);
  const text = r.text('description');
  r.end();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_, v: unknown) => (v === 'Infinity' ? Infinity : v));
  } catch (cause) {
    throw new RankingError(RankingErrorCode.CorruptComponent, `${file} holds no JSON description`, file, { cause });
  }
  const d = parsed as Partial<PipelineDescription> | null;
  if (!d || d.format !== 1 || (d.kind !== 'generator' && d.kind !== 'ranker') || !Array.isArray(d.generators)) {
    throw new RankingError(RankingErrorCode.CorruptComponent, `${file} is not a format-1 pipeline description`, file);
  }
  if (d.kind === 'ranker' && !d.ranker)
    throw new RankingError(RankingErrorCode.CorruptComponent, `${file}: a ranker without its spec`, file);
  return d as PipelineDescription;
}

function encodeComponent(c: GeneratorComponent): Uint8Array {
  switch (c.family) {
    case 'item-knn':
      return encodeItemKnn(c.index);
    case 'session-knn':
      return encodeSessionKnn(c.index);
    case 'popularity':
      return encodePopularity(c.popularity);
    case 'user-history':
      return encodeUserHistory(c.history);
    case 'item2vec':
      return encodeEmbedding(c.embedding);
  }
}

function decodeComponent(spec: GeneratorSpec, bytes: Uint8Array, file: string): GeneratorComponent {
  const p = spec.params;
  const num = (key: string): number => {
    const v = p[key];
    if (typeof v !== 'number')
      throw new RankingError(
        RankingErrorCode.CorruptComponent,
        `${PIPELINE_FILE}: ${spec.name} lacks ${key}`,
        PIPELINE_FILE,
      );
    return v;
  };
  const optional = (key: string): number | null => {
    const v = p[key];
    return typeof v === 'number' ? v : null;
  };
  switch (spec.family) {
    case 'item-knn':
      return {
        family: 'item-knn',
        index: decodeItemKnn(bytes, file),
        params: { decay: num('decay'), minWeight: num('minWeight'), maxContext: optional('maxContext') },
      };
    case 'session-knn':
      return {
        family: 'session-knn',
        index: decodeSessionKnn(bytes, file),
        params: {
          k: num('k'),
          sampleSize: num('sampleSize'),
          weighting: p['weighting'] === 'uniform' ? 'uniform' : 'linear',
          maxContext: optional('maxContext'),
        },
      };
    case 'popularity':
      return { family: 'popularity', popularity: decodePopularity(bytes, file), params: {} };
    case 'user-history':
      return { family: 'user-history', history: decodeUserHistory(bytes, file), params: {} };
    case 'item2vec':
      return {
        family: 'item2vec',
        embedding: decodeEmbedding(bytes, file),
        params: { decay: num('decay'), maxContext: optional('maxContext') },
      };
    default:
      throw new RankingError(
        RankingErrorCode.CorruptComponent,
        `${PIPELINE_FILE}: unknown generator family ${spec.family}`,
        PIPELINE_FILE,
      );
  }
}

/** Every file of the pipeline. External generators have none (the server passes them to decodePipeline). */
export function encodePipeline(served: ServedPipeline): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([[PIPELINE_FILE, encodeDescription(served.description)]]);
  served.generators.forEach((g, i) => {
    if (isServable(g)) files.set(generatorFile(i, g.family), encodeComponent(g.component));
  });
  if (served.ranker) {
    const { parts } = served.ranker;
    files.set('glmix.bin', encodeGlmix({ model: parts.model, standardizer: parts.standardizer }));
    files.set('item-stats.bin', encodeItemStats(parts.sources.stats));
    files.set('item-side.bin', encodeItemSide(parts.sources.items));
  }
  return files;
}

export interface DecodePipelineOptions {
  /** Generators this package cannot build (spec.external), by name. */
  readonly external?: Readonly<Record<string, CandidateGenerator>>;
  /** The nearest-neighbour port over a decoded embedding (serving: HNSW). Default an exact scan. */
  readonly searchFor?: (embedding: ItemEmbedding) => NeighbourSearch;
  /** The catalog's current item side instead of the stored one. */
  readonly items?: ItemSide;
}

export function decodePipeline(
  files: ReadonlyMap<string, Uint8Array>,
  options: DecodePipelineOptions = {},
): ServedPipeline {
  const need = (name: string): Uint8Array => {
    const bytes = files.get(name);
    if (!bytes) throw new RankingError(RankingErrorCode.CorruptComponent, `the pipeline lacks ${name}`, name);
    return bytes;
  };
  const description = decodeDescription(need(PIPELINE_FILE));
  const generators = description.generators.map((spec, i): CandidateGenerator => {
    if (spec.external) {
      const g = options.external?.[spec.name];
      if (!g)
        throw new RankingError(
          RankingErrorCode.InvalidInput,
          `external generator ${spec.name} was not passed in`,
          'external',
        );
      return g;
    }
    const file = generatorFile(i, spec.family);
    const component = decodeComponent(spec, need(file), file);
    const search = component.family === 'item2vec' ? options.searchFor?.(component.embedding) : undefined;
    return generatorFromComponent(spec.name, component, search);
  });
  if (description.kind === 'generator' || !description.ranker) return new ServedPipeline(description, generators, null);

  const spec = description.ranker;
  const { model, standardizer } = decodeGlmix(need('glmix.bin'));
  const componentOf = (name: string | null): GeneratorComponent | undefined => {
    const g = name === null ? undefined : generators.find((x) => x.name === name);
    return g && isServable(g) ? g.component : undefined;
  };
  const history = componentOf(spec.sources.history);
  const knn = componentOf(spec.sources.knn);
  const embedding = componentOf(spec.sources.embedding);
  const sources: RankerSources = {
    stats: decodeItemStats(need('item-stats.bin')),
    items: options.items ?? decodeItemSide(need('item-side.bin')),
    history: history?.family === 'user-history' ? history.history : undefined,
    knn: knn?.family === 'item-knn' ? knn.index : undefined,
    embedding: embedding?.family === 'item2vec' ? embedding.embedding : undefined,
  };
  const ranker = new Ranker({ generators, sources, standardizer, model, perGenerator: spec.config.perGenerator });
  const names = ranker.featureNames;
  if (names.length !== spec.featureNames.length || names.some((n, i) => n !== spec.featureNames[i])) {
    throw new RankingError(
      RankingErrorCode.CorruptComponent,
      `${PIPELINE_FILE}: the components give other features than the model was fit on`,
      PIPELINE_FILE,
    );
  }
  if (model.featureCount !== names.length) {
    throw new RankingError(
      RankingErrorCode.CorruptComponent,
      `glmix.bin has ${model.featureCount} features, the pipeline ${names.length}`,
      'glmix.bin',
    );
  }
  return new ServedPipeline(description, generators, ranker);
}

/** JSON has no Infinity: written as the string "Infinity" and read back as the number. */
function jsonNumbers(_: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : v > 0 ? 'Infinity' : null) : v;
}
