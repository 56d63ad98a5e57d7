// API v2 in real headless Chromium, from the package's browser build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openResultsPage } from './harness.mjs';
import { v2Vectors, referenceSign, rng, randomParams } from '../js/helpers.mjs';

let server, browser, page;
before(async () => { ({ server, browser, page } = await openResultsPage('/tests/browser/v2.html', 20000)); });
after(async () => { await browser?.close(); await server?.close(); });

test('official v2 vectors in Chromium', async () => {
  const out = await page.evaluate(() => window.results);
  assert.deepEqual(out.sign, v2Vectors.sign.map((v) => v.sign));
  assert.equal(out.verified, true);
  assert.deepEqual(out.paySign, v2Vectors.jsapi_pay_sign.map((v) => v.output));
  assert.match(out.nonce, /^[A-Za-z0-9]{32}$/);
  assert.deepEqual(out.doctype, { isWechatPayError: true, code: 'XML_FORBIDDEN' });
});

test('random maps signed in Chromium match node:crypto', async () => {
  const rand = rng(4242);
  const cases = Array.from({ length: 50 }, (_, i) => ({ params: randomParams(rand), key: 'key' + i, type: i % 2 ? 'MD5' : 'HMAC-SHA256' }));
  const signs = await page.evaluate((cs) => cs.map((c) => window.signWith(c.params, c.key, c.type)), cases);
  assert.deepEqual(signs, cases.map((c) => referenceSign(c.params, c.key, c.type)));
});
