// Every fake port over one FakeDatabase and one FakeClock: what a test needs to build domain services the way
// the API composes them, without PostgreSQL or Redis.

import { FakeClock } from './fake-clock.ts';
import { FakeDatabase } from './fake-database.ts';
import { FakeApiKeyRepository, FakeTenantRepository } from './tenancy.fake.ts';
import { FakeItemRepository, FakeShopRepository } from './catalog.fake.ts';
import { FakeEventRepository } from './events.fake.ts';
import { FakeImportJobRepository } from './imports.fake.ts';
import { FakeExperimentRepository } from './experiments.fake.ts';
import { FakeModelRepository } from './training.fake.ts';
import { FakeRequestLog, FakeTrackingOutbox, FakeTrackingStore, type FakeRequestLogOptions } from './tracking.fake.ts';
import { RecordingChangeFeed } from './change-feed.fake.ts';
import { RecordingJobQueue } from './jobs.fake.ts';

export interface FakePorts {
  readonly clock: FakeClock;
  readonly db: FakeDatabase;
  readonly tenants: FakeTenantRepository;
  readonly apiKeys: FakeApiKeyRepository;
  readonly shops: FakeShopRepository;
  readonly items: FakeItemRepository;
  readonly events: FakeEventRepository;
  readonly imports: FakeImportJobRepository;
  readonly experiments: FakeExperimentRepository;
  readonly models: FakeModelRepository;
  readonly outbox: FakeTrackingOutbox;
  readonly requestLog: FakeRequestLog;
  readonly trackingStore: FakeTrackingStore;
  readonly changes: RecordingChangeFeed;
  readonly jobs: RecordingJobQueue;
}

export function createFakePorts(
  options: { readonly clock?: FakeClock } & Omit<FakeRequestLogOptions, 'clock' | 'outbox'> = {},
): FakePorts {
  const clock = options.clock ?? new FakeClock();
  const db = new FakeDatabase({ clock });
  const outbox = new FakeTrackingOutbox();
  return {
    clock,
    db,
    tenants: new FakeTenantRepository(db),
    apiKeys: new FakeApiKeyRepository(db),
    shops: new FakeShopRepository(db),
    items: new FakeItemRepository(db),
    events: new FakeEventRepository(db),
    imports: new FakeImportJobRepository(db),
    experiments: new FakeExperimentRepository(db),
    models: new FakeModelRepository(db),
    outbox,
    requestLog: new FakeRequestLog({ ...options, clock, outbox }),
    trackingStore: new FakeTrackingStore(db),
    changes: new RecordingChangeFeed(),
    jobs: new RecordingJobQueue(clock),
  };
}
