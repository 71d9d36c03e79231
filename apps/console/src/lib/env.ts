// The console's configuration: the only place that reads process.env.

export interface ConsoleEnv {
  /** The API's GraphQL endpoint. */
  readonly apiUrl: string;
  /** Secret for encrypting the session cookie (any string of 32+ characters); random per process if unset. */
  readonly sessionSecret: string | null;
  /** Send the session cookie with the Secure attribute (set behind HTTPS). */
  readonly secureCookies: boolean;
}

export function consoleEnv(): ConsoleEnv {
  const secret = process.env['CONSOLE_SESSION_SECRET'] ?? null;
  if (secret !== null && secret.length < 32) throw new Error('CONSOLE_SESSION_SECRET must be at least 32 characters');
  return {
    apiUrl: process.env['SHOPSPACE_API_URL'] ?? 'http://127.0.0.1:4000/graphql',
    sessionSecret: secret,
    secureCookies: process.env['CONSOLE_SECURE_COOKIES'] === '1',
  };
}
