// Trains the feature tower on a shop's (or several pooled shops') contacts: pairs within the window, shuffled
// minibatches drawn inside periods, one sqrt-popularity negative draw per minibatch from the items active
// then, hardest-negative softmax loss, Adam with a linearly decaying step. One thread, deterministic under a seed.
import { createRng, deriveSeed, type Rng } from '@shopspace/item2vec';
import { FeatureTowerError, FeatureTowerErrorCode, requireInput } from '../feature-tower.errors.ts';
import { hashCatalog, inputWidth, missingRows, type ItemFeatures } from '../features/feature-hashing.ts';
import { itemActivity, type Contact, type ContactColumns, type ItemActivity } from '../contacts/contacts.ts';
import { buildTrainingPairs, type TrainingPairs } from '../contacts/training-pairs.ts';
import { createActiveSampler } from '../contacts/active-negative.sampler.ts';
import { resolveTowerConfig, type TowerConfig } from './tower-config.ts';
import { allocateWeights, resolveShape, type FeatureTower } from './tower.model.ts';
import { createStepEngine } from './tower.step.ts';
import { calibrateScale, initialiseWeights, partnerLists } from './tower-init.ts';
import type { DenseLayersFactory } from './dense-layers.ts';

export interface TowerTrainingInput {
  /** The catalog by item index: the only thing the tower ever sees of an item. */
  readonly items: readonly ItemFeatures[];
  /** Contacts to build pairs (with config.pairs) and, unless given, the activity from. */
  readonly contacts?: readonly Contact[] | ContactColumns;
  /** Pairs built beforehand (e.g. pooled over shops); used instead of the contacts' pairs. */
  readonly pairs?: TrainingPairs;
  /** Active periods and contact counts (e.g. catalog dates); default: first/last contact and count. */
  readonly activity?: ItemActivity;
}

export interface TrainTowerOptions {
  /** Fraction of minibatches done (0..1] and the mean loss since the previous call; about every 100 ms. */
  readonly onProgress?: (fraction: number, loss: number) => void;
  /** Stops between minibatches; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * The dense kernels of a minibatch. Default: the hand-written Float32Array ones; the tfjs benchmark plugs in
   * its own to compare kernels on identical batches, draws and optimiser.
   */
  readonly denseLayers?: DenseLayersFactory;
}

export interface TowerTrainingStats {
  readonly pairs: number;
  /** Positive examples trained on (a pair in one direction is one). */
  readonly examples: number;
  readonly steps: number;
  readonly seconds: number;
  /** Mean distinct negatives per minibatch draw. */
  readonly meanDrawSize: number;
  /** Weighted mean loss over each twentieth of the run, in order. */
  readonly lossCurve: Float64Array;
}

export interface TrainedTower {
  readonly tower: FeatureTower;
  readonly config: TowerConfig;
  readonly stats: TowerTrainingStats;
}

const PROGRESS_INTERVAL_MS = 100;
const SLICE_MS = 20;
const CURVE_POINTS = 20;

export async function trainTower(
  input: TowerTrainingInput,
  overrides: Partial<TowerConfig> = {},
  options: TrainTowerOptions = {},
): Promise<TrainedTower> {
  options.signal?.throwIfAborted();
  const run = prepareRun(input, overrides, options.denseLayers);
  let lastProgress = performance.now();
  for (;;) {
    const sliceEnd = performance.now() + SLICE_MS;
    let done = false;
    while (!(done = run.step()) && performance.now() < sliceEnd);
    if (options.onProgress && (done || performance.now() - lastProgress >= PROGRESS_INTERVAL_MS)) {
      options.onProgress(run.fraction(), run.takeLoss());
      lastProgress = performance.now();
    }
    if (done) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
  }
  return run.finish();
}

/** The same training blocking the calling thread (tests, scripts, a worker thread of the caller's own). */
export function trainTowerSync(
  input: TowerTrainingInput,
  overrides: Partial<TowerConfig> = {},
  options: Pick<TrainTowerOptions, 'onProgress' | 'denseLayers'> = {},
): TrainedTower {
  const run = prepareRun(input, overrides, options.denseLayers);
  let lastProgress = performance.now();
  for (;;) {
    const done = run.step();
    if (options.onProgress && (done || performance.now() - lastProgress >= PROGRESS_INTERVAL_MS)) {
      options.onProgress(run.fraction(), run.takeLoss());
      lastProgress = performance.now();
    }
    if (done) break;
  }
  return run.finish();
}

interface Run {
  /** Trains one minibatch; true when the run is complete. */
  step(): boolean;
  fraction(): number;
  takeLoss(): number;
  finish(): TrainedTower;
}

function prepareRun(input: TowerTrainingInput, overrides: Partial<TowerConfig>, denseLayers?: DenseLayersFactory): Run {
  const started = performance.now();
  const config = resolveTowerConfig(overrides);
  const shape = resolveShape(config);
  requireInput(Array.isArray(input.items) && input.items.length > 0, 'input.items', 'must list the catalog');
  const n = input.items.length;
  const features = hashCatalog(input.items, shape.hashing);
  requireInput(
    input.pairs !== undefined || input.contacts !== undefined,
    'input',
    'needs contacts (or prebuilt pairs with an activity)',
  );
  const pairs =
    input.pairs ?? buildTrainingPairs(input.contacts!, { seed: deriveSeed(config.seed, 1), ...config.pairs });
  requireInput(
    input.activity !== undefined || input.contacts !== undefined,
    'input.activity',
    'is needed when pairs are given without contacts',
  );
  const activity = input.activity ?? itemActivity(input.contacts!, n);
  checkPairs(pairs, n);
  requireInput(activity.contacts.length === n, 'input.activity', `must have one entry per item (${n})`);
  if (pairs.count === 0) {
    throw new FeatureTowerError(FeatureTowerErrorCode.NoTrainingPairs, 'no two items share an actor within the window');
  }

  const weights = allocateWeights(shape);
  initialiseWeights(weights, inputWidth(shape.hashing), shape.hidden, shape.dim, createRng(deriveSeed(config.seed, 2)));
  const tower: FeatureTower = { shape, weights };
  calibrateScale(tower, input.items, config.seed);
  const sampler = createActiveSampler(activity, { exponent: config.negativeExponent });
  const engine = createStepEngine(
    tower,
    features,
    activity,
    missingRows(shape.hashing),
    config.batchSize,
    config.negatives,
    config.maskPartners ? partnerLists(pairs, n) : null,
    denseLayers,
  );

  // Pairs are time-sorted, so each period is a contiguous range of pairs.
  const periodStarts: number[] = [0];
  const t0 = pairs.time[0]!;
  for (let k = 1; k < pairs.count; k++) {
    if (
      Math.floor((pairs.time[k]! - t0) / config.periodMs) !== Math.floor((pairs.time[k - 1]! - t0) / config.periodMs)
    ) {
      periodStarts.push(k);
    }
  }
  periodStarts.push(pairs.count);
  const B = config.batchSize;
  let batchesPerEpoch = 0;
  for (let p = 0; p + 1 < periodStarts.length; p++)
    batchesPerEpoch += Math.ceil((2 * (periodStarts[p + 1]! - periodStarts[p]!)) / B);
  const totalSteps = Math.max(
    1,
    Math.min(Math.ceil(config.epochs * batchesPerEpoch), Math.ceil(config.maxExamples / B)),
  );

  const examples = new Int32Array(2 * pairs.count);
  const batchStart = new Int32Array(batchesPerEpoch);
  const batchLength = new Int32Array(batchesPerEpoch);
  const batch = {
    size: 0,
    anchor: new Int32Array(B),
    positive: new Int32Array(B),
    time: new Float64Array(B),
    weight: new Float32Array(B),
  };
  const dropoutRng = createRng(deriveSeed(config.seed, 3));
  const drawRng = createRng(deriveSeed(config.seed, 4));
  let epochRng: Rng = createRng(deriveSeed(config.seed, 5));
  let step = 0;
  let drawTotal = 0;
  let trained = 0;
  let pendingLoss = 0;
  let pendingWeight = 0;
  const curve = new Float64Array(CURVE_POINTS);
  const curveCount = new Float64Array(CURVE_POINTS);

  // Lays out one epoch: examples shuffled within each period, cut into minibatches, minibatch order shuffled.
  const planEpoch = (epoch: number): void => {
    epochRng = createRng(deriveSeed(config.seed, 100 + epoch));
    let b = 0;
    for (let p = 0; p + 1 < periodStarts.length; p++) {
      const from = 2 * periodStarts[p]!;
      const to = 2 * periodStarts[p + 1]!;
      for (let e = from; e < to; e++) examples[e] = e;
      shuffle(examples, from, to, epochRng);
      for (let s = from; s < to; s += B) {
        batchStart[b] = s;
        batchLength[b++] = Math.min(B, to - s);
      }
    }
    for (let i = batchesPerEpoch - 1; i > 0; i--) {
      const j = epochRng.nextInt(i + 1);
      [batchStart[i], batchStart[j]] = [batchStart[j]!, batchStart[i]!];
      [batchLength[i], batchLength[j]] = [batchLength[j]!, batchLength[i]!];
    }
  };

  return {
    step() {
      if (step >= totalSteps) return true;
      const within = step % batchesPerEpoch;
      if (within === 0) planEpoch(step / batchesPerEpoch);
      fillBatch(batch, pairs, examples, batchStart[within]!, batchLength[within]!);
      let from = Infinity;
      let until = -Infinity;
      for (let e = 0; e < batch.size; e++) {
        from = Math.min(from, batch.time[e]!);
        until = Math.max(until, batch.time[e]!);
      }
      const draw = sampler.sample(from, until, config.negatives, drawRng);
      const progress = step / totalSteps;
      const decay = 1 - (1 - config.finalLearningRateShare) * progress;
      const result = engine.accumulate(
        batch,
        draw,
        {
          negativesPerPositive: config.hardNegatives,
          choice: progress < config.warmupShare ? 'random' : config.negativeChoice,
          featureDropout: config.featureDropout,
        },
        dropoutRng,
      );
      engine.apply(config.learningRate * decay, config.embeddingLearningRate * decay);
      const point = Math.min(CURVE_POINTS - 1, Math.floor(progress * CURVE_POINTS));
      curve[point]! += result.loss;
      curveCount[point]!++;
      pendingLoss += result.loss * batch.size;
      pendingWeight += batch.size;
      drawTotal += result.poolSize;
      trained += batch.size;
      step++;
      return step >= totalSteps;
    },
    fraction: () => step / totalSteps,
    takeLoss() {
      const loss = pendingWeight > 0 ? pendingLoss / pendingWeight : NaN;
      pendingLoss = 0;
      pendingWeight = 0;
      return loss;
    },
    finish() {
      for (let p = 0; p < CURVE_POINTS; p++) curve[p] = curveCount[p]! > 0 ? curve[p]! / curveCount[p]! : NaN;
      return {
        tower,
        config,
        stats: {
          pairs: pairs.count,
          examples: trained,
          steps: step,
          seconds: (performance.now() - started) / 1000,
          meanDrawSize: step > 0 ? drawTotal / step : 0,
          lossCurve: curve,
        },
      };
    },
  };
}

function fillBatch(
  batch: { size: number; anchor: Int32Array; positive: Int32Array; time: Float64Array; weight: Float32Array },
  pairs: TrainingPairs,
  examples: Int32Array,
  start: number,
  length: number,
): void {
  batch.size = length;
  for (let e = 0; e < length; e++) {
    const example = examples[start + e]!;
    const pair = example >> 1;
    const flip = (example & 1) === 1;
    batch.anchor[e] = flip ? pairs.b[pair]! : pairs.a[pair]!;
    batch.positive[e] = flip ? pairs.a[pair]! : pairs.b[pair]!;
    batch.time[e] = pairs.time[pair]!;
    batch.weight[e] = pairs.weight[pair]!;
  }
}

function checkPairs(pairs: TrainingPairs, items: number): void {
  const { count } = pairs;
  requireInput(
    pairs.a.length === count &&
      pairs.b.length === count &&
      pairs.time.length === count &&
      pairs.weight.length === count,
    'input.pairs',
    `columns must all have ${count} entries`,
  );
  for (let k = 0; k < count; k++) {
    const a = pairs.a[k]!;
    const b = pairs.b[k]!;
    requireInput(a >= 0 && a < items && b >= 0 && b < items, `input.pairs[${k}]`, `items must be < ${items}`);
    requireInput(a !== b, `input.pairs[${k}]`, 'pairs two different items');
    requireInput(pairs.weight[k]! > 0 && Number.isFinite(pairs.weight[k]!), `input.pairs.weight[${k}]`, 'must be > 0');
    requireInput(k === 0 || pairs.time[k]! >= pairs.time[k - 1]!, `input.pairs.time[${k}]`, 'must be ascending');
  }
}

function shuffle(values: Int32Array, from: number, to: number, rng: Rng): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + rng.nextInt(i - from + 1);
    const swap = values[i]!;
    values[i] = values[j]!;
    values[j] = swap;
  }
}
