// An open-loop HTTP load generator for loopback benchmarks: requests start on a fixed schedule (not when the
// previous answer arrives), and latency is measured from each request's scheduled time, so a stalled server
// shows up in the percentiles instead of silently lowering the rate (no coordinated omission). Bounded in
// count and time; keep-alive connections from one agent.

import { Agent, request } from 'node:http';

export interface LoadOptions {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: (i: number) => string;
  /** Requests per second; 0 = closed loop with `concurrency` requests always in flight (peak throughput). */
  readonly rate: number;
  readonly seconds: number;
  readonly concurrency?: number;
}

export interface LoadResult {
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** p99 from the moment the request was actually sent (without the schedule's correction). */
  readonly serviceP99: number;
  /** The server's own time per request from its `server-timing: app;dur=` header (NaN when absent). */
  readonly serverP50: number;
  readonly serverP99: number;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const target = new URL(o.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const service: number[] = [];
  const server: number[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  const send = (i: number, scheduled: number): Promise<void> =>
    new Promise((resolve) => {
      const actual = performance.now();
      const body = o.body(i);
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { ...o.headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          // GraphQL answers errors with status 200: an answer carrying "errors" is not a success.
          let failed = false;
          let tail = '';
          res.on('data', (chunk: Buffer) => {
            const text = tail + chunk.toString('latin1');
            if (text.includes('"errors":')) failed = true;
            tail = text.slice(-16);
          });
          const timing = /app;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
          if (timing) server.push(Number(timing[1]));
          res.on('end', () => {
            latencies.push(performance.now() - scheduled);
            service.push(performance.now() - actual);
            if (res.statusCode === 200 && !failed) ok++;
            else errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });

  const started = performance.now();
  const end = started + o.seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  if (o.rate > 0) {
    const interval = 1000 / o.rate;
    while (performance.now() < end) {
      const due = Math.floor((performance.now() - started) / interval);
      while (sent <= due) {
        const p = send(sent, started + sent * interval);
        inFlight.add(p);
        void p.then(() => inFlight.delete(p));
        sent++;
      }
      // A 1 ms timer, not a busy loop: the server under test needs the other core.
      await new Promise((r) => setTimeout(r, 1));
    }
  } else {
    const worker = async (): Promise<void> => {
      while (performance.now() < end) await send(sent++, performance.now());
    };
    await Promise.all(Array.from({ length: o.concurrency ?? 32 }, worker));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number): number =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN) * 100) / 100;
  service.sort((a, b) => a - b);
  const serviceP99 = Math.round((service[Math.floor(0.99 * service.length)] ?? NaN) * 100) / 100;
  server.sort((a, b) => a - b);
  const serverQ = (p: number): number => Math.round((server[Math.floor(p * server.length)] ?? NaN) * 100) / 100;
  return {
    sent,
    ok,
    errors,
    seconds,
    requestsPerSecond: Math.round(ok / seconds),
    p50: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    max: q(1),
    serviceP99,
    serverP50: serverQ(0.5),
    serverP99: serverQ(0.99),
  };
}
