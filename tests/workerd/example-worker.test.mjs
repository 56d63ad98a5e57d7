// examples/cloudflare-worker in real workerd (miniflare), configured from its own wrangler.toml
// (main, compatibility_date, the KV namespace, the Durable Object binding and migration), with
// the secrets `wrangler secret put` would store, against the WeChat Pay simulator on 127.0.0.1.
// Requests go over HTTP to the Worker's own URL, which is also the notify_url the simulator
// posts to — as WeChat Pay would post to the deployed Worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createV3Client } from 'wechatpay-wasm';
import { startWorker } from './harness.mjs';
import { parseToml } from './wrangler-toml.mjs';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';

const EXAMPLE = new URL('../../examples/cloudflare-worker/', import.meta.url);
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

const wrangler = parseToml(readFileSync(new URL('wrangler.toml', EXAMPLE), 'utf8'));
const readme = readFileSync(new URL('README.md', EXAMPLE), 'utf8');
const SECRET_NAMES = ['WECHATPAY_MCH_ID', 'WECHATPAY_APP_ID', 'WECHATPAY_SERIAL_NO', 'WECHATPAY_PRIVATE_KEY', 'WECHATPAY_API_V3_KEY'];

/** The secrets as `wrangler secret put` stores them (a PEM pasted on one line keeps literal \n). */
function secrets(sim, extra = {}) {
  return {
    WECHATPAY_MCH_ID: M.mchId,
    WECHATPAY_APP_ID: M.appId,
    WECHATPAY_SERIAL_NO: M.merchantSerialNo,
    WECHATPAY_PRIVATE_KEY: M.merchantPrivateKey.trim().replaceAll('\n', '\\n'),
    WECHATPAY_API_V3_KEY: M.apiV3Key,
    WECHATPAY_BASE_URL: sim.url,
    ...extra,
  };
}

async function startExample(sim, extra) {
  const logs = [];
  // The example itself, wrapped only to count wasm instances (example-counted.mjs).
  const worker = await startWorker(new URL('./example-counted.mjs', import.meta.url).pathname, {
    compatibilityDate: wrangler.compatibility_date,
    bindings: secrets(sim, extra),
    kvNamespaces: wrangler.kv_namespaces.map((k) => k.binding),
    durableObjects: Object.fromEntries(wrangler.durable_objects.bindings.map((b) => [b.name, b.class_name])),
    handleStructuredLogs: ({ level, message }) => {
      try { logs.push({ level, ...JSON.parse(message) }); } catch { logs.push({ level, message }); }
    },
  });
  return Object.assign(worker, { logs });
}

/** The Worker's JSON log line for `event` (logs arrive from workerd's stdout asynchronously). */
async function logged(worker, event, match = () => true) {
  for (let i = 0; i < 100; i++) {
    const hit = worker.logs.find((l) => l.event === event && match(l));
    if (hit) return hit;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`no "${event}" log line; logs: ${JSON.stringify(worker.logs)}`);
}

const post = (worker, path, body) => fetch(`${worker.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const payOrder = async (worker, body = { amount: 888, description: 'Image形象店-深圳腾大-QQ公仔', openid: OPENID }) => {
  const res = await post(worker, '/pay', body);
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
};
const kvRecord = async (worker, no) => JSON.parse(await (await worker.mf.getKVNamespace('WECHATPAY_KV')).get(`orders/${no}`));

function paySignValid(p) {
  const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
  return crypto.verify('sha256', Buffer.from(message), crypto.createPublicKey(M.merchantCertificate), Buffer.from(p.paySign, 'base64'));
}

let sim;
let worker;
before(async () => {
  sim = await startWechatPaySimulator();
  worker = await startExample(sim, { RECONCILE_AFTER_MINUTES: '0' }); // every unpaid order is due for the Cron Trigger
});
after(async () => {
  await worker?.dispose();
  await sim?.close();
});

test('wrangler.toml: main is the tested file, the KV and Durable Object bindings and the migration match what the Worker exports; README covers setup', () => {
  assert.equal(wrangler.main, 'src/index.js');
  assert.ok(existsSync(new URL(wrangler.main, EXAMPLE)));
  assert.match(wrangler.compatibility_date, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(wrangler.kv_namespaces.map((k) => k.binding), ['WECHATPAY_KV']);
  assert.deepEqual(wrangler.durable_objects.bindings, [{ name: 'WECHATPAY_REPLAY', class_name: 'WechatPayReplayStore' }]);
  assert.deepEqual(wrangler.migrations, [{ tag: 'v1', new_sqlite_classes: ['WechatPayReplayStore'] }]);
  assert.deepEqual(wrangler.triggers, { crons: ['*/10 * * * *'] });
  // The bundle (as wrangler builds it: the workerd condition) exports the class and imports no node: module.
  assert.match(worker.code, /export\s*\{[^}]*\bWechatPayReplayStore\b[^}]*\}/);
  assert.match(worker.code, /from "\.\/wechatpay_wasm_bg\.wasm"/);
  assert.match(worker.code, /from "\.\/wechatpay_wasm_extra_bg\.wasm"/);
  assert.doesNotMatch(worker.code, /from\s*["']node:|require\(["']node:|import\(["']node:/);
  const pkg = JSON.parse(readFileSync(new URL('package.json', EXAMPLE), 'utf8'));
  assert.ok(pkg.dependencies['wechatpay-wasm']);
  for (const name of [...SECRET_NAMES, 'WECHATPAY_PUBLIC_KEY', 'WECHATPAY_PUBLIC_KEY_ID']) {
    assert.match(readme, new RegExp(`wrangler secret put ${name}\\b`), `README: wrangler secret put ${name}`);
  }
  for (const step of ['npm install', 'wrangler kv namespace create', 'wrangler deploy', 'notify_url', 'PUBLIC_URL']) assert.ok(readme.includes(step), `README mentions ${step}`);
});

test('POST /pay: a JSAPI order in the simulator, and wx.requestPayment parameters whose paySign verifies with the merchant certificate (node:crypto)', async () => {
  const { outTradeNo, requestPayment } = await payOrder(worker);
  assert.match(outTradeNo, /^WX\d{13}[0-9a-f]{16}$/);
  const order = sim.state.orders.get(outTradeNo);
  assert.ok(order, 'the order exists in the simulator');
  assert.deepEqual(
    [order.api, order.trade_type, order.trade_state, order.amount.total, order.description, order.payer.openid, order.notify_url],
    ['v3', 'JSAPI', 'NOTPAY', 888, 'Image形象店-深圳腾大-QQ公仔', OPENID, `${worker.url}/notify`],
  );
  assert.deepEqual(Object.keys(requestPayment).sort(), ['appId', 'nonceStr', 'package', 'paySign', 'signType', 'timeStamp']);
  assert.deepEqual([requestPayment.appId, requestPayment.package, requestPayment.signType], [M.appId, `prepay_id=${order.prepay_id}`, 'RSA']);
  assert.ok(Math.abs(Number(requestPayment.timeStamp) - Date.now() / 1000) < 60);
  assert.equal(paySignValid(requestPayment), true);
  assert.equal(paySignValid({ ...requestPayment, package: `prepay_id=${order.prepay_id}x` }), false, 'the check can fail');
  // The platform certificate was downloaded once and cached in KV for other isolates.
  const cached = JSON.parse(await (await worker.mf.getKVNamespace('WECHATPAY_KV')).get(`wechatpay/wechatpay-platform-certificates-${M.mchId}`));
  assert.deepEqual(cached.certificates.map((c) => c.serial_no), [M.platformCertificates[0].serialNo]);
  assert.equal(sim.state.certificateDownloads, 1);
  assert.deepEqual((await kvRecord(worker, outTradeNo)).state, 'NOTPAY');
});

test('payment notification: 204 ack and recorded once; the redelivery is acked and reported as a duplicate; GET /orders/:no shows SUCCESS', async () => {
  const { outTradeNo } = await payOrder(worker, { amount: 1, description: '一分钱', openid: OPENID });
  const { order, delivery } = await sim.pay(outTradeNo);
  assert.deepEqual([delivery.url, delivery.status, delivery.responseBody, delivery.ok], [`${worker.url}/notify`, 204, '', true]);
  const processed = await logged(worker, 'notification-processed', (l) => l.id === delivery.id);
  assert.deepEqual([processed.type, processed.outTradeNo], ['TRANSACTION.SUCCESS', outTradeNo]);
  let record = await kvRecord(worker, outTradeNo);
  assert.deepEqual([record.state, record.transactionId, record.notifications], ['SUCCESS', order.transaction_id, [delivery.id]]);

  // The Durable Object holds the id (asking it again reports it as seen).
  const replay = await worker.mf.getDurableObjectNamespace('WECHATPAY_REPLAY');
  const stub = replay.get(replay.idFromName('wechatpay-replay'));
  const seen = await stub.fetch('https://replay/seen', { method: 'POST', body: JSON.stringify({ id: `v3:${delivery.id}` }) });
  assert.deepEqual(await seen.json(), { seen: true });

  const again = await sim.redeliver();
  assert.deepEqual([again.status, again.responseBody], [204, '']);
  assert.equal((await logged(worker, 'notification-duplicate', (l) => l.id === delivery.id)).outTradeNo, outTradeNo);
  record = await kvRecord(worker, outTradeNo);
  assert.deepEqual(record.notifications, [delivery.id], 'not processed twice');
  assert.equal(worker.logs.filter((l) => l.event === 'notification-processed' && l.id === delivery.id).length, 1);

  const res = await fetch(`${worker.url}/orders/${outTradeNo}`);
  const view = await res.json();
  assert.equal(res.status, 200, JSON.stringify(view));
  assert.deepEqual(
    [view.outTradeNo, view.tradeState, view.transactionId, view.amount, view.successTime, view.recorded.state],
    [outTradeNo, 'SUCCESS', order.transaction_id, 1, order.success_time, 'SUCCESS'],
  );
  assert.equal(sim.requests.at(-1).url, `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${M.mchId}`);
});

test('a tampered or forged notification gets a FAIL ack and changes nothing; the query then reconciles the payment', async () => {
  const { outTradeNo } = await payOrder(worker, { amount: 30, description: 'tamper', openid: OPENID });
  sim.tamperNextResponse(); // the next notification's body is altered after signing
  const { delivery } = await sim.pay(outTradeNo);
  assert.equal(delivery.status, 401);
  assert.deepEqual(JSON.parse(delivery.responseBody), { code: 'FAIL', message: 'SIGN_MISMATCH' });
  assert.equal(delivery.ok, false);
  assert.equal((await logged(worker, 'notification-rejected', (l) => l.code === 'SIGN_MISMATCH')).status, 401);
  assert.equal((await kvRecord(worker, outTradeNo)).state, 'NOTPAY');

  // The untampered notification re-signed by a key nobody trusts.
  sim.useWrongPlatformKey(true);
  const forged = await sim.deliver(sim.paymentNotification(outTradeNo));
  sim.useWrongPlatformKey(false);
  assert.deepEqual([forged.status, JSON.parse(forged.responseBody)], [401, { code: 'FAIL', message: 'SIGN_MISMATCH' }]);
  // Not JSON, no Wechatpay-* headers.
  const junk = await fetch(`${worker.url}/notify`, { method: 'POST', body: 'hello' });
  assert.deepEqual([junk.status, await junk.json()], [401, { code: 'FAIL', message: 'HEADER_INVALID' }]);
  assert.equal((await kvRecord(worker, outTradeNo)).state, 'NOTPAY');

  // WeChat Pay says SUCCESS: the query records the payment the notification did not deliver.
  const view = await (await fetch(`${worker.url}/orders/${outTradeNo}`)).json();
  assert.deepEqual([view.tradeState, view.recorded.state, view.recorded.reconciledByQuery], ['SUCCESS', 'SUCCESS', true]);
});

test('a notification for an order this Worker did not create is refused (500 FAIL) and not remembered, so the redelivery is processed again', async () => {
  const other = createV3Client({
    mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, apiV3Key: M.apiV3Key, appId: M.appId, baseUrl: sim.url,
  });
  const outTradeNo = `ELSEWHERE${Date.now()}`;
  await other.jsapiOrder({ description: 'elsewhere', out_trade_no: outTradeNo, notify_url: `${worker.url}/notify`, amount: { total: 5 }, payer: { openid: OPENID } });
  const { delivery } = await sim.pay(outTradeNo);
  assert.deepEqual([delivery.status, JSON.parse(delivery.responseBody)], [500, { code: 'FAIL', message: 'processing failed' }]);
  const again = await sim.redeliver();
  assert.equal(again.status, 500, 'processed again (the id was forgotten), not acked as a duplicate');
  assert.equal(worker.logs.filter((l) => l.event === 'notification-duplicate' && l.outTradeNo === outTradeNo).length, 0);
  assert.equal((await fetch(`${worker.url}/orders/${outTradeNo}`)).status, 404);
});

test('bad requests and WeChat Pay errors', async () => {
  const bad = async (path, init, status, code) => {
    const res = await fetch(`${worker.url}${path}`, init);
    const body = await res.json();
    assert.deepEqual([res.status, body.code], [status, code], `${init?.method ?? 'GET'} ${path}: ${JSON.stringify(body)}`);
    return body;
  };
  const json = (body) => ({ method: 'POST', body: JSON.stringify(body) });
  await bad('/pay', json({ amount: 0, description: 'x', openid: OPENID }), 400, 'INVALID_REQUEST');
  await bad('/pay', json({ amount: 1.5, description: 'x', openid: OPENID }), 400, 'INVALID_REQUEST');
  await bad('/pay', json({ amount: 1, description: '', openid: OPENID }), 400, 'INVALID_REQUEST');
  await bad('/pay', json({ amount: 1, description: 'x' }), 400, 'INVALID_REQUEST');
  await bad('/pay', { method: 'POST', body: '{"amount":' }, 400, 'INVALID_REQUEST');
  await bad('/pay', undefined, 405, 'METHOD_NOT_ALLOWED');
  await bad('/notify', undefined, 405, 'FAIL');
  await bad('/orders/WXNOSUCHORDER1', undefined, 404, 'ORDER_NOT_FOUND');
  await bad('/orders/a', undefined, 400, 'INVALID_REQUEST');
  await bad('/nowhere', undefined, 404, 'NOT_FOUND');
  const orders = sim.state.orders.size;
  sim.failNext(500, 'SYSTEM_ERROR', '系统繁忙，请稍后重试', 3); // the first attempt and both retries
  const busy = await bad('/pay', json({ amount: 1, description: 'x', openid: OPENID }), 502, 'SYSTEM_ERROR');
  assert.equal(busy.message, '系统繁忙，请稍后重试');
  assert.match(busy.requestId, /^08[0-9A-F]{32}$/);
  assert.equal(sim.state.orders.size, orders);
  sim.tamperNextResponse();
  await bad('/pay', json({ amount: 1, description: 'x', openid: OPENID }), 502, 'SIGN_MISMATCH');
});

test('public-key mode (WECHATPAY_PUBLIC_KEY + _ID secrets): no certificate download, orders and notifications verify with the WeChat Pay public key', async () => {
  const sim2 = await startWechatPaySimulator({ signWith: 'publicKey' });
  const worker2 = await startExample(sim2, { WECHATPAY_PUBLIC_KEY: M.publicKey.trim().replaceAll('\n', '\\n'), WECHATPAY_PUBLIC_KEY_ID: M.publicKeyId });
  try {
    const { outTradeNo, requestPayment } = await payOrder(worker2);
    assert.equal(paySignValid(requestPayment), true);
    const { delivery } = await sim2.pay(outTradeNo);
    assert.equal(delivery.headers['Wechatpay-Serial'], M.publicKeyId);
    assert.equal(delivery.status, 204, delivery.responseBody);
    assert.equal((await kvRecord(worker2, outTradeNo)).state, 'SUCCESS');
    assert.equal(sim2.state.certificateDownloads, 0);
    assert.equal(await (await worker2.mf.getKVNamespace('WECHATPAY_KV')).get(`wechatpay/wechatpay-platform-certificates-${M.mchId}`), null);
  } finally {
    await worker2.dispose();
    await sim2.close();
  }
});

test('Cron Trigger: the scheduled handler queries unpaid orders and records the one paid without a notification', async () => {
  const { outTradeNo: paid } = await payOrder(worker, { amount: 66, description: 'cron paid', openid: OPENID });
  const { outTradeNo: waiting } = await payOrder(worker, { amount: 67, description: 'cron pending', openid: OPENID });
  const { order } = await sim.pay(paid, { notify: false });
  const kv = await worker.mf.getKVNamespace('WECHATPAY_KV');
  assert.ok(await kv.get(`unpaid/${paid}`));
  const sent = sim.requests.length;
  const result = await (await worker.mf.getWorker()).scheduled({ cron: wrangler.triggers.crons[0] });
  assert.equal(result.outcome, 'ok');
  const line = await logged(worker, 'reconciled', (l) => l.paid.includes(paid));
  assert.ok(line.pending.includes(waiting));
  assert.ok(sim.requests.slice(sent).some((r) => r.url === `/v3/pay/transactions/out-trade-no/${paid}?mchid=${M.mchId}`));
  const record = await kvRecord(worker, paid);
  assert.deepEqual([record.state, record.transactionId, record.reconciledByQuery, record.notifications], ['SUCCESS', order.transaction_id, true, []]);
  assert.equal(await kv.get(`unpaid/${paid}`), null);
  assert.equal((await kvRecord(worker, waiting)).state, 'NOTPAY');
  assert.ok(await kv.get(`unpaid/${waiting}`));
});

test('after every flow above (orders, notifications, queries, the Cron Trigger) the Worker has instantiated the core wasm module only', async () => {
  const counts = await (await fetch(`${worker.url}/__wasm-counts`)).json();
  assert.deepEqual(counts.instantiated, { core: 1, extra: 0 });
});
