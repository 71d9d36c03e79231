// Deterministic, sticky variant assignment: a visitor's variant is a pure function of (experiment, visitor), so
// no per-visitor state is stored and every API process agrees.
import { ExperimentError, ExperimentErrorCode } from './experiments.errors.ts';

export interface VariantWeight {
  readonly key: string;
  readonly weight: number;
}

export const CONTROL_KEY = 'control';
export const WEIGHT_SUM_TOLERANCE = 1e-9;

const MASK_64 = (1n << 64n) - 1n;
const FNV_OFFSET_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 0x100000001b3n;
const utf8 = new TextEncoder();

/** FNV-1a 64 over the UTF-8 bytes. BigInt arithmetic is exact and specified by the language. */
export function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET_64;
  for (const byte of utf8.encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME_64) & MASK_64;
  }
  return hash;
}

/**
 * FNV-1a 64 followed by the murmur3 fmix64 finalizer: the same value in every process and Node version. The
 * finalizer matters because plain FNV-1a mixes the last bytes poorly into the high bits, and ids that differ
 * only at the end (visitor-1, visitor-2, ...) are the common case.
 */
export function stableHash64(text: string): bigint {
  let hash = fnv1a64(text);
  hash ^= hash >> 33n;
  hash = (hash * 0xff51afd7ed558ccdn) & MASK_64;
  hash ^= hash >> 33n;
  hash = (hash * 0xc4ceb93fe53f1a85n) & MASK_64;
  hash ^= hash >> 33n;
  return hash;
}

/** The hash mapped to [0, 1) through its top 53 bits, the most a double holds exactly. */
export function unitHash(text: string): number {
  return Number(stableHash64(text) >> 11n) / 2 ** 53;
}

/**
 * Everything wrong with a variant list at once, so a form can show all problems in one round trip. Each message
 * starts with the offending path (`variants[1].weight`). Keys are compared trimmed, since callers store them
 * trimmed and "b" and "b " would otherwise pass here and collide there.
 */
export function validateVariants(variants: readonly VariantWeight[]): string[] {
  const problems: string[] = [];
  if (variants.length < 2) problems.push(`variants must list at least 2 variants (got ${variants.length})`);
  const firstIndexOfKey = new Map<string, number>();
  let allWeightsValid = true;
  let sum = 0;
  variants.forEach((variant, i) => {
    const key = typeof variant.key === 'string' ? variant.key.trim() : '';
    if (key === '') {
      problems.push(`variants[${i}].key must be a non-empty string`);
    } else {
      const first = firstIndexOfKey.get(key);
      if (first === undefined) firstIndexOfKey.set(key, i);
      else problems.push(`variants[${i}].key duplicates variants[${first}].key ("${key}")`);
    }
    if (typeof variant.weight !== 'number' || !Number.isFinite(variant.weight) || variant.weight <= 0) {
      problems.push(`variants[${i}].weight must be a positive finite number (got ${String(variant.weight)})`);
      allWeightsValid = false;
    } else {
      sum += variant.weight;
    }
  });
  // A sum over invalid weights would only repeat the per-weight problem in a more confusing form.
  if (allWeightsValid && variants.length > 0 && Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    problems.push(`variants weights must sum to 1 (got ${sum})`);
  }
  return problems;
}

/** The control arm: the variant keyed "control" if there is one, else the first listed. */
export function controlKeyOf(variants: readonly { readonly key: string }[]): string {
  const first = variants[0];
  if (first === undefined) {
    throw new ExperimentError(ExperimentErrorCode.InvalidVariants, 'variants must not be empty', 'variants');
  }
  return variants.some((v) => v.key === CONTROL_KEY) ? CONTROL_KEY : first.key;
}

/**
 * The variant a visitor sees. `visitorKey` is the userId, else the sessionId; without one (null or empty) the
 * visitor gets the control, so anonymous traffic never dilutes a treatment it cannot be attributed to.
 * Changing weights or variant order reassigns visitors, which is why a running experiment's variants are frozen.
 */
export function assignVariant(
  experimentId: string,
  visitorKey: string | null,
  variants: readonly VariantWeight[],
): string {
  const problems = validateVariants(variants);
  if (problems.length > 0) {
    // The field is the path that opens the first message ("variants[1].weight must be ...").
    const field = problems[0]?.split(' ', 1)[0];
    throw new ExperimentError(ExperimentErrorCode.InvalidVariants, problems.join('; '), field);
  }
  if (visitorKey === null || visitorKey === '') return controlKeyOf(variants);
  const u = unitHash(`${experimentId}:${visitorKey}`);
  let cumulative = 0;
  for (const variant of variants) {
    cumulative += variant.weight;
    if (u < cumulative) return variant.key;
  }
  // Weights may sum to 1 - 1e-9 by rounding; the few hashes above that belong to the last variant.
  const last = variants[variants.length - 1];
  if (last === undefined) throw new ExperimentError(ExperimentErrorCode.InvalidVariants, 'variants must not be empty');
  return last.key;
}
