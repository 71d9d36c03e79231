// Liveness and readiness: /health says the process is up; /ready pings each dependency with a short timeout and
// says whether the process can serve (503 while one is down, or while it drains for shutdown).

export type Probe = () => Promise<unknown>;

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, { ok: boolean; error?: string; ms: number }>;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(
  probes: Readonly<Record<string, Probe>>,
  options: { timeoutMs?: number; draining?: boolean } = {},
): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const started = performance.now();
      try {
        await withTimeout(probe(), timeoutMs, name);
        return [name, { ok: true, ms: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [name, { ok: false, error: message, ms: Math.round(performance.now() - started) }] as const;
      }
    }),
  );
  const checks: Record<string, { ok: boolean; error?: string; ms: number }> = {};
  for (const [name, check] of entries) checks[name] = check;
  if (options.draining) checks['process'] = { ok: false, error: 'shutting down', ms: 0 };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
