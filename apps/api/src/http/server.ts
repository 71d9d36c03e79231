// The API process's HTTP surface on Node's own http server: /graphql (Apollo Server 5 through
// executeHTTPGraphQLRequest), the bulk import endpoint, and /health. Authentication and rate limiting happen
// here, once per request, before GraphQL or the importer sees it.

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
import type { ApiContext, Services } from '../graphql/context.ts';
import { createErrorFormatter, type Logger } from '../graphql/errors.ts';
import { queryLimits } from '../graphql/limits.ts';
import { typeDefs } from '../graphql/schema.ts';
import { resolvers } from '../resolvers/index.ts';
import { parseBulkRoute, runBulkImport } from './bulk-import.route.ts';
import { BodyTooLarge, readBody } from './json-body.ts';
import { BEACON_PATH, MAX_BEACON_BYTES, beaconToken, parseBeacon, recordBeacon } from './beacon.route.ts';
import { isWidgetPath, serveWidget, type WidgetRouteOptions } from './widget.route.ts';

export interface RateLimit {
  hit(
    tenantId: string,
    keyId: string,
    limitPerSecond: number,
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface ApiServerOptions {
  readonly services: Services;
  readonly rateLimiter?: RateLimit;
  readonly rateLimitPerSecond?: number;
  readonly maxDepth?: number;
  readonly maxCost?: number;
  readonly maxBodyBytes?: number;
  readonly health?: () => Promise<Record<string, unknown>>;
  readonly log?: Logger;
  /** The autocomplete widget's script and demo page (GET /widget/shopspace-autocomplete.js, GET /demo). */
  readonly widget?: WidgetRouteOptions;
}

export interface ApiServer {
  readonly http: Server;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

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

export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const log: Logger = options.log ?? (() => undefined);
  const { services } = options;
  const apollo = new ApolloServer<ApiContext>({
    typeDefs,
    resolvers,
    validationRules: [queryLimits({ maxDepth: options.maxDepth ?? 10, maxCost: options.maxCost ?? 50_000 })],
    formatError: createErrorFormatter(log),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // No HTTP caching semantics and no Apollo usage reporting here; cache control would also add a hook to
    // every resolved field, which is measurable on the storefront hot path.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
    ],
  });
  await apollo.start();
  const maxBody = options.maxBodyBytes ?? 32 * 1024 * 1024;

  const limited = async (principal: Principal, res: ServerResponse): Promise<boolean> => {
    if (!options.rateLimiter || principal.kind !== 'key') return false;
    const decision = await options.rateLimiter.hit(
      principal.tenantId,
      principal.keyId,
      options.rateLimitPerSecond ?? 0,
    );
    if (decision.allowed) return false;
    sendJson(res, 429, errorBody('RATE_LIMITED', 'too many requests for this API key; slow down'), {
      'retry-after': String(decision.retryAfterSeconds),
    });
    return true;
  };

  const graphql = async (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> => {
    const arrived = performance.now();
    const principal = await services.keys.authenticate(bearer(req));
    if (await limited(principal, res)) return;
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const text = await readBody(req, maxBody);
      try {
        body = text.length > 0 ? JSON.parse(text) : {};
      } catch {
        sendJson(res, 400, errorBody('BAD_USER_INPUT', 'request body is not valid JSON'));
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => Promise.resolve({ principal, services, requestId }),
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

  const bulk = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const route = parseBulkRoute(url.pathname, url.searchParams);
    if (!route) return false;
    if (req.method !== 'POST') {
      sendJson(res, 405, errorBody('BAD_USER_INPUT', 'use POST'), { allow: 'POST' });
      return true;
    }
    const principal = await services.keys.authenticate(bearer(req));
    if (await limited(principal, res)) return true;
    const job = await runBulkImport(services, principal, route, req);
    sendJson(res, 200, job);
    return true;
  };

  const beacon = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      sendJson(res, 405, errorBody('BAD_USER_INPUT', 'use POST'), { allow: 'POST' });
      return;
    }
    const body = parseBeacon(await readBody(req, MAX_BEACON_BYTES));
    const principal = await services.keys.authenticate(beaconToken(body, bearer(req)));
    if (await limited(principal, res)) return;
    await recordBeacon(services, principal, body);
    res.writeHead(204).end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
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
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
      } else if (url.pathname === '/graphql') {
        await graphql(req, res, url, requestId);
      } else if (url.pathname === BEACON_PATH) {
        await beacon(req, res);
      } else if (url.pathname === '/health') {
        sendJson(res, 200, { ok: true, ...(options.health ? await options.health() : {}) });
      } else if (isWidgetPath(url.pathname)) {
        await serveWidget(req, res, url, options.widget);
      } else if (!(await bulk(req, res, url))) {
        sendJson(res, 404, errorBody('NOT_FOUND', `no route ${req.method ?? ''} ${url.pathname}`));
      }
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // The client may still be sending a body we will not read: close rather than keep the socket.
      res.setHeader('connection', 'close');
      if (error instanceof DomainError) {
        sendJson(res, STATUS[error.code] ?? 400, errorBody(error.code, error.message));
      } else if (error instanceof FormatError) {
        // The file could not be read at all (empty, not gzip after all, not UTF-8): the caller's input.
        sendJson(res, 400, errorBody('BAD_USER_INPUT', error.message));
      } else if (error instanceof BodyTooLarge) {
        sendJson(res, 413, errorBody('BAD_USER_INPUT', error.message));
      } else {
        log('unhandled request error', { requestId, error: error instanceof Error ? error.stack : String(error) });
        sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'internal server error'));
      }
    }
  };

  const http = createServer((req, res) => {
    void handle(req, res);
  });
  http.keepAliveTimeout = 65_000;

  return {
    http,
    listen(port: number, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const address = http.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}`);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
