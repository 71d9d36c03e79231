// @ts-check
// The trainer's control loop, run by the calling thread or by each worker thread. Plain JavaScript so
// worker_threads can load it under tsx, vitest or plain node alike; types are checked from JSDoc (tsconfig).
// Per token it draws the reduced window and the negatives (inlined xorshift32) and hands one centre item to
// the WebAssembly kernel, which does all vector work in the shared memory.

/** @import { SgnsKernel, SgnsPlan, SgnsRunner, SgnsSlice, SgnsStepResult } from './sgns.types.ts' */
/** @import { WasmMemory } from '../wasm/webassembly.runtime.ts' */

/** Byte offset of the int32 abort flag in the control block (int64 counters: tokens done at +0, kept at +16). */
export const CONTROL_ABORT_OFFSET = 8;
export const CONTROL_KEPT_OFFSET = 16;
const KEEP_ALWAYS = 0xffffffff;

/**
 * @param {SgnsKernel} kernel
 * @param {WasmMemory} memory
 * @param {SgnsPlan} plan
 * @param {SgnsSlice} slice
 * @returns {SgnsRunner}
 */
export function createSgnsRunner(kernel, memory, plan, slice) {
  const i32 = new Int32Array(memory.buffer);
  const u32 = new Uint32Array(memory.buffer);
  const wordsDone = new BigInt64Array(memory.buffer, plan.controlPtr, 1);
  const wordsKept = new BigInt64Array(memory.buffer, plan.controlPtr + CONTROL_KEPT_OFFSET, 1);
  let kept = 0;
  const abortIndex = (plan.controlPtr + CONTROL_ABORT_OFFSET) >>> 2;
  const offsetsBase = plan.offsetsPtr >>> 2;
  const train = plan.mode === 0 ? cbowSessions : skipgramSessions;
  let epoch = 0;
  let session = slice.sessionStart;
  let rng = slice.seed | 0 || 1;

  /**
   * Shared by both modes: copies session s into the sentence buffer, dropping down-sampled items.
   * @param {number} s
   * @returns {number} the kept length
   */
  function subsample(s) {
    const tokensBase = plan.tokensPtr >>> 2;
    const keepBase = plan.keepPtr >>> 2;
    const sentenceBase = slice.sentencePtr >>> 2;
    const end = tokensBase + (i32[offsetsBase + s + 1] ?? 0);
    let n = 0;
    let r = rng;
    for (let k = tokensBase + (i32[offsetsBase + s] ?? 0); k < end; k++) {
      const item = i32[k] ?? 0;
      const keep = u32[keepBase + item] ?? KEEP_ALWAYS;
      if (keep !== KEEP_ALWAYS) {
        r ^= r << 13;
        r ^= r >>> 17;
        r ^= r << 5;
        if (r >>> 0 > keep) continue;
      }
      i32[sentenceBase + n++] = item;
    }
    rng = r;
    kept += n;
    return n;
  }

  /**
   * @param {number} from first session
   * @param {number} to end session (exclusive)
   * @param {number} alpha
   */
  function cbowSessions(from, to, alpha) {
    const { window, negative, noiseMask } = plan;
    const noiseBase = plan.noisePtr >>> 2;
    const { sentencePtr, targetsPtr, neu1Ptr, neu1ePtr } = slice;
    const sentenceBase = sentencePtr >>> 2;
    const targetsBase = targetsPtr >>> 2;
    const mean = plan.cbowMean ? 1 : 0;
    const cbow = kernel.cbow;
    for (let s = from; s < to; s++) {
      const n = subsample(s);
      let r = rng;
      for (let i = 0; i < n; i++) {
        let lo = 0;
        let hi = n;
        if (window > 0) {
          r ^= r << 13;
          r ^= r >>> 17;
          r ^= r << 5;
          const b = (r >>> 0) % window;
          lo = i - window + b;
          hi = i + window - b + 1;
          if (lo < 0) lo = 0;
          if (hi > n) hi = n;
        }
        const word = i32[sentenceBase + i] ?? 0;
        i32[targetsBase] = word;
        for (let q = 1; q <= negative; q++) {
          r ^= r << 13;
          r ^= r >>> 17;
          r ^= r << 5;
          const noise = i32[noiseBase + ((r >>> 0) & noiseMask)] ?? 0;
          // gensim skips a negative that happens to be the positive.
          i32[targetsBase + q] = noise === word ? -1 : noise;
        }
        cbow(sentencePtr, lo, hi, i, targetsPtr, negative + 1, alpha, neu1Ptr, neu1ePtr, mean);
      }
      rng = r;
    }
  }

  /**
   * @param {number} from first session
   * @param {number} to end session (exclusive)
   * @param {number} alpha
   */
  function skipgramSessions(from, to, alpha) {
    const { window, negative, noiseMask } = plan;
    const noiseBase = plan.noisePtr >>> 2;
    const { sentencePtr, targetsPtr, neu1ePtr } = slice;
    const sentenceBase = sentencePtr >>> 2;
    const targetsBase = targetsPtr >>> 2;
    const perPair = negative + 1;
    const skipgram = kernel.skipgram;
    for (let s = from; s < to; s++) {
      const n = subsample(s);
      let r = rng;
      for (let i = 0; i < n; i++) {
        let lo = 0;
        let hi = n;
        if (window > 0) {
          r ^= r << 13;
          r ^= r >>> 17;
          r ^= r << 5;
          const b = (r >>> 0) % window;
          lo = i - window + b;
          hi = i + window - b + 1;
          if (lo < 0) lo = 0;
          if (hi > n) hi = n;
        }
        const word = i32[sentenceBase + i] ?? 0;
        // One block of [positive, negatives...] per context position; the centre's block is left unused.
        for (let j = lo; j < hi; j++) {
          if (j === i) continue;
          const block = targetsBase + (j - lo) * perPair;
          i32[block] = word;
          for (let q = 1; q < perPair; q++) {
            r ^= r << 13;
            r ^= r >>> 17;
            r ^= r << 5;
            const noise = i32[noiseBase + ((r >>> 0) & noiseMask)] ?? 0;
            i32[block + q] = noise === word ? -1 : noise;
          }
        }
        skipgram(sentencePtr, lo, hi, i, targetsPtr, perPair, alpha, neu1ePtr);
      }
      rng = r;
    }
  }

  /** @returns {SgnsStepResult} */
  function step() {
    if (epoch >= plan.epochs) return 'done';
    if (Atomics.load(i32, abortIndex) !== 0) return 'aborted';
    // Learning rate by global progress: with several threads the counter is everyone's, as in gensim.
    const progress = Number(Atomics.load(wordsDone, 0)) / plan.totalWords;
    const alpha = Math.max(plan.minAlpha, plan.alpha - (plan.alpha - plan.minAlpha) * progress);
    let end = session;
    let tokens = 0;
    while (end < slice.sessionEnd && tokens < plan.chunkWords) {
      tokens += (i32[offsetsBase + end + 1] ?? 0) - (i32[offsetsBase + end] ?? 0);
      end++;
    }
    kept = 0;
    train(session, end, alpha);
    Atomics.add(wordsDone, 0, BigInt(tokens));
    Atomics.add(wordsKept, 0, BigInt(kept));
    session = end;
    if (session >= slice.sessionEnd) {
      epoch++;
      session = slice.sessionStart;
    }
    return epoch >= plan.epochs ? 'done' : 'running';
  }

  return { step };
}
