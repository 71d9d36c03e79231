// Run by trainer.tsx.test.ts under `node --import tsx`: trains the planted corpus on two worker threads and
// prints what the test checks, proving the worker entry loads when the parent process runs under tsx.
import { mostSimilar } from '../model/item2vec.model.ts';
import { trainItem2vec } from '../training/trainer.ts';
import { clusterOf, PLANTED, plantedSessions } from './planted-sessions.fixture.ts';

const model = await trainItem2vec(plantedSessions(), {
  dim: 16,
  window: 0,
  epochs: 20,
  minCount: 1,
  sample: 0,
  threads: 2,
});
const k = PLANTED.itemsPerCluster - 1;
let same = 0;
for (const id of model.vocabulary.ids)
  same += mostSimilar(model, id, k).filter((n) => clusterOf(n.id) === clusterOf(id)).length;
console.log(JSON.stringify({ threads: model.stats.threads, precision: same / (model.vocabulary.ids.length * k) }));
