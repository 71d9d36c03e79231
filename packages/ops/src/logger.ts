// Structured logs through pino: one JSON object a line on stderr, with a level, the process's name and, for
// requests and jobs, the tenant, shop and ids that let an operator follow one through the system.

import { pino, type Logger } from 'pino';

export type { Logger };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(
  name: string,
  level: LogLevel = 'info',
  destination: NodeJS.WritableStream = process.stderr,
): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors logged as { err } keep their stack; nothing else is serialised specially.
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

/** A logger that writes nothing (tests that assert on other output). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
