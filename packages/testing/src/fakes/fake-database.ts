// The rows behind the in-memory fakes of the domain ports. One FakeDatabase is one database shared by the fake
// repositories of a test, so what crosses tables in PostgreSQL crosses them here too: shop counts kept by item
// and event inserts, foreign keys by (tenant, shop), the shop's active-model pointer. Column checks that
// PostgreSQL makes (uuid syntax, no NUL in text or jsonb, int4 and numeric ranges) throw as the adapters would.

import type {
  ApiKeyKind,
  EventType,
  ExperimentStatus,
  ImportKind,
  ImportStatus,
  RowError,
  TrackKind,
  Variant,
} from '@shopspace/domain';
import { FakeClock } from './fake-clock.ts';

/** What PostgreSQL (or Prisma, for P-codes) would have raised; `code` is its SQLSTATE or Prisma error code. */
export class FakeDatabaseError extends Error {
  override readonly name = 'FakeDatabaseError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const SqlState = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  /** invalid byte sequence for encoding "UTF8": 0x00 */
  NulInText: '22021',
  /** unsupported Unicode escape sequence (\u0000 in jsonb) */
  NulInJson: '22P05',
  InvalidTextRepresentation: '22P02',
  OutOfRange: '22003',
  /** ON CONFLICT DO UPDATE command cannot affect row a second time */
  CardinalityViolation: '21000',
  /** Prisma: the record to update was not found. */
  RecordNotFound: 'P2025',
} as const;

export interface TenantRow {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ApiKeyRow {
  id: string;
  tenantId: string;
  kind: ApiKeyKind;
  label: string | null;
  prefix: string;
  hash: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ShopRow {
  id: string;
  tenantId: string;
  handle: string;
  name: string;
  currency: string;
  itemCount: number;
  eventCount: number;
  createdAt: Date;
  activeModelId: string | null;
  /** Bumped by every item upsert and by a deactivation that changed something (API processes compare it). */
  catalogVersion: number;
}

export interface ItemRow {
  tenantId: string;
  shopId: string;
  sku: string;
  title: string;
  description: string | null;
  category: string[];
  brand: string | null;
  price: number | null;
  attributes: Record<string, unknown> | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventRow {
  tenantId: string;
  shopId: string;
  eventId: string;
  sessionId: string;
  userId: string | null;
  type: EventType;
  sku: string | null;
  query: string | null;
  quantity: number | null;
  occurredAt: Date;
  receivedAt: Date;
}

export interface ImportJobRow {
  id: string;
  tenantId: string;
  shopId: string;
  kind: ImportKind;
  format: string;
  source: string | null;
  status: ImportStatus;
  rowsRead: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  errors: RowError[];
  message: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  leaseUntil: Date | null;
}

export interface ExperimentRow {
  id: string;
  tenantId: string;
  shopId: string;
  name: string;
  placement: string;
  status: ExperimentStatus;
  variants: Variant[];
  createdAt: Date;
  startedAt: Date | null;
  stoppedAt: Date | null;
}

export interface ModelRow {
  id: string;
  tenantId: string;
  shopId: string;
  trainingRunId: string;
  algorithm: string;
  dimensions: number;
  itemCount: number;
  metrics: Record<string, unknown> | null;
  artifactPath: string;
  createdAt: Date;
}

export interface TrackedEventRow {
  tenantId: string;
  shopId: string;
  requestId: string;
  kind: TrackKind;
  sku: string;
  position: number;
  placement: string | null;
  experimentId: string | null;
  variant: string | null;
  servedAt: Date;
  occurredAt: Date;
  recordedAt: Date;
}

export interface TrackedRequestRow {
  tenantId: string;
  shopId: string;
  requestId: string;
  placement: string | null;
  experimentId: string | null;
  variant: string | null;
  servedAt: Date;
  sessionId: string | null;
  userId: string | null;
  visitorId: string | null;
  sessionSkus: readonly string[];
  strategy: string | null;
  modelVersionId: string | null;
  skus: readonly string[];
}

export interface ExperimentDailyRow {
  tenantId: string;
  experimentId: string;
  variant: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  impressions: number;
  clicks: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT4_MAX = 2_147_483_647;

/** A composite key no two different tuples share (JSON keeps the parts apart whatever they contain). */
export const rowKey = (...parts: readonly string[]): string => JSON.stringify(parts);

/** Earlier first by `createdAt`, then by id: fake ids grow with insertion, as uuid(7) ids grow with time. */
export const byCreated = <T extends { createdAt: Date; id: string }>(a: T, b: T): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface FakeDatabaseOptions {
  /** Stamps createdAt and friends (the database's now()); a fixed FakeClock by default. */
  readonly clock?: FakeClock;
}

export class FakeDatabase {
  readonly clock: FakeClock;
  readonly tenants = new Map<string, TenantRow>();
  readonly apiKeys = new Map<string, ApiKeyRow>();
  readonly shops = new Map<string, ShopRow>();
  /** By rowKey(tenantId, shopId, sku). */
  readonly items = new Map<string, ItemRow>();
  /** By rowKey(tenantId, shopId, eventId), in insertion order (the bigint id order). */
  readonly events = new Map<string, EventRow>();
  readonly importJobs = new Map<string, ImportJobRow>();
  readonly experiments = new Map<string, ExperimentRow>();
  readonly models = new Map<string, ModelRow>();
  /** By rowKey(tenantId, requestId, kind, sku): the table's unique key. */
  readonly trackedEvents = new Map<string, TrackedEventRow>();
  /** By rowKey(tenantId, requestId). */
  readonly trackedRequests = new Map<string, TrackedRequestRow>();
  /** By rowKey(experimentId, variant, day): the table's primary key. */
  readonly experimentDaily = new Map<string, ExperimentDailyRow>();
  #nextId = 1;

  constructor(options: FakeDatabaseOptions = {}) {
    this.clock = options.clock ?? new FakeClock();
  }

  /** A fresh UUID; readable, growing with insertion, and never one of the all-zero ids tests use for "missing". */
  newId(): string {
    const n = this.#nextId++;
    return `f0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }

  now(): Date {
    return this.clock.date();
  }

  /** A uuid column compared with a parameter: PostgreSQL refuses the cast before looking at any row. */
  uuid(value: string, column: string): string {
    if (!UUID.test(value)) {
      throw new FakeDatabaseError(
        SqlState.InvalidTextRepresentation,
        `invalid input syntax for type uuid: ${JSON.stringify(value)} (${column})`,
      );
    }
    return value;
  }

  text<T extends string | null>(value: T, column: string): T {
    if (value !== null && value.includes('\u0000')) {
      throw new FakeDatabaseError(SqlState.NulInText, `invalid byte sequence for encoding "UTF8": 0x00 (${column})`);
    }
    return value;
  }

  int4(value: number | null, column: string): number | null {
    if (value === null) return null;
    if (!Number.isInteger(value)) {
      throw new FakeDatabaseError(
        SqlState.InvalidTextRepresentation,
        `invalid input syntax for type integer: "${value}" (${column})`,
      );
    }
    if (Math.abs(value) > INT4_MAX + (value < 0 ? 1 : 0)) {
      throw new FakeDatabaseError(SqlState.OutOfRange, `value "${value}" is out of range for type integer (${column})`);
    }
    return value;
  }

  /**
   * numeric(precision, scale): rounded to `scale` digits, refused when it does not fit. Rounding goes through
   * toFixed, so an exact binary tie may round the other way from PostgreSQL in the last digit.
   */
  numeric(value: number | null, precision: number, scale: number, column: string): number | null {
    if (value === null) return null;
    const rounded = Number(value.toFixed(scale));
    if (!Number.isFinite(value) || Math.abs(rounded) >= 10 ** (precision - scale)) {
      throw new FakeDatabaseError(
        SqlState.OutOfRange,
        `numeric field overflow: precision ${precision}, scale ${scale} must round to an absolute value less than 10^${precision - scale} (${column})`,
      );
    }
    return rounded;
  }

  /** What a jsonb column gives back: a JSON round trip (undefined dropped, Dates as text), NUL refused. */
  json<T>(value: T, column: string): T {
    if (value === null || value === undefined) return value;
    const text = JSON.stringify(value);
    if (text.includes('\\u0000')) {
      throw new FakeDatabaseError(SqlState.NulInJson, `unsupported Unicode escape sequence: \\u0000 (${column})`);
    }
    return JSON.parse(text) as T;
  }

  /** The tenant row an insert references, or the foreign-key violation PostgreSQL raises. */
  requireTenant(tenantId: string, table: string): TenantRow {
    const tenant = this.tenants.get(this.uuid(tenantId, `${table}.tenant_id`));
    if (!tenant) {
      throw new FakeDatabaseError(
        SqlState.ForeignKeyViolation,
        `insert into ${table} violates foreign key: no tenant ${tenantId}`,
      );
    }
    return tenant;
  }

  /** Shop-owned rows reference shops by (tenant_id, id): another tenant's shop is as absent as a missing one. */
  requireShop(tenantId: string, shopId: string, table: string): ShopRow {
    const shop = this.shopOf(tenantId, shopId);
    if (!shop) {
      throw new FakeDatabaseError(
        SqlState.ForeignKeyViolation,
        `insert into ${table} violates foreign key: no shop (${tenantId}, ${shopId})`,
      );
    }
    return shop;
  }

  /** The shop if it is the tenant's. */
  shopOf(tenantId: string, shopId: string): ShopRow | undefined {
    this.uuid(tenantId, 'tenant_id');
    const shop = this.shops.get(this.uuid(shopId, 'shop_id'));
    return shop && shop.tenantId === tenantId ? shop : undefined;
  }
}

/** A copy a caller may keep or mutate without reaching into the table (Prisma returns fresh objects too). */
export const copy = <T>(value: T): T => structuredClone(value);

/**
 * Runs a fake statement as an adapter's async method runs: whatever it throws becomes a rejection, never a
 * synchronous throw (callers such as `keys.touch(...).catch(...)` rely on that).
 */
export const settle = <T>(statement: () => T): Promise<T> => new Promise<T>((resolve) => resolve(statement()));
