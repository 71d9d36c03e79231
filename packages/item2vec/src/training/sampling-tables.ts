// The two frequency tables word2vec trains with: the unigram^exponent noise table negatives are drawn from,
// and the per-item keep thresholds of frequent-item down-sampling (gensim's formula and integer encoding).

/** Power-of-two table size, so a draw is `table[random & mask]`; ~64 slots per item, 1 Mi to 16 Mi slots. */
export function noiseTableSize(vocabularySize: number): number {
  let size = 1 << 20;
  while (size < vocabularySize * 64 && size < 1 << 24) size <<= 1;
  return size;
}

/**
 * Fills `table` with item indices, item i taking a share of slots proportional to counts[i]^exponent
 * (word2vec's unigram table; gensim's ns_exponent).
 */
export function fillNoiseTable(counts: Int32Array, exponent: number, table: Int32Array): void {
  let total = 0;
  for (const count of counts) total += count ** exponent;
  let cumulative = 0;
  let slot = 0;
  for (let item = 0; item < counts.length; item++) {
    cumulative += (counts[item] ?? 0) ** exponent;
    const end = item === counts.length - 1 ? table.length : Math.round((cumulative / total) * table.length);
    for (; slot < end; slot++) table[slot] = item;
  }
}

/** Threshold that means "always keep": the driver then skips the random draw. */
export const KEEP_ALWAYS = 0xffffffff;

/**
 * gensim 4 down-sampling: keep an item with probability (sqrt(c / t) + 1) * t / c where t = sample * total,
 * stored as round(p * 2^32) and tested as `random32 <= threshold`.
 */
export function fillKeepThresholds(counts: Int32Array, sample: number, thresholds: Uint32Array): void {
  let total = 0;
  for (const count of counts) total += count;
  const t = sample * total;
  for (let item = 0; item < counts.length; item++) {
    const count = counts[item] ?? 0;
    const keep = sample > 0 && count > 0 ? (Math.sqrt(count / t) + 1) * (t / count) : 1;
    thresholds[item] = keep >= 1 ? KEEP_ALWAYS : Math.round(keep * 2 ** 32);
  }
}

/** word2vec's sigmoid lookup: EXP_TABLE_SIZE steps over [-MAX_EXP, MAX_EXP], one extra slot for +MAX_EXP. */
export const MAX_EXP = 6;
export const EXP_TABLE_SIZE = 1000;

export function fillSigmoidTable(table: Float32Array): void {
  for (let i = 0; i <= EXP_TABLE_SIZE; i++) {
    table[i] = 1 / (1 + Math.exp(-((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP));
  }
}
