// Real processes for tests: a repository entry point (the API, the worker, `pnpm start`) started as an operator
// would, in a working directory of its own, with its output captured and its JSON log lines parsed; a GraphQL
// client for its URL; a TCP proxy that can cut a dependency off; and the descendants of a process.

import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import type { GraphQLResult } from './api.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const TSX = resolve(REPO_ROOT, 'node_modules/.bin/tsx');

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The JSON log lines so far (pino's: level, msg, …). */
  logs(): Array<Record<string, unknown>>;
  /** Waits for a log line matching `match`, failing if the process exits first. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  waitForOutput(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and waits for the exit; the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `command args` (a repository script under tsx unless `command` is given) in `cwd`. */
export function startProcess(options: {
  readonly entry?: string;
  readonly command?: string;
  readonly args?: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}): RunningProcess {
  const command = options.command ?? TSX;
  const args = options.command
    ? [...(options.args ?? [])]
    : [resolve(REPO_ROOT, options.entry ?? ''), ...(options.args ?? [])];
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  const logs = (): Array<Record<string, unknown>> =>
    text.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const until = async <T>(find: () => T | undefined, what: string, ms: number): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${what}:\n${text}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    child,
    output: () => text,
    logs,
    waitForLog: (match, ms = 60_000) => until(() => logs().find(match), 'a log line', ms),
    waitForOutput: (pattern, ms = 60_000) => until(() => pattern.exec(text) ?? undefined, String(pattern), ms),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill(signal);
      return exited;
    },
  };
}

/** A GraphQL client for an API's base URL. */
export function graphqlAt(url: string) {
  return {
    async gql<T = Record<string, any>>(
      key: string | null,
      query: string,
      variables?: Record<string, unknown>,
    ): Promise<GraphQLResult<T>> {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: GraphQLResult['errors'] };
      return { status: res.status, data: body.data, errors: body.errors };
    },
  };
}

/** A loopback TCP proxy to `target`; `cut()` drops every connection and refuses new ones until `restore()`. */
export interface TcpProxy {
  readonly port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let open = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Every process below `pid` (Linux /proc), for checking that a stop left nothing behind. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Running (a zombie, exited and not yet reaped, is not). */
export const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
};
