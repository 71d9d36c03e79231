// The operator's HTTP surface of a process without one of its own (the worker): /health (liveness), /ready
// (dependencies pinged; 503 when one is down or the process is draining) and /metrics (Prometheus text).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { checkReadiness, type Probe } from './probes.ts';

export interface OpsServer {
  readonly http: Server;
  listen(port: number, host: string): Promise<string>;
  /** From now on /ready answers 503 (the process is shutting down). */
  drain(): void;
  close(): Promise<void>;
}

export function createOpsServer(options: {
  readonly registry: Registry;
  readonly probes: Readonly<Record<string, Probe>>;
  /** Called before /metrics renders (e.g. to read queue depths). */
  readonly beforeScrape?: () => Promise<void>;
}): OpsServer {
  let draining = false;
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const send = (status: number, body: string, type = 'application/json; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/health') return send(200, JSON.stringify({ ok: true }));
    if (path === '/ready') {
      void checkReadiness(options.probes, { draining }).then(
        (r) => send(r.ready ? 200 : 503, JSON.stringify(r)),
        (error: unknown) => send(503, JSON.stringify({ ready: false, error: String(error) })),
      );
      return;
    }
    if (path === '/metrics') {
      void (options.beforeScrape?.() ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => options.registry.metrics())
        .then(
          (text) => send(200, text, options.registry.contentType),
          (error: unknown) => send(500, String(error), 'text/plain'),
        );
      return;
    }
    send(404, JSON.stringify({ error: `no route ${path}` }));
  });
  return {
    http,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve(`http://${host}:${(http.address() as AddressInfo).port}`));
      });
    },
    drain() {
      draining = true;
    },
    close() {
      return new Promise((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
