// The debugger's certificate tab in headless Chromium: a pasted certificate shows the serial and
// validity node:crypto reads from it; a key pasted instead is refused with its code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ARTIFACTS, openDebugger } from './harness.mjs';

const vector = (p) => readFileSync(new URL(`../vectors/${p}`, import.meta.url), 'utf8');

let dbg, page, pageErrors;
before(async () => {
  dbg = await openDebugger({ hash: '#certificate' });
  ({ page, pageErrors } = dbg);
});
after(async () => { await dbg?.close(); });

const text = (sel) => dbg.text(sel);
const eventually = (check, ms) => dbg.eventually(check, ms);

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
