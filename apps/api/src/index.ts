// The API app as a library, for the start script, tests and benchmarks.

export * from './compose.ts';
export * from './request-limits.ts';
