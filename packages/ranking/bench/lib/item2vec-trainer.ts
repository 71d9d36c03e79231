// The item2vec embedding trainer the benchmark plugs into the chooser: @shopspace/item2vec's trainItem2vec on
// the log's sessions (catalog indices as words) with the shared protocol's settings (CBOW, dim 64, window 5,
// negative 5, epochs 10, minCount 2, sample 0.001, seed 1), mapped back to catalog rows.
import { trainItem2vec } from '@shopspace/item2vec';
import {
  sessionCount,
  sessionItems,
  type EmbeddingTrainer,
  type ItemEmbedding,
  type SessionLog,
} from '../../src/index.ts';

export interface TrainerStats {
  runs: number;
  seconds: number;
}

export function item2vecTrainer(stats: TrainerStats, threads = 2): EmbeddingTrainer {
  return async (log: SessionLog): Promise<ItemEmbedding | null> => {
    const sessions: string[][] = [];
    for (let s = 0; s < sessionCount(log); s++) sessions.push(Array.from(sessionItems(log, s), String));
    if (sessions.length === 0) return null;
    const started = performance.now();
    const model = await trainItem2vec(sessions, {
      mode: 'cbow',
      dim: 64,
      window: 5,
      negative: 5,
      epochs: 10,
      minCount: 2,
      sample: 0.001,
      seed: 1,
      threads,
    });
    stats.runs++;
    stats.seconds += (performance.now() - started) / 1000;
    const vectors = new Float32Array(log.itemCount * model.dim);
    model.vocabulary.ids.forEach((id, row) => {
      vectors.set(model.vectors.subarray(row * model.dim, (row + 1) * model.dim), Number(id) * model.dim);
    });
    return { dim: model.dim, vectors };
  };
}
