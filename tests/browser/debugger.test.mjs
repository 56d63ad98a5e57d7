// The signature debugger page (debugger/) in real headless Chromium: the official vectors typed
// into its forms give the official results, mismatches are explained, the CSP blocks every
// connection, keys persist only when asked. Screenshots go to test-artifacts/; with
// UPDATE_SCREENSHOTS=1 the README's docs/debugger.png is rewritten too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { serveRepo, launchChromium, eventually as eventuallyOn } from './harness.mjs';
import { v2Vectors } from '../js/helpers.mjs';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const DOCS_PNG = new URL('../../docs/debugger.png', import.meta.url);
const [md5Vector, hmacVector] = v2Vectors.sign;
const KEY = md5Vector.key;

let server, browser, context, page;
const requests = [];
const pageErrors = [];

// A fresh load each time (a bare hash change would keep the page and its in-memory state).
async function open(hash = '') {
  await page.goto('about:blank');
  await page.goto(`${server.url}/debugger/${hash}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveRepo();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  page = await context.newPage();
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => pageErrors.push(e));
  await open();
});
after(async () => { await browser?.close(); await server?.close(); });

const text = (sel) => page.locator(sel).first().innerText({ timeout: 1000 });
const attr = (sel, name) => page.locator(sel).first().getAttribute(name, { timeout: 1000 });

// Inputs update after a short debounce: retry the check until it passes or 5 s have gone.
const eventually = (check, ms = 5000) => eventuallyOn(page, check, ms);

async function shot(name) {
  await page.screenshot({ path: new URL(`debugger-${name}.png`, ARTIFACTS).pathname, fullPage: true });
}

async function setKey(tab, key) {
  await page.fill(`#${tab}-key`, key);
}

test('the page loads under connect-src \'none\' without fetching the wasm, and says so', async () => {
  const csp = await attr('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/);
  assert.ok(!requests.some((p) => p.endsWith('.wasm')), `no .wasm request: ${requests.join(', ')}`);
  assert.match(await text('#offline'), /Nothing you type leaves this page/);
  assert.match(await text('#version'), /^v\d+\.\d+\.\d+/);
  assert.deepEqual(await page.locator('.tab').allInnerTexts(), ['v2 sign', 'v2 notification', 'v2 paySign', 'v3 request', 'v3 notification', 'v3 paySign', 'Certificate', 'Alipay sign / verify', 'Alipay certificate mode']);
  assert.deepEqual(pageErrors, []);
});

test('the CSP blocks fetch to another origin and to this one', async () => {
  const before = requests.length;
  const out = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const attempt = (url) => fetch(url).then(() => 'allowed', (e) => `blocked: ${e.name}`);
    const results = [await attempt('https://example.com/'), await attempt('/tests/vectors/v2-official.json')];
    let beacon;
    try { beacon = navigator.sendBeacon('/collect', 'key') ? 'queued' : 'refused'; } catch (e) { beacon = `blocked: ${e.name}`; }
    await new Promise((r) => setTimeout(r, 100));
    return { results, violations, beacon };
  });
  assert.deepEqual(out.results, ['blocked: TypeError', 'blocked: TypeError']);
  assert.ok(out.violations.some((v) => v.startsWith('connect-src https://example.com')), out.violations.join('; '));
  assert.ok(out.violations.some((v) => v.startsWith('connect-src') && v.includes('/tests/vectors/v2-official.json')), out.violations.join('; '));
  assert.ok(!requests.slice(before).some((p) => p.startsWith('/tests/') || p === '/collect'), `no request went out: ${requests.slice(before)}`);
});

test('v2 sign: the official example typed as a query string, JSON and XML gives the official results', async () => {
  await open('#v2-sign');
  const query = Object.entries(md5Vector.params).map(([k, v]) => `${k}=${v}`).join('&');
  await page.fill('#v2-sign-params', query);
  await setKey('v2-sign', KEY);
  await eventually(async () => assert.equal(await text('#v2-sign-md5'), md5Vector.sign));
  assert.equal(await text('#v2-sign-format'), 'query string');
  assert.equal(await text('#v2-sign-hmac'), hmacVector.sign);
  assert.equal(await text('#v2-sign-string-a'), md5Vector.string_a);
  assert.equal(await text('#v2-sign-temp'), `${md5Vector.string_a}&key=${'*'.repeat(32)}`);
  assert.equal(await attr('#v2-sign-verdict', 'data-kind'), 'info');
  assert.ok(!(await page.content()).includes(KEY), 'the key is not in the DOM as text');

  await page.fill('#v2-sign-received', md5Vector.sign);
  await eventually(async () => assert.equal(await attr('#v2-sign-verdict', 'data-kind'), 'ok'));
  assert.match(await text('#v2-sign-verdict'), /Sign matches \(MD5\)/);

  await page.fill('#v2-sign-received', '');
  await page.fill('#v2-sign-params', JSON.stringify({ ...md5Vector.params, attach: '', sign: hmacVector.sign, sign_type: 'HMAC-SHA256' }));
  await eventually(async () => assert.equal(await text('#v2-sign-format'), 'JSON'));
  await eventually(async () => assert.match(await text('#v2-sign-verdict'), /Sign does not match/));
  // sign_type is signed too, so this HMAC is of other fields: a FIELD_UNSIGNED diagnosis.
  assert.equal(await attr('#v2-sign-diagnosis .cause', 'data-code'), 'FIELD_UNSIGNED');
  assert.match(await text('#v2-sign-diagnosis .cause'), /without `sign_type`/);
  const roles = await page.locator('#v2-sign-fields td.role').allInnerTexts();
  assert.deepEqual(roles, ['signed', 'signed', 'signed', 'signed', 'signed', 'dropped: empty', 'excluded', 'signed']);

  await page.fill('#v2-sign-params', v2Vectors.signed_xml.xml);
  await eventually(async () => assert.equal(await attr('#v2-sign-verdict', 'data-kind'), 'ok'));
  assert.equal(await text('#v2-sign-format'), 'XML');
  assert.equal(await text('#v2-sign-md5'), md5Vector.sign);
  await shot('v2-sign-match');
});

test('v2 sign: a wrong key is a mismatch explained as a key problem; a short key is flagged', async () => {
  await open('#v2-sign');
  await page.fill('#v2-sign-params', v2Vectors.signed_xml.xml);
  await setKey('v2-sign', `${KEY.slice(0, -1)}e`);
  await eventually(async () => assert.equal(await attr('#v2-sign-verdict', 'data-kind'), 'bad'));
  assert.match(await text('#v2-sign-verdict'), new RegExp(`received ${md5Vector.sign}`));
  assert.match(await text('#v2-sign-diagnosis'), /No usual mistake reproduces the received sign/);
  assert.match(await text('#v2-sign-diagnosis'), /The key most likely differs/);
  assert.equal(await page.locator('#v2-sign-diagnosis .cause').count(), 0);

  await setKey('v2-sign', KEY.slice(0, 31));
  await eventually(async () => assert.equal(await attr('#v2-sign-diagnosis .notes li', 'data-code'), 'KEY_LENGTH'));
  assert.match(await text('.keylen'), /31 characters/);

  // A key copied with a trailing space: reproduced with the trimmed key.
  await setKey('v2-sign', `${KEY} `);
  await eventually(async () => assert.equal(await attr('#v2-sign-diagnosis .cause', 'data-code'), 'KEY_WHITESPACE'));
});

test('v2 sign: an HMAC-SHA256 sign checked as MD5 is diagnosed', async () => {
  await open('#v2-sign');
  await page.fill('#v2-sign-params', JSON.stringify({ ...md5Vector.params, sign: hmacVector.sign }, null, 2));
  await page.selectOption('#v2-sign-type', 'MD5');
  await setKey('v2-sign', KEY);
  await eventually(async () => assert.equal(await attr('#v2-sign-diagnosis .cause', 'data-code'), 'SIGN_TYPE'));
  const cause = await text('#v2-sign-diagnosis .cause');
  assert.match(cause, /HMAC-SHA256/);
  assert.match(cause, /the sign was made with HMAC-SHA256 but checked as MD5/);
  assert.match(await text('#v2-sign-verdict'), new RegExp(`expected ${md5Vector.sign} \\(MD5\\)`));
  await page.evaluate(() => document.activeElement?.blur());
  await shot('v2-sign-mismatch');
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(new URL('./', DOCS_PNG), { recursive: true });
    await page.screenshot({ path: DOCS_PNG.pathname, fullPage: true });
  }
});

test('v2 notification: the official signed XML verifies; a tampered one fails the sign check', async () => {
  await open('#v2-notify');
  await page.fill('#v2-notify-xml', v2Vectors.signed_xml.xml);
  await setKey('v2-notify', v2Vectors.signed_xml.key);
  await eventually(async () => assert.equal(await attr('#v2-notify-verdict', 'data-kind'), 'ok'));
  assert.match(await text('#v2-notify-verdict'), /Notification verified/);
  assert.equal(await page.locator('#v2-notify-checks li.pass').count(), 4);
  assert.deepEqual(await page.locator('#v2-notify-fields td.name').allInnerTexts(), ['appid', 'mch_id', 'device_info', 'body', 'nonce_str', 'sign']);
  assert.equal(await text('#v2-notify-ack'), '<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>');
  await shot('v2-notify-verified');

  await page.fill('#v2-notify-xml', v2Vectors.signed_xml.xml.replace('<body>test', '<body>tesT'));
  await eventually(async () => assert.equal(await attr('#v2-notify-verdict', 'data-kind'), 'bad'));
  assert.match(await text('#v2-notify-verdict'), /SIGN_MISMATCH/);
  assert.deepEqual(await page.locator('#v2-notify-checks li').evaluateAll((lis) => lis.map((li) => li.className)), ['pass', 'pass', 'pass', 'fail']);
  assert.match(await text('#v2-notify-checks li.fail'), /SIGN_MISMATCH/);
  assert.match(await text('#v2-notify-ack'), /FAIL/);

  await page.fill('#v2-notify-xml', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>');
  await eventually(async () => assert.match(await text('#v2-notify-verdict'), /XML_FORBIDDEN/));
  assert.deepEqual(await page.locator('#v2-notify-checks li').evaluateAll((lis) => lis.map((li) => li.className)), ['fail', 'skip', 'skip', 'skip']);
});

test('v2 notification: a refund req_info encrypted by node:crypto decrypts', async () => {
  const inner = '<root><out_refund_no><![CDATA[R20170330001]]></out_refund_no><refund_status><![CDATA[SUCCESS]]></refund_status><refund_fee>100</refund_fee></root>';
  const aesKey = createHash('md5').update(KEY).digest('hex');
  const cipher = createCipheriv('aes-256-ecb', Buffer.from(aesKey), null);
  const reqInfo = Buffer.concat([cipher.update(inner, 'utf8'), cipher.final()]).toString('base64');

  await open('#v2-notify');
  await setKey('v2-notify', KEY);
  await page.fill('#v2-notify-xml', `<xml><return_code>SUCCESS</return_code><appid>wxd930ea5d5a258f4f</appid><req_info><![CDATA[${reqInfo}]]></req_info></xml>`);
  await eventually(async () => assert.match(await text('#v2-notify-verdict'), /Refund notification decrypted/));
  assert.deepEqual(await page.locator('#v2-notify-reqinfo-fields td.val').allInnerTexts(), ['R20170330001', 'SUCCESS', '100']);
  await shot('v2-notify-refund');

  await setKey('v2-notify', `${KEY.slice(0, -1)}e`);
  await eventually(async () => assert.match(await text('#v2-notify-verdict'), /DECRYPT_FAILED/));
  assert.match(await text('#v2-notify-checks li.fail'), /req_info decrypts/);

  // req_info alone.
  await setKey('v2-notify', KEY);
  await page.fill('#v2-notify-xml', '');
  await page.click('#v2-notify-reqinfo-box summary');
  await page.fill('#v2-notify-reqinfo', reqInfo);
  await eventually(async () => assert.match(await text('#v2-notify-verdict'), /req_info decrypted/));
  assert.deepEqual(await page.locator('#v2-notify-reqinfo-fields td.val').allInnerTexts(), ['R20170330001', 'SUCCESS', '100']);
});

test('v2 paySign: the official mini-program example typed into the form', async () => {
  const v = v2Vectors.jsapi_pay_sign[0];
  await open('#v2-paysign');
  await page.fill('#v2-pay-appid', v.input.appId);
  await page.fill('#v2-pay-prepayid', `prepay_id=${v.input.prepay_id}`);
  await page.fill('#v2-pay-timestamp', v.input.timeStamp);
  await page.fill('#v2-pay-nonce', v.input.nonceStr);
  await page.selectOption('#v2-pay-signtype', v.input.signType);
  await setKey('v2-pay', v.key);
  await eventually(async () => assert.deepEqual(JSON.parse(await text('#v2-pay-result')), v.output));
  assert.match(await text('#v2-pay-verdict'), new RegExp(`paySign ${v.output.paySign}`));
  assert.match(await text('#v2-pay-snippet'), new RegExp(`paySign: '${v.output.paySign}'`));
  await shot('v2-paysign');

  // App: the sign covers the six lowercase fields (checked against v2.diagnose's MD5 of them).
  await page.selectOption('#v2-pay-mode', 'app');
  await page.fill('#v2-pay-partnerid', '1900000109');
  await eventually(async () => assert.equal(JSON.parse(await text('#v2-pay-result')).package, 'Sign=WXPay'));
  const app = JSON.parse(await text('#v2-pay-result'));
  const { createHash: h } = await import('node:crypto');
  const stringA = `appid=${v.input.appId}&noncestr=${v.input.nonceStr}&package=Sign=WXPay&partnerid=1900000109&prepayid=${v.input.prepay_id}&timestamp=${v.input.timeStamp}`;
  assert.equal(app.sign, h('md5').update(`${stringA}&key=${v.key}`).digest('hex').toUpperCase());
  assert.equal(await text('#v2-pay-string-a'), stringA);
});

test('keys persist only after "remember in this browser", until "forget"', async () => {
  await open('#v2-sign');
  await setKey('v2-sign', KEY);
  await open('#v2-sign');
  assert.equal(await page.inputValue('#v2-sign-key'), '', 'not remembered by default');

  await setKey('v2-sign', KEY);
  await page.check('#v2-sign-remember');
  await page.waitForSelector('#v2-sign-forget', { state: 'visible' }); // shown once IndexedDB has the key
  await open('#v2-notify');
  await eventually(async () => assert.equal(await page.inputValue('#v2-notify-key'), KEY));
  assert.equal(await page.isChecked('#v2-notify-remember'), true);
  assert.ok(await page.isVisible('#v2-notify-forget'));

  await page.click('#v2-notify-forget');
  await eventually(async () => assert.equal(await page.isChecked('#v2-notify-remember'), false));
  await open('#v2-sign');
  await page.waitForTimeout(200);
  assert.equal(await page.inputValue('#v2-sign-key'), '', 'forgotten');
  const stored = await page.evaluate(() => new Promise((resolve) => {
    const r = indexedDB.open('wechatpay-wasm-debugger', 1);
    r.onsuccess = () => { const g = r.result.transaction('keys').objectStore('keys').getAll(); g.onsuccess = () => resolve(g.result); };
  }));
  assert.deepEqual(stored, []);
  assert.deepEqual(pageErrors, []);
});

test('screenshots of each tab', async () => {
  for (const id of ['v2-sign', 'v2-notify', 'v2-paysign']) {
    await open(`#${id}`);
    await page.click(`#panel-${id} .examples button`);
    await page.waitForTimeout(300);
    await shot(`tab-${id}`);
  }
});
