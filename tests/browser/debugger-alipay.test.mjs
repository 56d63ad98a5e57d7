// The debugger's Alipay tab in headless Chromium: the vector requests typed in give the Node-crypto
// signs; the vector notification and response verify, tampered ones do not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ARTIFACTS, openDebugger } from './harness.mjs';

const dir = new URL('../vectors/alipay/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'));
const keyText = (name) => readFileSync(new URL(vectors.keys[name], dir), 'utf8');
const bare = (pem) => pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');

let dbg, page, pageErrors;
before(async () => {
  dbg = await openDebugger({ hash: '#alipay-sign' });
  ({ page, pageErrors } = dbg);
});
after(async () => { await dbg?.close(); });

const text = (sel) => dbg.text(sel);
const eventually = (check, ms) => dbg.eventually(check, ms);

test('request mode: the vectors typed as JSON and as a query string give the Node-crypto signs', async () => {
  await page.selectOption('#alipay-mode', 'request');
  await page.fill('#alipay-key', bare(keyText('appPrivateKey')));
  for (const r of vectors.requests) {
    await page.selectOption('#alipay-sign-type', r.signType);
    for (const typed of [JSON.stringify(r.params), new URLSearchParams(r.params).toString()]) {
      await page.fill('#alipay-input', typed);
      await eventually(async () => {
        assert.equal(await text('#alipay-content'), r.stringToSign);
        assert.equal(await text('#alipay-signature'), r.sign);
        assert.equal(await text('#alipay-query'), r.signedQuery);
      });
    }
  }
  await page.screenshot({ path: new URL('debugger-tab-alipay-sign.png', ARTIFACTS).pathname, fullPage: true });
});

test('notification mode: the form body verifies; a changed amount does not', async () => {
  const n = vectors.notifications[0];
  await page.selectOption('#alipay-mode', 'notification');
  await page.fill('#alipay-key', keyText('alipayPublicKey'));
  await page.fill('#alipay-input', n.formBody);
  await eventually(async () => {
    assert.equal(await page.getAttribute('#alipay-verdict', 'data-kind'), 'ok');
    assert.equal(await text('#alipay-content'), n.content);
  });
  await page.fill('#alipay-input', n.formBody.replace('total_amount=88.88', 'total_amount=0.01'));
  await eventually(async () => {
    assert.equal(await page.getAttribute('#alipay-verdict', 'data-kind'), 'bad');
    assert.match(await text('#alipay-verdict'), /SIGN_MISMATCH/);
  });
});

test('response mode: the unusual-spacing body verifies byte for byte; a re-spaced one does not', async () => {
  const r = vectors.responses[1];
  await page.selectOption('#alipay-mode', 'response');
  await page.fill('#alipay-key', keyText('alipayPublicKey'));
  await page.fill('#alipay-method', r.method);
  await page.fill('#alipay-input', r.body);
  await eventually(async () => {
    assert.equal(await page.getAttribute('#alipay-verdict', 'data-kind'), 'ok');
    assert.match(await text('#alipay-fields'), /159\*\*\*\*5620/);
  });
  await page.fill('#alipay-input', r.body.replace('"code" : "10000"', '"code":"10000"'));
  await eventually(async () => assert.equal(await page.getAttribute('#alipay-verdict', 'data-kind'), 'bad'));
  assert.deepEqual(pageErrors, []);
});
