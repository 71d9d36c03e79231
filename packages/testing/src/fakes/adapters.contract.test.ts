// The port contract on the real adapters (Prisma/SQL on a test database, the Redis request log and outbox on a
// test key prefix): the check that the in-memory fakes behave like what they stand in for. Needs PostgreSQL and
// Redis, like the tests under test/.

import {
  ApiKeyPrismaRepository,
  EventSqlRepository,
  ExperimentPrismaRepository,
  ImportJobPrismaRepository,
  ItemPrismaRepository,
  ShopPrismaRepository,
  TenantPrismaRepository,
  TrackingSqlRepository,
} from '@shopspace/db';
import { KeySpace, RedisRequestLog, RedisTrackingOutbox } from '@shopspace/redis';
import { createTestDatabase } from '../database.ts';
import { createTestRedis } from '../redis.ts';
import { describePortContract } from './ports.contract.ts';

describePortContract('PostgreSQL and Redis adapters', async () => {
  const database = await createTestDatabase('port-contract');
  const redis = createTestRedis('port-contract');
  const keys = new KeySpace(redis.prefix);
  const { prisma, sql } = database.db;
  const outbox = new RedisTrackingOutbox(redis.redis, keys);
  return {
    tenants: new TenantPrismaRepository(prisma),
    apiKeys: new ApiKeyPrismaRepository(prisma),
    shops: new ShopPrismaRepository(prisma),
    items: new ItemPrismaRepository(prisma, sql),
    events: new EventSqlRepository(sql),
    imports: new ImportJobPrismaRepository(prisma),
    experiments: new ExperimentPrismaRepository(prisma),
    trackingStore: new TrackingSqlRepository(sql),
    requestLog: new RedisRequestLog(redis.redis, keys, { maxBacklog: 3 }),
    outbox,
    async close() {
      await outbox.close();
      await redis.cleanup();
      await database.drop();
    },
  };
});
