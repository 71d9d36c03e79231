// The tower file: hashing config and layer shapes as JSON (so the API hashes a new item exactly as training
// did), then only the embedding rows training updated (row ids + values per field), then the dense layers.
// Magic "SSFT", format 1, little-endian, CRC-checked (binary-io.ts).
import { FEATURE_FIELDS, inputWidth } from '../features/feature-hashing.ts';
import { allocateWeights, resolveShape, type FeatureTower, type TowerShape } from '../tower/tower.model.ts';
import { corrupt, openPayload, PayloadWriter } from './binary-io.ts';

export const TOWER_MAGIC = 'SSFT';
export const TOWER_FORMAT_VERSION = 1;

export function encodeTower(tower: FeatureTower): Uint8Array {
  const { shape, weights } = tower;
  const writer = new PayloadWriter();
  writer.json({ fields: FEATURE_FIELDS, shape });
  FEATURE_FIELDS.forEach((field, f) => {
    const { dim } = shape.hashing.fields[field];
    const trained = weights.trained[f]!;
    const table = weights.tables[f]!;
    const rows: number[] = [];
    for (let r = 0; r < trained.length; r++) if (trained[r] === 1) rows.push(r);
    const values = new Float32Array(rows.length * dim);
    rows.forEach((row, k) => values.set(table.subarray(row * dim, (row + 1) * dim), k * dim));
    writer.u32(rows.length);
    writer.array(Int32Array.from(rows));
    writer.array(values);
  });
  for (const values of [weights.w1, weights.b1, weights.w2, weights.b2]) writer.array(values);
  return writer.finish(TOWER_MAGIC, TOWER_FORMAT_VERSION);
}

/** Decodes a tower file; `source` (a path, a model id) only goes into error messages. */
export function decodeTower(bytes: Uint8Array, source = 'tower'): FeatureTower {
  const reader = openPayload(bytes, TOWER_MAGIC, TOWER_FORMAT_VERSION, source);
  const header = reader.json('shape') as { fields?: unknown; shape?: Partial<TowerShape> } | null;
  if (
    header === null ||
    typeof header !== 'object' ||
    JSON.stringify(header.fields) !== JSON.stringify(FEATURE_FIELDS)
  ) {
    throw corrupt(source, `field list differs from this reader's (${FEATURE_FIELDS.join(', ')})`);
  }
  let shape: TowerShape;
  try {
    shape = resolveShape(header.shape ?? {});
  } catch (error) {
    throw corrupt(source, 'shape is invalid', error);
  }
  // The stored hashing must be complete: defaults filled in by this reader could differ from the writer's.
  if (canonical(shape) !== canonical(header.shape)) throw corrupt(source, 'shape is incomplete or has unknown keys');
  const weights = allocateWeights(shape);
  FEATURE_FIELDS.forEach((field, f) => {
    const { buckets, dim } = shape.hashing.fields[field];
    const count = reader.u32(`${field} row count`);
    if (count > buckets) throw corrupt(source, `${field}: ${count} rows stored, table has ${buckets}`);
    const rows = reader.int32(count, `${field} row ids`);
    const values = reader.float32(count * dim, `${field} rows`);
    const table = weights.tables[f]!;
    const trained = weights.trained[f]!;
    rows.forEach((row, k) => {
      if (row < 0 || row >= buckets || (k > 0 && row <= rows[k - 1]!)) {
        throw corrupt(source, `${field}: row id ${row} out of range or not ascending`);
      }
      table.set(values.subarray(k * dim, (k + 1) * dim), row * dim);
      trained[row] = 1;
    });
  });
  const width = inputWidth(shape.hashing);
  weights.w1.set(reader.float32(shape.hidden * width, 'w1'));
  weights.b1.set(reader.float32(shape.hidden, 'b1'));
  weights.w2.set(reader.float32(shape.dim * shape.hidden, 'w2'));
  weights.b2.set(reader.float32(shape.dim, 'b2'));
  reader.end();
  return { shape, weights };
}

// JSON with object keys sorted, so two shapes compare by content whatever order their keys were written in.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
