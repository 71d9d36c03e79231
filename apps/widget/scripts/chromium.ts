// Test support for the widget's browser test (test/widget/*): Debian's Chromium through playwright-core, a
// dependency of this package (a test tool's own browser download cannot work on these machines).

import { chromium, type Browser } from 'playwright-core';

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

export type { Browser, Page, Request, Route } from 'playwright-core';
