// createAlipayClient against the local gateway simulator (tests/simulator/alipay.mjs, Node
// crypto only): the request is checked and its sign verified there with the app's public key;
// the simulator's responses are signed with the TEST ONLY "Alipay" key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAlipayClient, alipay, WechatPayError } from 'wechatpay-wasm';
import { startAlipaySimulator, signNotification, signContent, ALIPAY_TEST_MATERIAL as M } from '../simulator/alipay.mjs';

let sim;
before(async () => { sim = await startAlipaySimulator(); });
after(() => sim?.close());

const client = (options = {}) => createAlipayClient({
  appId: M.appId, privateKey: M.appPrivateKey, alipayPublicKey: M.alipayPublicKey, gateway: sim.gateway, ...options,
});

async function rejection(promise) {
  try { await promise; } catch (e) { assert.ok(e instanceof WechatPayError, `not a WechatPayError: ${e?.stack ?? e}`); return e; }
  assert.fail('expected a rejection');
}

const SUBJECT = '测试商品 a+b&c=d 100% "q" 😀';

test('execute: precreate and query round-trip; the simulator verified our sign', async () => {
  const c = client();
  const out = await c.execute('alipay.trade.precreate', { out_trade_no: 'SIM-1', total_amount: '88.88', subject: SUBJECT }, { notify_url: 'https://merchant.example/n?a=1&b=2' });
  assert.equal(out.code, '10000');
  assert.equal(out.out_trade_no, 'SIM-1');
  assert.match(out.qr_code, /^https:\/\/qr\.alipay\.com\/bax0\d+$/);
  const req = sim.requests.at(-1);
  assert.equal(req.contentType, 'application/x-www-form-urlencoded;charset=utf-8');
  // Common parameters in the URL, biz_content in the body, as Alipay's SDKs send them.
  const inUrl = new URLSearchParams(req.query);
  assert.deepEqual([...inUrl.keys()].sort(), ['app_id', 'charset', 'format', 'method', 'notify_url', 'sign', 'sign_type', 'timestamp', 'version']);
  assert.deepEqual([...new URLSearchParams(req.body).keys()], ['biz_content']);
  assert.equal(JSON.parse(req.params.biz_content).subject, SUBJECT);
  assert.equal(req.params.format, 'JSON');
  assert.equal(req.params.charset, 'utf-8');
  assert.equal(req.params.version, '1.0');
  assert.match(req.params.timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

  const q = await c.execute('alipay.trade.query', { out_trade_no: 'SIM-1' });
  assert.deepEqual({ code: q.code, status: q.trade_status, amount: q.total_amount, subject: q.subject },
    { code: '10000', status: 'WAIT_BUYER_PAY', amount: '88.88', subject: SUBJECT });
});

test('the timestamp is Beijing time from the injectable clock', async () => {
  const at = Date.UTC(2026, 10, 22, 16, 30, 0); // 00:30 on the 23rd in Beijing
  const c = client({ now: () => at });
  const p = c.signedParams('alipay.trade.query', { out_trade_no: 'x' });
  assert.equal(p.timestamp, '2026-11-23 00:30:00');
  assert.equal(p.sign, alipay.sign({ ...p, sign: undefined }, M.appPrivateKey));
  // The simulator refuses a timestamp 10 minutes off, and says so in a signed response.
  const err = await rejection(createAlipayClient({ appId: M.appId, privateKey: M.appPrivateKey, alipayPublicKey: M.alipayPublicKey, gateway: sim.gateway, now: () => Date.now() - 3600_000 })
    .execute('alipay.trade.query', { out_trade_no: 'x' }));
  assert.deepEqual([err.code, err.subCode, err.verified], ['ALIPAY_ERROR', 'isv.invalid-timestamp', true]);
});

test('a business failure is ALIPAY_ERROR with Alipay\'s code and sub_code, verified', async () => {
  const err = await rejection(client().execute('alipay.trade.query', { out_trade_no: 'NO-SUCH-ORDER' }));
  assert.equal(err.code, 'ALIPAY_ERROR');
  assert.equal(err.alipayCode, '40004');
  assert.equal(err.subCode, 'ACQ.TRADE_NOT_EXIST');
  assert.equal(err.subMsg, '交易不存在');
  assert.equal(err.verified, true);
  assert.equal(err.response.msg, 'Business Failed');
  assert.match(err.message, /40004 Business Failed: ACQ\.TRADE_NOT_EXIST 交易不存在/);
});

test('error_response (unknown method) is ALIPAY_ERROR; an unknown app_id\'s unsigned error is marked unverified', async () => {
  const err = await rejection(client().execute('alipay.no.such.method', { a: 1 }));
  assert.deepEqual([err.code, err.alipayCode, err.subCode, err.verified], ['ALIPAY_ERROR', '40002', 'isv.invalid-method', true]);
  const unsigned = await rejection(client({ appId: '2021999999999999' }).execute('alipay.trade.query', { out_trade_no: 'x' }));
  assert.deepEqual([unsigned.code, unsigned.subCode, unsigned.verified], ['ALIPAY_ERROR', 'isv.invalid-app-id', false]);
});

test('a request signed with the wrong key is refused by the gateway (isv.invalid-signature)', async () => {
  const other = await import('node:crypto').then((c) => c.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const err = await rejection(client({ privateKey: other }).execute('alipay.trade.query', { out_trade_no: 'SIM-1' }));
  assert.deepEqual([err.code, err.subCode], ['ALIPAY_ERROR', 'isv.invalid-signature']);
  // The gateway's string to sign is ours.
  const p = sim.requests.at(-1).params;
  assert.ok(err.subMsg.endsWith(alipay.stringToSign(p)), err.subMsg);
  assert.equal(signContent(p), alipay.stringToSign(p));
});

test('a tampered response is SIGN_MISMATCH; a success without sign is SIGN_MISSING', async () => {
  const c = client();
  await c.execute('alipay.trade.precreate', { out_trade_no: 'SIM-2', total_amount: '10.00', subject: 's' });
  sim.tamperNext((body) => body.replace('"10.00"', '"0.01"'));
  const err = await rejection(c.execute('alipay.trade.query', { out_trade_no: 'SIM-2' }));
  assert.equal(err.code, 'SIGN_MISMATCH');
  sim.tamperNext((body) => body.replace(/,"sign":"[^"]*"/, ''));
  assert.equal((await rejection(c.execute('alipay.trade.query', { out_trade_no: 'SIM-2' }))).code, 'SIGN_MISSING');
  // A verified business failure with its sign stripped is still reported, marked unverified.
  sim.tamperNext((body) => body.replace(/,"sign":"[^"]*"/, ''));
  const stripped = await rejection(c.execute('alipay.trade.query', { out_trade_no: 'NOPE' }));
  assert.deepEqual([stripped.code, stripped.subCode, stripped.verified], ['ALIPAY_ERROR', 'ACQ.TRADE_NOT_EXIST', false]);
  // Verified against the wrong key (the app's own public key).
  const wrongKey = await rejection(client({ alipayPublicKey: M.appPublicKey }).execute('alipay.trade.query', { out_trade_no: 'SIM-2' }));
  assert.equal(wrongKey.code, 'SIGN_MISMATCH');
});

test('legacy RSA sign type end to end', async () => {
  const c = client({ signType: 'RSA' });
  const out = await c.execute('alipay.trade.precreate', { out_trade_no: 'SIM-RSA', total_amount: '1.00', subject: 'legacy' });
  assert.equal(out.code, '10000');
  assert.equal(sim.requests.at(-1).params.sign_type, 'RSA');
});

test('transport failures: HTTP status and network errors', async () => {
  const status = await rejection(client({ fetch: async () => new Response('busy', { status: 502 }) }).execute('alipay.trade.query', {}));
  assert.deepEqual([status.code, status.status, status.body], ['HTTP_ERROR', 502, 'busy']);
  const network = await rejection(client({ fetch: async () => { throw new TypeError('fetch failed'); } }).execute('alipay.trade.query', {}));
  assert.equal(network.code, 'NETWORK_ERROR');
  const notJson = await rejection(client({ fetch: async () => new Response('<html>') }).execute('alipay.trade.query', {}));
  assert.equal(notJson.code, 'JSON_INVALID');
});

test('sdkExecute (App order string) and pageExecute (page-pay URL) need no network and verify at the gateway', async () => {
  const c = client({ now: () => Date.now() });
  const before = sim.requests.length;
  const order = c.sdkExecute('alipay.trade.app.pay', { out_trade_no: 'APP-1', total_amount: '0.01', subject: SUBJECT, product_code: 'QUICK_MSECURITY_PAY' }, { notify_url: 'https://merchant.example/n' });
  const url = c.pageExecute('alipay.trade.page.pay', { out_trade_no: 'PAGE-1', total_amount: '0.01', subject: SUBJECT, product_code: 'FAST_INSTANT_TRADE_PAY' }, { return_url: 'https://merchant.example/r' });
  assert.equal(sim.requests.length, before);
  const params = Object.fromEntries(new URLSearchParams(order));
  assert.equal(params.method, 'alipay.trade.app.pay');
  assert.equal(JSON.parse(params.biz_content).subject, SUBJECT);
  assert.ok(!order.includes('+'), 'spaces as %20 and + as %2B');
  assert.ok(url.startsWith(`${sim.gateway}?`));
  const pageParams = Object.fromEntries(new URL(url).searchParams);
  const crypto = await import('node:crypto');
  for (const p of [params, pageParams]) {
    assert.ok(crypto.verify('sha256', Buffer.from(signContent(p)), M.appPublicKey, Buffer.from(p.sign, 'base64')));
  }
  // The page-pay URL as a form POST reaches the simulator's signature check and passes it
  // (then fails as an unknown method there: the simulator does not implement page pay).
  const res = await fetch(sim.gateway, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URL(url).search.slice(1) });
  const answer = JSON.parse(await res.text());
  assert.equal(answer.error_response.sub_code, 'isv.invalid-method');
});

test('client.verifyNotification: a notification signed by the simulator\'s Alipay key', () => {
  const c = client();
  const n = signNotification({ app_id: M.appId, out_trade_no: 'SIM-1', trade_status: 'TRADE_SUCCESS', total_amount: '88.88', subject: SUBJECT });
  assert.equal(c.verifyNotification(new URLSearchParams(n).toString()), true);
  assert.equal(c.verifyNotification(n), true);
  assert.throws(() => c.verifyNotification({ ...n, total_amount: '0.01' }), (e) => e.code === 'SIGN_MISMATCH');
  const legacy = signNotification({ app_id: M.appId, out_trade_no: 'SIM-1' }, { signType: 'RSA' });
  assert.equal(c.verifyNotification(legacy), true);
});

test('options are checked up front', () => {
  const code = (fn) => { try { fn(); } catch (e) { return e.code; } return 'none'; };
  assert.equal(code(() => createAlipayClient({ privateKey: M.appPrivateKey })), 'INVALID_ARGUMENT');
  assert.equal(code(() => createAlipayClient({ appId: M.appId, privateKey: 'nope' })), 'KEY_INVALID');
  assert.equal(code(() => createAlipayClient({ appId: M.appId, privateKey: M.appPrivateKey, signType: 'MD5' })), 'SIGN_TYPE_UNSUPPORTED');
  assert.equal(code(() => createAlipayClient({ appId: M.appId, privateKey: M.appPrivateKey, charset: 'GBK' })), 'INVALID_ARGUMENT');
  assert.equal(code(() => createAlipayClient({ appId: M.appId, privateKey: M.appPrivateKey, gateway: 'not a url' })), 'INVALID_ARGUMENT');
  assert.equal(code(() => client().sdkExecute('bad method!', {})), 'INVALID_ARGUMENT');
  assert.equal(code(() => client().sdkExecute('alipay.trade.app.pay', { a: 1 }, { biz_content: '{}' })), 'INVALID_ARGUMENT');
  assert.equal(createAlipayClient({ appId: M.appId, privateKey: M.appPrivateKey }).gateway, 'https://openapi.alipay.com/gateway.do');
});
