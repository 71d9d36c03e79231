// Test support for browser tests of the console (used by test/console/*): the console runner plus Debian's
// Chromium through playwright-core (a dependency of the console, so it lives here).
import { chromium, type Browser } from 'playwright-core';

export { CONSOLE_DIR, buildConsoleIfStale, freePort, startConsole, type ConsoleServer } from '../runner.ts';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
}

export type { Browser, BrowserContext, Page } from 'playwright-core';
