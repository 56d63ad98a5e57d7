// The debugger's API v3 tabs in headless Chromium, with the TEST ONLY vectors of tests/vectors/v3
// typed into the forms: expected.json's Authorization headers and paySigns come out; the vector
// notification verifies and decrypts; a one-character change in the body is SIGN_MISMATCH, an old
// timestamp TIMESTAMP_SKEW, a bad PEM KEY_INVALID. Screenshots of each tab go to test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { serveRepo, launchChromium, eventually as eventuallyOn } from './harness.mjs';
import { v3Vectors as E, pems, pemBody, referenceMessage, parseAuthorization } from '../js/v3-helpers.mjs';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const N = E.notification;
const headerLines = (headers) => Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n');

let server, browser, context, page;
const pageErrors = [];

async function open(hash) {
  await page.goto('about:blank');
  await page.goto(`${server.url}/debugger/${hash}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveRepo();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e));
});
after(async () => { await browser?.close(); await server?.close(); });

const text = (sel) => page.locator(sel).first().innerText({ timeout: 1000 });
const kind = (sel) => page.locator(sel).first().getAttribute('data-kind', { timeout: 1000 });
/** A message view's text with its visible `\n` markers turned back into line feeds. */
const messageText = async (sel) => (await page.locator(sel).first().textContent({ timeout: 1000 })).replaceAll('\\n\n', '\n');
const checkStates = () => page.locator('#v3-notify-checks li').evaluateAll((lis) => lis.map((li) => `${li.dataset.check}:${li.className}`));

const eventually = (check, ms = 8000) => eventuallyOn(page, check, ms);

async function shot(name) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: new URL(`debugger-${name}.png`, ARTIFACTS).pathname, fullPage: true });
}

test('the v3 tabs are registered in the API v3 group', async () => {
  await open('#v3-request');
  assert.deepEqual(await page.locator('.tab').allInnerTexts(),
    ['v2 sign', 'v2 notification', 'v2 paySign', 'v3 request', 'v3 notification', 'v3 paySign', 'Certificate', 'Alipay sign / verify', 'Alipay certificate mode']);
  assert.deepEqual(await page.locator('.tabs .group').allInnerTexts(), ['API V2', 'API V3', 'ALIPAY']);
  assert.equal(await page.getAttribute('#tab-v3-request', 'aria-selected'), 'true');
});

test('v3 request: the vectors typed in give expected.json\'s message, signature and Authorization header', async () => {
  await open('#v3-request');
  const a = E.authorization;
  await page.selectOption('#v3-req-method', a.method);
  await page.fill('#v3-req-url', a.url);
  await page.fill('#v3-req-body', a.body);
  await page.fill('#v3-req-timestamp', a.timestamp);
  await page.fill('#v3-req-nonce', a.nonce);
  await page.fill('#v3-req-mchid', E.mchId);
  await page.fill('#v3-req-serial', E.certificate.serialNo);
  await page.fill('#v3-req-pem', pems['private_pkcs8.pem']);
  await eventually(async () => assert.equal(await text('#v3-req-authorization'), a.header));
  assert.equal(await kind('#v3-req-verdict'), 'ok');
  assert.equal(await text('#v3-req-signature'), a.signature);
  assert.equal(await messageText('#v3-req-message'), a.message);
  // Every line of the message ends in a visible \n marker: five lines, five markers.
  assert.equal(await page.locator('#v3-req-message .nl').count(), 5);
  assert.deepEqual(await page.locator('#v3-req-message .nl').allInnerTexts(), Array(5).fill('\\n'));
  assert.match(await text('#v3-req-keyinfo'), /PKCS#8\s+RSA 2048 bits/);
  assert.ok(!(await page.content()).includes(pemBody(pems['private_pkcs8.pem']).slice(0, 40)), 'the key is not in the DOM as text');
  // The copy button copies the exact message (real line feeds, no markers).
  await page.click('#v3-req-message >> xpath=.. >> button.copy');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), a.message);
  await shot('tab-v3-request');

  // GET with a query and an empty body, the PKCS#1 form of the key, the absolute URL.
  const g = E.authorizationGet;
  await page.selectOption('#v3-req-method', g.method);
  await page.fill('#v3-req-url', `https://api.mch.weixin.qq.com${g.url}`);
  await page.fill('#v3-req-body', g.body);
  await page.fill('#v3-req-pem', pems['private_pkcs1.pem']);
  await eventually(async () => assert.equal(await text('#v3-req-authorization'), g.header));
  assert.equal(await messageText('#v3-req-message'), g.message);
  assert.match(await text('#v3-req-keyinfo'), /PKCS#1\s+RSA 2048 bits/);
});

test('v3 request: timestamp and nonce are now/random until fixed; the header verifies under node:crypto', async () => {
  await open('#v3-request');
  const a = E.authorization;
  await page.fill('#v3-req-url', a.url);
  await page.fill('#v3-req-body', a.body);
  await page.fill('#v3-req-mchid', E.mchId);
  await page.fill('#v3-req-serial', E.certificate.serialNo);
  await page.fill('#v3-req-pem', pems['private_pkcs8.pem']);
  await eventually(async () => assert.equal(await kind('#v3-req-verdict'), 'ok'));
  await page.waitForTimeout(400); // every debounced update has run: what is shown is what "Fix" keeps
  const first = parseAuthorization(await text('#v3-req-authorization'));
  assert.ok(Math.abs(Number(first.timestamp) - Date.now() / 1000) < 30, `timestamp ${first.timestamp} is now`);
  assert.match(first.nonce_str, /^[A-Za-z0-9]{32}$/);
  const message = referenceMessage({ method: 'POST', url: a.url, timestamp: first.timestamp, nonce: first.nonce_str, body: a.body });
  assert.equal(await messageText('#v3-req-message'), message);
  assert.ok(crypto.verify('sha256', Buffer.from(message), pems['public_spki.pem'], Buffer.from(first.signature, 'base64')), 'node:crypto verifies it');

  // Fix both: the values just used stay; another edit re-signs with them.
  await page.click('#v3-req-timestamp-fix');
  await page.click('#v3-req-nonce-fix');
  await eventually(async () => {
    assert.equal(await page.inputValue('#v3-req-timestamp'), first.timestamp);
    assert.equal(await page.inputValue('#v3-req-nonce'), first.nonce_str);
  });
  await page.fill('#v3-req-body', `${a.body} `);
  const fixed = await eventually(async () => {
    const h = parseAuthorization(await text('#v3-req-authorization'));
    assert.notEqual(h.signature, first.signature);
    return h;
  });
  assert.deepEqual([fixed.timestamp, fixed.nonce_str], [first.timestamp, first.nonce_str]);
  const again = referenceMessage({ method: 'POST', url: a.url, timestamp: first.timestamp, nonce: first.nonce_str, body: `${a.body} ` });
  assert.ok(crypto.verify('sha256', Buffer.from(again), pems['public_spki.pem'], Buffer.from(fixed.signature, 'base64')));
  assert.equal(await text('#v3-req-timestamp-fix'), 'Auto');
});

test('v3 request: a bad PEM shows KEY_INVALID; a certificate, a 1024-bit key and an EC key are refused with their codes', async () => {
  await open('#v3-request');
  await page.fill('#v3-req-url', '/v3/certificates');
  await page.fill('#v3-req-mchid', E.mchId);
  await page.fill('#v3-req-serial', E.certificate.serialNo);
  const body = pemBody(pems['private_pkcs8.pem']);
  await page.fill('#v3-req-pem', `-----BEGIN PRIVATE KEY-----\n${body.slice(0, 200)}!!${body.slice(202)}\n-----END PRIVATE KEY-----\n`);
  await eventually(async () => assert.equal(await kind('#v3-req-verdict'), 'bad'));
  assert.match(await text('#v3-req-verdict'), /The private key is unusable: KEY_INVALID/);
  assert.match(await text('#v3-req-keyinfo .code'), /^KEY_INVALID$/);
  assert.match(await text('#v3-req-keyinfo'), /not valid base64/);
  assert.equal(await text('#v3-req-authorization'), '—');
  await shot('v3-request-bad-pem');

  await page.fill('#v3-req-pem', pems['cert.pem']);
  await eventually(async () => assert.match(await text('#v3-req-keyinfo'), /This is a certificate \(apiclient_cert\.pem\)/));
  assert.equal(await text('#v3-req-keyinfo .code'), 'KEY_INVALID');
  await page.fill('#v3-req-pem', pems['rsa1024_pkcs8.pem']);
  await eventually(async () => assert.equal(await text('#v3-req-keyinfo .code'), 'KEY_TOO_SMALL'));
  await page.fill('#v3-req-pem', pems['ec_pkcs8.pem']);
  await eventually(async () => assert.equal(await text('#v3-req-keyinfo .code'), 'KEY_INVALID'));
  await page.fill('#v3-req-pem', 'not a key at all');
  await eventually(async () => assert.match(await text('#v3-req-keyinfo'), /^KEY_INVALID invalid key: not PEM/));
});

async function fillNotification({ headers = headerLines(N.headers), body = N.body, now = String(N.now) } = {}) {
  await page.selectOption('#v3-notify-mode', 'notification');
  await page.fill('#v3-notify-headers', headers);
  await page.fill('#v3-notify-body', body);
  await page.fill('#v3-notify-pem', pems['cert.pem']);
  await page.fill('#v3-notify-apiv3-key', N.apiV3Key);
  await page.fill('#v3-notify-now', now);
}

test('v3 notification: the vector notification verifies and decrypts to expected.json\'s resource', async () => {
  await open('#v3-notify');
  await fillNotification();
  await eventually(async () => assert.equal(await kind('#v3-notify-verdict'), 'ok'));
  assert.match(await text('#v3-notify-verdict'), /Notification verified and decrypted/);
  assert.deepEqual(await checkStates(), ['headers:pass', 'probe:pass', 'serial:pass', 'timestamp:pass', 'signature:pass', 'decrypt:pass']);
  const skew = N.now - Number(N.headers['Wechatpay-Timestamp']);
  assert.equal(await text('#v3-notify-timestamp-detail'), `(skew +${skew} s: signed ${skew} s before the "now" given)`);
  assert.equal(await text('#v3-notify-serial-detail'), `(${E.certificate.serialNo})`);
  assert.deepEqual(JSON.parse(await text('#v3-notify-resource')), N.resource);
  assert.equal(await messageText('#v3-notify-message'), `${N.headers['Wechatpay-Timestamp']}\n${N.headers['Wechatpay-Nonce']}\n${N.body}\n`);
  assert.equal(await text('#v3-notify-ack'), 'HTTP/1.1 204 No Content');
  assert.match(await text('#v3-notify-keyinfo'), new RegExp(`X\\.509 certificate\\s+RSA 2048 bits · serial ${E.certificate.serialNo}`));
  const body = JSON.parse(N.body);
  assert.deepEqual(await page.locator('#v3-notify-event td.val').allInnerTexts(),
    [body.id, body.create_time, body.event_type, body.resource_type, body.summary, body.resource.original_type]);
  await shot('tab-v3-notify');

  // The same headers as JSON (lowercase, as Node's req.headers has them).
  await page.fill('#v3-notify-headers', JSON.stringify(Object.fromEntries(Object.entries(N.headers).map(([k, v]) => [k.toLowerCase(), v]))));
  await eventually(async () => assert.equal(await text('#v3-notify-headers-format'), 'JSON'));
  await eventually(async () => assert.equal(await kind('#v3-notify-verdict'), 'ok'));
  assert.deepEqual(JSON.parse(await text('#v3-notify-resource')), N.resource);
});

test('v3 notification: one character changed in the body is SIGN_MISMATCH', async () => {
  await open('#v3-notify');
  const tampered = N.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESs"');
  assert.notEqual(tampered, N.body);
  await fillNotification({ body: tampered });
  await eventually(async () => assert.match(await text('#v3-notify-verdict'), /Check failed: SIGN_MISMATCH/));
  assert.equal(await kind('#v3-notify-verdict'), 'bad');
  assert.deepEqual(await checkStates(), ['headers:pass', 'probe:pass', 'serial:pass', 'timestamp:pass', 'signature:fail', 'decrypt:skip']);
  assert.equal(await text('#v3-notify-checks li.fail .code'), 'SIGN_MISMATCH');
  assert.match(await text('#v3-notify-ack'), /^HTTP\/1\.1 401 Unauthorized[\s\S]*"code":"FAIL","message":"SIGN_MISMATCH"/);
  // The resource still decrypts, shown as not verified.
  assert.match(await text('#v3-notify-resource >> xpath=..'), /the signature did NOT verify/);
  assert.deepEqual(JSON.parse(await text('#v3-notify-resource')), N.resource);
  await shot('v3-notify-mismatch');
});

test('v3 notification: the capture\'s old timestamp is TIMESTAMP_SKEW against the clock, with the skew; "Capture time" replays it', async () => {
  await open('#v3-notify');
  await fillNotification({ now: '' });
  await eventually(async () => assert.match(await text('#v3-notify-verdict'), /Check failed: TIMESTAMP_SKEW/));
  assert.deepEqual(await checkStates(), ['headers:pass', 'probe:pass', 'serial:pass', 'timestamp:fail', 'signature:skip', 'decrypt:skip']);
  const detail = await text('#v3-notify-timestamp-detail');
  const years = (Date.now() / 1000 - Number(N.headers['Wechatpay-Timestamp'])) / 86400;
  assert.match(detail, /^\(skew \+\d+ d( \d+ h)?: signed \d+ d( \d+ h)? before now\)$/);
  assert.ok(Math.abs(Number(/\+(\d+) d/.exec(detail)[1]) - Math.floor(years)) <= 1, detail);
  await shot('v3-notify-skew');

  await page.click('#v3-notify-now-capture');
  await eventually(async () => assert.equal(await kind('#v3-notify-verdict'), 'ok'));
  assert.equal(await page.inputValue('#v3-notify-now'), N.headers['Wechatpay-Timestamp']);
  assert.equal(await text('#v3-notify-timestamp-detail'), '(skew 0 s)');
  // 301 s later with a 300 s window: refused; a 400 s window: accepted.
  await page.fill('#v3-notify-now', String(Number(N.headers['Wechatpay-Timestamp']) + 301));
  await eventually(async () => assert.match(await text('#v3-notify-verdict'), /TIMESTAMP_SKEW/));
  await page.fill('#v3-notify-maxskew', '400');
  await eventually(async () => assert.equal(await kind('#v3-notify-verdict'), 'ok'));
});

test('v3 notification: the wrong API v3 key fails only the decryption; a SIGNTEST probe and an unknown serial have their codes', async () => {
  await open('#v3-notify');
  await fillNotification();
  await page.fill('#v3-notify-apiv3-key', `${N.apiV3Key.slice(0, -1)}X`);
  await eventually(async () => assert.match(await text('#v3-notify-verdict'), /DECRYPT_FAILED/));
  assert.deepEqual(await checkStates(), ['headers:pass', 'probe:pass', 'serial:pass', 'timestamp:pass', 'signature:pass', 'decrypt:fail']);
  await page.fill('#v3-notify-apiv3-key', N.apiV3Key);

  await page.fill('#v3-notify-headers', headerLines({ ...N.headers, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/abc' }));
  await eventually(async () => assert.match(await text('#v3-notify-verdict'), /SIGNTEST_PROBE/));
  assert.deepEqual(await checkStates(), ['headers:pass', 'probe:fail', 'serial:skip', 'timestamp:skip', 'signature:skip', 'decrypt:skip']);

  await page.fill('#v3-notify-headers', headerLines({ ...N.headers, 'Wechatpay-Serial': E.certificateHighBit.serialNo }));
  await eventually(async () => assert.match(await text('#v3-notify-verdict'), /SERIAL_UNKNOWN/));
  assert.equal(await text('#v3-notify-checks li.fail .code'), 'SERIAL_UNKNOWN');

  const { 'Wechatpay-Nonce': _drop, ...missing } = N.headers;
  await page.fill('#v3-notify-headers', `HTTP/1.1 200 OK\n${headerLines(missing)}`);
  await eventually(async () => assert.match(await text('#v3-notify-verdict'), /HEADER_INVALID/));
  assert.deepEqual(await checkStates(), ['headers:fail', 'probe:skip', 'serial:skip', 'timestamp:skip', 'signature:skip', 'decrypt:skip']);
});

test('v3 response: the vector response verifies with the certificate; public-key mode with its PUB_KEY_ID', async () => {
  await open('#v3-notify');
  const r = E.response;
  await page.selectOption('#v3-notify-mode', 'response');
  assert.equal(await page.isVisible('#v3-notify-apiv3-key'), false, 'no API v3 key for a response');
  await page.fill('#v3-notify-headers', `< HTTP/1.1 200 OK\n< Wechatpay-Nonce: ${r.nonce}\n< Wechatpay-Signature: ${r.signature}\n< Wechatpay-Timestamp: ${r.timestamp}\n< Wechatpay-Serial: ${r.serial}\n< Request-ID: 08F0A0`);
  await page.fill('#v3-notify-body', r.body);
  await page.fill('#v3-notify-pem', pems['cert.pem']);
  await page.fill('#v3-notify-now', String(r.now));
  await eventually(async () => assert.equal(await kind('#v3-notify-verdict'), 'ok'));
  assert.match(await text('#v3-notify-verdict'), /Response verified/);
  assert.deepEqual(await checkStates(), ['headers:pass', 'probe:pass', 'serial:pass', 'timestamp:pass', 'signature:pass']);
  assert.equal(await messageText('#v3-notify-message'), r.message);

  // WeChat Pay public key mode: a response signed by node:crypto under a PUB_KEY_ID_….
  const id = 'PUB_KEY_ID_0114232134912410000000000000';
  const ts = String(r.now);
  const signature = crypto.sign('sha256', Buffer.from(`${ts}\n${r.nonce}\n${r.body}\n`), pems['private_pkcs8.pem']).toString('base64');
  await page.fill('#v3-notify-headers', headerLines({ 'Wechatpay-Timestamp': ts, 'Wechatpay-Nonce': r.nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': id }));
  await page.fill('#v3-notify-pem', pems['public_spki.pem']);
  await eventually(async () => assert.match(await text('#v3-notify-verdict'), /Enter the public key id/));
  assert.match(await text('#v3-notify-keyinfo'), /SPKI public key\s+RSA 2048 bits/);
  await page.fill('#v3-notify-keyid', id);
  await eventually(async () => assert.equal(await kind('#v3-notify-verdict'), 'ok'));
  await page.fill('#v3-notify-keyid', 'PUB_KEY_ID_0000000000000000000000000000');
  await eventually(async () => assert.match(await text('#v3-notify-verdict'), /SERIAL_UNKNOWN/));
  // A private key pasted as WeChat Pay's key: the core refuses it, with advice.
  await page.fill('#v3-notify-pem', pems['private_pkcs8.pem']);
  await eventually(async () => assert.match(await text('#v3-notify-keyinfo'), /KEY_INVALID[\s\S]*This is a private key/));
});

test('v3 paySign: the JSAPI and App vectors typed in give expected.json\'s paySign and sign', async () => {
  await open('#v3-paysign');
  const j = E.jsapi;
  await page.fill('#v3-pay-appid', j.appId);
  await page.fill('#v3-pay-prepayid', j.package);
  await page.fill('#v3-pay-timestamp', j.timeStamp);
  await page.fill('#v3-pay-nonce', j.nonceStr);
  await page.fill('#v3-pay-pem', pems['private_pkcs8.pem']);
  const jsapi = { appId: j.appId, timeStamp: j.timeStamp, nonceStr: j.nonceStr, package: j.package, signType: 'RSA', paySign: j.paySign };
  await eventually(async () => assert.deepEqual(JSON.parse(await text('#v3-pay-result')), jsapi));
  assert.equal(await messageText('#v3-pay-message'), j.message);
  assert.equal(await page.locator('#v3-pay-message .nl').count(), 4);
  const snippet = await text('#v3-pay-snippet');
  assert.ok(snippet.includes(`wx.requestPayment({\n  timeStamp: '${j.timeStamp}',\n  nonceStr: '${j.nonceStr}',\n  package: '${j.package}',\n  signType: 'RSA',\n  paySign: '${j.paySign}',`), snippet);
  assert.match(snippet, /WeixinJSBridge\.invoke\('getBrandWCPayRequest'/);
  await shot('tab-v3-paysign');

  const a = E.app;
  await page.selectOption('#v3-pay-mode', 'app');
  await page.fill('#v3-pay-appid', a.appId);
  await page.fill('#v3-pay-partnerid', a.partnerId);
  await page.fill('#v3-pay-prepayid', a.prepayId);
  await page.fill('#v3-pay-timestamp', a.timestamp);
  await page.fill('#v3-pay-nonce', a.noncestr);
  await page.fill('#v3-pay-pem', pems['private_pkcs1.pem']);
  const app = { appid: a.appId, partnerid: a.partnerId, prepayid: a.prepayId, package: 'Sign=WXPay', noncestr: a.noncestr, timestamp: a.timestamp, sign: a.sign };
  await eventually(async () => assert.deepEqual(JSON.parse(await text('#v3-pay-result')), app));
  assert.equal(await messageText('#v3-pay-message'), a.message);
  assert.match(await text('#v3-pay-snippet'), new RegExp(`req\\.sign = "${a.sign.replace(/[+/]/g, '\\$&')}";`));
});

test('v3 keys persist only after "remember in this browser" (the public key id with its key), until "forget"', async () => {
  await open('#v3-request');
  await page.fill('#v3-req-pem', pems['private_pkcs8.pem']);
  await open('#v3-paysign');
  assert.equal(await page.inputValue('#v3-pay-pem'), '', 'not remembered by default');

  await page.fill('#v3-pay-pem', pems['private_pkcs8.pem']);
  await page.check('#v3-pay-remember');
  await page.waitForSelector('#v3-pay-forget', { state: 'visible' });
  await open('#v3-request');
  await eventually(async () => assert.equal(await page.inputValue('#v3-req-pem'), pems['private_pkcs8.pem']));
  await eventually(async () => assert.match(await text('#v3-req-keyinfo'), /PKCS#8/));

  await open('#v3-notify');
  await page.fill('#v3-notify-pem', pems['public_spki.pem']);
  await page.fill('#v3-notify-keyid', 'PUB_KEY_ID_0114232134912410000000000000');
  await page.check('#v3-notify-remember');
  await page.waitForSelector('#v3-notify-forget', { state: 'visible' });
  await open('#v3-notify');
  await eventually(async () => assert.equal(await page.inputValue('#v3-notify-keyid'), 'PUB_KEY_ID_0114232134912410000000000000'));
  assert.equal(await page.inputValue('#v3-notify-pem'), pems['public_spki.pem']);

  await page.click('#v3-notify-forget');
  await eventually(async () => assert.equal(await page.isChecked('#v3-notify-remember'), false));
  await open('#v3-request');
  await page.click('#v3-req-forget');
  await eventually(async () => assert.equal(await page.isChecked('#v3-req-remember'), false));
  await open('#v3-notify');
  await page.waitForTimeout(200);
  assert.equal(await page.inputValue('#v3-notify-pem'), '', 'forgotten');
  const stored = await page.evaluate(() => new Promise((resolve) => {
    const r = indexedDB.open('wechatpay-wasm-debugger', 1);
    r.onsuccess = () => { const g = r.result.transaction('keys').objectStore('keys').getAllKeys(); g.onsuccess = () => resolve(g.result); };
  }));
  assert.deepEqual(stored, []);
});

test('the in-page examples (throwaway WebCrypto keys) sign, verify and decrypt; no page errors', async () => {
  for (const id of ['v3-request', 'v3-notify', 'v3-paysign']) {
    await open(`#${id}`);
    await page.click(`#panel-${id} .examples button`);
    await eventually(async () => assert.equal(await kind(`#panel-${id} .verdict`), 'ok'), 15000);
  }
  assert.deepEqual(pageErrors, []);
});
