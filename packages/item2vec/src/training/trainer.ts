// Trains item2vec: in the calling thread (threads = 1, deterministic under a seed) or Hogwild-parallel over
// worker threads that share the weights in one SharedArrayBuffer-backed WebAssembly memory. Both run the same
// driver and kernel; progress and the learning-rate schedule follow one shared token counter.
import { Worker } from 'node:worker_threads';
import { Item2vecError, Item2vecErrorCode } from '../item2vec.errors.ts';
import { buildSessionCorpus, restrictCorpus, type SessionCorpus } from '../corpus/session-corpus.ts';
import type { Item2vecModel } from '../model/item2vec.model.ts';
import { prepareTraining, readRows, type PreparedTraining } from './shared-memory.layout.ts';
import { CONTROL_ABORT_OFFSET, CONTROL_KEPT_OFFSET, createSgnsRunner } from './sgns.driver.js';
import { createScalarKernel } from './sgns-scalar.kernel.ts';
import { instantiate } from '../wasm/webassembly.runtime.ts';
import type { SgnsKernel, SgnsStepResult } from './sgns.types.ts';
import { resolveConfig, threadCount, type Item2vecConfig } from './train-config.ts';

export interface TrainOptions {
  /** Called with the fraction of tokens × epochs done, 0..1 (about every 100 ms and at the end). */
  readonly onProgress?: (fraction: number) => void;
  /** Stops training between chunks; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export type TrainingInput = SessionCorpus | readonly (readonly string[])[];

// The worker entry is plain JavaScript next to this file, so it loads without a TypeScript loader.
const WORKER_URL = new URL('./sgns.worker.js', import.meta.url);
const PROGRESS_INTERVAL_MS = 100;
// The calling-thread path yields to the event loop this often, so abort signals and timers still run.
const SLICE_MS = 20;

export async function trainItem2vec(
  input: TrainingInput,
  overrides: Partial<Item2vecConfig> = {},
  options: TrainOptions = {},
): Promise<Item2vecModel> {
  const config = resolveConfig(overrides);
  options.signal?.throwIfAborted();
  // Timed from the raw sessions, as gensim's Word2Vec(...) call includes building its vocabulary.
  const started = performance.now();
  const corpus = toCorpus(input, config.minCount);
  const threads = Math.max(1, Math.min(threadCount(config), corpus.offsets.length - 1));
  const prepared = prepareTraining(corpus, config, threads);
  if (threads === 1) await runInThisThread(prepared, options);
  else await runInWorkers(prepared, options);
  return toModel(corpus, config, prepared, threads, started);
}

export interface SyncTrainOptions extends Pick<TrainOptions, 'onProgress'> {
  /** 'simd' (default): the WebAssembly kernel. 'scalar': its plain-JavaScript twin (tests, speed comparison). */
  readonly kernel?: KernelKind;
}

export type KernelKind = 'simd' | 'scalar';

/** Single-thread training that blocks the calling thread: the simplest deterministic entry point. */
export function trainItem2vecSync(
  input: TrainingInput,
  overrides: Partial<Item2vecConfig> = {},
  options: SyncTrainOptions = {},
): Item2vecModel {
  const config = resolveConfig({ ...overrides, threads: 1 });
  const started = performance.now();
  const corpus = toCorpus(input, config.minCount);
  const prepared = prepareTraining(corpus, config, 1);
  const runner = runnerInThisThread(prepared, options.kernel ?? 'simd');
  const progress = progressReader(prepared);
  while (runner.step() === 'running') options.onProgress?.(progress());
  options.onProgress?.(1);
  return toModel(corpus, config, prepared, 1, started);
}

function toCorpus(input: TrainingInput, minCount: number): SessionCorpus {
  const corpus = Array.isArray(input)
    ? buildSessionCorpus(input as readonly (readonly string[])[], { minCount })
    : restrictCorpus(input as SessionCorpus, minCount);
  if (corpus.vocabulary.ids.length === 0 || corpus.tokens.length === 0) {
    throw new Item2vecError(Item2vecErrorCode.EmptyCorpus, `item2vec: no item occurs at least ${minCount} times`);
  }
  return corpus;
}

function runnerInThisThread(prepared: PreparedTraining, kind: KernelKind = 'simd') {
  const { memory, module, plan, slices } = prepared;
  const slice = slices[0];
  if (!slice) throw new RangeError('no slice to train');
  const kernel =
    kind === 'simd'
      ? (instantiate(module, memory) as SgnsKernel)
      : createScalarKernel(memory, { ...plan, memoryPages: memory.buffer.byteLength / 65536 });
  return createSgnsRunner(kernel, memory, plan, slice);
}

function progressReader({ memory, plan }: PreparedTraining): () => number {
  const words = new BigInt64Array(memory.buffer, plan.controlPtr, 1);
  return () => Math.min(1, Number(Atomics.load(words, 0)) / plan.totalWords);
}

function requestAbort({ memory, plan }: PreparedTraining): void {
  Atomics.store(new Int32Array(memory.buffer), (plan.controlPtr + CONTROL_ABORT_OFFSET) >>> 2, 1);
}

async function runInThisThread(prepared: PreparedTraining, options: TrainOptions): Promise<void> {
  const runner = runnerInThisThread(prepared);
  const progress = progressReader(prepared);
  let state: SgnsStepResult = 'running';
  while (state === 'running') {
    const sliceEnd = performance.now() + SLICE_MS;
    while (state === 'running' && performance.now() < sliceEnd) state = runner.step();
    options.onProgress?.(progress());
    if (state === 'running') await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) requestAbort(prepared);
  }
  if (state === 'aborted') options.signal?.throwIfAborted();
  options.onProgress?.(1);
}

async function runInWorkers(prepared: PreparedTraining, options: TrainOptions): Promise<void> {
  const { memory, module, plan, slices } = prepared;
  const { signal, onProgress } = options;
  const progress = progressReader(prepared);
  const onAbort = (): void => requestAbort(prepared);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = onProgress ? setInterval(() => onProgress(progress()), PROGRESS_INTERVAL_MS) : undefined;
  try {
    const outcomes = await Promise.allSettled(
      slices.map(
        (slice) =>
          new Promise<SgnsStepResult>((resolve, reject) => {
            // execArgv: [] keeps a parent's TypeScript loader (tsx, vitest) out of the plain-JS worker.
            const worker = new Worker(WORKER_URL, { workerData: { module, memory, plan, slice }, execArgv: [] });
            worker.once('message', (message: { state: SgnsStepResult }) => resolve(message.state));
            worker.once('error', (error) => {
              requestAbort(prepared); // one failed thread stops the others
              reject(error);
            });
            // After a message or an error this is a no-op (a settled promise ignores it).
            worker.once('exit', (code) => reject(new Error(`item2vec worker exited (code ${code}) before finishing`)));
          }),
      ),
    );
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) {
      throw new Item2vecError(Item2vecErrorCode.WorkerFailed, 'item2vec: a training thread failed', undefined, {
        cause: failure.reason,
      });
    }
    if (outcomes.some((outcome) => outcome.status === 'fulfilled' && outcome.value === 'aborted')) {
      signal?.throwIfAborted();
    }
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  onProgress?.(1);
}

function toModel(
  corpus: SessionCorpus,
  config: Item2vecConfig,
  prepared: PreparedTraining,
  threads: number,
  started: number,
): Item2vecModel {
  const { memory, plan } = prepared;
  const rows = corpus.vocabulary.ids.length;
  return {
    vocabulary: corpus.vocabulary,
    dim: config.dim,
    vectors: readRows(memory, plan.syn0Ptr, rows, plan.stride, config.dim),
    outputVectors: readRows(memory, plan.syn1Ptr, rows, plan.stride, config.dim),
    config: { ...config, threads },
    stats: {
      words: plan.totalWords,
      // Tokens that survived down-sampling: gensim's "effective words".
      effectiveWords: Number(new BigInt64Array(memory.buffer, plan.controlPtr + CONTROL_KEPT_OFFSET, 1)[0]),
      seconds: (performance.now() - started) / 1000,
      threads,
    },
  };
}
