// Redis adapters: connections and key namespacing, rate limiting, and the cross-process change feed.

export * from './connection.ts';
export * from './rate-limiter.ts';
export * from './change-feed.ts';
export * from './jobs.ts';
export * from './training.queue.ts';
export * from './tracking/request-log.ts';
export * from './tracking/tracking-outbox.ts';
export * from './debounced.queue.ts';
export * from './alignment.queue.ts';
