// `npx tsx bench/lib/autocomplete-tune.ts`: how the autocomplete defaults were chosen, on a validation split
// carved from the training period only (model and item2vec from sessions before 2011-10-01, cases from October
// 2011), so the test split the benchmark reports stays untouched. Prints MRR@8 (mean over prefixes 1..4, with
// the session) for a grid of personalWeight x budget x session decay.
import {
  AutocompleteIndex,
  buildQueryModel,
  evaluateSuggestions,
  sessionVector,
  suggestionCases,
} from '@shopspace/autocomplete';
import { trainItem2vec } from '@shopspace/item2vec';
import { VALIDATION_SPLIT } from './online-retail.ts';
import { loadRetailSearchShop, retailTime } from './autocomplete-retail.ts';

const shop = loadRetailSearchShop();
const splitAt = retailTime(`${VALIDATION_SPLIT.test.from} 00:00:00`);
const fitEvents = shop.trainEvents.filter((e) => e.timestamp < splitAt);
const fitSessions = new Set(fitEvents.map((e) => e.sessionId));
const validation = shop.trainEvents.filter((e) => !fitSessions.has(e.sessionId));
// Sessions of the item2vec fit: the training sessions whose events all precede the validation split.
const item2vecSessions = shop.trainSessions.filter((_, i) => i < fitSessions.size);
const model = await trainItem2vec(item2vecSessions, { dim: 64, threads: 2, seed: 1 });
const space = { dim: model.dim, vectors: model.vectors, rowOf: model.vocabulary.indexOf };
const cases = suggestionCases(validation).filter((_, i) => i % 2 === 0);
console.log(
  `validation: ${fitSessions.size} fit sessions, ${cases.length} cases (every second search of October 2011)`,
);
const queryModel = buildQueryModel({ events: fitEvents, items: shop.catalog, itemSpace: space }, { now: splitAt });
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
for (const decay of [0.5, 0.2]) {
  const vectors = new Map(cases.map((c) => [c.context, sessionVector(c.context, space, decay)]));
  for (const personalWeight of [0.3, 0.5, 0.7]) {
    for (const budget of [250, 500, 2000]) {
      const index = AutocompleteIndex.fromModel(queryModel, { personalWeight, budget });
      const rows = evaluateSuggestions(index, cases, {
        sessionVectorOf: (context) => vectors.get(context) ?? null,
      });
      console.log(
        `decay ${decay} weight ${personalWeight} budget ${String(budget).padStart(4)}: ` +
          `pop ${mean(rows.map((r) => r.mrrPopularity)).toFixed(4)} session ${mean(rows.map((r) => r.mrrSession)).toFixed(4)} ` +
          `(${rows.map((r) => r.mrrSession.toFixed(3)).join(' ')})`,
      );
    }
  }
}
