// Operability shared by the processes: structured logs (pino), Prometheus metrics (prom-client), readiness
// probes, and the small HTTP server a process without its own exposes them on.

export * from './logger.ts';
export * from './metrics.ts';
export * from './probes.ts';
export * from './ops-server.ts';
export * from './lifecycle.ts';
export * from './checks.ts';
