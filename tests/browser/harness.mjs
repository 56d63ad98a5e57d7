// Serves the repository on 127.0.0.1 and drives Debian's Chromium through playwright-core
// (no browser download). Background networking is off: this machine has no outside network.
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, normalize, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

// `root` serves another directory instead (the packaging test serves a temp project).
export async function serveRepo({ headers = {}, root = ROOT } = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', ...headers }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Retries `check` every 50 ms until it passes or `ms` have gone (the debugger's inputs update after a debounce). */
export async function eventually(page, check, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.waitForTimeout(50);
    }
  }
}

/**
 * Serves the repo, opens `path` in Chromium and waits for the page to set `window.results`
 * (a page error is reported instead of a timeout). Returns { server, browser, page }.
 */
export async function openResultsPage(path, timeout) {
  const server = await serveRepo();
  const browser = await launchChromium();
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => window.results, null, { timeout }).catch((e) => { throw errors[0] || e; });
  return { server, browser, page };
}

/** Where the browser tests leave their screenshots. */
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

/**
 * The debugger tests' shared setup: serves the repo, opens a 1280×900 Chromium page in `locale`
 * collecting page errors and, when `hash` is given, loads the debugger there and waits until it
 * is ready. `open(hash)` reloads it at another tab; `text` and `eventually` read from this page.
 */
export async function openDebugger({ hash, locale = 'en-US' } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await serveRepo();
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale })).newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e));
  const open = async (tab) => {
    await page.goto('about:blank'); // a new hash alone would not reload the page
    await page.goto(`${server.url}/debugger/${tab}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  };
  if (hash !== undefined) await open(hash);
  return {
    server, browser, page, pageErrors, open,
    text: (sel) => page.locator(sel).first().innerText({ timeout: 1000 }),
    eventually: (check, ms = 5000) => eventually(page, check, ms),
    close: async () => { await browser.close(); await server.close(); },
  };
}
