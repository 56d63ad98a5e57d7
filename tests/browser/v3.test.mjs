// API v3 in real headless Chromium, from the package's browser build, on both paths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { openResultsPage } from './harness.mjs';
import { rng } from '../js/helpers.mjs';
import { v3Vectors as E, pems, randomRequest, referenceMessage, parseAuthorization } from '../js/v3-helpers.mjs';

let server, browser, page;
before(async () => { ({ server, browser, page } = await openResultsPage('/tests/browser/v3.html', 30000)); });
after(async () => { await browser?.close(); await server?.close(); });

test('v3 vectors in Chromium: the default path uses WebCrypto, both paths give expected.json', async () => {
  const out = await page.evaluate(() => window.results);
  const headers = [E.authorization.header, E.authorizationGet.header, E.authorization.header, E.authorizationGet.header];
  const j = E.jsapi;
  const a = E.app;
  const jsapi = { appId: j.appId, timeStamp: j.timeStamp, nonceStr: j.nonceStr, package: j.package, signType: 'RSA', paySign: j.paySign };
  const app = { appid: a.appId, partnerid: a.partnerId, prepayid: a.prepayId, package: 'Sign=WXPay', noncestr: a.noncestr, timestamp: a.timestamp, sign: a.sign };
  const none = { sign: 0, verify: 0, encrypt: 0, decrypt: 0 };
  const d = out.default;
  assert.deepEqual(out.webcrypto, [true, true]);
  assert.deepEqual(d.authorization, { result: headers, calls: { ...none, sign: 4 } });
  assert.deepEqual(d.jsapi, { result: jsapi, calls: { ...none, sign: 1 } });
  assert.deepEqual(d.app, { result: app, calls: { ...none, sign: 1 } });
  assert.deepEqual(d.verify, { result: true, calls: { ...none, verify: 1 } });
  assert.deepEqual(d.notification.calls, { ...none, verify: 1 });
  assert.deepEqual(d.notification.result.resource, E.notification.resource);
  assert.deepEqual(d.decryptSensitive, { result: E.sensitive.plaintext, calls: { ...none, decrypt: 1 } });
  assert.deepEqual(d.roundTrip, { result: E.sensitive.plaintext, calls: { ...none, encrypt: 1 } });
  assert.deepEqual([d.tampered.code, d.tampered.isWechatPayError, d.probe.code, d.serial.code], ['SIGN_MISMATCH', true, 'SIGNTEST_PROBE', 'SERIAL_UNKNOWN']);

  const w = out.wasm;
  assert.deepEqual(w.authorization, headers);
  assert.deepEqual([w.jsapi, w.app, w.verify], [jsapi, app, true]);
  assert.deepEqual(w.notification, d.notification.result);
  assert.equal(w.decryptSensitive, E.sensitive.plaintext);
  assert.deepEqual(w.tampered, d.tampered, 'the same error on both paths');
  assert.equal(out.resource, E.resource.plaintext);
});

test('random requests signed in Chromium verify under node:crypto, and node:crypto\'s verify there', async () => {
  const rand = rng(5150);
  const requests = Array.from({ length: 40 }, () => randomRequest(rand));
  const both = await page.evaluate((qs) => window.authorizeBoth(qs), requests);
  const nodePublic = crypto.createPublicKey(pems['public_spki.pem']);
  const nodePrivate = crypto.createPrivateKey(pems['private_pkcs8.pem']);
  both.forEach(([viaWebCrypto, viaWasm], i) => {
    assert.equal(viaWebCrypto, viaWasm, `request ${i}`);
    const signature = Buffer.from(parseAuthorization(viaWebCrypto).signature, 'base64');
    assert.ok(crypto.verify('sha256', Buffer.from(referenceMessage(requests[i])), nodePublic, signature), JSON.stringify(requests[i]));
  });
  const cases = requests.map((q) => ({ timestamp: q.timestamp, nonce: q.nonce, body: q.body, now: Number(q.timestamp),
    signature: crypto.sign('sha256', Buffer.from(`${q.timestamp}\n${q.nonce}\n${q.body}\n`), nodePrivate).toString('base64') }));
  const tampered = cases.map((c) => ({ ...c, body: `${c.body}.` }));
  assert.deepEqual(await page.evaluate((cs) => window.verifyBoth(cs), cases), cases.map(() => [true, true]));
  assert.deepEqual(await page.evaluate((cs) => window.verifyBoth(cs), tampered), cases.map(() => ['SIGN_MISMATCH', 'SIGN_MISMATCH']));
});
