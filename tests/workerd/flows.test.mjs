// End-to-end flows inside real workerd: the Worker (flows-worker.mjs) calls the WeChat Pay
// simulator on 127.0.0.1 with fetch, caches platform certificates in KV, deduplicates
// notifications with the WechatPayReplayStore Durable Object, and does the v2 refund through an
// mTLS certificate binding (emulated by a Node service binding presenting the TEST ONLY merchant
// certificate).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'undici';
import { startWorker } from './harness.mjs';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';

let sim;
let worker;
const mtlsAgent = new Agent({ connect: { ca: M.tls.ca, cert: M.tls.clientCert, key: M.tls.clientKey } });
const bindingCalls = [];

before(async () => {
  sim = await startWechatPaySimulator({ tls: true });
  const bindings = {
    WECHATPAY_MCHID: M.mchId,
    WECHATPAY_APPID: M.appId,
    WECHATPAY_SERIAL_NO: M.merchantSerialNo,
    // As `wrangler secret put` would store a pasted PEM on one line.
    WECHATPAY_PRIVATE_KEY: M.merchantPrivateKey.trim().replaceAll('\n', '\\n'),
    WECHATPAY_API_V3_KEY: M.apiV3Key,
    WECHATPAY_V2_KEY: M.v2Key,
    WECHATPAY_BASE_URL: sim.url,
  };
  worker = await startWorker(new URL('./flows-worker.mjs', import.meta.url).pathname, {
    bindings,
    kvNamespaces: ['WECHATPAY_KV'],
    durableObjects: { WECHATPAY_REPLAY: 'WechatPayReplayStore' },
    // Workers' mTLS certificate binding: env.MTLS.fetch(url, init) presents the merchant
    // certificate. Here a Node function does it with undici (the simulator's TLS port).
    serviceBindings: {
      MTLS: async (request) => {
        bindingCalls.push(request.url);
        const target = request.url.replace(sim.url, sim.httpsUrl);
        const headers = { 'Content-Type': request.headers.get('content-type'), 'User-Agent': request.headers.get('user-agent') };
        const res = await fetch(target, { method: request.method, headers, body: await request.text(), dispatcher: mtlsAgent }).catch((e) => { console.error(e); throw e; });
        return new Response(await res.text(), { status: res.status, headers: res.headers });
      },
    },
  });
});
after(async () => {
  await worker?.dispose();
  await sim?.close();
  await mtlsAgent.close();
});

async function call(client, method, ...args) {
  const res = await worker.fetch('/call', { method: 'POST', body: JSON.stringify({ client, method, args }) });
  return res.json();
}
const events = async () => (await worker.fetch('/events')).json();

test('the Worker bundle imports no node: module and does not contain the file key store', () => {
  assert.match(worker.code, /from "\.\/wechatpay_wasm_bg\.wasm"/);
  assert.doesNotMatch(worker.code, /from\s*["']node:|require\(["']node:|import\(["']node:/);
  assert.doesNotMatch(worker.code, /fileStore|node-stores|node:fs/);
  assert.match(worker.code, /export\s*\{[^}]*\bWechatPayReplayStore\b[^}]*\}/, 'the Durable Object class is exported by the Worker');
});

test('workerd v3 flow: order → paySign → notification (Durable Object dedupe) → query → refund → refund notification', async () => {
  const notify = `${worker.url}/wxpay/v3`;
  const order = await call('v3', 'jsapiOrder', { description: '测试', out_trade_no: 'WKV3FLOW01', notify_url: notify, amount: { total: 520 }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } });
  assert.equal(order.ok, true, JSON.stringify(order));
  assert.match(order.result.prepay_id, /^wx/);
  const pay = await call('v3', 'jsapiPayParams', order.result.prepay_id);
  assert.equal(pay.result.package, `prepay_id=${order.result.prepay_id}`);
  const crypto = await import('node:crypto');
  const message = `${pay.result.appId}\n${pay.result.timeStamp}\n${pay.result.nonceStr}\n${pay.result.package}\n`;
  assert.equal(crypto.verify('sha256', Buffer.from(message), crypto.createPublicKey(M.merchantCertificate), Buffer.from(pay.result.paySign, 'base64')), true);

  const keys = await (await worker.fetch('/keys')).json();
  assert.equal(keys.downloads, 1);
  assert.deepEqual(keys.ids, [M.platformCertificates[0].serialNo]);
  assert.deepEqual(JSON.parse(keys.cached).certificates.map((c) => c.serial_no), keys.ids, 'cached in KV');

  const { delivery } = await sim.pay('WKV3FLOW01');
  assert.equal(delivery.status, 204, delivery.responseBody);
  let ev = (await events()).at(-1);
  assert.deepEqual([ev.api, ev.id, ev.event_type, ev.resource.out_trade_no, ev.resource.amount.total], ['v3', delivery.id, 'TRANSACTION.SUCCESS', 'WKV3FLOW01', 520]);

  const again = await sim.redeliver();
  assert.equal(again.status, 204, again.responseBody ?? again.error);
  assert.deepEqual((await events()).at(-1), { api: 'v3', duplicate: delivery.id });

  const query = await call('v3', 'queryOrder', 'WKV3FLOW01');
  assert.equal(query.result.trade_state, 'SUCCESS');
  const refund = await call('v3', 'refund', { out_trade_no: 'WKV3FLOW01', out_refund_no: 'WKV3REFUND1', notify_url: notify, amount: { refund: 20, total: 520, currency: 'CNY' } });
  assert.equal(refund.result.status, 'PROCESSING');
  const settled = await sim.settleRefund('WKV3REFUND1');
  assert.equal(settled.delivery.status, 204, settled.delivery.responseBody);
  ev = (await events()).at(-1);
  assert.deepEqual([ev.event_type, ev.resource.out_refund_no, ev.resource.refund_status], ['REFUND.SUCCESS', 'WKV3REFUND1', 'SUCCESS']);
  assert.equal((await call('v3', 'queryRefund', 'WKV3REFUND1')).result.status, 'SUCCESS');
});

test('workerd v3 failures: WeChat Pay error codes, tampered response, wrong platform key, expired timestamp, tampered notification', async () => {
  const missing = await call('v3', 'queryOrder', 'WKNOSUCH01');
  assert.deepEqual([missing.error.code, missing.error.status, missing.error.isWechatPayError], ['ORDER_NOT_EXIST', 404, true]);
  assert.match(missing.error.requestId, /^08[0-9A-F]{32}$/);
  sim.tamperNextResponse();
  assert.equal((await call('v3', 'queryOrder', 'WKV3FLOW01')).error.code, 'SIGN_MISMATCH');
  sim.useWrongPlatformKey(true);
  assert.equal((await call('v3', 'queryOrder', 'WKV3FLOW01')).error.code, 'SIGN_MISMATCH');
  sim.useWrongPlatformKey(false);
  sim.setTimestampOffset(-3600);
  assert.equal((await call('v3', 'queryOrder', 'WKV3FLOW01')).error.code, 'TIMESTAMP_SKEW');
  sim.setTimestampOffset(0);
  assert.equal((await call('v3', 'queryOrder', 'WKV3FLOW01')).result.trade_state, 'REFUND');

  await call('v3', 'nativeOrder', { description: 'tamper', out_trade_no: 'WKV3TAMP01', notify_url: `${worker.url}/wxpay/v3`, amount: { total: 1 } });
  sim.tamperNextResponse();
  const { delivery } = await sim.pay('WKV3TAMP01');
  assert.equal(delivery.status, 401);
  assert.deepEqual(JSON.parse(delivery.responseBody), { code: 'FAIL', message: 'SIGN_MISMATCH' });
  assert.deepEqual((await events()).at(-1), { api: 'v3', error: 'SIGN_MISMATCH' });
});

test('workerd v3 rotated platform certificate: one refresh, then requests and notifications verify', async () => {
  const before = (await (await worker.fetch('/keys')).json()).downloads;
  const serial = sim.rotateCertificate();
  assert.equal((await call('v3', 'queryOrder', 'WKV3FLOW01')).result.out_trade_no, 'WKV3FLOW01');
  const keys = await (await worker.fetch('/keys')).json();
  assert.equal(keys.downloads, before + 1);
  assert.ok(keys.ids.includes(serial));
  assert.deepEqual(JSON.parse(keys.cached).certificates.map((c) => c.serial_no).sort(), keys.ids.slice().sort());
  await call('v3', 'appOrder', { description: 'rotated', out_trade_no: 'WKV3ROT001', notify_url: `${worker.url}/wxpay/v3`, amount: { total: 2 } });
  assert.equal((await sim.pay('WKV3ROT001')).delivery.status, 204);
  assert.equal((await events()).at(-1).resource.out_trade_no, 'WKV3ROT001');
});

test('workerd v2 flow: order → payment notification → query → refund through the mTLS binding → refund notification; duplicates', async () => {
  const notify = `${worker.url}/wxpay/v2`;
  const order = await call('v2', 'unifiedOrder', { body: '测试', out_trade_no: 'WKV2FLOW01', total_fee: 300, spbill_create_ip: '127.0.0.1', trade_type: 'JSAPI', openid: 'oX', notify_url: notify });
  assert.equal(order.ok, true, JSON.stringify(order));
  assert.match(order.result.prepay_id, /^wx/);
  const pay = await call('v2', 'jsapiPayParams', order.result.prepay_id);
  assert.equal(pay.result.signType, 'HMAC-SHA256');

  const { delivery } = await sim.pay('WKV2FLOW01');
  assert.equal(delivery.ok, true, delivery.responseBody);
  let ev = (await events()).at(-1);
  assert.deepEqual([ev.api, ev.type, ev.event.out_trade_no, ev.event.total_fee], ['v2', 'payment', 'WKV2FLOW01', '300']);
  await sim.redeliver();
  assert.deepEqual((await events()).at(-1), { api: 'v2', duplicate: ev.id });
  assert.equal((await call('v2', 'orderQuery', 'WKV2FLOW01')).result.trade_state, 'SUCCESS');

  const calls = bindingCalls.length;
  const refund = await call('v2', 'refund', { out_trade_no: 'WKV2FLOW01', out_refund_no: 'WKV2REFUND1', total_fee: 300, refund_fee: 100, notify_url: notify });
  assert.equal(refund.ok, true, JSON.stringify(refund));
  assert.equal(refund.result.refund_fee, '100');
  assert.deepEqual(bindingCalls.slice(calls), [`${sim.url}/secapi/pay/refund`], 'the refund went through env.MTLS.fetch');
  const settled = await sim.settleRefund('WKV2REFUND1');
  assert.equal(settled.delivery.ok, true);
  ev = (await events()).at(-1);
  assert.deepEqual([ev.type, ev.id, ev.event.refund_status], ['refund', 'WKV2REFUND1', 'SUCCESS']);
  assert.equal((await call('v2', 'refundQuery', 'WKV2REFUND1')).result.refund_status_0, 'SUCCESS');

  const closed = await call('v2', 'closeOrder', 'WKV2FLOW01');
  assert.deepEqual([closed.error.code, closed.error.isWechatPayError], ['ORDERPAID', true]);
  sim.tamperNextResponse();
  assert.equal((await call('v2', 'orderQuery', 'WKV2FLOW01')).error.code, 'SIGN_MISMATCH');
});

test('workerd: a simulator route that never answers is TIMEOUT (method, path, elapsed time); a GET is retried past one stall; v2 too', async () => {
  sim.hangNext(1);
  const stalled = await call('v3', 'queryOrder', 'WKV3FLOW01', { timeout: 200, retries: 0 });
  assert.equal(stalled.ok, false);
  const e = stalled.error;
  assert.deepEqual([e.isWechatPayError, e.code, e.method, e.path, e.attempts], [true, 'TIMEOUT', 'GET', `/v3/pay/transactions/out-trade-no/WKV3FLOW01?mchid=${M.mchId}`, 1]);
  assert.ok(e.elapsedMs >= 190, `elapsed ${e.elapsedMs}`);
  sim.hangNext(1);
  const retried = await call('v3', 'queryOrder', 'WKV3FLOW01', { timeout: 200, retries: 1 });
  assert.deepEqual([retried.ok, retried.result?.out_trade_no], [true, 'WKV3FLOW01'], JSON.stringify(retried));
  sim.hangNext(1);
  const v2 = await call('v2', 'orderQuery', 'WKV3FLOW01', { timeout: 200, retries: 0 });
  assert.deepEqual([v2.error.code, v2.error.path, v2.error.attempts], ['TIMEOUT', '/pay/orderquery', 1]);
});
