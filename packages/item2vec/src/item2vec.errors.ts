// The package's one error class: a code the API layer can map once, plus the offending field where there is one.

export const Item2vecErrorCode = {
  InvalidConfig: 'INVALID_CONFIG',
  EmptyCorpus: 'EMPTY_CORPUS',
  CorpusTooLarge: 'CORPUS_TOO_LARGE',
  WorkerFailed: 'WORKER_FAILED',
} as const;
export type Item2vecErrorCode = (typeof Item2vecErrorCode)[keyof typeof Item2vecErrorCode];

export class Item2vecError extends Error {
  override readonly name = 'Item2vecError';

  constructor(
    readonly code: Item2vecErrorCode,
    message: string,
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
