// In-memory fakes of the domain ports, faithful to the PostgreSQL and Redis adapters, for unit tests of the
// domain services without either.

export * from './fake-clock.ts';
export * from './fake-database.ts';
export * from './tenancy.fake.ts';
export * from './catalog.fake.ts';
export * from './events.fake.ts';
export * from './imports.fake.ts';
export * from './experiments.fake.ts';
export * from './training.fake.ts';
export * from './tracking.fake.ts';
export * from './change-feed.fake.ts';
export * from './jobs.fake.ts';
export * from './fake-ports.ts';
export * from './serving.fake.ts';
