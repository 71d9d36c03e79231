// The item tower as data: hashed embedding tables per field (mean bags), Linear → ReLU → Linear → tanh, plus the
// inference path the API uses to embed a new item on upsert (a few tens of microseconds, no allocation but
// the answer). Rows never updated in training are skipped, so an unseen word adds nothing instead of noise.
import { requireConfig } from '../feature-tower.errors.ts';
import {
  FEATURE_FIELDS,
  FIELD_COUNT,
  hashItem,
  inputWidth,
  resolveHashing,
  type HashingConfig,
  type ItemFeatures,
} from '../features/feature-hashing.ts';
import { quantizeTowerOutput } from '../int8/int8-vectors.ts';
import { denseRow } from './tower.kernels.ts';

/** Everything needed to rebuild the function item features → vector, stored with the weights. */
export interface TowerShape {
  readonly hashing: HashingConfig;
  /** Hidden layer width. */
  readonly hidden: number;
  /** Output dimension (the served vector's length). */
  readonly dim: number;
  /** Training logit = logitScale × (u_a · u_b); kept so scores can be read as the trained logits. */
  readonly logitScale: number;
}

export interface TowerWeights {
  /** Per field (FEATURE_FIELDS order), buckets × fieldDim row-major. */
  readonly tables: readonly Float32Array[];
  /** Per field, 1 where the row was updated in training. */
  readonly trained: readonly Uint8Array[];
  /** hidden × inputWidth, row-major (row j holds hidden unit j's weights over the inputs). */
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  /** dim × hidden, row-major. */
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

export interface FeatureTower {
  readonly shape: TowerShape;
  readonly weights: TowerWeights;
}

export function resolveShape(shape: {
  readonly hashing?: Partial<HashingConfig>;
  readonly hidden?: number;
  readonly dim?: number;
  readonly logitScale?: number;
}): TowerShape {
  const resolved: TowerShape = {
    hashing: resolveHashing(shape.hashing),
    hidden: shape.hidden ?? 128,
    dim: shape.dim ?? 64,
    logitScale: shape.logitScale ?? 0.1,
  };
  requireConfig(
    Number.isInteger(resolved.hidden) && resolved.hidden >= 1 && resolved.hidden <= 4096,
    'hidden',
    'must be 1..4096',
  );
  requireConfig(Number.isInteger(resolved.dim) && resolved.dim >= 1 && resolved.dim <= 4096, 'dim', 'must be 1..4096');
  requireConfig(resolved.logitScale > 0 && Number.isFinite(resolved.logitScale), 'logitScale', 'must be > 0');
  return resolved;
}

/** Start of each field's slice in the concatenated input, plus the total width at the end. */
export function fieldOffsets(hashing: HashingConfig): Int32Array {
  const offsets = new Int32Array(FIELD_COUNT + 1);
  FEATURE_FIELDS.forEach((field, f) => (offsets[f + 1] = offsets[f]! + hashing.fields[field].dim));
  return offsets;
}

/** Zero weights of the right sizes (the trainer initialises them; the codec fills them). */
export function allocateWeights(shape: TowerShape): TowerWeights {
  const width = inputWidth(shape.hashing);
  return {
    tables: FEATURE_FIELDS.map((field) => {
      const { buckets, dim } = shape.hashing.fields[field];
      return new Float32Array(buckets * dim);
    }),
    trained: FEATURE_FIELDS.map((field) => new Uint8Array(shape.hashing.fields[field].buckets)),
    w1: new Float32Array(width * shape.hidden),
    b1: new Float32Array(shape.hidden),
    w2: new Float32Array(shape.hidden * shape.dim),
    b2: new Float32Array(shape.dim),
  };
}

/** Reusable buffers for inference, so embedding many items allocates nothing per item. */
export interface TowerScratch {
  readonly x: Float32Array;
  readonly h: Float32Array;
}

export function createScratch(shape: TowerShape): TowerScratch {
  return { x: new Float32Array(inputWidth(shape.hashing)), h: new Float32Array(shape.hidden) };
}

/** Writes the concatenated field means of one (hashed) item into scratch.x; untrained rows are skipped. */
export function bagRows(
  tower: FeatureTower,
  rows: readonly Int32Array[],
  scratch: TowerScratch,
  allRows = false,
): void {
  const { shape, weights } = tower;
  const { x } = scratch;
  let offset = 0;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const dim = shape.hashing.fields[FEATURE_FIELDS[f]!].dim;
    const table = weights.tables[f]!;
    const trained = weights.trained[f]!;
    const fieldRows = rows[f]!;
    x.fill(0, offset, offset + dim);
    let used = 0;
    for (let t = 0; t < fieldRows.length; t++) {
      const row = fieldRows[t]!;
      if (!allRows && trained[row] !== 1) continue;
      used++;
      const base = row * dim;
      for (let j = 0; j < dim; j++) x[offset + j]! += table[base + j]!;
    }
    if (used > 0) {
      const inv = 1 / used;
      for (let j = 0; j < dim; j++) x[offset + j]! *= inv;
    }
    offset += dim;
  }
}

/** Writes the tanh output of one item (already hashed) into out[outOffset ..]. */
export function forwardRows(
  tower: FeatureTower,
  rows: readonly Int32Array[],
  scratch: TowerScratch,
  out: Float32Array,
  outOffset: number,
): void {
  const { shape, weights } = tower;
  const { x, h } = scratch;
  bagRows(tower, rows, scratch);
  denseRow(x, weights.w1, weights.b1, h, 0, x.length, shape.hidden);
  for (let j = 0; j < shape.hidden; j++) if (h[j]! < 0) h[j] = 0;
  denseRow(h, weights.w2, weights.b2, out, outOffset, shape.hidden, shape.dim);
  for (let j = 0; j < shape.dim; j++) out[outOffset + j] = Math.tanh(out[outOffset + j]!);
}

/** Float tanh outputs of many items, row-major n × dim (what float32 reference search and training compare). */
export function embedItems(tower: FeatureTower, items: readonly ItemFeatures[]): Float32Array {
  const out = new Float32Array(items.length * tower.shape.dim);
  const scratch = createScratch(tower.shape);
  items.forEach((item, i) =>
    forwardRows(tower, hashItem(item, tower.shape.hashing), scratch, out, i * tower.shape.dim),
  );
  return out;
}

/**
 * The served int8 vector of one item: round(128 × tanh output) clamped to [-127, 127]. Pass a scratch from
 * createScratch to avoid its two small allocations on a hot path.
 */
export function embedItem(tower: FeatureTower, item: ItemFeatures, scratch?: TowerScratch): Int8Array {
  const out = new Float32Array(tower.shape.dim);
  forwardRows(tower, hashItem(item, tower.shape.hashing), scratch ?? createScratch(tower.shape), out, 0);
  return quantizeTowerOutput(out);
}
