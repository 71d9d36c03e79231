// Shopspace persistence adapters: database opening, migrations and the Prisma/SQL repositories of the domain ports.

export * from './database.ts';
export * from './repositories/tenancy.prisma-repository.ts';
export * from './repositories/catalog.prisma-repository.ts';
export * from './repositories/events.sql-repository.ts';
export * from './repositories/imports.prisma-repository.ts';
export * from './migrate/deploy.ts';
export { applyMigrations, pgExecutor, pgliteExecutor, type SqlExecutor } from './migrate/apply.ts';
export * from './pglite.ts';
export * from './repositories/training.prisma-repository.ts';
export * from './repositories/sessions.sql-source.ts';
export * from './repositories/experiments.prisma-repository.ts';
export * from './repositories/tracking.sql-repository.ts';
export * from './repositories/baselines.sql-repository.ts';
export * from './repositories/autocomplete.sql-repository.ts';
export * from './repositories/autocomplete-events.sql-source.ts';
export * from './repositories/alignment.prisma-repository.ts';
export * from './repositories/crossing-shoppers.sql-source.ts';
export * from './repositories/training-schedule.prisma-repository.ts';
export * from './repositories/shop-state.sql-reader.ts';
export * from './repositories/user-activity.sql-source.ts';
export * from './repositories/response.sql-repository.ts';
