// The debugger's certificate tab in headless Chromium: a pasted certificate shows the serial and
// validity node:crypto reads from it; a key pasted instead is refused with its code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { serveRepo, launchChromium, eventually as eventuallyOn } from './harness.mjs';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const vector = (p) => readFileSync(new URL(`../vectors/${p}`, import.meta.url), 'utf8');

let server, browser, page;
const pageErrors = [];
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveRepo();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e));
  await page.goto(`${server.url}/debugger/#certificate`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
});
after(async () => { await browser?.close(); await server?.close(); });

const text = (sel) => page.locator(sel).first().innerText({ timeout: 1000 });
const eventually = (check, ms = 5000) => eventuallyOn(page, check, ms);

test('a pasted certificate shows its serial and validity as node:crypto reads them', async () => {
  for (const file of ['v3/cert.pem', 'v3/cert_highbit.pem']) {
    const x509 = new crypto.X509Certificate(vector(file));
    await page.fill('#certificate-input', vector(file));
    await eventually(async () => {
      assert.equal(await text('#certificate-serial'), x509.serialNumber.replace(/^(00)+(?=.)/, ''));
      assert.equal(await text('#certificate-not-after'), new Date(x509.validTo).toISOString());
      assert.equal(await text('#certificate-not-before'), new Date(x509.validFrom).toISOString());
    });
  }
  await page.screenshot({ path: new URL('debugger-tab-certificate.png', ARTIFACTS).pathname, fullPage: true });
  await page.fill('#certificate-input', vector('v3/private_pkcs8.pem'));
  await eventually(async () => {
    assert.equal(await page.locator('#certificate-verdict').getAttribute('data-kind'), 'bad');
    assert.match(await text('#certificate-verdict'), /KEY_INVALID/);
  });
  assert.deepEqual(pageErrors, []);
});
