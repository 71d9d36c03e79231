// Builds the API's dependency graph from a database, a Redis connection and an artifact store: repositories →
// services → HTTP server, the one change subscriber with its reactors, and the periodic reconciliation.
// main.ts calls it with real connections; tests call it with a per-file database and key prefix.

import {
  AlignmentService,
  ApiKeyService,
  ChangePublisher,
  CrossShopService,
  AutocompleteService,
  EventService,
  EmbeddingMapService,
  ExperimentResultsService,
  ExperimentService,
  ImportService,
  ItemService,
  RecommendationService,
  ShopService,
  TenantService,
  TrainingScheduleService,
  TrainingService,
  TrackingService,
  subscribeReactors,
  JOB_NAMES,
  type ArtifactStore,
  type ChangeReactor,
  ResponseService,
} from '@shopspace/domain';
import {
  AlignmentPrismaRepository,
  ApiKeyPrismaRepository,
  AutocompleteSqlRepository,
  BaselineSqlRepository,
  EventSqlRepository,
  ExperimentPrismaRepository,
  ImportJobPrismaRepository,
  ItemPrismaRepository,
  ShopPrismaRepository,
  ShopStateSqlReader,
  TenantPrismaRepository,
  TrainingPrismaRepository,
  TrainingSchedulePrismaRepository,
  TrackingSqlRepository,
  UserActivitySqlSource,
  type Database,
  ResponseSqlRepository,
} from '@shopspace/db';
import {
  BullJobQueue,
  CostLimiter,
  KeySpace,
  RateLimiter,
  RedisChangeBroadcast,
  RedisRequestLog,
  trackingBacklog,
  type Redis,
} from '@shopspace/redis';
import { silentLogger, type Logger, type Metrics } from '@shopspace/ops';
import type { Services } from './graphql/context.ts';
import { InMemoryServingRegistry } from './serving/serving-registry.ts';
import { InMemoryAlignmentRegistry } from './serving/alignment-registry.ts';
import { CachedAlignmentLookup } from './serving/alignment-lookup.ts';
import { CachedExperimentLookup } from './serving/experiment-lookup.ts';
import { InMemoryAutocompleteRegistry } from './serving/autocomplete-registry.ts';
import { InMemoryResponseRegistry } from './serving/response-registry.ts';
import { createApiServer, type ApiServer } from './http/server.ts';
import { queueDashboard } from './http/queues.route.ts';
import { DEFAULT_BULK_LIMITS } from './http/bulk-import.route.ts';

export interface ApiDependencies {
  readonly db: Database;
  readonly redis: Redis;
  readonly redisPrefix: string;
  readonly operatorToken: string | undefined;
  /** Where bundles live (the worker writes them there). */
  readonly artifacts: ArtifactStore;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly rateLimitPerSecond?: number;
  /** Requests per second per client address without a valid key (default 0: no limit). */
  readonly anonymousPerSecond?: number;
  /** Query cost a key may spend per second (default 0: no cost limit). */
  readonly costPerSecond?: number;
  /** Query shape limits (defaults in graphql/limits.ts and http/server.ts). */
  readonly maxDepth?: number;
  readonly maxCost?: number;
  readonly maxRootFields?: number;
  readonly maxTokens?: number;
  /** Who may introspect the schema (default `all`; production: `trusted`, the operator and secret keys). */
  readonly introspection?: 'all' | 'trusted';
  readonly trustProxy?: boolean;
  /** Bulk import caps: bytes after gunzip, characters of one line (defaults 512 MiB and 1 MiB). */
  readonly importMaxBytes?: number;
  readonly importMaxLineLength?: number;
  /** How long a running import's lease lasts unrefreshed; lapsed imports are reaped this often (default 30 s). */
  readonly importLeaseMs?: number;
  /** Debounced rebuilds (baselines, autocomplete) run at most once per this window after a change. */
  readonly debounceMs?: number;
  /** How long a served list can be tracked (default one hour). */
  readonly requestTtlSeconds?: number;
  /** How often in-memory state is compared with the database (default 30 s; 0: never). */
  readonly reconcileIntervalMs?: number;
}

export interface ComposedApi {
  readonly server: ApiServer;
  readonly services: Services;
  readonly jobs: BullJobQueue;
  /** Compares every in-memory registry with the database now; returns how many shops were reloaded. */
  reconcile(): Promise<number>;
  /** Stops listening; in-flight requests get `graceMs` to finish. */
  close(graceMs?: number): Promise<void>;
}

export async function composeApi(deps: ApiDependencies): Promise<ComposedApi> {
  const { db, redis } = deps;
  const logger = deps.logger ?? silentLogger();
  const keySpace = new KeySpace(deps.redisPrefix);
  const jobs = new BullJobQueue(redis, deps.redisPrefix, deps.debounceMs);
  const broadcast = new RedisChangeBroadcast(redis, keySpace);
  const changes = new ChangePublisher(broadcast, jobs, (message, detail) => logger.warn(detail, message));
  const states = new ShopStateSqlReader(db.sql);
  const shops = new ShopService(new ShopPrismaRepository(db.prisma));
  const itemRepository = new ItemPrismaRepository(db.prisma, db.sql);
  const trainingRepository = new TrainingPrismaRepository(db.prisma);
  const registry = new InMemoryServingRegistry(
    trainingRepository,
    itemRepository,
    deps.artifacts,
    new BaselineSqlRepository(db.sql),
    states,
    logger,
  );
  // The registry hears of this process's own upserts at once (the feature tower embeds new items).
  const items = new ItemService(itemRepository, shops, changes, registry);
  const autocomplete = new InMemoryAutocompleteRegistry(
    new AutocompleteSqlRepository(db.sql),
    itemRepository,
    deps.artifacts,
    states,
    logger,
  );
  const responseRepository = new ResponseSqlRepository(db.sql);
  const responses = new InMemoryResponseRegistry(responseRepository, deps.artifacts, logger);
  const events = new EventService(new EventSqlRepository(db.sql), shops, Date.now, changes);
  const keys = new ApiKeyService(new ApiKeyPrismaRepository(db.prisma), { operatorToken: deps.operatorToken, changes });
  const experimentRepository = new ExperimentPrismaRepository(db.prisma);
  const alignmentRepository = new AlignmentPrismaRepository(db.prisma);
  const alignmentRegistry = new InMemoryAlignmentRegistry(deps.artifacts, itemRepository);
  const requestLog = new RedisRequestLog(redis, keySpace, {
    ...(deps.requestTtlSeconds ? { ttlSeconds: deps.requestTtlSeconds } : {}),
  });
  const alignmentLookup = new CachedAlignmentLookup(alignmentRepository);
  const experimentLookup = new CachedExperimentLookup(experimentRepository);
  const crossShop = new CrossShopService(
    shops,
    alignmentLookup,
    { activeModelId: async (tenantId, shopId) => (await registry.get(tenantId, shopId))?.modelVersionId ?? null },
    alignmentRegistry,
    requestLog,
  );
  const services: Services = {
    tenants: new TenantService(new TenantPrismaRepository(db.prisma)),
    keys,
    shops,
    items,
    events,
    imports: new ImportService(new ImportJobPrismaRepository(db.prisma), shops, items, events, {
      leaseMs: deps.importLeaseMs ?? 30_000,
    }),
    training: new TrainingService(trainingRepository, jobs, shops, changes),
    trainingSchedules: new TrainingScheduleService(new TrainingSchedulePrismaRepository(db.prisma), jobs, shops),
    recommendations: new RecommendationService(
      shops,
      registry,
      experimentLookup,
      requestLog,
      Date.now,
      responses,
      new UserActivitySqlSource(db.sql),
    ),
    response: new ResponseService(responseRepository, jobs, shops),
    experiments: new ExperimentService(experimentRepository, shops, trainingRepository, Date.now, changes),
    experimentResults: new ExperimentResultsService(new TrackingSqlRepository(db.sql)),
    tracking: new TrackingService(requestLog),
    embeddingMap: new EmbeddingMapService(registry),
    alignment: new AlignmentService(alignmentRepository, jobs, shops),
    crossShop,
    autocomplete: new AutocompleteService(shops, autocomplete, registry, experimentLookup, requestLog, crossShop),
  };
  const keyRevocations: ChangeReactor = {
    reactsTo: ['api-key-revoked'],
    onChange: (change) => {
      if (change.kind === 'api-key-revoked') keys.forget(change.keyId);
    },
  };
  await subscribeReactors(broadcast, [
    keyRevocations,
    registry,
    autocomplete,
    responses,
    alignmentRegistry,
    alignmentLookup,
    experimentLookup,
  ]);

  const reconcile = async (): Promise<number> => {
    const [a, b, c] = await Promise.all([registry.reconcile(), autocomplete.reconcile(), responses.reconcile()]);
    if (a + b + c > 0) logger.info({ reloaded: a + b + c }, 'reconciled in-memory state with the database');
    return a + b + c;
  };
  // Imports whose API process died end FAILED (interrupted) once their lease lapses, seen by any API process.
  const reap = async (): Promise<void> => {
    const reaped = await services.imports.reapInterrupted();
    for (const job of reaped)
      logger.warn(
        { importJobId: job.id, tenantId: job.tenantId, shopId: job.shopId, accepted: job.accepted },
        'import interrupted: its lease lapsed',
      );
  };
  const reaper = setInterval(() => {
    reap().catch((error: unknown) => logger.warn({ err: error }, 'reaping interrupted imports failed'));
  }, deps.importLeaseMs ?? 30_000);
  reaper.unref();
  await reap().catch((error: unknown) => logger.warn({ err: error }, 'reaping interrupted imports failed'));

  const interval = deps.reconcileIntervalMs ?? 30_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          reconcile().catch((error: unknown) => logger.warn({ err: error }, 'reconciliation failed'));
        }, interval)
      : null;
  timer?.unref();

  const server = await createApiServer({
    services,
    rateLimiter: new RateLimiter(redis, keySpace),
    rateLimitPerSecond: deps.rateLimitPerSecond ?? 0,
    anonymousPerSecond: deps.anonymousPerSecond ?? 0,
    costLimiter: new CostLimiter(redis, keySpace),
    costPerSecond: deps.costPerSecond ?? 0,
    ...(deps.maxDepth !== undefined ? { maxDepth: deps.maxDepth } : {}),
    ...(deps.maxCost !== undefined ? { maxCost: deps.maxCost } : {}),
    ...(deps.maxRootFields !== undefined ? { maxRootFields: deps.maxRootFields } : {}),
    ...(deps.maxTokens !== undefined ? { maxTokens: deps.maxTokens } : {}),
    introspection: deps.introspection ?? 'all',
    trustProxy: deps.trustProxy ?? false,
    bulkLimits: {
      maxBytes: deps.importMaxBytes ?? DEFAULT_BULK_LIMITS.maxBytes,
      maxLineLength: deps.importMaxLineLength ?? DEFAULT_BULK_LIMITS.maxLineLength,
    },
    logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    queues: queueDashboard(JOB_NAMES.map((name) => jobs.queue(name))),
    probes: {
      postgres: () => db.sql.query('select 1'),
      redis: () => redis.ping(),
    },
    beforeScrape: async () => {
      if (!deps.metrics) return;
      const m = deps.metrics;
      const f = registry.footprint();
      m.modelsLoaded.set({ kind: 'model' }, f.models);
      m.modelsLoaded.set({ kind: 'baseline' }, f.baselines);
      m.modelsLoaded.set({ kind: 'autocomplete' }, autocomplete.size);
      m.modelsLoaded.set({ kind: 'alignment' }, alignmentRegistry.size);
      m.modelsLoaded.set({ kind: 'response' }, responses.size);
      m.modelBytes.set({ kind: 'model' }, f.bytes);
      m.trackingBacklog.set(await trackingBacklog(redis, keySpace));
    },
  });
  return {
    server,
    services,
    jobs,
    reconcile,
    async close(graceMs) {
      if (timer) clearInterval(timer);
      clearInterval(reaper);
      await server.close(graceMs);
      await broadcast.close();
      await jobs.close();
    },
  };
}
