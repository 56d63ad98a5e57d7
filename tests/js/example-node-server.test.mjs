// examples/node-server/server.mjs as a merchant runs it: a child process (`node server.mjs`),
// configured by environment variables, the merchant key read from a key directory (the
// `wechatpay-wasm/node` file store), listening on 127.0.0.1 on a random port (PORT=0), against
// the WeChat Pay simulator — which posts its notifications to that server. Ended with SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createV3Client } from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { v2ReferenceSign, v3PaySignValid } from './flow-helpers.mjs';
import { spawnLogged } from './logged-process.mjs';

const SERVER = new URL('../../examples/node-server/server.mjs', import.meta.url).pathname;
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const CERT_CACHE = `wechatpay-platform-certificates-${M.mchId}`;

const dirs = [];
function keyDir(files = { 'apiclient_key.pem': M.merchantPrivateKey }) {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-node-server-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o600 });
  return dir;
}

const baseEnv = (sim, dir) => ({
  WECHATPAY_MCH_ID: M.mchId,
  WECHATPAY_APP_ID: M.appId,
  WECHATPAY_SERIAL_NO: M.merchantSerialNo,
  WECHATPAY_API_V3_KEY: M.apiV3Key,
  WECHATPAY_V2_KEY: M.v2Key,
  WECHATPAY_KEY_DIR: dir,
  WECHATPAY_BASE_URL: sim.url,
});

/** Spawns the server with only `env` (nothing inherited but PATH); resolves once it listens or exits. */
async function startServer(env) {
  const server = spawnLogged(process.execPath, [SERVER], { PATH: process.env.PATH, PORT: '0', ...env });
  const { exited } = server;
  const first = await Promise.race([server.logged('listening').then((l) => ({ listening: l })), exited.then((e) => ({ exited: e }))]);
  if (first.exited) return Object.assign(server, { exit: first.exited });
  server.url = first.listening.url;
  return server;
}

const postJson = (server, path, body) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
async function payOrder(server, path = '/pay', body = { amount: 888, description: 'Image形象店-深圳腾大-QQ公仔', openid: OPENID }) {
  const res = await postJson(server, path, body);
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}
async function getOrder(server, no) {
  const res = await fetch(`${server.url}/orders/${no}`);
  return { status: res.status, body: await res.json() };
}

let sim;
let dir;
let server;
before(async () => {
  sim = await startWechatPaySimulator();
  dir = keyDir();
  server = await startServer(baseEnv(sim, dir));
  assert.ok(server.url, `the server did not start: ${server.stderr}`);
});
after(async () => {
  if (server?.child.exitCode === null) await server.stop();
  await sim?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('refuses to start without configuration or without the merchant key, naming what is missing', async () => {
  const bare = await startServer({});
  assert.equal(bare.exit.code, 1);
  assert.match(bare.stderr, /not configured: WECHATPAY_MCH_ID, WECHATPAY_APP_ID, WECHATPAY_SERIAL_NO, WECHATPAY_API_V3_KEY/);
  const noKey = await startServer(baseEnv(sim, keyDir({})));
  assert.equal(noKey.exit.code, 1);
  assert.match(noKey.stderr, /"apiclient_key\.pem"/);
});

test('listens on 127.0.0.1; POST /pay creates the JSAPI order and answers wx.requestPayment parameters whose paySign verifies (node:crypto)', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const { outTradeNo, requestPayment } = await payOrder(server);
  assert.match(outTradeNo, /^WX\d{13}[0-9a-f]{16}$/);
  const order = sim.state.orders.get(outTradeNo);
  assert.ok(order, 'the order exists in the simulator');
  assert.deepEqual(
    [order.api, order.trade_type, order.trade_state, order.amount.total, order.description, order.payer.openid, order.notify_url],
    ['v3', 'JSAPI', 'NOTPAY', 888, 'Image形象店-深圳腾大-QQ公仔', OPENID, `${server.url}/notify`],
  );
  assert.deepEqual([requestPayment.appId, requestPayment.package, requestPayment.signType], [M.appId, `prepay_id=${order.prepay_id}`, 'RSA']);
  assert.equal(v3PaySignValid(requestPayment, M.merchantCertificate), true);
  assert.equal(v3PaySignValid({ ...requestPayment, nonceStr: `${requestPayment.nonceStr}x` }, M.merchantCertificate), false, 'the check can fail');
  // The platform certificates were downloaded once and cached in the key directory (0600).
  assert.equal(sim.state.certificateDownloads, 1);
  const cached = JSON.parse(readFileSync(join(dir, CERT_CACHE), 'utf8'));
  assert.deepEqual(cached.certificates.map((c) => c.serial_no), [M.platformCertificates[0].serialNo]);
  assert.equal(statSync(join(dir, CERT_CACHE)).mode & 0o777, 0o600);
  assert.equal((await server.logged('order', (l) => l.outTradeNo === outTradeNo)).amount, 888);
});

test('v3 payment notification: 204 and recorded once; the redelivery is acked and reported as a duplicate; GET /orders/:no shows SUCCESS', async () => {
  const { outTradeNo } = await payOrder(server, '/pay', { amount: 1, description: '一分钱', openid: OPENID });
  const { order, delivery } = await sim.pay(outTradeNo);
  assert.deepEqual([delivery.url, delivery.status, delivery.responseBody, delivery.ok], [`${server.url}/notify`, 204, '', true]);
  assert.equal((await server.logged('notification-processed', (l) => l.id === delivery.id)).outTradeNo, outTradeNo);

  const again = await sim.redeliver();
  assert.deepEqual([again.status, again.responseBody], [204, '']);
  assert.equal((await server.logged('notification-duplicate', (l) => l.id === delivery.id)).outTradeNo, outTradeNo);

  const { status, body } = await getOrder(server, outTradeNo);
  assert.equal(status, 200, JSON.stringify(body));
  assert.deepEqual(
    [body.api, body.tradeState, body.transactionId, body.amount, body.successTime],
    ['v3', 'SUCCESS', order.transaction_id, 1, order.success_time],
  );
  assert.deepEqual([body.recorded.state, body.recorded.transactionId, body.recorded.notifications], ['SUCCESS', order.transaction_id, [delivery.id]], 'processed once');
  assert.equal(body.recorded.reconciledByQuery, undefined);
  assert.equal(server.logs.filter((l) => l.event === 'notification-processed' && l.id === delivery.id).length, 1);
});

test('v3: a tampered, a forged and a malformed notification get a FAIL ack; the query then records the payment', async () => {
  const { outTradeNo } = await payOrder(server, '/pay', { amount: 30, description: 'tamper', openid: OPENID });
  sim.tamperNextResponse();
  const { delivery } = await sim.pay(outTradeNo);
  assert.deepEqual([delivery.status, JSON.parse(delivery.responseBody)], [401, { code: 'FAIL', message: 'SIGN_MISMATCH' }]);
  sim.useWrongPlatformKey(true);
  const forged = await sim.deliver(sim.paymentNotification(outTradeNo));
  sim.useWrongPlatformKey(false);
  assert.deepEqual([forged.status, JSON.parse(forged.responseBody)], [401, { code: 'FAIL', message: 'SIGN_MISMATCH' }]);
  const junk = await fetch(`${server.url}/notify`, { method: 'POST', body: '{}' });
  assert.deepEqual([junk.status, await junk.json()], [401, { code: 'FAIL', message: 'HEADER_INVALID' }]);
  assert.equal((await server.logged('notification-rejected', (l) => l.code === 'HEADER_INVALID')).api, 'v3');

  const { body } = await getOrder(server, outTradeNo);
  assert.deepEqual([body.tradeState, body.recorded.state, body.recorded.notifications, body.recorded.reconciledByQuery], ['SUCCESS', 'SUCCESS', [], true]);
});

test('v3: a notification for an order this server did not create is refused (500 FAIL) and processed again on redelivery', async () => {
  const other = createV3Client({ mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, apiV3Key: M.apiV3Key, appId: M.appId, baseUrl: sim.url });
  const outTradeNo = `ELSEWHERE${Date.now()}`;
  await other.jsapiOrder({ description: 'elsewhere', out_trade_no: outTradeNo, notify_url: `${server.url}/notify`, amount: { total: 5 }, payer: { openid: OPENID } });
  const { delivery } = await sim.pay(outTradeNo);
  assert.deepEqual([delivery.status, JSON.parse(delivery.responseBody)], [500, { code: 'FAIL', message: 'processing failed' }]);
  assert.equal((await sim.redeliver()).status, 500);
  assert.equal(server.logs.filter((l) => l.event === 'notification-rejected' && l.code === 'HANDLER_ERROR').length, 2);
  assert.equal((await getOrder(server, outTradeNo)).status, 404);
});

test('API v2: POST /pay/v2 → unified order and paySign; the XML notification is acked SUCCESS once, the duplicate too, a tampered one FAIL; GET /orders/:no through orderquery', async () => {
  const { outTradeNo, requestPayment } = await payOrder(server, '/pay/v2', { amount: 300, description: '腾讯充值中心-QQ会员充值', openid: OPENID });
  const order = sim.state.orders.get(outTradeNo);
  assert.deepEqual(
    [order.api, order.trade_type, order.total_fee, order.openid, order.notify_url, order.signType],
    ['v2', 'JSAPI', '300', OPENID, `${server.url}/notify/v2`, 'HMAC-SHA256'],
  );
  assert.equal(requestPayment.package, `prepay_id=${order.prepayFields.prepay_id}`);
  const { paySign, ...signed } = requestPayment;
  assert.equal(paySign, v2ReferenceSign(signed, M.v2Key, 'HMAC-SHA256'));

  const { delivery } = await sim.pay(outTradeNo);
  assert.equal(delivery.ok, true, delivery.responseBody);
  assert.match(delivery.responseBody, /<return_code><!\[CDATA\[SUCCESS\]\]><\/return_code>/);
  const processed = await server.logged('notification-processed', (l) => l.api === 'v2' && l.outTradeNo === outTradeNo);
  assert.equal(processed.id, sim.state.orders.get(outTradeNo).transaction_id);
  const again = await sim.redeliver();
  assert.equal(again.ok, true);
  await server.logged('notification-duplicate', (l) => l.api === 'v2' && l.outTradeNo === outTradeNo);

  const { body } = await getOrder(server, outTradeNo);
  assert.deepEqual([body.api, body.tradeState, body.amount, body.recorded.state, body.recorded.notifications], ['v2', 'SUCCESS', 300, 'SUCCESS', [processed.id]]);
  assert.equal(sim.requests.at(-1).url, '/pay/orderquery');

  const second = await payOrder(server, '/pay/v2', { amount: 7, description: 'tamper', openid: OPENID });
  sim.tamperNextResponse(); // the notification's total_fee is changed after signing
  const tampered = await sim.pay(second.outTradeNo);
  assert.equal(tampered.delivery.ok, false);
  assert.match(tampered.delivery.responseBody, /<return_code><!\[CDATA\[FAIL\]\]><\/return_code><return_msg><!\[CDATA\[SIGN_MISMATCH\]\]>/);
  assert.equal((await getOrder(server, second.outTradeNo)).body.recorded.notifications.length, 0);
});

test('bad requests and WeChat Pay errors', async () => {
  const bad = async (path, init, status, code) => {
    const res = await fetch(`${server.url}${path}`, init);
    const body = await res.json();
    assert.deepEqual([res.status, body.code], [status, code], `${init?.method ?? 'GET'} ${path}: ${JSON.stringify(body)}`);
    return body;
  };
  const json = (body) => ({ method: 'POST', body: JSON.stringify(body) });
  await bad('/pay', json({ amount: -1, description: 'x', openid: OPENID }), 400, 'INVALID_REQUEST');
  await bad('/pay', json({ amount: 1, description: 'x'.repeat(128), openid: OPENID }), 400, 'INVALID_REQUEST');
  await bad('/pay', json({ amount: 1, description: 'x', openid: 'a b' }), 400, 'INVALID_REQUEST');
  await bad('/pay', { method: 'POST', body: '[1]' }, 400, 'INVALID_REQUEST');
  await bad('/pay', { method: 'POST', body: 'x'.repeat(70 * 1024) }, 413, 'BODY_TOO_LARGE');
  await bad('/pay', undefined, 405, 'METHOD_NOT_ALLOWED');
  await bad('/notify', undefined, 405, 'FAIL');
  await bad('/orders/WXNOSUCHORDER1', undefined, 404, 'ORDER_NOT_FOUND');
  await bad('/orders/%3Cscript%3E', undefined, 400, 'INVALID_REQUEST');
  await bad('/', undefined, 404, 'NOT_FOUND');
  const orders = sim.state.orders.size;
  sim.failNext(500, 'SYSTEM_ERROR', '系统繁忙，请稍后重试', 3); // the first attempt and both retries
  const busy = await bad('/pay', json({ amount: 1, description: 'x', openid: OPENID }), 502, 'SYSTEM_ERROR');
  assert.match(busy.requestId, /^08[0-9A-F]{32}$/);
  assert.equal(sim.state.orders.size, orders);
  sim.tamperNextResponse();
  await bad('/pay', json({ amount: 1, description: 'x', openid: OPENID }), 502, 'SIGN_MISMATCH');
});

test('SIGTERM ends the server cleanly (exit 0); a restart uses the certificates cached in the key directory', async () => {
  const downloads = sim.state.certificateDownloads;
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  await server.logged('stopped');
  assert.equal(server.stderr, '');
  server = await startServer(baseEnv(sim, dir));
  await payOrder(server);
  assert.equal(sim.state.certificateDownloads, downloads, 'no download after the restart');
});

test('public-key mode with keys from the environment: WECHATPAY_PRIVATE_KEY (one line, literal \\n), WECHATPAY_PUBLIC_KEY_ID + pub_key.pem', async () => {
  const sim2 = await startWechatPaySimulator({ signWith: 'publicKey' });
  const server2 = await startServer({
    ...baseEnv(sim2, keyDir({ 'pub_key.pem': M.publicKey })),
    WECHATPAY_PRIVATE_KEY: M.merchantPrivateKey.trim().replaceAll('\n', '\\n'),
    WECHATPAY_PUBLIC_KEY_ID: M.publicKeyId,
  });
  try {
    assert.ok(server2.url, server2.stderr);
    const { outTradeNo, requestPayment } = await payOrder(server2);
    assert.equal(v3PaySignValid(requestPayment, M.merchantCertificate), true);
    const { delivery } = await sim2.pay(outTradeNo);
    assert.deepEqual([delivery.headers['Wechatpay-Serial'], delivery.status], [M.publicKeyId, 204]);
    assert.equal((await getOrder(server2, outTradeNo)).body.recorded.state, 'SUCCESS');
    assert.equal(sim2.state.certificateDownloads, 0);
  } finally {
    assert.equal((await server2.stop()).code, 0);
    await sim2.close();
  }
});
