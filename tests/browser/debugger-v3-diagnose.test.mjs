// The debugger's "why" panels for API v3, in headless Chromium, walking three classic mistakes
// made here with node:crypto and the TEST ONLY vector key: a re-serialized notification body
// (express.json() then JSON.stringify), a wrong serial_no, a URL signed without its query. Each
// must be named by its finding code with the message that was really signed. Screenshots go to
// test-artifacts/; with UPDATE_SCREENSHOTS=1 the README's docs/debugger-v3-diagnose.png too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSign } from 'node:crypto';
import { ARTIFACTS, openDebugger } from './harness.mjs';
import { v3Vectors as E, pems } from '../js/v3-helpers.mjs';

const DOCS_PNG = new URL('../../docs/debugger-v3-diagnose.png', import.meta.url);
const KEY = pems['private_pkcs8.pem'];
const SERIAL = E.certificate.serialNo;
const N = E.notification;

const lines = (...parts) => parts.map((p) => `${p}\n`).join('');
const rsaSign = (message) => createSign('RSA-SHA256').update(message, 'utf8').sign(KEY, 'base64');

let dbg, page, pageErrors;
before(async () => {
  dbg = await openDebugger();
  ({ page, pageErrors } = dbg);
});
after(async () => { await dbg?.close(); });

const open = (hash) => dbg.open(hash);
const eventually = (check, ms = 8000) => dbg.eventually(check, ms);
const codes = (slot) => page.locator(`${slot} .cause`).evaluateAll((els) => els.map((el) => el.dataset.code));
const signedMessage = (sel) => page.locator(sel).first().textContent().then((t) => t.replaceAll('\\n\n', '\n'));

async function shot(name) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: new URL(`debugger-${name}.png`, ARTIFACTS).pathname, fullPage: true });
}

async function fillRequest({ method, url, body = '', authorization }) {
  await page.selectOption('#v3-req-method', method);
  await page.fill('#v3-req-url', url);
  await page.fill('#v3-req-body', body);
  await page.fill('#v3-req-mchid', E.mchId);
  await page.fill('#v3-req-serial', SERIAL);
  await page.fill('#v3-req-pem', KEY);
  await page.fill('#v3-req-sent', authorization);
}

test('mistake 1: a notification body re-serialized by a framework is named BODY_RESERIALIZED', async () => {
  await open('#v3-notify');
  // WeChat Pay signed the body as it sent it, laid out on several lines; the framework handed the
  // handler JSON.stringify(JSON.parse(raw)).
  const raw = JSON.stringify(JSON.parse(N.body), null, 2);
  // A time at which the TEST ONLY certificate is valid (the vector's own timestamp is older).
  const ts = String(E.certificate.notBefore + 3600);
  const nonce = N.headers['Wechatpay-Nonce'];
  const headers = { ...N.headers, 'Wechatpay-Timestamp': ts, 'Wechatpay-Signature': rsaSign(lines(ts, nonce, raw)) };
  await page.selectOption('#v3-notify-mode', 'notification');
  await page.fill('#v3-notify-headers', Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n'));
  await page.fill('#v3-notify-body', JSON.stringify(JSON.parse(raw)));
  await page.fill('#v3-notify-pem', pems['cert.pem']);
  await page.fill('#v3-notify-apiv3-key', N.apiV3Key);
  await page.fill('#v3-notify-now', ts);
  await eventually(async () => assert.deepEqual(await codes('#v3-notify-why'), ['BODY_RESERIALIZED']));
  assert.match(await page.locator('#v3-notify-verdict').innerText(), /SIGN_MISMATCH/);
  const cause = await page.locator('#v3-notify-why .cause').innerText();
  assert.match(cause, /re-serialized/);
  assert.match(cause, /重新序列化/);
  assert.match(cause, /verify the raw body/);
  assert.equal(await signedMessage('#v3-notify-why-body_reserialized-signed'), lines(ts, nonce, raw));
  await shot('v3-why-reserialized');
});

test('mistake 2: a serial_no that is not the merchant certificate\'s is SERIAL_MISMATCH', async () => {
  await open('#v3-request');
  const a = E.authorization;
  const wrong = '7132D72A03E93CDDF8C03BBD1F37EEDF9CA78D51';
  const authorization = a.header.replace(`serial_no="${SERIAL}"`, `serial_no="${wrong}"`);
  await fillRequest({ method: a.method, url: a.url, body: a.body, authorization });
  await eventually(async () => assert.deepEqual(await codes('#v3-req-why'), ['SERIAL_MISMATCH']));
  const cause = await page.locator('#v3-req-why .cause').innerText();
  assert.match(cause, new RegExp(`serial_no ${wrong} is not the merchant certificate's serial \\(${SERIAL}\\)`));
  assert.match(cause, /序列号/);
  await shot('v3-why-serial');
});

test('mistake 3: a URL signed without its query is URL_QUERY_DROPPED, with the message that was signed', async () => {
  await open('#v3-request');
  const g = E.authorizationGet;
  const path = g.url.split('?')[0];
  const signed = lines('GET', path, g.timestamp, g.nonce, '');
  const authorization = g.header.replace(/signature="[^"]*"/, `signature="${rsaSign(signed)}"`);
  await fillRequest({ method: 'GET', url: g.url, authorization });
  await eventually(async () => assert.deepEqual(await codes('#v3-req-why'), ['URL_QUERY_DROPPED']));
  assert.match(await page.locator('#v3-req-why h3').first().innerText(), /this variant reproduces the signature/);
  assert.equal(await signedMessage('#v3-req-why-url_query_dropped-signed'), signed);
  assert.match(await page.locator('#v3-req-why .cause').innerText(), /URL 漏掉了查询参数/);
  // The correct header for the same inputs has no finding.
  await page.fill('#v3-req-sent', g.header);
  await eventually(async () => assert.equal(await page.getAttribute('#v3-req-why', 'data-ok'), 'true'));
  await page.fill('#v3-req-sent', authorization);
  await eventually(async () => assert.deepEqual(await codes('#v3-req-why'), ['URL_QUERY_DROPPED']));
  await shot('v3-why-query');
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await page.locator('#v3-req-why').screenshot({ path: DOCS_PNG.pathname });
  }
  assert.deepEqual(pageErrors, []);
});
