// The files of an alignment version, written by the worker and read by the API: alignment.json (shops, skus,
// maps, steps), group-<i>.f32 (unit group-space vectors of shop i) and twins-<i>-<j>.bin (for each item of
// shop i its top twins in shop j: int32 indices, -1 padded, then float32 scores). Little-endian.

import { AlignmentError, AlignmentErrorCode } from '../alignment.errors.ts';
import type { AlignmentStep } from '../alignment/align-shops.ts';
import type { ShopMap } from '../alignment/shop-space.ts';
import type { AlignedGroup } from '../pipeline/align-group.ts';

export const ALIGNMENT_FORMAT = 1;

interface AlignmentJson {
  readonly format: number;
  readonly pivotShopId: string;
  readonly dim: number;
  readonly top: number;
  readonly shops: Array<{
    shopId: string;
    coldStart: boolean;
    placed: number;
    skus: string[];
    map: { center: number[]; matrix: number[] } | null;
  }>;
  readonly steps: AlignmentStep[];
  readonly interactionAnchors: number;
  readonly coldStartCosine: number | null;
}

export interface AlignedShopFiles {
  readonly shopId: string;
  readonly coldStart: boolean;
  readonly placed: number;
  readonly skus: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly groupVectors: Float32Array;
  readonly map: ShopMap | null;
}

export interface DecodedAlignment {
  readonly pivotShopId: string;
  readonly dim: number;
  readonly top: number;
  readonly shops: readonly AlignedShopFiles[];
  readonly steps: readonly AlignmentStep[];
  readonly interactionAnchors: number;
  readonly coldStartCosine: number | null;
  /** Twins of shop `from`'s item `row` in shop `to`: indices into `to`'s skus and scores, best first. */
  twinsOf(from: number, to: number, row: number): Array<{ index: number; score: number }>;
}

export const twinFileName = (from: number, to: number): string => `twins-${from}-${to}.bin`;
export const groupFileName = (shop: number): string => `group-${shop}.f32`;

const asBytes = (a: Int32Array | Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function encodeAlignmentFiles(group: AlignedGroup): Map<string, Uint8Array> {
  const top = Math.max(1, ...group.twins.flatMap((t) => t.lists.map((l) => l.twins.length)));
  const json: AlignmentJson = {
    format: ALIGNMENT_FORMAT,
    pivotShopId: group.pivotShopId,
    dim: group.dim,
    top,
    shops: group.shops.map((s) => ({
      shopId: s.shopId,
      coldStart: s.coldStart,
      placed: s.placed,
      skus: [...s.skus],
      map: s.map ? { center: Array.from(s.map.center), matrix: Array.from(s.map.matrix) } : null,
    })),
    steps: group.steps,
    interactionAnchors: group.interactionAnchors,
    coldStartCosine: group.coldStartCosine,
  };
  const files = new Map<string, Uint8Array>([['alignment.json', new TextEncoder().encode(JSON.stringify(json))]]);
  group.shops.forEach((s, i) => files.set(groupFileName(i), new Uint8Array(asBytes(s.groupVectors))));
  for (const t of group.twins) {
    const to = group.shops[t.to]!;
    const rowOf = new Map(to.skus.map((sku, r) => [sku, r]));
    const n = t.lists.length;
    const index = new Int32Array(n * top).fill(-1);
    const score = new Float32Array(n * top);
    t.lists.forEach((list, i) =>
      list.twins.forEach((twin, k) => {
        index[i * top + k] = rowOf.get(twin.sku) ?? -1;
        score[i * top + k] = twin.score;
      }),
    );
    const bytes = new Uint8Array(index.byteLength + score.byteLength);
    bytes.set(asBytes(index), 0);
    bytes.set(asBytes(score), index.byteLength);
    files.set(twinFileName(t.from, t.to), bytes);
  }
  return files;
}

const bad = (why: string): AlignmentError =>
  new AlignmentError(AlignmentErrorCode.InvalidInput, `alignment files: ${why}`, 'files');

/** The file names to read: alignment.json first, then these (they depend on the number of shops). */
export function alignmentFileNames(shopCount: number): string[] {
  const names = Array.from({ length: shopCount }, (_, i) => groupFileName(i));
  for (let a = 0; a < shopCount; a++) for (let b = 0; b < shopCount; b++) if (a !== b) names.push(twinFileName(a, b));
  return names;
}

export function parseAlignmentJson(bytes: Uint8Array): { shopCount: number } {
  const json = JSON.parse(new TextDecoder().decode(bytes)) as AlignmentJson;
  if (json.format !== ALIGNMENT_FORMAT) throw bad(`format ${String(json.format)}, expected ${ALIGNMENT_FORMAT}`);
  return { shopCount: json.shops.length };
}

export function decodeAlignmentFiles(files: ReadonlyMap<string, Uint8Array>): DecodedAlignment {
  const head = files.get('alignment.json');
  if (!head) throw bad('alignment.json is missing');
  const json = JSON.parse(new TextDecoder().decode(head)) as AlignmentJson;
  if (json.format !== ALIGNMENT_FORMAT) throw bad(`format ${String(json.format)}, expected ${ALIGNMENT_FORMAT}`);
  const copy = (name: string): ArrayBuffer => {
    const data = files.get(name);
    if (!data) throw bad(`${name} is missing`);
    return data.slice().buffer;
  };
  const shops: AlignedShopFiles[] = json.shops.map((s, i) => {
    const groupVectors = new Float32Array(copy(groupFileName(i)));
    if (groupVectors.length !== s.skus.length * json.dim) throw bad(`${groupFileName(i)} has the wrong size`);
    return {
      shopId: s.shopId,
      coldStart: s.coldStart,
      placed: s.placed,
      skus: s.skus,
      indexOf: new Map(s.skus.map((sku, r) => [sku, r])),
      groupVectors,
      map: s.map
        ? {
            shopId: s.shopId,
            dim: json.dim,
            center: Float64Array.from(s.map.center),
            matrix: Float64Array.from(s.map.matrix),
          }
        : null,
    };
  });
  const twins = new Map<string, { index: Int32Array; score: Float32Array }>();
  shops.forEach((from, a) =>
    shops.forEach((_, b) => {
      if (a === b) return;
      const buffer = copy(twinFileName(a, b));
      const n = from.skus.length * json.top;
      if (buffer.byteLength !== n * 8) throw bad(`${twinFileName(a, b)} has the wrong size`);
      twins.set(`${a}-${b}`, { index: new Int32Array(buffer, 0, n), score: new Float32Array(buffer, n * 4, n) });
    }),
  );
  return {
    pivotShopId: json.pivotShopId,
    dim: json.dim,
    top: json.top,
    shops,
    steps: json.steps,
    interactionAnchors: json.interactionAnchors,
    coldStartCosine: json.coldStartCosine,
    twinsOf(from, to, row) {
      const t = twins.get(`${from}-${to}`);
      if (!t) return [];
      const out: Array<{ index: number; score: number }> = [];
      for (let k = 0; k < json.top; k++) {
        const index = t.index[row * json.top + k] ?? -1;
        if (index >= 0) out.push({ index, score: t.score[row * json.top + k] ?? 0 });
      }
      return out;
    },
  };
}

/**
 * A vector of the group space taken back into one shop's own item2vec space. The forward map is
 * g = M · unit(unit(x) - c); M is orthogonal, so the direction is Mᵀ g, and unit(x) - c has about the length
 * √(1 - |c|²) for a unit x, which puts the centre back in proportion. Only the direction of the result matters
 * to its users (cosine against the shop's vectors).
 */
export function fromGroupSpace(map: ShopMap, group: Float32Array): Float32Array {
  const { dim, matrix, center } = map;
  let c2 = 0;
  for (let i = 0; i < dim; i++) c2 += (center[i] ?? 0) ** 2;
  const scale = Math.sqrt(Math.max(0, 1 - c2));
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (matrix[j * dim + i] ?? 0) * (group[j] ?? 0);
    out[i] = s * scale + (center[i] ?? 0);
  }
  return out;
}
