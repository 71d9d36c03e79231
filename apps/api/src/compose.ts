// Builds the API's dependency graph from a database and a Redis connection: repositories → services → HTTP
// server. main.ts calls it with real connections; tests call it with a per-file database and key prefix.

import {
  AlignmentService,
  ApiKeyService,
  CrossShopService,
  AutocompleteService,
  alsoRebuildAutocomplete,
  EventService,
  EmbeddingMapService,
  ExperimentResultsService,
  ExperimentService,
  ImportService,
  ItemService,
  RecommendationService,
  ShopService,
  TenantService,
  TrainingService,
  TrackingService,
} from '@shopspace/domain';
import {
  AlignmentPrismaRepository,
  ApiKeyPrismaRepository,
  AutocompleteSqlRepository,
  BaselineSqlRepository,
  EventSqlRepository,
  ExperimentPrismaRepository,
  ImportJobPrismaRepository,
  FsArtifactStore,
  ItemPrismaRepository,
  ShopPrismaRepository,
  TenantPrismaRepository,
  TrainingPrismaRepository,
  TrackingSqlRepository,
  type Database,
} from '@shopspace/db';
import {
  BullAlignmentQueue,
  BullAutocompleteScheduler,
  BullBaselineScheduler,
  BullTrainingQueue,
  KeySpace,
  RateLimiter,
  RedisChangeFeed,
  RedisRequestLog,
  type Redis,
} from '@shopspace/redis';
import type { Services } from './graphql/context.ts';
import { InMemoryServingRegistry } from './serving/serving-registry.ts';
import { InMemoryAlignmentRegistry } from './serving/alignment-registry.ts';
import { CachedAlignmentLookup } from './serving/alignment-lookup.ts';
import { CachedExperimentLookup } from './serving/experiment-lookup.ts';
import { InMemoryAutocompleteRegistry } from './serving/autocomplete-registry.ts';
import type { Logger } from './graphql/errors.ts';
import { createApiServer, type ApiServer } from './http/server.ts';

export interface ApiDependencies {
  readonly db: Database;
  readonly redis: Redis;
  readonly redisPrefix: string;
  readonly operatorToken: string | undefined;
  /** Where model artifacts live (the worker writes them there). */
  readonly artifactsDir: string;
  readonly rateLimitPerSecond?: number;
  /** Baselines are rebuilt at most once per this window after events arrive (default one minute). */
  readonly baselineDebounceMs?: number;
  /** Autocomplete query models are rebuilt at most once per this window after events (default: as baselines). */
  readonly autocompleteDebounceMs?: number;
  /** How long a served list can be tracked (default one hour). */
  readonly requestTtlSeconds?: number;
  readonly log?: Logger;
}

export interface ComposedApi {
  readonly server: ApiServer;
  readonly services: Services;
  close(): Promise<void>;
}

export async function composeApi(deps: ApiDependencies): Promise<ComposedApi> {
  const { db, redis } = deps;
  const keySpace = new KeySpace(deps.redisPrefix);
  const changes = new RedisChangeFeed(redis, keySpace);
  const shops = new ShopService(new ShopPrismaRepository(db.prisma));
  const itemRepository = new ItemPrismaRepository(db.prisma, db.sql);
  const items = new ItemService(itemRepository, shops, changes);
  const trainingRepository = new TrainingPrismaRepository(db.prisma);
  const registry = new InMemoryServingRegistry(
    trainingRepository,
    itemRepository,
    new FsArtifactStore(deps.artifactsDir),
    new BaselineSqlRepository(db.sql),
    deps.log,
  );
  const baselines = new BullBaselineScheduler(redis, deps.redisPrefix, deps.baselineDebounceMs);
  const autocompleteBuilds = new BullAutocompleteScheduler(
    redis,
    deps.redisPrefix,
    deps.autocompleteDebounceMs ?? deps.baselineDebounceMs,
  );
  const autocomplete = new InMemoryAutocompleteRegistry(
    new AutocompleteSqlRepository(db.sql),
    itemRepository,
    new FsArtifactStore(deps.artifactsDir),
    deps.log,
  );
  const events = new EventService(
    new EventSqlRepository(db.sql),
    shops,
    Date.now,
    alsoRebuildAutocomplete(baselines, autocompleteBuilds),
  );
  const keys = new ApiKeyService(new ApiKeyPrismaRepository(db.prisma), { operatorToken: deps.operatorToken, changes });
  const trainingQueue = new BullTrainingQueue(redis, deps.redisPrefix);
  const experimentRepository = new ExperimentPrismaRepository(db.prisma);
  const alignmentRepository = new AlignmentPrismaRepository(db.prisma);
  const alignmentQueue = new BullAlignmentQueue(redis, deps.redisPrefix);
  const alignmentRegistry = new InMemoryAlignmentRegistry(new FsArtifactStore(deps.artifactsDir), itemRepository);
  const requestLog = new RedisRequestLog(redis, keySpace, {
    ...(deps.requestTtlSeconds ? { ttlSeconds: deps.requestTtlSeconds } : {}),
  });
  const alignmentLookup = new CachedAlignmentLookup(alignmentRepository);
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
    imports: new ImportService(new ImportJobPrismaRepository(db.prisma), shops, items, events),
    training: new TrainingService(trainingRepository, trainingQueue, shops, changes),
    recommendations: new RecommendationService(
      shops,
      registry,
      new CachedExperimentLookup(experimentRepository),
      requestLog,
    ),
    experiments: new ExperimentService(experimentRepository, shops, trainingRepository, Date.now, baselines),
    experimentResults: new ExperimentResultsService(new TrackingSqlRepository(db.sql)),
    tracking: new TrackingService(requestLog),
    embeddingMap: new EmbeddingMapService(registry),
    alignment: new AlignmentService(alignmentRepository, alignmentQueue, shops),
    crossShop,
    autocomplete: new AutocompleteService(
      shops,
      autocomplete,
      registry,
      new CachedExperimentLookup(experimentRepository),
      requestLog,
      crossShop,
    ),
  };
  await changes.subscribe((change) => {
    alignmentRegistry.onChange(change);
    alignmentLookup.onChange(change);
    if (change.kind === 'api-key-revoked') keys.forget(change.keyId);
    else if (change.kind === 'autocomplete-rebuilt') autocomplete.onChange(change);
    else registry.onChange(change);
    if (change.kind === 'catalog-changed') autocomplete.onChange(change);
    // New titles or a new item space: the query model follows (debounced; one job for all API processes).
    if (change.kind === 'catalog-changed' || change.kind === 'model-activated') {
      autocompleteBuilds
        .schedule(change.tenantId, change.shopId)
        .catch((error: unknown) => deps.log?.('autocomplete schedule failed', { error: String(error) }));
    }
  });
  const server = await createApiServer({
    services,
    rateLimiter: new RateLimiter(redis, keySpace),
    rateLimitPerSecond: deps.rateLimitPerSecond ?? 0,
    ...(deps.log ? { log: deps.log } : {}),
    health: async () => ({
      database: db.kind,
      redis: await redis.ping().then(
        (r) => r === 'PONG',
        () => false,
      ),
    }),
  });
  return {
    server,
    services,
    async close() {
      await server.close();
      await changes.close();
      await trainingQueue.close();
      await alignmentQueue.close();
      await baselines.close();
      await autocompleteBuilds.close();
    },
  };
}
