// Prometheus metrics with prom-client: one registry per process (so tests and the single-process start never
// collide on the global one), the process's default metrics, and the product's own series by name.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  /** API: request latency by GraphQL operation (or route) and HTTP status. */
  readonly requestSeconds: Histogram<'operation' | 'status'>;
  /** API: GraphQL and HTTP errors by code (BAD_USER_INPUT, NOT_FOUND, INTERNAL_SERVER_ERROR, …). */
  readonly errors: Counter<'code'>;
  /** Worker: job durations by queue and outcome (completed, failed). */
  readonly jobSeconds: Histogram<'queue' | 'outcome'>;
  readonly jobFailures: Counter<'queue'>;
  /** Jobs by queue and state (waiting, delayed, active, failed), read when scraped. */
  readonly queueDepth: Gauge<'queue' | 'state'>;
  /** API: shops' models (and baselines, query models, alignments) held in memory, and their bytes. */
  readonly modelsLoaded: Gauge<'kind'>;
  readonly modelBytes: Gauge<'kind'>;
  /** Tracked impressions and clicks acknowledged but not yet flushed into PostgreSQL. */
  readonly trackingBacklog: Gauge;
}

export function createMetrics(process: 'api' | 'worker'): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process });
  collectDefaultMetrics({ register: registry });
  const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    requestSeconds: new Histogram({
      name: 'shopspace_request_duration_seconds',
      help: 'Time from a request’s arrival to its answer, by GraphQL operation or route, and HTTP status.',
      labelNames: ['operation', 'status'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    errors: new Counter({
      name: 'shopspace_errors_total',
      help: 'Errors answered, by code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    jobSeconds: new Histogram({
      name: 'shopspace_job_duration_seconds',
      help: 'Job run time by queue and outcome.',
      labelNames: ['queue', 'outcome'],
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: 'shopspace_job_failures_total',
      help: 'Failed job attempts by queue.',
      labelNames: ['queue'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'shopspace_queue_jobs',
      help: 'Jobs by queue and state.',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
    modelsLoaded: new Gauge({
      name: 'shopspace_models_loaded',
      help: 'Shop states held in memory by kind (model, baseline, autocomplete, alignment).',
      labelNames: ['kind'],
      registers: [registry],
    }),
    modelBytes: new Gauge({
      name: 'shopspace_model_bytes',
      help: 'Approximate bytes of typed arrays held by the loaded shop states, by kind.',
      labelNames: ['kind'],
      registers: [registry],
    }),
    trackingBacklog: new Gauge({
      name: 'shopspace_tracking_backlog',
      help: 'Tracked impressions and clicks written ahead to Redis and not yet in PostgreSQL.',
      registers: [registry],
    }),
  };
}
