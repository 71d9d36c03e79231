// Serving: the model files the worker writes and the API reads, and the in-memory model that answers queries.

export * from './model-files.ts';
export * from './serving-model.ts';
export * from './served-scorer.ts';
export * from './projection.ts';
export * from './layout.ts';
