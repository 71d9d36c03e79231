// The ResponseTrainer the worker gives the response job: opens the model version the traffic is featurised
// with (as the API serves it), labels the tracked lists (@shopspace/ranking: engagement-weighted clicks, the
// negative window, skip-above), featurises each list's shown items through the version's ranker exactly as
// serving does (response-serving.ts), and fits the full GLMix and the global-only model on a time-ordered
// split, warm-started from the active response model. On the job's thread (yielding while it featurises): the
// fit itself takes about 4.5 s for 250,000 impressions (bench:response).

import type { ArtifactStore, ResponseTrainer, ResponseTrainingInput, ResponseTrainingOutput } from '@shopspace/domain';
import {
  fitResponse,
  labelTraffic,
  type LabelledTraffic,
  type ResponseExample,
  type TrackedList,
} from '@shopspace/ranking';
import {
  SERVING_MODEL_COMPONENTS,
  ServingModel,
  encodeBundle,
  openBundle,
  responseFeatureNamesOf,
  responseInputs,
} from '@shopspace/serving';

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export class RankerResponseTrainer implements ResponseTrainer {
  constructor(private readonly artifacts: ArtifactStore) {}

  async train(input: ResponseTrainingInput): Promise<ResponseTrainingOutput | null> {
    const started = performance.now();
    const { vocabulary, ...rest } = (
      await openBundle(this.artifacts, input.modelArtifactPath, SERVING_MODEL_COMPONENTS)
    ).components;
    if (!vocabulary || !rest.pipeline) return null;
    const model = new ServingModel({ vocabulary, ...rest });
    const names = responseFeatureNamesOf(model);
    if (!names) return null;
    const lists: TrackedList[] = input.lists.map((l) => ({
      requestId: l.requestId,
      servedAt: l.servedAt.getTime(),
      user: l.userId,
      sessionId: l.sessionId,
      skus: l.skus,
      context: l.sessionSkus,
      impressed: l.impressed,
      clicked: l.clicked,
    }));
    const labelled = labelTraffic(
      lists,
      input.engagement.map((e) => ({ sessionId: e.sessionId, sku: e.sku, kind: e.kind, at: e.at.getTime() })),
      { now: input.now, negativeWindowMs: input.negativeWindowMs },
    );
    // Features per list, once; examples whose sku the version does not know are left out.
    const dim = names.length;
    const rows: number[] = [];
    const kept: ResponseExample[] = [];
    let at = 0;
    const byList = new Map<number, ResponseExample[]>();
    for (const e of labelled.examples) byList.set(e.list, [...(byList.get(e.list) ?? []), e]);
    const x = new Float32Array(labelled.examples.length * dim);
    let done = 0;
    for (const [index, examples] of byList) {
      // Featurising runs the ranker's generators per list: let the job's lock renewals through now and then.
      if (++done % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
      const list = lists[index];
      if (!list) continue;
      const shown = examples.map((e) => e.sku);
      const features = responseInputs(model, list.context, list.user, shown, list.servedAt);
      if (!features) continue;
      features.rows.forEach((row, j) => {
        const e = examples[row];
        if (!e) return;
        x.set(features.x.subarray(j * dim, (j + 1) * dim), at * dim);
        kept.push(e);
        rows.push(at++);
      });
    }
    const traffic: LabelledTraffic = { examples: kept, counts: labelled.counts };
    const previous = input.previousArtifactPath
      ? (await openBundle(this.artifacts, input.previousArtifactPath, ['response'])).components.response
      : undefined;
    const fit = fitResponse(
      traffic,
      lists,
      { x: x.subarray(0, kept.length * dim), names },
      {
        now: input.now,
        refitGlobal: input.refitGlobal,
        ...(previous ? { previous, compare: previous.full } : {}),
      },
    );
    const bundle = await encodeBundle('response', { response: { full: fit.full, globalOnly: fit.globalOnly } });
    const m = fit.metrics;
    const c = labelled.counts;
    return {
      bundle,
      globalFittedAt: fit.full.globalFittedAt,
      metrics: {
        lists: c.lists,
        impressions: c.impressions,
        clicks: c.clicks,
        engaged: c.engaged,
        negatives: c.negatives,
        skipAbove: c.skipAbove,
        pending: c.pending,
        unknownSkus: labelled.examples.length - kept.length,
        examples: m.examples,
        trainExamples: m.trainExamples,
        testExamples: m.testExamples,
        testClicks: m.testClicks,
        aucFull: finite(m.aucFull),
        aucGlobal: finite(m.aucGlobal),
        aucActive: finite(m.aucCompare),
        refitGlobal: m.refitGlobal,
        warmStarted: previous !== undefined,
        iterations: m.iterations,
        fitMs: Math.round(performance.now() - started),
      },
    };
  }
}
