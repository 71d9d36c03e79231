// Builds the API's dependency graph from a database and a Redis connection: repositories → services → HTTP
// server. main.ts calls it with real connections; tests call it with a per-file database and key prefix.

import { ApiKeyService, EventService, ImportService, ItemService, ShopService, TenantService } from '@shopspace/domain';
import {
  ApiKeyPrismaRepository,
  EventSqlRepository,
  ImportJobPrismaRepository,
  ItemPrismaRepository,
  ShopPrismaRepository,
  TenantPrismaRepository,
  type Database,
} from '@shopspace/db';
import { KeySpace, RateLimiter, RedisChangeFeed, type Redis } from '@shopspace/redis';
import type { Services } from './graphql/context.ts';
import type { Logger } from './graphql/errors.ts';
import { createApiServer, type ApiServer } from './http/server.ts';

export interface ApiDependencies {
  readonly db: Database;
  readonly redis: Redis;
  readonly redisPrefix: string;
  readonly operatorToken: string | undefined;
  readonly rateLimitPerSecond?: number;
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
  const items = new ItemService(new ItemPrismaRepository(db.prisma, db.sql), shops);
  const events = new EventService(new EventSqlRepository(db.sql), shops);
  const keys = new ApiKeyService(new ApiKeyPrismaRepository(db.prisma), { operatorToken: deps.operatorToken, changes });
  const services: Services = {
    tenants: new TenantService(new TenantPrismaRepository(db.prisma)),
    keys,
    shops,
    items,
    events,
    imports: new ImportService(new ImportJobPrismaRepository(db.prisma), shops, items, events),
  };
  await changes.subscribe((change) => {
    if (change.kind === 'api-key-revoked') keys.forget(change.keyId);
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
    },
  };
}
