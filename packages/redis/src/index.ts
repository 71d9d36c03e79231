// Redis adapters: connections and key namespacing, rate limiting, the cross-process change feed, the job
// catalog on BullMQ, and the tracking write-ahead log.

export * from './connection.ts';
export * from './rate-limiter.ts';
export * from './change-feed.ts';
export * from './job-queue.ts';
export * from './tracking/request-log.ts';
export * from './tracking/tracking-outbox.ts';
export * from './job-workers.ts';
export * from './persistence.ts';
export * from './deadline.ts';
