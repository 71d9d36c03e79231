// The autocomplete widget in headless Chromium against the real API and worker: the demo page served by the API
// turns its input into an ARIA combobox, typing shows suggestions personal to the session viewed through
// Shopspace.track, the keyboard picks one (ArrowDown/ArrowUp/Enter, Escape), a stale answer never replaces a
// newer one, a product is picked with the mouse, and the click sent by the beacon is found in the database.

import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeySpace, RedisTrackingOutbox } from '@shopspace/redis';
import { TrackingSqlRepository } from '@shopspace/db';
import { TrackingFlusher } from '@shopspace/domain';
import {
  THEMES,
  createShop,
  createTenant,
  startTestApi,
  startTestWorker,
  themedSku,
  trainSmallShop,
  type TenantFixture,
  type TestApi,
} from '@shopspace/testing';
import type { ComposedWorker } from '@shopspace/worker';
import { WIDGET_FILE, buildWidget } from '../../apps/widget/scripts/build.ts';
import { launchChromium, type Browser, type Page } from '../../apps/widget/scripts/chromium.ts';

let api: TestApi;
let worker: ComposedWorker;
let browser: Browser;
let page: Page;
let t: TenantFixture;
let shop: string;

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** "red <theme>" searched, then two items of the theme viewed; equally popular across themes. */
function searchSessions(): Array<Record<string, unknown>> {
  const start = Date.UTC(2026, 0, 28);
  return THEMES.flatMap((theme, ti) =>
    Array.from({ length: 20 }, (_, s) => {
      const session = `search-${theme}-${s}`;
      const at = start + (ti * 20 + s) * 600_000;
      return [
        {
          eventId: `${session}-q`,
          sessionId: session,
          type: 'SEARCH',
          query: `red ${theme}`,
          occurredAt: new Date(at).toISOString(),
        },
        ...[0, 1].map((k) => ({
          eventId: `${session}-v${k}`,
          sessionId: session,
          type: 'VIEW',
          sku: themedSku(ti, (s + k * 3) % 20),
          occurredAt: new Date(at + (k + 1) * 30_000).toISOString(),
        })),
      ];
    }).flat(),
  );
}

const listbox = () => page.locator('[role=listbox]');
const options = () => page.locator('[role=option]');
const input = () => page.locator('#q');

async function tracked(kind: string, sku: string): Promise<Array<Record<string, unknown>>> {
  const outbox = new RedisTrackingOutbox(api.redis.redis, new KeySpace(api.redis.prefix), { claimIdleMs: 200 });
  try {
    const flusher = new TrackingFlusher(outbox, new TrackingSqlRepository(api.database.db.sql), { blockMs: 50 });
    return await eventually(
      async () => {
        while ((await flusher.flushOnce()).read > 0);
        return api.database.db.sql.query<Record<string, unknown>>(
          `SELECT kind, sku, shop_id AS "shopId", request_id AS "requestId" FROM tracked_events WHERE kind = $1 AND sku = $2`,
          [kind, sku],
        );
      },
      (rows) => rows.length > 0,
      15_000,
    );
  } finally {
    await outbox.close();
  }
}

beforeAll(async () => {
  // CI runs on a clean clone: the widget's dist is built here when missing.
  if (!existsSync(WIDGET_FILE)) await buildWidget();
  api = await startTestApi('widget', { debounceMs: 300 });
  worker = startTestWorker(api, { trainerThreads: 1, flushTracking: false });
  t = await createTenant(api, 'Widget Group');
  shop = await createShop(api, t.secretKey, 'uk');
  await trainSmallShop(api, t.secretKey, shop);
  const ingest = await api.gql(
    t.secretKey,
    'mutation($s:ID!,$e:[EventInput!]!){ingestEvents(shopId:$s,events:$e){accepted}}',
    {
      s: shop,
      e: searchSessions(),
    },
  );
  expect(ingest.errors).toBeUndefined();
  const ready = await eventually(
    () =>
      api.gql(
        t.publishableKey,
        'query($s:ID!){autocomplete(shopId:$s,prefix:"red",session:{skus:["lamp-01"]}){personalized suggestions{text}}}',
        {
          s: shop,
        },
      ),
    (r) => r.data?.['autocomplete']?.suggestions.length === 3 && r.data['autocomplete'].personalized === true,
  );
  expect(ready.errors).toBeUndefined();
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${api.url}/demo?key=${encodeURIComponent(t.publishableKey)}&shop=${shop}`);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await api?.close();
});

describe('autocomplete widget', () => {
  it('is served as one script', async () => {
    const res = await fetch(`${api.url}/widget/shopspace-autocomplete.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect((await res.text()).length).toBeGreaterThan(1000);
  });

  it('turns the input into a combobox', async () => {
    expect(await input().getAttribute('role')).toBe('combobox');
    expect(await input().getAttribute('aria-expanded')).toBe('false');
    expect(await input().getAttribute('aria-autocomplete')).toBe('list');
    const controls = await input().getAttribute('aria-controls');
    expect(controls).toBeTruthy();
    expect(await listbox().getAttribute('id')).toBe(controls);
    expect(await listbox().isHidden()).toBe(true);
  });

  it('suggests by the session, and picks with ArrowDown and Enter; the click is recorded', async () => {
    await page.evaluate(() => {
      const w = globalThis as unknown as { Shopspace: { track(kind: string, sku: string): void } };
      w.Shopspace.track('view', 'lamp-02');
      w.Shopspace.track('view', 'lamp-05');
    });
    await input().click();
    await input().pressSequentially('red', { delay: 40 });
    await listbox().waitFor({ state: 'visible' });
    expect(await input().getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => options().first().textContent()).toBe('red lamp');
    expect(await options().first().innerHTML()).toBe('<b>red</b> lamp');
    expect(await options().count()).toBeGreaterThanOrEqual(3);

    await input().press('ArrowDown');
    const first = await options().nth(0).getAttribute('id');
    expect(await input().getAttribute('aria-activedescendant')).toBe(first);
    expect(await options().nth(0).getAttribute('aria-selected')).toBe('true');
    await input().press('ArrowDown');
    expect(await input().getAttribute('aria-activedescendant')).toBe(await options().nth(1).getAttribute('id'));
    expect(await options().nth(0).getAttribute('aria-selected')).toBe('false');
    await input().press('ArrowUp');
    expect(await input().getAttribute('aria-activedescendant')).toBe(first);
    await input().press('Enter');

    expect(await input().inputValue()).toBe('red lamp');
    expect(await input().getAttribute('aria-expanded')).toBe('false');
    expect(await input().getAttribute('aria-activedescendant')).toBeNull();
    expect(await listbox().isHidden()).toBe(true);
    expect(await page.locator('#log li').first().textContent()).toBe('searched "red lamp"');

    const clicks = await tracked('CLICK', 'q:red lamp');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]?.['shopId']).toBe(shop);
    // The impressions of the same answer were recorded too.
    const impressions = await tracked('IMPRESSION', 'q:red lamp');
    expect(impressions.map((r) => r['requestId'])).toContain(clicks[0]?.['requestId']);
  });

  it('closes on Escape, and clears on a second Escape', async () => {
    await input().fill('');
    await input().pressSequentially('mug', { delay: 40 });
    await listbox().waitFor({ state: 'visible' });
    await input().press('Escape');
    expect(await input().getAttribute('aria-expanded')).toBe('false');
    expect(await input().inputValue()).toBe('mug');
    await input().press('Escape');
    expect(await input().inputValue()).toBe('');
  });

  it('never lets a slow stale answer replace a newer one', async () => {
    // Answers for "re" arrive late; "red" is asked after them and answered at once.
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('"p":"re"')) await new Promise((res) => setTimeout(res, 800));
      await route.continue().catch(() => undefined); // an aborted request cannot continue
    });
    await input().fill('');
    const asked = page.waitForRequest((r) => (r.postData() ?? '').includes('"p":"re"'));
    await input().pressSequentially('re', { delay: 20 });
    const stale = await asked; // past the debounce: the "re" request is in flight
    const staleEnded = Promise.race([
      page.waitForEvent('requestfailed', (r) => r === stale),
      page.waitForEvent('requestfinished', (r) => r === stale),
    ]);
    await input().pressSequentially('d', { delay: 20 });
    await listbox().waitFor({ state: 'visible' });
    await staleEnded; // whatever became of the stale answer has happened by now
    const shown = await options().allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown.slice(0, 3)) expect(text.startsWith('red')).toBe(true);
    await page.unroute('**/graphql');
  });

  it('picks a product with the mouse, which the demo records as a view in the session', async () => {
    await input().fill('');
    await input().pressSequentially('number', { delay: 30 });
    await listbox().waitFor({ state: 'visible' });
    const product = page.locator('[role=group]:has-text("Products") [role=option]').first();
    await product.waitFor({ state: 'visible' });
    await product.hover();
    expect(await input().getAttribute('aria-activedescendant')).toBe(await product.getAttribute('id'));
    await product.click();
    expect(await listbox().isHidden()).toBe(true);
    const logged = (await page.locator('#log li').first().textContent()) ?? '';
    expect(logged.startsWith('viewed product lamp-')).toBe(true);
    const session = await page.evaluate(
      () => (globalThis as unknown as { Shopspace: { session(): { skus: string[] } } }).Shopspace.session().skus,
    );
    expect(session.at(-1)).toBe(logged.split(' ')[2]);
    const sku = logged.split(' ')[2] ?? '';
    expect((await tracked('CLICK', sku)).length).toBe(1);
  });
});
