// The API process's HTTP surface on Node's own http server: /graphql (Apollo Server 5 through
// executeHTTPGraphQLRequest), the bulk import endpoint, the tracking beacon, the widget, and the operator's
// /health (liveness), /ready (dependencies pinged, 503 while one is down or while draining) and /metrics.
// Authentication and rate limiting happen here, once per request; every request writes one access-log line.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { DomainError, type Principal } from '@shopspace/domain';
import { FormatError } from '@shopspace/formats';
import { checkReadiness, silentLogger, type Logger, type Metrics, type Probe } from '@shopspace/ops';
import type { ApiContext, Services } from '../graphql/context.ts';
import { createErrorFormatter } from '../graphql/errors.ts';
import { DEFAULT_QUERY_LIMITS, queryLimits } from '../graphql/limits.ts';
import { guardPlugin, type CostLimit } from '../graphql/guard.plugin.ts';
import { newObserved, observePlugin, type Observed } from '../graphql/observe.plugin.ts';
import { typeDefs } from '../graphql/schema.ts';
import { resolvers } from '../resolvers/index.ts';
import { DEFAULT_BULK_LIMITS, parseBulkRoute, runBulkImport, type BulkImportLimits } from './bulk-import.route.ts';
import { BodyNotUtf8, BodyTooLarge, readBody } from './json-body.ts';
import { BEACON_PATH, MAX_BEACON_BYTES, beaconToken, parseBeacon, recordBeacon } from './beacon.route.ts';
import { isWidgetPath, serveWidget, type WidgetRouteOptions } from './widget.route.ts';
import { QUEUES_PATH, type QueueDashboard } from './queues.route.ts';

export interface RateLimit {
  hit(
    tenantId: string,
    keyId: string,
    limitPerSecond: number,
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
  /** Requests without a valid key, per client address. */
  hitAddress(address: string, limitPerSecond: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface ApiServerOptions {
  readonly services: Services;
  readonly rateLimiter?: RateLimit;
  readonly rateLimitPerSecond?: number;
  /** Requests per second per client address for callers without a valid key (0: no limit). */
  readonly anonymousPerSecond?: number;
  /** Use the first X-Forwarded-For address as the client's (behind a proxy that sets it). */
  readonly trustProxy?: boolean;
  readonly costLimiter?: CostLimit;
  /** Query cost units a key may spend per second (0: no cost limit). */
  readonly costPerSecond?: number;
  readonly maxDepth?: number;
  readonly maxCost?: number;
  readonly maxRootFields?: number;
  /** Lexical tokens a GraphQL document may have; parsing stops past it. */
  readonly maxTokens?: number;
  /** `all`: anyone may introspect; `trusted` (production): the operator and secret keys only. */
  readonly introspection?: 'all' | 'trusted';
  /** Caps of one bulk import (decompressed bytes, line length). */
  readonly bulkLimits?: BulkImportLimits;
  readonly maxBodyBytes?: number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Dependencies /ready pings (PostgreSQL, Redis). */
  readonly probes?: Readonly<Record<string, Probe>>;
  /** Called before /metrics renders (gauges read on demand). */
  readonly beforeScrape?: () => Promise<void>;
  /** The autocomplete widget's script and demo page (GET /widget/shopspace-autocomplete.js, GET /demo). */
  readonly widget?: WidgetRouteOptions;
  /** bull-board over the job queues, for the operator token (GET /ops/queues). */
  readonly queues?: QueueDashboard;
}

export interface ApiServer {
  readonly http: Server;
  listen(port: number, host?: string): Promise<string>;
  /** /ready answers 503 from now on, so a load balancer stops sending new requests. */
  drain(): void;
  /** Stops accepting connections and waits for in-flight requests (up to graceMs), then stops Apollo. */
  close(graceMs?: number): Promise<void>;
}

/** Enough for any console page (the largest is a few hundred tokens); 100,000 aliases are not parsed. */
export const DEFAULT_MAX_TOKENS = 10_000;

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

function errorBody(
  code: string,
  message: string,
): { errors: Array<{ message: string; extensions: { code: string } }> } {
  return { errors: [{ message, extensions: { code } }] };
}

const bearer = (req: IncomingMessage): string | null => {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1] ?? null;
};

/** What one request's access-log line says beyond method, path, status and duration. */
interface RequestNote {
  route: string;
  tenantId?: string;
  shopId?: string;
  observed?: Observed;
  code?: string;
}

const shopOf = (body: unknown): string | undefined => {
  const variables = (body as { variables?: Record<string, unknown> } | null)?.variables;
  const shop = variables?.['shopId'] ?? variables?.['s'] ?? variables?.['shop'];
  return typeof shop === 'string' ? shop.slice(0, 64) : undefined;
};

export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger ?? silentLogger();
  const { services, metrics } = options;
  const maxCost = options.maxCost ?? DEFAULT_QUERY_LIMITS.maxCost;
  const costPerSecond = options.costPerSecond ?? 0;
  const apollo = new ApolloServer<ApiContext>({
    typeDefs,
    resolvers,
    parseOptions: { maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS },
    validationRules: [
      queryLimits({
        maxDepth: options.maxDepth ?? DEFAULT_QUERY_LIMITS.maxDepth,
        maxCost,
        maxRootFields: options.maxRootFields ?? DEFAULT_QUERY_LIMITS.maxRootFields,
      }),
    ],
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // Apollo's switch is for everyone; who may introspect is decided per request by the guard plugin.
    introspection: true,
    // The process's own shutdown (ops onShutdown) stops Apollo after draining HTTP; Apollo's signal handlers
    // would stop it underneath and raise the signal again.
    stopOnTerminationSignals: false,
    // No HTTP caching semantics and no Apollo usage reporting here; cache control would also add a hook to
    // every resolved field, which is measurable on the storefront hot path.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      observePlugin(),
      guardPlugin({
        introspection: options.introspection ?? 'all',
        ...(options.costLimiter ? { costLimiter: options.costLimiter } : {}),
        costPerSecond,
        // The bucket holds at least one second's budget and at least the costliest query the limits allow.
        costBurst: Math.max(costPerSecond, maxCost),
      }),
    ],
  });
  await apollo.start();
  const maxBody = options.maxBodyBytes ?? 32 * 1024 * 1024;
  let draining = false;

  const addressOf = (req: IncomingMessage): string => {
    if (options.trustProxy) {
      const forwarded = req.headers['x-forwarded-for'];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? 'unknown';
  };

  /**
   * The caller of a request, or null when the answer (429) has been sent: a token that is not a live key
   * already known to this process is charged to the client address's budget before any database lookup, so
   * anonymous traffic and random keys are limited per address and unknown keys are answered from the negative
   * cache.
   */
  const authenticate = async (
    req: IncomingMessage,
    res: ServerResponse,
    token: string | null,
    note: RequestNote,
  ): Promise<Principal | null> => {
    const anonymousLimit = options.anonymousPerSecond ?? 0;
    if (options.rateLimiter && anonymousLimit > 0 && !services.keys.knownCaller(token)) {
      const decision = await options.rateLimiter.hitAddress(addressOf(req), anonymousLimit);
      if (!decision.allowed) {
        note.code = 'RATE_LIMITED';
        sendJson(
          res,
          429,
          errorBody('RATE_LIMITED', 'too many requests without a valid API key from this address; slow down'),
          { 'retry-after': String(decision.retryAfterSeconds), connection: 'close' },
        );
        return null;
      }
    }
    const principal = await services.keys.authenticate(token);
    if (principal.kind === 'key') note.tenantId = principal.tenantId;
    return principal;
  };

  const limited = async (principal: Principal, res: ServerResponse, note: RequestNote): Promise<boolean> => {
    if (!options.rateLimiter || principal.kind !== 'key') return false;
    const decision = await options.rateLimiter.hit(
      principal.tenantId,
      principal.keyId,
      options.rateLimitPerSecond ?? 0,
    );
    if (decision.allowed) return false;
    note.code = 'RATE_LIMITED';
    sendJson(res, 429, errorBody('RATE_LIMITED', 'too many requests for this API key; slow down'), {
      'retry-after': String(decision.retryAfterSeconds),
    });
    return true;
  };

  const graphql = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
    note: RequestNote,
    arrived: number,
  ): Promise<void> => {
    const principal = await authenticate(req, res, bearer(req), note);
    if (!principal || (await limited(principal, res, note))) return;
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const text = await readBody(req, maxBody);
      try {
        body = text.length > 0 ? JSON.parse(text) : {};
      } catch {
        note.code = 'BAD_USER_INPUT';
        sendJson(res, 400, errorBody('BAD_USER_INPUT', 'request body is not valid JSON'));
        return;
      }
    }
    const shopId = shopOf(body);
    if (shopId) note.shopId = shopId;
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const observed = newObserved();
    note.observed = observed;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => Promise.resolve({ principal, services, requestId, observed }),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of response.headers) out[k] = v;
    // Time in this process from the request's arrival to its answer (body read, auth, GraphQL), for clients
    // and benchmarks that want the server's share of a latency.
    out['server-timing'] = `app;dur=${(performance.now() - arrived).toFixed(2)}`;
    res.writeHead(response.status ?? 200, out);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  const bulk = async (req: IncomingMessage, res: ServerResponse, url: URL, note: RequestNote): Promise<boolean> => {
    const route = parseBulkRoute(url.pathname, url.searchParams);
    if (!route) return false;
    note.route = 'bulk-import';
    note.shopId = route.shopId.slice(0, 64);
    if (req.method !== 'POST') {
      sendJson(res, 405, errorBody('BAD_USER_INPUT', 'use POST'), { allow: 'POST' });
      return true;
    }
    const principal = await authenticate(req, res, bearer(req), note);
    if (!principal || (await limited(principal, res, note))) return true;
    const job = await runBulkImport(services, principal, route, req, options.bulkLimits ?? DEFAULT_BULK_LIMITS);
    // A FAILED import is answered with its job (what was stored, why it stopped), as 422.
    sendJson(res, job.status === 'FAILED' ? 422 : 200, job);
    return true;
  };

  const beacon = async (req: IncomingMessage, res: ServerResponse, note: RequestNote): Promise<void> => {
    if (req.method !== 'POST') {
      sendJson(res, 405, errorBody('BAD_USER_INPUT', 'use POST'), { allow: 'POST' });
      return;
    }
    const body = parseBeacon(await readBody(req, MAX_BEACON_BYTES));
    const principal = await authenticate(req, res, beaconToken(body, bearer(req)), note);
    if (!principal || (await limited(principal, res, note))) return;
    await recordBeacon(services, principal, body);
    res.writeHead(204).end();
  };

  const ready = async (res: ServerResponse): Promise<void> => {
    const r = await checkReadiness(options.probes ?? {}, { draining });
    sendJson(res, r.ready ? 200 : 503, r);
  };

  const scrape = async (res: ServerResponse): Promise<void> => {
    if (!metrics) return sendJson(res, 404, errorBody('NOT_FOUND', 'metrics are not enabled in this process'));
    await options.beforeScrape?.().catch((error: unknown) => logger.warn({ err: error }, 'metrics gauges not read'));
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  };

  const route = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
    note: RequestNote,
    arrived: number,
  ): Promise<void> => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
    } else if (url.pathname === '/graphql') {
      await graphql(req, res, url, requestId, note, arrived);
    } else if (url.pathname === BEACON_PATH) {
      note.route = 'beacon';
      await beacon(req, res, note);
    } else if (url.pathname === '/health') {
      note.route = 'health';
      sendJson(res, 200, { ok: true });
    } else if (url.pathname === '/ready') {
      note.route = 'ready';
      await ready(res);
    } else if (url.pathname === '/metrics') {
      note.route = 'metrics';
      await scrape(res);
    } else if (url.pathname === QUEUES_PATH || url.pathname.startsWith(`${QUEUES_PATH}/`)) {
      note.route = 'queues';
      const principal = await authenticate(req, res, bearer(req), note);
      if (!principal) return;
      if (principal.kind !== 'operator' || !options.queues)
        return sendJson(
          res,
          principal.kind === 'anonymous' ? 401 : 403,
          errorBody('FORBIDDEN', 'the operator token only'),
        );
      options.queues(req, res);
    } else if (isWidgetPath(url.pathname)) {
      note.route = 'widget';
      await serveWidget(req, res, url, options.widget);
    } else if (!(await bulk(req, res, url, note))) {
      note.route = 'unknown';
      sendJson(res, 404, errorBody('NOT_FOUND', `no route ${req.method ?? ''} ${url.pathname}`));
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const arrived = performance.now();
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && /^[\w.:-]{1,64}$/.test(header) ? header : randomUUID();
    res.setHeader('x-request-id', requestId);
    // Storefronts call from their own origins with a publishable key in a header (never cookies), so any
    // origin may call.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader(
      'access-control-allow-headers',
      'authorization, content-type, x-request-id, apollo-require-preflight',
    );
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const note: RequestNote = { route: 'graphql' };
    try {
      await route(req, res, url, requestId, note, arrived);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else {
        // The client may still be sending a body we will not read: close rather than keep the socket.
        res.setHeader('connection', 'close');
        if (error instanceof DomainError) {
          note.code = error.code;
          sendJson(res, STATUS[error.code] ?? 400, errorBody(error.code, error.message));
        } else if (error instanceof FormatError) {
          // The file could not be read at all (empty, not gzip after all, not UTF-8): the caller's input.
          note.code = 'BAD_USER_INPUT';
          sendJson(res, 400, errorBody('BAD_USER_INPUT', error.message));
        } else if (error instanceof BodyNotUtf8) {
          note.code = 'BAD_USER_INPUT';
          sendJson(res, 400, errorBody('BAD_USER_INPUT', error.message));
        } else if (error instanceof BodyTooLarge) {
          note.code = 'BAD_USER_INPUT';
          sendJson(res, 413, errorBody('BAD_USER_INPUT', error.message));
        } else {
          note.code = 'INTERNAL_SERVER_ERROR';
          logger.error({ requestId, err: error }, 'unhandled request error');
          sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'internal server error'));
        }
      }
    } finally {
      const ms = performance.now() - arrived;
      const operation = note.observed?.operation ?? note.route;
      const codes = note.observed?.codes ?? (note.code ? [note.code] : []);
      metrics?.requestSeconds.observe({ operation, status: String(res.statusCode) }, ms / 1000);
      for (const code of codes) metrics?.errors.inc({ code });
      // Probes and scrapes would drown the log; they are counted in the metrics only.
      if (note.route !== 'health' && note.route !== 'ready' && note.route !== 'metrics') {
        logger.info(
          {
            requestId,
            method: req.method,
            path: url.pathname,
            operation,
            tenantId: note.tenantId ?? null,
            shopId: note.shopId ?? null,
            status: res.statusCode,
            ms: Math.round(ms * 100) / 100,
            ...(codes.length > 0 ? { errors: codes.slice(0, 5) } : {}),
          },
          'request',
        );
      }
    }
  };

  const http = createServer((req, res) => {
    void handle(req, res);
  });
  http.keepAliveTimeout = 65_000;

  return {
    http,
    listen(port: number, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const address = http.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`);
        });
      });
    },
    drain() {
      draining = true;
    },
    async close(graceMs = 0) {
      draining = true;
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        // Idle keep-alive sockets go now; requests in flight get the grace period, then are cut.
        http.closeIdleConnections();
        setTimeout(() => http.closeAllConnections(), graceMs).unref();
      });
      await apollo.stop();
    },
  };
}
