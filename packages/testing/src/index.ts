// Test helpers: real PostgreSQL and Redis per test file, and the real API over HTTP.

export * from './env.ts';
export * from './database.ts';
export * from './redis.ts';
export * from './api.ts';
export * from './fixtures.ts';
export * from './worker.ts';
export * from './trained-shop.ts';
export * from './processes.ts';
export * from './fakes/index.ts';
