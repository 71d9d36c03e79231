// GET /widget/shopspace-autocomplete.js serves the built autocomplete widget (apps/widget/dist, built by
// `pnpm build:widget`), and GET /demo a plain HTML page that embeds it. The page is static: it reads the
// publishable key and shop from its own query string (`/demo?key=pk_…&shop=<shopId>`) in the browser, so
// nothing from the request is ever written into the HTML.

import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

export const WIDGET_SCRIPT_PATH = '/widget/shopspace-autocomplete.js';
export const DEMO_PAGE_PATH = '/demo';

/** Where `pnpm build:widget` writes the script. */
export const DEFAULT_WIDGET_FILE = fileURLToPath(
  new URL('../../../widget/dist/shopspace-autocomplete.js', import.meta.url),
);

export interface WidgetRouteOptions {
  /** The built script (default: apps/widget/dist/shopspace-autocomplete.js). */
  readonly scriptFile?: string;
}

export function isWidgetPath(pathname: string): boolean {
  return pathname === WIDGET_SCRIPT_PATH || pathname === DEMO_PAGE_PATH;
}

/** The script as last read, re-read when the file changes (a rebuild while the API runs). */
let cached: { file: string; mtimeMs: number; body: Buffer } | null = null;

async function script(file: string): Promise<Buffer | null> {
  const info = await stat(file).catch(() => null);
  if (!info) return null;
  if (cached?.file !== file || cached.mtimeMs !== info.mtimeMs) {
    cached = { file, mtimeMs: info.mtimeMs, body: await readFile(file) };
  }
  return cached.body;
}

export async function serveWidget(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: WidgetRouteOptions = {},
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('use GET');
    return;
  }
  if (url.pathname === DEMO_PAGE_PATH) {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'",
    });
    res.end(req.method === 'HEAD' ? undefined : DEMO_PAGE);
    return;
  }
  const body = await script(options.scriptFile ?? DEFAULT_WIDGET_FILE);
  if (!body) {
    res
      .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      .end('the widget is not built: run `pnpm build:widget`\n');
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/javascript; charset=utf-8',
    'content-length': String(body.byteLength),
    'cache-control': 'public, max-age=300',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const DEMO_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shopspace autocomplete demo</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 44rem; padding: 0 1rem; color: #1d1d1f; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { font: inherit; padding: .45rem .6rem; width: 100%; box-sizing: border-box; }
  .note { color: #555; font-size: .9rem; }
  #session, #log { font-family: ui-monospace, monospace; font-size: .85rem; }
  fieldset { border: 1px solid #ddd; margin-top: 1rem; }
</style>
</head>
<body>
<h1>Shopspace autocomplete</h1>
<p class="note">Suggestions complete what you type from the shop's query log and catalog, ranked by what this
session has viewed. The demo shops' searches are <strong>derived</strong> from the Online Retail purchase
sessions (a seeded simulation of typing title words), not observed. Pick a product to "view" it and watch the
suggestions follow the session.</p>
<fieldset>
  <legend>Storefront settings (from the page's ?key=…&amp;shop=…)</legend>
  <label for="key">Publishable key</label>
  <input id="key" autocomplete="off" placeholder="pk_live_…">
  <label for="shop">Shop id</label>
  <input id="shop" autocomplete="off">
</fieldset>
<label for="q">Search the shop</label>
<input id="q" type="search" placeholder="Try &quot;hea&quot;, &quot;candle&quot; or &quot;lunch bag&quot;">
<p>Session: <span id="session">(empty)</span> <button id="clear" type="button">clear session</button></p>
<ol id="log" aria-live="polite"></ol>
<script src="${WIDGET_SCRIPT_PATH}"></script>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var key = document.getElementById('key');
  var shop = document.getElementById('shop');
  key.value = params.get('key') || '';
  shop.value = params.get('shop') || '';
  var log = document.getElementById('log');
  function say(text) {
    var li = document.createElement('li');
    li.textContent = text;
    log.insertBefore(li, log.firstChild);
  }
  function showSession() {
    var skus = Shopspace.session().skus;
    document.getElementById('session').textContent = skus.length ? skus.join(', ') : '(empty)';
  }
  var widget = null;
  function start() {
    if (widget) widget.destroy();
    if (!key.value || !shop.value) return;
    widget = Shopspace.autocomplete(document.getElementById('q'), {
      key: key.value,
      shopId: shop.value,
      onSelect: function (choice) {
        if (choice.kind === 'item') {
          Shopspace.track('view', choice.sku);
          say('viewed product ' + choice.sku + ' ' + choice.title);
        } else {
          say('searched "' + choice.text + '"');
        }
        showSession();
      },
      onError: function (error) { say('error: ' + error.message); },
    });
  }
  key.addEventListener('change', start);
  shop.addEventListener('change', start);
  document.getElementById('clear').addEventListener('click', function () {
    Shopspace.reset();
    showSession();
  });
  showSession();
  start();
})();
</script>
</body>
</html>
`;
