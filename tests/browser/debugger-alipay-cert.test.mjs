// The debugger's Alipay certificate-mode tab in headless Chromium: the OpenSSL TEST ONLY chains
// pasted in give alipay-sdk's SNs (tests/vectors/alipay/sdk-vectors.json); the root bundle's EC
// certificate is listed as skipped; a received SN is checked against the Alipay certificate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ARTIFACTS, openDebugger } from './harness.mjs';

const dir = new URL('../vectors/alipay/', import.meta.url);
const sdk = JSON.parse(readFileSync(new URL('sdk-vectors.json', dir), 'utf8'));
const cert = (name) => readFileSync(new URL(`cert/${name}`, dir), 'utf8');

let dbg, page, pageErrors;
before(async () => {
  dbg = await openDebugger({ hash: '#alipay-cert' });
  ({ page, pageErrors } = dbg);
});
after(async () => { await dbg?.close(); });

const text = (sel) => dbg.text(sel);
const eventually = (check, ms) => dbg.eventually(check, ms);

test('the three certificate files give alipay-sdk\'s SNs; the EC root is skipped', async () => {
  await page.fill('#alipay-cert-app', cert('appCertPublicKey_2021000000000001.crt'));
  await page.fill('#alipay-cert-alipay', cert('alipayCertPublicKey_RSA2.crt'));
  await page.fill('#alipay-cert-root', cert('alipayRootCert.crt'));
  await eventually(async () => {
    assert.equal(await page.getAttribute('#alipay-cert-verdict', 'data-kind'), 'ok');
    assert.equal(await text('#alipay-cert-app-sn'), sdk.appCertSn);
    assert.equal(await text('#alipay-cert-alipay-sn'), sdk.alipayCertSn);
    assert.equal(await text('#alipay-cert-root-sn'), sdk.alipayRootCertSn);
    const items = await page.locator('#alipay-cert-root-list li').allInnerTexts();
    assert.equal(items.length, 3);
    const [r1, r2] = sdk.alipayRootCertSn.split('_');
    assert.ok(items[0].startsWith(r1) && items[2].startsWith(r2), items.join('\n'));
    assert.match(items[1], /SM2|EC/);
  });
  await page.screenshot({ path: new URL('debugger-tab-alipay-cert.png', ARTIFACTS).pathname, fullPage: true });
});

test('a received SN is checked; a bundle without RSA certificates is ALIPAY_CERT_NO_RSA', async () => {
  await page.fill('#alipay-cert-received', sdk.alipayCertSn);
  await eventually(async () => assert.equal(await page.getAttribute('#alipay-cert-verdict', 'data-kind'), 'ok'));
  await page.fill('#alipay-cert-received', '0'.repeat(32));
  await eventually(async () => {
    assert.equal(await page.getAttribute('#alipay-cert-verdict', 'data-kind'), 'bad');
    assert.match(await text('#alipay-cert-verdict'), /ALIPAY_CERT_SN_MISMATCH/);
  });
  await page.fill('#alipay-cert-root', cert('root_ec_e1.crt'));
  await eventually(async () => {
    assert.equal(await page.getAttribute('#alipay-cert-verdict', 'data-kind'), 'bad');
    assert.match(await text('#alipay-cert-verdict'), /ALIPAY_CERT_NO_RSA/);
  });
  assert.deepEqual(pageErrors, []);
});
