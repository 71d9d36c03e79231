// Types shared by the TypeScript side of the trainer and the plain-JavaScript driver that worker threads load.
// Every pointer is a byte offset into the one shared WebAssembly.Memory holding weights, corpus and tables.

export const SGNS_MODE = { cbow: 0, skipgram: 1 } as const;

/** What every thread of a run shares: hyper-parameters and the memory layout. Plain data, so postMessage copies it. */
export interface SgnsPlan {
  readonly mode: 0 | 1;
  readonly window: number;
  readonly negative: number;
  readonly cbowMean: boolean;
  readonly epochs: number;
  readonly alpha: number;
  readonly minAlpha: number;
  readonly vocabularySize: number;
  /** Floats per weight row: dim rounded up to a multiple of 4 for SIMD (the padding stays zero). */
  readonly stride: number;
  readonly syn0Ptr: number;
  readonly syn1Ptr: number;
  readonly sigmoidPtr: number;
  readonly tokensPtr: number;
  readonly offsetsPtr: number;
  readonly sessionCount: number;
  readonly noisePtr: number;
  /** Noise table length - 1 (a power of two minus one). */
  readonly noiseMask: number;
  readonly keepPtr: number;
  /** int64 tokens done (all threads, all epochs) at +0, int32 abort flag at +8, int64 tokens kept by down-sampling at +16. */
  readonly controlPtr: number;
  /** Corpus tokens × epochs: the denominator of progress and of the learning-rate schedule. */
  readonly totalWords: number;
  /** Tokens per step between progress, abort and learning-rate updates (gensim uses 10,000-word jobs). */
  readonly chunkWords: number;
}

/** One thread's share: its sessions (the same every epoch), its seed and its scratch buffers. */
export interface SgnsSlice {
  readonly sessionStart: number;
  readonly sessionEnd: number;
  readonly seed: number;
  readonly neu1Ptr: number;
  readonly neu1ePtr: number;
  readonly targetsPtr: number;
  readonly sentencePtr: number;
}

export type SgnsStepResult = 'running' | 'done' | 'aborted';

export interface SgnsRunner {
  /** Trains one chunk of about plan.chunkWords tokens. */
  step(): SgnsStepResult;
}

/** The WebAssembly kernel's exports (see sgns.kernel.ts for the exact semantics). */
export interface SgnsKernel {
  cbow(
    sentence: number,
    lo: number,
    hi: number,
    centre: number,
    targets: number,
    targetCount: number,
    alpha: number,
    neu1: number,
    neu1e: number,
    mean: number,
  ): void;
  skipgram(
    sentence: number,
    lo: number,
    hi: number,
    centre: number,
    targets: number,
    targetsPerPair: number,
    alpha: number,
    neu1e: number,
  ): void;
}
