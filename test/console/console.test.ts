// The admin console in headless Chromium against the real API and worker (own database and Redis prefix):
// operator sign-in and a new tenant, tenant sign-in, a shop, file imports with row errors, the catalog,
// training watched live to the end, activating and rolling back a model, an experiment started and read after
// simulated storefront traffic, the playground, API keys, the session cookie, and tenant isolation.
// Screenshots of the main pages go to docs/screenshots/.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  TEST_OPERATOR_TOKEN,
  createShop,
  createTenant,
  startTestApi,
  startTestWorker,
  type TestApi,
  type TenantFixture,
} from '@shopspace/testing';
import type { ComposedWorker } from '@shopspace/worker';
import {
  buildConsoleIfStale,
  launchChromium,
  startConsole,
  type Browser,
  type BrowserContext,
  type ConsoleServer,
  type Page,
} from '../../apps/console/test-support/console-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'docs/screenshots');
const RETAIL = resolve(ROOT, 'data/online-retail/online-retail.csv.gz');
const SLICE = gunzipSync(readFileSync(RETAIL)).toString('utf8').split('\n').slice(0, 40_001).join('\n') + '\n';
const BAD_ITEMS = ['sku,title,price', 'X1,Good mug,2.50', ',No sku,1', 'X3,Bad price,abc', 'X4,Fine lantern,3'].join(
  '\n',
);

let api: TestApi;
let worker: ComposedWorker;
let app: ConsoleServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let tenant: TenantFixture;
let shopId = '';
let experimentUrl = '';

const shot = (name: string) => page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });

async function signIn(p: Page, key: string, landing: RegExp): Promise<void> {
  await p.goto(`${app.url}/sign-in`);
  await p.fill('input[name=key]', key);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(landing);
}

/** Polls `read` until `done` holds, or fails with the last value after `ms`. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  buildConsoleIfStale();
  api = await startTestApi('console');
  worker = startTestWorker(api, { trainerThreads: 1 });
  app = await startConsole(`${api.url}/graphql`);
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await worker?.close();
  await api?.close();
});

describe('console', () => {
  it('sends a visitor without a session to the sign-in page and refuses a bad key', async () => {
    await page.goto(`${app.url}/shops`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.fill('input[name=key]', 'sk_live_not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.notice.error').textContent()).toMatch(/not valid/);
    await shot('sign-in');
  });

  it('signs the operator in, creates a tenant and shows its keys once', async () => {
    await signIn(page, TEST_OPERATOR_TOKEN, /\/tenants$/);
    await page.fill('[data-testid=create-tenant] input[name=name]', 'Console Group');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    const secret = (await page.locator('code[data-secret="Secret key"]').textContent()) ?? '';
    const publishable = (await page.locator('code[data-secret="Publishable key"]').textContent()) ?? '';
    expect(secret).toMatch(/^sk_/);
    expect(publishable).toMatch(/^pk_/);
    await expect.poll(() => page.locator('table').textContent()).toContain('Console Group');
    await shot('tenants');
    const tenants = await api.gql(secret, '{tenants{id}}');
    tenant = { id: tenants.data?.['tenants'][0].id, secretKey: secret, publishableKey: publishable };
    // Reloading does not show the keys again.
    await page.reload();
    expect(await page.locator('code[data-secret]').count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
  });

  it('keeps the key server-side: an httpOnly, SameSite=Lax cookie that does not contain it', async () => {
    await signIn(page, tenant.secretKey, /\/shops$/);
    const cookie = (await context.cookies()).find((c) => c.name === 'shopspace_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookie?.value).not.toContain(tenant.secretKey);
    expect(await page.evaluate<string>('document.cookie')).not.toContain('shopspace_session');
    expect(await page.content()).not.toContain(tenant.secretKey);
    expect(await page.getByTestId('who').textContent()).toBe('Console Group');
  });

  it('creates a shop', async () => {
    await page.fill('[data-testid=create-shop] input[name=handle]', 'uk');
    await page.fill('[data-testid=create-shop] input[name=name]', 'United Kingdom');
    await page.fill('[data-testid=create-shop] input[name=currency]', 'GBP');
    await page.getByRole('button', { name: 'Create shop' }).click();
    await page.getByRole('link', { name: 'United Kingdom' }).click();
    await page.waitForURL(/\/shops\/[0-9a-f-]{36}$/);
    shopId = new URL(page.url()).pathname.split('/')[2] ?? '';
    expect(await page.getByTestId('shop-name').textContent()).toContain('United Kingdom');
  });

  it('imports a catalog and events, and shows an import’s row errors by line', async () => {
    await page.goto(`${app.url}/shops/${shopId}/imports`);
    const upload = async (kind: string, name: string, body: string, preset: string, where: string) => {
      await page.setInputFiles('[data-testid=upload] input[type=file]', {
        name,
        mimeType: 'text/csv',
        buffer: Buffer.from(body),
      });
      await page.selectOption('[data-testid=upload] select[name=kind]', kind);
      await page.selectOption('[data-testid=upload] select[name=preset]', preset);
      await page.fill('[data-testid=upload] input[name=where]', where);
      await page.getByRole('button', { name: 'Upload' }).click();
      return (await page.getByTestId('upload-result').textContent({ timeout: 120_000 })) ?? '';
    };
    const items = await upload('items', 'retail.csv', SLICE, 'online-retail', 'Country=United Kingdom');
    expect(items).toMatch(/^Import succeeded: [1-9][\d,]* accepted/);
    const events = await upload('events', 'retail.csv', SLICE, 'online-retail', 'Country=United Kingdom');
    expect(events).toMatch(/^Import succeeded: [1-9][\d,]* accepted/);
    const bad = await upload('items', 'bad.csv', BAD_ITEMS, 'plain', '');
    expect(bad).toContain('2 accepted, 0 duplicates, 2 rejected');
    await expect.poll(() => page.getByTestId('imports').locator('tbody tr').count()).toBe(3);
    await shot('imports');
    await page.getByTestId('upload-result').getByRole('link').click();
    await page.waitForURL(/\/imports\/[0-9a-f-]+$/);
    const rows = await page.getByTestId('row-errors').locator('tbody tr').allTextContents();
    expect(rows.map((r) => r.slice(0, 4))).toEqual(['3sku', '4pri']);
    await shot('import-row-errors');
  }, 240_000);

  it('browses the catalog with search and paging kept in the URL', async () => {
    await page.goto(`${app.url}/shops/${shopId}/catalog`);
    await page.fill('input[name=q]', 'lantern');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=lantern/);
    const titles = await page.getByTestId('catalog').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t.toLowerCase()).toContain('lantern');
    await page.goto(`${app.url}/shops/${shopId}/catalog?size=25`);
    const first = await page.getByTestId('catalog').locator('tbody tr td:first-child').allTextContents();
    expect(first).toHaveLength(25);
    await shot('catalog');
    await page.getByTestId('next-page').click();
    await page.waitForURL(/after=/);
    expect(await page.getByTestId('catalog-count').textContent()).toMatch(/page 2$/);
    const second = await page.getByTestId('catalog').locator('tbody tr td:first-child').allTextContents();
    expect(second.some((s) => first.includes(s))).toBe(false);
    // The URL alone reproduces the page.
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    expect(await other.getByTestId('catalog').locator('tbody tr td:first-child').allTextContents()).toEqual(second);
    await other.close();
    await page.getByRole('link', { name: '← Previous' }).click();
    await page.waitForURL((u) => !u.searchParams.has('after'));
    expect(await page.getByTestId('catalog').locator('tbody tr td:first-child').allTextContents()).toEqual(first);
  });

  it('trains a model, following the progress bar live until done', async () => {
    await page.goto(`${app.url}/shops/${shopId}/training`);
    await page.fill('[data-testid=start-training] input[name=epochs]', '5');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.waitForURL(/\/training\/[0-9a-f-]+$/);
    const seen = new Set<string>();
    // No reloads: the page refreshes itself while the run is queued or running.
    await until(
      async () => {
        const progress = (await page.getByTestId('run-progress').textContent()) ?? '';
        seen.add(progress);
        return { progress, status: await page.locator('[data-testid=run] h2 .badge').textContent() };
      },
      (v) => v.status === 'succeeded' || v.status === 'failed',
      240_000,
      'training run',
    );
    expect(await page.locator('[data-testid=run] h2 .badge').textContent()).toBe('succeeded');
    expect(await page.getByTestId('run-progress').textContent()).toBe('100%');
    expect(seen.size).toBeGreaterThan(1);
    const scorers = await page.getByTestId('metrics').locator('tbody tr td:first-child').allTextContents();
    expect(scorers).toEqual(expect.arrayContaining(['Served model', 'popularity alone', 'item-knn(decay=1) alone']));
    // The page says in words what is served and why.
    expect(await page.getByTestId('choice').textContent()).toMatch(/^Serves (the GLMix ranker|\S+ alone)\b.*NDCG@10/);
    await shot('training-run');
  }, 300_000);

  it('activates another model version and rolls back', async () => {
    // A deliberately weak second version, kept inactive by the API since it evaluates worse.
    await page.goto(`${app.url}/shops/${shopId}/training`);
    await page.fill('[data-testid=start-training] input[name=epochs]', '1');
    await page.fill('[data-testid=start-training] input[name=dimensions]', '4');
    await page.fill('[data-testid=start-training] input[name=window]', '1');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.waitForURL(/\/training\/[0-9a-f-]+$/);
    await until(
      () => page.locator('[data-testid=run] h2 .badge').textContent(),
      (s) => s === 'succeeded',
      240_000,
      'second run',
    );
    await page.goto(`${app.url}/shops/${shopId}/training`);
    const active = async () =>
      (await api.gql(tenant.secretKey, `{shop(id:"${shopId}"){activeModel{id}}}`)).data?.['shop'].activeModel
        ?.id as string;
    const before = await active();
    const other = page
      .getByTestId('models')
      .locator('tbody tr')
      .filter({ has: page.locator('form button') });
    expect(await other.count()).toBe(1);
    await other.locator('button').click();
    const after = await until(active, (id) => id !== before, 15_000, 'activation');
    await expect.poll(() => page.getByTestId('models').locator('.badge.good').count()).toBe(1);
    await shot('models');
    const back = page
      .getByTestId('models')
      .locator('tbody tr')
      .filter({ has: page.locator('form button') });
    await back.locator('button').click();
    await until(active, (id) => id === before, 15_000, 'roll back');
    expect(after).not.toBe(before);
  }, 300_000);

  it('schedules retraining from the training page, with its next run, and removes it', async () => {
    await page.goto(`${app.url}/shops/${shopId}/training`);
    expect(await page.getByTestId('schedule').textContent()).toContain('No schedule');
    await page.selectOption('[data-testid=set-schedule] select[name=days]', '1-5');
    await page.fill('[data-testid=set-schedule] input[name=hour]', '4');
    await page.fill('[data-testid=set-schedule] input[name=minute]', '30');
    await page.fill('[data-testid=set-schedule] input[name=timeZone]', 'Europe/London');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect
      .poll(() => page.getByTestId('schedule').textContent())
      .toContain('Retrains at 30 4 * * 1-5 (Europe/London)');
    expect(await page.getByTestId('schedule').textContent()).toMatch(/Next check /);
    const api2 = await api.gql(tenant.secretKey, `{shop(id:"${shopId}"){trainingSchedule{cron timeZone nextRunAt}}}`);
    const next = new Date(api2.data?.['shop'].trainingSchedule.nextRunAt as string);
    // 04:30 in London on a weekday, in the future.
    expect(next.getTime()).toBeGreaterThan(Date.now());
    const london = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    }).format(next);
    expect(london).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 04:30$/);
    // A bad time zone is refused naming the field, nothing changed.
    await page.fill('[data-testid=set-schedule] input[name=timeZone]', 'Mars/Olympus');
    await page.getByRole('button', { name: 'Change schedule' }).click();
    await expect
      .poll(() => page.locator('[data-testid=set-schedule] .notice.error, .notice.error').first().textContent())
      .toMatch(/time zone/);
    await shot('training-schedule');
    await page.getByRole('button', { name: 'Remove schedule' }).click();
    await expect.poll(() => page.getByTestId('schedule').textContent()).toContain('No schedule');
  });

  it('shows the response model panel on the training page and schedules its daily refit', async () => {
    await page.goto(`${app.url}/shops/${shopId}/training`);
    const panel = page.getByTestId('response-models');
    expect(await panel.textContent()).toContain('No refit yet');
    expect(await panel.textContent()).toContain('No schedule yet');
    await page.getByRole('button', { name: 'Refit daily (03:30 UTC)' }).click();
    await expect.poll(() => panel.textContent()).toMatch(/Next scheduled refit /);
    const next = await api.gql(tenant.secretKey, `{responseRefitNextRun(shopId:"${shopId}")}`);
    const at = new Date(next.data?.['responseRefitNextRun'] as string);
    expect(at.getUTCHours() * 60 + at.getUTCMinutes()).toBe(3 * 60 + 30);
  });

  it('shows the job queues to the operator only', async () => {
    const tenantView = await context.request.get(`${app.url}/queues`);
    expect(tenantView.status()).toBe(403);
    const operator = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const op = await operator.newPage();
    await signIn(op, TEST_OPERATOR_TOKEN, /\/tenants$/);
    await op.getByTestId('queues-link').click();
    await op.waitForURL(/\/queues/);
    // bull-board's own page, listing the job catalog's queues with the jobs this file ran.
    await expect.poll(() => op.locator('body').textContent(), { timeout: 30_000 }).toContain('training');
    expect(await op.locator('body').textContent()).toContain('baselines');
    await op.screenshot({ path: resolve(SHOTS, 'job-queues.png'), fullPage: true });
    await operator.close();
  });

  it('creates and starts an experiment, and reads its results after simulated traffic', async () => {
    await page.goto(`${app.url}/shops/${shopId}/experiments`);
    await page.fill('[data-testid=create-experiment] input[name=name]', 'the model vs popularity');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/experiments\/[0-9a-f-]+$/);
    experimentUrl = page.url();
    expect(await page.getByTestId('verdict').getAttribute('data-kind')).toBe('not-started');
    await page.getByRole('button', { name: 'Start experiment' }).click();
    await expect.poll(() => page.locator('[data-testid=experiment-name] .badge').textContent()).toBe('running');

    // Storefront traffic with the publishable key: the model's lists get clicked three times as often.
    const SIMILAR = `query($s:ID!,$u:String!){similarItemsFor(shopId:$s,sku:"85123A",first:5,placement:"pdp-similar",userId:$u){requestId variant items{item{sku}}}}`;
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 400; i++) {
      const r = await api.gql(tenant.publishableKey, SIMILAR, { s: shopId, u: `visitor-${i}` });
      expect(r.errors).toBeUndefined();
      const list = r.data?.['similarItemsFor'];
      const skus = list.items.map((x: { item: { sku: string } }) => x.item.sku);
      expect(
        await api.gql(tenant.publishableKey, 'mutation($r:ID!,$k:[String!]!){trackImpressions(requestId:$r,skus:$k)}', {
          r: list.requestId,
          k: skus,
        }),
      ).toMatchObject({ errors: undefined });
      if (random() < (list.variant === 'model' ? 0.45 : 0.15))
        await api.gql(tenant.publishableKey, 'mutation($r:ID!,$k:String!){trackClick(requestId:$r,sku:$k)}', {
          r: list.requestId,
          k: skus[0],
        });
    }
    // Tracking is written behind (Redis first, then the database): reload until the results show it.
    await until(
      async () => {
        await page.reload();
        return page.getByTestId('verdict').getAttribute('data-kind');
      },
      (k) => k !== 'no-data',
      60_000,
      'experiment results',
    );
    const rows = await page.getByTestId('results').locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(await page.getByTestId('verdict').getAttribute('data-kind')).toBe('winner');
    expect(await page.getByTestId('verdict').textContent()).toMatch(/^model beats control: \+\d/);
    expect(await page.getByTestId('ctr-chart').locator('g[data-variant]').count()).toBe(2);
    await shot('experiment');
    await page.getByRole('button', { name: 'Stop experiment' }).click();
    await expect.poll(() => page.locator('[data-testid=experiment-name] .badge').textContent()).toBe('stopped');
  }, 240_000);

  it('answers in the playground with reasons, from a session in the URL', async () => {
    await page.goto(`${app.url}/shops/${shopId}/playground?skus=85123A,71053`);
    const next = page.getByTestId('next-items').locator('li');
    expect(await next.count()).toBe(10);
    expect(await page.getByTestId('similar-items').locator('li').count()).toBe(10);
    expect((await next.first().textContent()) ?? '').toMatch(/score/);
    await shot('playground');
  });

  it('draws the embedding map of the active model', async () => {
    await page.goto(`${app.url}/shops/${shopId}/map`);
    const points = page.locator('svg circle');
    await expect.poll(() => points.count(), { timeout: 30_000 }).toBeGreaterThan(100);
    expect(await page.locator('body').textContent()).toMatch(/t-SNE \(perplexity 30\) of the \d+ most frequent items/);
    await shot('embedding-map');
  });

  it('aligns the shop with a sister shop and shows twins side by side', async () => {
    // A sister shop with the same catalog and no sessions: aligned from its catalog features.
    const sister = await createShop(api, tenant.secretKey, 'eu');
    const items = await api.upload(tenant.secretKey, sister, 'items', SLICE, {
      preset: 'online-retail',
      where: 'Country=United Kingdom',
    });
    expect(items.body.status).toBe('SUCCEEDED');
    await page.goto(`${app.url}/alignment`);
    await page.getByRole('button', { name: 'Start alignment' }).click();
    await page.waitForURL(/\/alignment\?run=[0-9a-f-]+$/);
    await until(
      async () => (await page.locator('.badge').first().textContent()) ?? '',
      (status) => status === 'succeeded' || status === 'failed',
      180_000,
      'alignment run',
    );
    expect(await page.locator('.badge').first().textContent()).toBe('succeeded');
    const rows = page.getByTestId('twins').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(10);
    // Same products under the same skus in both shops: each item's nearest twin is itself.
    const cells: string[][] = [];
    for (let i = 0; i < 10; i++) cells.push(await rows.nth(i).locator('td .mono').allTextContents());
    expect(cells.filter(([a, b]) => a === b).length).toBeGreaterThanOrEqual(9);
    // One trained shop and one placed from its catalog: the run says which is which.
    expect(await page.getByTestId('alignment-shops').textContent()).toMatch(
      /eu: [\d,]+ items \(placed from its catalog: no trained model\)/,
    );
    await shot('alignment');
    // The playground answers across the two shops, with reasons.
    await page.goto(`${app.url}/shops/${shopId}/playground?skus=85123A,71053&to=${sister}`);
    const cross = page.getByTestId('cross-shop').locator('li');
    await expect.poll(() => cross.count(), { timeout: 30_000 }).toBe(10);
    expect((await cross.first().textContent()) ?? '').toMatch(/nearest in the group space/);
    await shot('playground-cross-shop');
  }, 240_000);

  it('creates a publishable key, shows it once, and revokes it', async () => {
    await page.goto(`${app.url}/keys`);
    await page.selectOption('[data-testid=create-key] select[name=kind]', 'PUBLISHABLE');
    await page.fill('[data-testid=create-key] input[name=label]', 'widget');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.locator('code[data-secret="Publishable key"]').textContent()) ?? '';
    expect(key).toMatch(/^pk_/);
    const row = page.getByTestId('keys').locator('tbody tr').filter({ hasText: 'widget' });
    await shot('keys');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.locator('.badge.bad').count()).toBe(1);
    const r = await api.gql(key, `{similarItems(shopId:"${shopId}",sku:"85123A"){requestId}}`);
    expect(api.code(r)).toBe('UNAUTHENTICATED');
  });

  it('ends a session whose key was revoked, asking to sign in again', async () => {
    const created = await api.gql(
      tenant.secretKey,
      'mutation{createApiKey(kind:SECRET,label:"temp"){apiKey{id} secret}}',
    );
    const { apiKey, secret } = created.data!['createApiKey'];
    const temp = await browser.newContext();
    const tempPage = await temp.newPage();
    await signIn(tempPage, secret, /\/shops$/);
    await api.gql(tenant.secretKey, `mutation{revokeApiKey(id:"${apiKey.id}"){id}}`);
    await until(
      async () => {
        await tempPage.goto(`${app.url}/shops`);
        await tempPage.waitForLoadState('networkidle');
        return new URL(tempPage.url()).pathname;
      },
      (path) => path === '/sign-in',
      15_000,
      'revoked session',
    );
    expect(await tempPage.locator('.notice.warning').textContent()).toMatch(/no longer works/);
    await temp.close();
  });

  it('does not let one tenant open another tenant’s pages', async () => {
    const rival = await createTenant(api, 'Rival Group');
    const rivalShop = await createShop(api, rival.secretKey, 'rival');
    for (const path of [`/shops/${rivalShop}`, `/shops/${rivalShop}/catalog`, `/shops/${rivalShop}/training`]) {
      const res = await page.goto(`${app.url}${path}`);
      expect(res?.status()).toBe(404);
      expect(await page.locator('h1').first().textContent()).toBe('Not found');
      expect(await page.content()).not.toContain('Shop rival');
    }
    // The rival's session cannot open this tenant's experiment, even under its own shop's URL.
    const rivalContext = await browser.newContext();
    const rivalPage = await rivalContext.newPage();
    await signIn(rivalPage, rival.secretKey, /\/shops$/);
    const experimentPath = new URL(experimentUrl).pathname;
    expect((await rivalPage.goto(`${app.url}${experimentPath}`))?.status()).toBe(404);
    const underOwn = experimentPath.replace(shopId, rivalShop);
    expect((await rivalPage.goto(`${app.url}${underOwn}`))?.status()).toBe(404);
    expect(await rivalPage.content()).not.toContain('the model vs popularity');
    // A tenant session is not the operator: the tenants page sends it back to its shops.
    await rivalPage.goto(`${app.url}/tenants`);
    await rivalPage.waitForURL(/\/shops$/);
    expect(await rivalPage.content()).not.toContain('Console Group');
    await rivalContext.close();
  });

  it('fits a narrow window', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/shops', `/shops/${shopId}/training`, new URL(experimentUrl).pathname]) {
      await page.goto(`${app.url}${path}`);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await shot('experiment-narrow');
    await page.goto(`${app.url}/shops`);
    await shot('shops-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.url}/shops`);
    await shot('shops');
  });
});
