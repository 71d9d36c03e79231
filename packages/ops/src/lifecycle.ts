// How every process starts and stops: a refusal to start is one line on stderr and exit code 1; SIGTERM and
// SIGINT run the process's own stop (drain HTTP, finish or hand back jobs, close connections) once, with a hard
// deadline, and a second signal exits at once.

import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';

export class StartRefused extends Error {
  override readonly name = 'StartRefused';
}

/** Writes one line naming what is wrong and exits 1 (settings, database, migrations). */
export function refuseToStart(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

/** Runs `main`, turning a StartRefused (or any error before the process is up) into one line and exit 1. */
export function startProcess(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    refuseToStart(error instanceof StartRefused ? message : `${name}: ${message}`);
  });
}

export function onShutdown(logger: Logger, stop: () => Promise<void>, graceMs: number): void {
  let stoppingSince = 0;
  const handler = (signal: NodeJS.Signals): void => {
    if (stoppingSince > 0) {
      // A launcher may relay one signal twice (tsx does); an operator's second Ctrl-C comes later.
      if (Date.now() - stoppingSince < 1_000) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal, graceMs }, 'shutting down');
    // Whatever happens, the process is gone a few seconds after the grace period.
    setTimeout(() => {
      logger.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, graceMs + 5_000).unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

/**
 * pnpm (12) exits on SIGTERM without passing it to the script it runs, which would leave this process and its
 * children running. So a process started through `pnpm <script>` watches its launch chain up to the nearest
 * pnpm process, and shuts down as if signalled when one of them is gone. Elsewhere (no /proc, not under pnpm)
 * it watches nothing.
 */
export function stopWithLauncher(onGone: () => void, intervalMs = 250): () => void {
  const chain = launchChain();
  if (chain.length === 0) return () => undefined;
  const timer = setInterval(() => {
    if (chain.some((p) => statOf(p.pid)?.start !== p.start)) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

interface ProcStat {
  readonly ppid: number;
  /** Start time in clock ticks since boot: tells a live process from a new one with a reused pid. */
  readonly start: string;
}

function statOf(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields count from the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), start: fields[19] ?? '' };
  } catch {
    return null;
  }
}

function launchChain(): Array<{ pid: number; start: string }> {
  const chain: Array<{ pid: number; start: string }> = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 8 && pid > 1; depth++) {
    const stat = statOf(pid);
    if (!stat) return [];
    chain.push({ pid, start: stat.start });
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return [];
    }
    if (/(^|\/|\0)pnpm(\.cjs|\.js)?(\0|$)/.test(command) || command.includes('/pnpm/bin/pnpm')) return chain;
    pid = stat.ppid;
  }
  return [];
}
