// Lays a training run out in one shared WebAssembly memory (weights, corpus, tables, control block and each
// thread's scratch), fills it, and compiles the kernel for that layout. Everything a worker needs is then the
// memory, the compiled module and two plain objects.
import { Item2vecError, Item2vecErrorCode } from '../item2vec.errors.ts';
import { longestSession, sessionCount, type SessionCorpus } from '../corpus/session-corpus.ts';
import { createRng, deriveSeed } from '../random/prng.ts';
import {
  EXP_TABLE_SIZE,
  fillKeepThresholds,
  fillNoiseTable,
  fillSigmoidTable,
  noiseTableSize,
} from './sampling-tables.ts';
import { buildSgnsKernel } from './sgns.kernel.ts';
import { SGNS_MODE, type SgnsPlan, type SgnsSlice } from './sgns.types.ts';
import type { Item2vecConfig } from './train-config.ts';
import { compileModule, createSharedMemory, type WasmMemory, type WasmModule } from '../wasm/webassembly.runtime.ts';

export interface PreparedTraining {
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  readonly plan: SgnsPlan;
  readonly slices: readonly SgnsSlice[];
}

const PAGE_BYTES = 65536;
// 32-bit WebAssembly addresses: 4 GiB of shared memory at most.
const MAX_PAGES = 65536;
const CHUNK_WORDS = 10_000;

/** Bump allocator over byte offsets; 16-byte alignment keeps every row and buffer aligned for v128 loads. */
class Allocator {
  size = 0;
  take(bytes: number): number {
    const at = this.size;
    this.size += Math.ceil(bytes / 16) * 16;
    return at;
  }
}

export function prepareTraining(corpus: SessionCorpus, config: Item2vecConfig, threads: number): PreparedTraining {
  const vocabularySize = corpus.vocabulary.ids.length;
  const sessions = sessionCount(corpus);
  const stride = Math.ceil(config.dim / 4) * 4;
  const rowBytes = stride * 4;
  const longest = longestSession(corpus);
  const span = config.window > 0 ? Math.min(2 * config.window + 1, longest) : longest;
  const targetSlots = (config.mode === 'cbow' ? 1 : span) * (config.negative + 1);
  const noiseSize = noiseTableSize(vocabularySize);

  const heap = new Allocator();
  const syn0Ptr = heap.take(vocabularySize * rowBytes);
  const syn1Ptr = heap.take(vocabularySize * rowBytes);
  const sigmoidPtr = heap.take((EXP_TABLE_SIZE + 1) * 4);
  const tokensPtr = heap.take(corpus.tokens.length * 4);
  const offsetsPtr = heap.take(corpus.offsets.length * 4);
  const noisePtr = heap.take(noiseSize * 4);
  const keepPtr = heap.take(vocabularySize * 4);
  const controlPtr = heap.take(32);
  const boundaries = sliceBoundaries(corpus.offsets, threads);
  const slices: SgnsSlice[] = boundaries.slice(0, -1).map((sessionStart, t) => ({
    sessionStart,
    sessionEnd: boundaries[t + 1] ?? sessions,
    seed: deriveSeed(config.seed, t),
    neu1Ptr: heap.take(rowBytes),
    neu1ePtr: heap.take(rowBytes),
    targetsPtr: heap.take(targetSlots * 4),
    sentencePtr: heap.take(Math.max(longest, 1) * 4),
  }));
  const memoryPages = Math.max(1, Math.ceil(heap.size / PAGE_BYTES));
  if (memoryPages > MAX_PAGES) {
    throw new Item2vecError(
      Item2vecErrorCode.CorpusTooLarge,
      `item2vec: ${vocabularySize} items × dim ${config.dim} and ${corpus.tokens.length} tokens need ` +
        `${(heap.size / 2 ** 30).toFixed(1)} GiB, over the 4 GiB of 32-bit WebAssembly memory`,
    );
  }
  const memory = createSharedMemory(memoryPages);
  const buffer = memory.buffer;

  // word2vec's initialisation: input vectors uniform in ±0.5/dim, output vectors zero (fresh memory is zeroed).
  const syn0 = new Float32Array(buffer, syn0Ptr, vocabularySize * stride);
  const rng = createRng(deriveSeed(config.seed, -1));
  for (let item = 0; item < vocabularySize; item++) {
    for (let d = 0; d < config.dim; d++) syn0[item * stride + d] = (rng.nextFloat() - 0.5) / config.dim;
  }
  fillSigmoidTable(new Float32Array(buffer, sigmoidPtr, EXP_TABLE_SIZE + 1));
  new Int32Array(buffer, tokensPtr, corpus.tokens.length).set(corpus.tokens);
  new Int32Array(buffer, offsetsPtr, corpus.offsets.length).set(corpus.offsets);
  fillNoiseTable(corpus.vocabulary.counts, config.nsExponent, new Int32Array(buffer, noisePtr, noiseSize));
  fillKeepThresholds(corpus.vocabulary.counts, config.sample, new Uint32Array(buffer, keepPtr, vocabularySize));

  const module = compileModule(buildSgnsKernel({ stride, syn0Ptr, syn1Ptr, sigmoidPtr, memoryPages }));
  const plan: SgnsPlan = {
    mode: SGNS_MODE[config.mode],
    window: config.window,
    negative: config.negative,
    cbowMean: config.cbowMean,
    epochs: config.epochs,
    alpha: config.alpha,
    minAlpha: config.minAlpha,
    vocabularySize,
    stride,
    syn0Ptr,
    syn1Ptr,
    sigmoidPtr,
    tokensPtr,
    offsetsPtr,
    sessionCount: sessions,
    noisePtr,
    noiseMask: noiseSize - 1,
    keepPtr,
    controlPtr,
    totalWords: corpus.tokens.length * config.epochs,
    chunkWords: CHUNK_WORDS,
  };
  return { memory, module, plan, slices };
}

/** Copies `dim` floats of each `stride`-float row out of the shared memory. */
export function readRows(memory: WasmMemory, ptr: number, rows: number, stride: number, dim: number): Float32Array {
  const source = new Float32Array(memory.buffer, ptr, rows * stride);
  if (stride === dim) return source.slice();
  const out = new Float32Array(rows * dim);
  for (let row = 0; row < rows; row++) out.set(source.subarray(row * stride, row * stride + dim), row * dim);
  return out;
}

/** threads + 1 session boundaries splitting the corpus into contiguous slices of about equal token counts. */
export function sliceBoundaries(offsets: Int32Array, threads: number): number[] {
  const sessions = offsets.length - 1;
  const total = offsets[sessions] ?? 0;
  const boundaries = [0];
  let s = 0;
  for (let t = 1; t < threads; t++) {
    const goal = (total * t) / threads;
    while (s < sessions && (offsets[s] ?? 0) < goal) s++;
    boundaries.push(s);
  }
  boundaries.push(sessions);
  return boundaries;
}
