// API v3 end to end in Node: createV3Client, PlatformKeys and handleV3Notification against the
// WeChat Pay simulator (tests/simulator/wechatpay.mjs), which verifies every request with
// node:crypto and signs every response and notification with its own platform keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  createV3Client, PlatformKeys, handleV3Notification, memoryStore, memoryReplayStore, v3, WechatPayError,
} from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { startReceiver, v3PaySignValid, rejects } from './flow-helpers.mjs';

const PLATFORM1 = M.platformCertificates[0].serialNo;
const PLATFORM2 = M.platformCertificates[1].serialNo;

let sim;
let receiver;
let keys;
let store;
let client;
const processed = [];

function makeClient(extra = {}) {
  return createV3Client({
    mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, apiV3Key: M.apiV3Key,
    appId: M.appId, notifyUrl: `${receiver.url}/wxpay/v3`, baseUrl: sim.url, keys, ...extra,
  });
}

before(async () => {
  sim = await startWechatPaySimulator();
  store = memoryStore();
  keys = new PlatformKeys({ apiV3Key: M.apiV3Key, store });
  const replayStore = memoryReplayStore();
  receiver = await startReceiver(async (input) => {
    // Node's req.headers (lowercase names) and the raw body, as an http server sees them.
    const result = await handleV3Notification({ headers: input.headers, body: input.body }, {
      apiV3Key: M.apiV3Key, keys, replayStore, onEvent: (event) => { processed.push(event); },
    });
    receiver.results.push(result);
    return result.ack;
  });
  receiver.results = [];
  client = makeClient();
});
after(async () => {
  await receiver?.close();
  await sim?.close();
});

const jsapiOrder = (outTradeNo, total = 100) => client.jsapiOrder({
  description: 'Image形象店-深圳腾大-QQ公仔', out_trade_no: outTradeNo, amount: { total, currency: 'CNY' },
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
});

test('v3 flow: order → paySign → payment notification (verified, decrypted, acked) → query → refund → refund notification → refund query', async () => {
  const order = await jsapiOrder('V3FLOW0001', 888);
  assert.match(order.prepay_id, /^wx\d{14}[0-9a-f]{18}$/);
  assert.equal(keys.downloads, 1, 'the first request loaded the platform certificates');
  assert.deepEqual(keys.ids(), [PLATFORM1]);
  const cached = JSON.parse(await store.get('wechatpay-platform-certificates-1900000001'));
  assert.deepEqual(cached.certificates.map((c) => c.serial_no), [PLATFORM1]);
  assert.equal(cached.certificates[0].certificate_pem, M.platformCertificates[0].cert);

  const pay = await client.jsapiPayParams(order.prepay_id);
  assert.equal(pay.package, `prepay_id=${order.prepay_id}`);
  assert.equal(pay.signType, 'RSA');
  assert.equal(v3PaySignValid(pay, M.merchantCertificate), true, 'paySign verifies with the merchant certificate (node:crypto)');

  const { delivery } = await sim.pay('V3FLOW0001');
  assert.equal(delivery.status, 204);
  assert.equal(delivery.responseBody, '');
  assert.equal(delivery.ok, true);
  const paid = receiver.results.at(-1);
  assert.equal(paid.ok, true);
  assert.equal(paid.duplicate, false);
  assert.equal(paid.event.event_type, 'TRANSACTION.SUCCESS');
  assert.equal(paid.event.id, delivery.id);
  assert.equal(paid.event.resource.out_trade_no, 'V3FLOW0001');
  assert.equal(paid.event.resource.trade_state, 'SUCCESS');
  assert.equal(paid.event.resource.amount.total, 888);
  assert.equal(processed.at(-1).id, delivery.id);
  const transactionId = paid.event.resource.transaction_id;

  const byNo = await client.queryOrder('V3FLOW0001');
  assert.equal(byNo.trade_state, 'SUCCESS');
  assert.equal(byNo.transaction_id, transactionId);
  assert.equal((await client.queryOrderByTransactionId(transactionId)).out_trade_no, 'V3FLOW0001');

  const refund = await client.refund({ transaction_id: transactionId, out_refund_no: 'V3REFUND0001', reason: '商品已售完', amount: { refund: 300, total: 888, currency: 'CNY' } });
  assert.equal(refund.status, 'PROCESSING');
  assert.equal(refund.amount.refund, 300);
  const settled = await sim.settleRefund('V3REFUND0001');
  assert.equal(settled.delivery.ok, true);
  const refunded = receiver.results.at(-1);
  assert.equal(refunded.event.event_type, 'REFUND.SUCCESS');
  assert.equal(refunded.event.original_type, 'refund');
  assert.equal(refunded.event.resource.out_refund_no, 'V3REFUND0001');
  assert.equal(refunded.event.resource.refund_status, 'SUCCESS');
  assert.equal(refunded.event.resource.amount.refund, 300);

  const rq = await client.queryRefund('V3REFUND0001');
  assert.equal(rq.status, 'SUCCESS');
  assert.equal(rq.refund_id, refund.refund_id);
  assert.equal((await client.queryOrder('V3FLOW0001')).trade_state, 'REFUND');
  assert.equal(keys.downloads, 1, 'no further certificate download was needed');
});

test('v3 Native, App and H5 orders; close → 204 → null; WeChat Pay PARAM_ERROR / ORDERPAID / OUT_TRADE_NO_USED', async () => {
  const native = await client.nativeOrder({ description: 'QR', out_trade_no: 'V3NATIVE01', amount: { total: 1 } });
  assert.match(native.code_url, /^weixin:\/\/wxpay\/bizpayurl\?pr=\w{7}$/);
  const app = await client.appOrder({ description: 'App', out_trade_no: 'V3APP00001', amount: { total: 1 } });
  assert.match(app.prepay_id, /^wx/);
  const appPay = await client.appPayParams(app.prepay_id);
  assert.deepEqual([appPay.partnerid, appPay.prepayid, appPay.package], [M.mchId, app.prepay_id, 'Sign=WXPay']);
  const appMessage = `${appPay.appid}\n${appPay.timestamp}\n${appPay.noncestr}\n${appPay.prepayid}\n`;
  assert.equal(crypto.verify('sha256', Buffer.from(appMessage), crypto.createPublicKey(M.merchantCertificate), Buffer.from(appPay.sign, 'base64')), true);
  const h5 = await client.h5Order({ description: 'H5', out_trade_no: 'V3H5000001', amount: { total: 1 }, scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } } });
  assert.match(h5.h5_url, /^https:\/\/wx\.tenpay\.com\//);

  const noScene = await rejects(client.h5Order({ description: 'H5', out_trade_no: 'V3H5000002', amount: { total: 1 } }));
  assert.ok(noScene instanceof WechatPayError);
  assert.deepEqual([noScene.code, noScene.status, noScene.verified], ['PARAM_ERROR', 400, true]);
  assert.match(noScene.message, /scene_info\.payer_client_ip/);
  assert.match(noScene.requestId, /^08[0-9A-F]{32}$/);

  assert.equal(await client.closeOrder('V3NATIVE01'), null);
  assert.equal((await client.queryOrder('V3NATIVE01')).trade_state, 'CLOSED');
  const used = await rejects(client.nativeOrder({ description: 'QR again', out_trade_no: 'V3APP00001', amount: { total: 2 } }));
  assert.deepEqual([used.code, used.status], ['OUT_TRADE_NO_USED', 403]);
  await sim.pay('V3APP00001', { notify: false });
  const paidClose = await rejects(client.closeOrder('V3APP00001'));
  assert.deepEqual([paidClose.code, paidClose.status], ['ORDERPAID', 400]);
});

test('v3 WeChat Pay error bodies → WechatPayError with .code, .status, .requestId', async () => {
  const missing = await rejects(client.queryOrder('V3NOSUCHORDER'));
  assert.deepEqual([missing.code, missing.status, missing.message], ['ORDER_NOT_EXIST', 404, '订单不存在']);
  assert.match(missing.requestId, /^08[0-9A-F]{32}$/);
  assert.equal(sim.requests.at(-1).code, 'ORDER_NOT_EXIST');

  sim.failNext(500, 'SYSTEM_ERROR', '系统错误');
  const system = await rejects(client.queryOrder('V3FLOW0001', { retries: 0 }));
  assert.deepEqual([system.code, system.status, system.attempts], ['SYSTEM_ERROR', 500, 1]);

  const refundMissing = await rejects(client.queryRefund('V3NOSUCHREFUND'));
  assert.deepEqual([refundMissing.code, refundMissing.status], ['RESOURCE_NOT_EXISTS', 404]);
  const tooMuch = await rejects(client.refund({ out_trade_no: 'V3FLOW0001', out_refund_no: 'V3REFUND0099', amount: { refund: 100000, total: 888, currency: 'CNY' } }));
  assert.deepEqual([tooMuch.code, tooMuch.status], ['INVALID_REQUEST', 400]);
});

test('v3 requests the simulator must refuse with 401 SIGN_ERROR: wrong merchant key, wrong serial, wrong mchid', async () => {
  const wrongKey = makeClient({ privateKey: M.wrongKey });
  const e1 = await rejects(wrongKey.queryOrder('V3FLOW0001'));
  assert.deepEqual([e1.code, e1.status, e1.message], ['SIGN_ERROR', 401, '签名错误']);
  const wrongSerial = makeClient({ serialNo: M.platformCertificates[0].serialNo });
  assert.equal((await rejects(wrongSerial.queryOrder('V3FLOW0001'))).code, 'SIGN_ERROR');
  const wrongMch = makeClient({ mchId: '1900000002' });
  assert.equal((await rejects(wrongMch.queryOrder('V3FLOW0001'))).code, 'SIGN_ERROR');
});

test('v3 the signed URL is exactly the path and query sent: encoded segments; dot segments refused', async () => {
  const order = await jsapiOrder('V3|ENC*_-01', 5);
  assert.match(order.prepay_id, /^wx/);
  const q = await client.queryOrder('V3|ENC*_-01');
  assert.equal(q.out_trade_no, 'V3|ENC*_-01');
  assert.ok(sim.requests.some((r) => r.url === `/v3/pay/transactions/out-trade-no/V3%7CENC*_-01?mchid=${M.mchId}` && r.status === 200));
  assert.equal((await rejects(client.queryOrder('..'))).code, 'INVALID_ARGUMENT');
  // A raw request with a query string signs the query too.
  assert.equal((await client.request('GET', `/v3/pay/transactions/out-trade-no/V3FLOW0001?mchid=${M.mchId}`)).out_trade_no, 'V3FLOW0001');
});

test('v3 a response altered after signing is refused (SIGN_MISMATCH); the next one verifies', async () => {
  sim.tamperNextResponse();
  const e = await rejects(client.queryOrder('V3FLOW0001'));
  assert.equal(e.code, 'SIGN_MISMATCH');
  assert.equal(e.status, 200);
  assert.equal((await client.queryOrder('V3FLOW0001')).out_trade_no, 'V3FLOW0001');
  // A signed error response altered in transit is not believed either.
  sim.tamperNextResponse();
  assert.equal((await rejects(client.queryOrder('V3NOSUCHORDER'))).code, 'SIGN_MISMATCH');
});

test('v3 a response signed with the wrong platform key is refused (SIGN_MISMATCH)', async () => {
  sim.useWrongPlatformKey(true);
  try {
    const e = await rejects(client.queryOrder('V3FLOW0001'));
    assert.equal(e.code, 'SIGN_MISMATCH');
  } finally {
    sim.useWrongPlatformKey(false);
  }
});

test('v3 an expired response timestamp is refused (TIMESTAMP_SKEW); so is an expired notification (401, not processed)', async () => {
  await jsapiOrder('V3EXPIRED1', 9);
  sim.setTimestampOffset(-301);
  try {
    const e = await rejects(client.queryOrder('V3EXPIRED1'));
    assert.equal(e.code, 'TIMESTAMP_SKEW');
    const count = processed.length;
    const { delivery } = await sim.pay('V3EXPIRED1');
    assert.equal(delivery.status, 401);
    assert.deepEqual(JSON.parse(delivery.responseBody), { code: 'FAIL', message: 'TIMESTAMP_SKEW' });
    assert.equal(delivery.ok, false);
    assert.equal(processed.length, count);
  } finally {
    sim.setTimestampOffset(0);
  }
  // WeChat Pay redelivers later with a fresh signature: accepted then.
  const fresh = await sim.deliver(sim.paymentNotification('V3EXPIRED1'));
  assert.equal(fresh.status, 204);
  assert.equal(receiver.results.at(-1).event.resource.out_trade_no, 'V3EXPIRED1');
});

test('v3 notifications: a redelivery is a duplicate (acked 204, processed once); tampered → 401 FAIL; SIGNTEST probe → 401', async () => {
  await jsapiOrder('V3DUP00001', 3);
  const first = await sim.pay('V3DUP00001');
  assert.equal(first.delivery.status, 204);
  const count = processed.length;
  const again = await sim.redeliver();
  assert.equal(again.status, 204);
  const dup = receiver.results.at(-1);
  assert.deepEqual([dup.ok, dup.duplicate, dup.id], [true, true, first.delivery.id]);
  assert.equal(processed.length, count);

  await jsapiOrder('V3TAMPER01', 4);
  sim.tamperNextResponse();
  const tampered = await sim.pay('V3TAMPER01');
  assert.equal(tampered.delivery.status, 401);
  assert.deepEqual(JSON.parse(tampered.delivery.responseBody), { code: 'FAIL', message: 'SIGN_MISMATCH' });
  assert.equal(processed.length, count);

  const n = sim.paymentNotification('V3TAMPER01');
  const probe = await sim.deliver({ ...n, headers: { ...n.headers, 'Wechatpay-Signature': `WECHATPAY/SIGNTEST/${n.headers['Wechatpay-Signature']}` } });
  assert.equal(probe.status, 401);
  assert.equal(receiver.results.at(-1).error.code, 'SIGNTEST_PROBE');
});

test('handleV3Notification takes a fetch Request, rejects a wrong API v3 key (400) and forgets the id when processing fails', async () => {
  await jsapiOrder('V3REQ00001', 6);
  await sim.pay('V3REQ00001', { notify: false });
  const n = sim.paymentNotification('V3REQ00001');
  const request = () => new Request('http://127.0.0.1/notify', { method: 'POST', headers: n.headers, body: n.body });
  const store2 = memoryReplayStore();
  const wrongKey = await handleV3Notification(request(), { apiV3Key: 'x'.repeat(32), keys, replayStore: store2 });
  assert.deepEqual([wrongKey.ok, wrongKey.error.code, wrongKey.ack.status], [false, 'DECRYPT_FAILED', 400]);
  let calls = 0;
  const onEvent = () => { calls += 1; if (calls === 1) throw new Error('database down'); };
  const failed = await handleV3Notification(request(), { apiV3Key: M.apiV3Key, keys, replayStore: store2, onEvent });
  assert.deepEqual([failed.ok, failed.ack.status, JSON.parse(failed.ack.body).code], [false, 500, 'FAIL']);
  const retried = await handleV3Notification(request(), { apiV3Key: M.apiV3Key, keys, replayStore: store2, onEvent });
  assert.deepEqual([retried.ok, retried.duplicate, retried.ack.status, calls], [true, false, 204, 2]);
  const dup = await handleV3Notification(request(), { apiV3Key: M.apiV3Key, keys, replayStore: store2, onEvent });
  assert.deepEqual([dup.ok, dup.duplicate, calls], [true, true, 2]);
  // A parsed-JSON body (not the raw text) is refused: the signature covers the exact bytes.
  const parsed = await handleV3Notification({ headers: n.headers, body: JSON.parse(n.body) }, { apiV3Key: M.apiV3Key, keys });
  assert.equal(parsed.error.code, 'INVALID_ARGUMENT');
  // The verifier may also be a fixed v3.Verifier.
  const fixed = v3.createVerifier(M.platformCertificates[0].cert, M.platformCertificates[1].cert);
  assert.equal((await handleV3Notification(request(), { apiV3Key: M.apiV3Key, keys: fixed, replayStore: null })).ok, true);
});

test('v3 rotated platform certificate: unknown serial → one refresh (shared by concurrent requests) → success', async () => {
  const before = keys.downloads;
  const serial = sim.rotateCertificate();
  assert.equal(serial, PLATFORM2);
  const results = await Promise.all(Array.from({ length: 5 }, () => client.queryOrder('V3FLOW0001')));
  assert.ok(results.every((r) => r.out_trade_no === 'V3FLOW0001'));
  assert.equal(keys.downloads, before + 1, 'concurrent requests shared one download');
  assert.deepEqual(keys.ids().sort(), [PLATFORM1, PLATFORM2].sort());
  const cached = JSON.parse(await store.get('wechatpay-platform-certificates-1900000001'));
  assert.deepEqual(cached.certificates.map((c) => c.serial_no).sort(), [PLATFORM1, PLATFORM2].sort());
  // Notifications signed with the new certificate verify too.
  await jsapiOrder('V3ROTATE01', 8);
  assert.equal((await sim.pay('V3ROTATE01')).delivery.status, 204);
  assert.equal(receiver.results.at(-1).event.resource.out_trade_no, 'V3ROTATE01');
});

test('v3 PlatformKeys: concurrent first requests share one certificate download', async () => {
  const k = new PlatformKeys({ apiV3Key: M.apiV3Key });
  const c = makeClient({ keys: k });
  const results = await Promise.all(Array.from({ length: 6 }, () => c.queryOrder('V3FLOW0001')));
  assert.ok(results.every((r) => r.out_trade_no === 'V3FLOW0001'));
  assert.equal(k.downloads, 1);
});

test('v3 a serial WeChat Pay does not list stays unknown: one refresh, then SERIAL_UNKNOWN (and no refresh storm)', async () => {
  let t = Date.now();
  const k = new PlatformKeys({ apiV3Key: M.apiV3Key, clock: () => t });
  const c = makeClient({ keys: k, clock: () => t });
  await c.queryOrder('V3FLOW0001');
  assert.equal(k.downloads, 1);
  sim.signWith('publicKey');
  try {
    const e1 = await rejects(c.queryOrder('V3FLOW0001'));
    assert.equal(e1.code, 'SERIAL_UNKNOWN');
    assert.equal(k.downloads, 2, 'one refresh was tried');
    const e2 = await rejects(c.queryOrder('V3FLOW0001'));
    assert.equal(e2.code, 'SERIAL_UNKNOWN');
    assert.equal(k.downloads, 2, 'no second refresh within minRefreshInterval');
    t += 61_000;
    await rejects(c.queryOrder('V3FLOW0001')).catch(() => {});
    assert.equal(k.downloads, 3, 'allowed again after a minute');
  } finally {
    sim.signWith('certificate');
  }
});

test('v3 public-key mode (PUB_KEY_ID_…): no certificate download at all', async () => {
  const k = new PlatformKeys({ publicKey: M.publicKey, publicKeyId: M.publicKeyId });
  const c = makeClient({ keys: k });
  sim.signWith('publicKey');
  try {
    assert.equal((await c.queryOrder('V3FLOW0001')).trade_state, 'REFUND');
    assert.equal(k.downloads, 0);
    assert.deepEqual(k.ids(), [M.publicKeyId]);
    // A response signed with a platform certificate is then unknown, and not refreshed.
    sim.signWith('certificate');
    assert.equal((await rejects(c.queryOrder('V3FLOW0001'))).code, 'SERIAL_UNKNOWN');
    assert.equal(k.downloads, 0);
  } finally {
    sim.signWith('certificate');
  }
});

test('PlatformKeys: cached certificates are reused from the store, refreshed after 12 h by the injected clock', async () => {
  let t = Date.now();
  const clock = () => t;
  const sim2 = await startWechatPaySimulator({ clock });
  try {
    const shared = memoryStore();
    const k1 = new PlatformKeys({ apiV3Key: M.apiV3Key, store: shared, clock });
    const c1 = makeClient({ keys: k1, clock, baseUrl: sim2.url });
    await c1.nativeOrder({ description: 'cache', out_trade_no: 'V3CACHE001', amount: { total: 1 } });
    assert.equal(k1.downloads, 1);
    // Another process / isolate with the same store: no download.
    const k2 = new PlatformKeys({ apiV3Key: M.apiV3Key, store: shared, clock });
    const c2 = makeClient({ keys: k2, clock, baseUrl: sim2.url });
    assert.equal((await c2.queryOrder('V3CACHE001')).trade_state, 'NOTPAY');
    assert.equal(k2.downloads, 0);
    assert.equal(sim2.state.certificateDownloads, 1);
    t += 12 * 3600_000 - 1000;
    await c2.queryOrder('V3CACHE001');
    assert.equal(k2.downloads, 0, 'still fresh just before 12 h');
    t += 2000;
    await c2.queryOrder('V3CACHE001');
    assert.equal(k2.downloads, 1, 'refreshed once 12 h have passed');
    assert.equal(JSON.parse(await shared.get('wechatpay-platform-certificates-1900000001')).fetchedAt, t);
  } finally {
    await sim2.close();
  }
});

test('PlatformKeys: the /v3/certificates response itself is verified; a forged or unreadable one is refused', async () => {
  const sim3 = await startWechatPaySimulator();
  try {
    // Signed with a key that is neither trusted nor among the delivered certificates.
    sim3.useWrongPlatformKey(true);
    const k = new PlatformKeys({ apiV3Key: M.apiV3Key });
    const c = makeClient({ keys: k, baseUrl: sim3.url });
    assert.equal((await rejects(c.nativeOrder({ description: 'x', out_trade_no: 'V3CERT0001', amount: { total: 1 } }))).code, 'SIGN_MISMATCH');
    assert.deepEqual(k.ids(), []);
    sim3.useWrongPlatformKey(false);
    // Certificates encrypted with another API v3 key do not decrypt.
    const other = new PlatformKeys({ apiV3Key: 'OTHERapiV3key0123456789abcdef012' });
    const c2 = makeClient({ keys: other, baseUrl: sim3.url });
    assert.equal((await rejects(c2.queryOrder('V3CERT0001'))).code, 'DECRYPT_FAILED');
    // Altered in transit (only by a space: the certificates still decrypt, the signature fails).
    const k3 = new PlatformKeys({ apiV3Key: M.apiV3Key });
    const c3 = makeClient({ keys: k3, baseUrl: sim3.url });
    sim3.tamperNextResponse(1, 'whitespace');
    assert.equal((await rejects(k3.refresh())).code, 'SIGN_MISMATCH');
    assert.deepEqual(k3.ids(), []);
    // And then it works.
    assert.equal((await c3.nativeOrder({ description: 'x', out_trade_no: 'V3CERT0001', amount: { total: 1 } })).code_url.startsWith('weixin://'), true);
    assert.equal(k3.downloads, 2);
    assert.deepEqual(k3.ids(), [PLATFORM1]);
  } finally {
    await sim3.close();
  }
});
