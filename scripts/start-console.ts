// `pnpm start:console`: the admin console alone, against an API running elsewhere (SHOPSPACE_API_URL), built
// first when its sources changed. Stops on SIGTERM or SIGINT (or when pnpm exits).

import { createLogger, onShutdown, startProcess, stopWithLauncher, StartRefused } from '@shopspace/ops';
import { readSettings, settingsOf } from '@shopspace/settings';
import { buildConsoleIfStale, startConsole } from '../apps/console/runner.ts';

startProcess('console', async () => {
  const s = readSettings(settingsOf('console'));
  const logger = createLogger('console');
  if (!s.CONSOLE_SESSION_SECRET)
    throw new StartRefused(
      'CONSOLE_SESSION_SECRET is not set: give the console a secret of 32+ characters to seal its session cookies',
    );
  buildConsoleIfStale();
  const server = await startConsole(s.SHOPSPACE_API_URL, {
    port: s.CONSOLE_PORT,
    host: s.HOST,
    sessionSecret: s.CONSOLE_SESSION_SECRET,
  });
  logger.info({ url: server.url, api: s.SHOPSPACE_API_URL }, 'console listening');
  onShutdown(logger, () => server.close(), 5_000);
  stopWithLauncher(() => process.kill(process.pid, 'SIGTERM'));
});
