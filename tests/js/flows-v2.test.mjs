// API v2 end to end in Node: createV2Client and handleV2Notification against the WeChat Pay
// simulator (tests/simulator/wechatpay.mjs), including mutual TLS for /secapi/pay/refund through
// an undici dispatcher.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'undici';
import { createV2Client, handleV2Notification, memoryReplayStore, WechatPayError } from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { startReceiver, v2ReferenceSign, rejects } from './flow-helpers.mjs';

let sim;
let receiver;
let replayStore;
const processed = [];
const caAgent = new Agent({ connect: { ca: M.tls.ca } });
const mtlsAgent = new Agent({ connect: { ca: M.tls.ca, cert: M.tls.clientCert, key: M.tls.clientKey } });
const rogueAgent = new Agent({ connect: { ca: M.tls.ca, cert: M.tls.rogueCert, key: M.tls.rogueKey } });

before(async () => {
  sim = await startWechatPaySimulator({ tls: true });
  replayStore = memoryReplayStore();
  receiver = await startReceiver(async ({ body }) => {
    const result = await handleV2Notification(body, {
      key: M.v2Key, signType: 'HMAC-SHA256', mchId: M.mchId, appId: M.appId, replayStore,
      onEvent: (event, info) => { processed.push({ ...info, event }); },
    });
    receiver.results.push(result);
    return result.ack;
  });
  receiver.results = [];
});
after(async () => {
  await receiver?.close();
  await sim?.close();
  await Promise.all([caAgent, mtlsAgent, rogueAgent].map((a) => a.close()));
});

// Over HTTPS (test CA) like the real endpoint; /secapi/ with the merchant certificate.
const httpsClient = (extra = {}) => createV2Client({
  appId: M.appId, mchId: M.mchId, key: M.v2Key, signType: 'HMAC-SHA256', baseUrl: sim.httpsUrl,
  notifyUrl: `${receiver.url}/wxpay/v2`,
  fetch: (url, init) => fetch(url, { dispatcher: caAgent, ...init }),
  tls: { dispatcher: mtlsAgent },
  ...extra,
});

test('v2 flow over HTTPS: order → paySign → payment notification → query → refund (mTLS) → refund notification → refund query', async () => {
  const client = httpsClient();
  const order = await client.unifiedOrder({ body: '测试商品', out_trade_no: 'V2FLOW0001', total_fee: 888, spbill_create_ip: '127.0.0.1', trade_type: 'JSAPI', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
  assert.equal(order.result_code, 'SUCCESS');
  assert.match(order.prepay_id, /^wx\d{14}[0-9a-f]{18}$/);
  assert.equal(order.sign, v2ReferenceSign(order, M.v2Key, 'HMAC-SHA256'), 'the response sign was verified with the request sign type');
  const unified = sim.requests.at(-1);
  assert.deepEqual([unified.url, unified.code], ['/pay/unifiedorder', undefined]);

  const pay = client.jsapiPayParams(order.prepay_id);
  assert.equal(pay.package, `prepay_id=${order.prepay_id}`);
  assert.equal(pay.signType, 'HMAC-SHA256');
  assert.equal(pay.paySign, v2ReferenceSign({ appId: pay.appId, timeStamp: pay.timeStamp, nonceStr: pay.nonceStr, package: pay.package, signType: pay.signType }, M.v2Key, 'HMAC-SHA256'));

  const { delivery } = await sim.pay('V2FLOW0001');
  assert.equal(delivery.ok, true, delivery.responseBody);
  assert.match(delivery.responseBody, /<return_code><!\[CDATA\[SUCCESS\]\]><\/return_code>/);
  const paid = receiver.results.at(-1);
  assert.equal(paid.ok, true);
  assert.equal(paid.type, 'payment');
  assert.equal(paid.duplicate, false);
  assert.equal(paid.event.out_trade_no, 'V2FLOW0001');
  assert.equal(paid.event.total_fee, '888');
  assert.equal(paid.id, paid.event.transaction_id);
  assert.equal(processed.at(-1).id, paid.id);

  const query = await client.orderQuery('V2FLOW0001');
  assert.equal(query.trade_state, 'SUCCESS');
  assert.equal(query.transaction_id, paid.id);
  assert.equal((await client.orderQuery({ transaction_id: paid.id })).out_trade_no, 'V2FLOW0001');

  const refund = await client.refund({ out_trade_no: 'V2FLOW0001', out_refund_no: 'V2REFUND0001', total_fee: 888, refund_fee: 300 });
  assert.equal(refund.refund_fee, '300');
  assert.match(refund.refund_id, /^\d{30}$/);

  const settled = await sim.settleRefund('V2REFUND0001');
  assert.equal(settled.delivery.ok, true);
  const refunded = receiver.results.at(-1);
  assert.equal(refunded.ok, true);
  assert.equal(refunded.type, 'refund');
  assert.equal(refunded.id, 'V2REFUND0001');
  assert.equal(refunded.event.refund_status, 'SUCCESS');
  assert.equal(refunded.event.refund_fee, '300');
  assert.equal(refunded.event.transaction_id, paid.id);
  assert.equal('req_info' in refunded.event, false);

  const rq = await client.refundQuery('V2REFUND0001');
  assert.equal(rq.refund_status_0, 'SUCCESS');
  assert.equal(rq.refund_count, '1');
  assert.equal((await client.orderQuery('V2FLOW0001')).trade_state, 'REFUND');
});

test('v2 MD5 client over plain HTTP: order and query, WeChat Pay result errors as WechatPayError codes', async () => {
  const client = createV2Client({ appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.url, notifyUrl: `${receiver.url}/wxpay/v2` });
  const order = await client.unifiedOrder({ body: 'native', out_trade_no: 'V2MD50001', total_fee: 1, spbill_create_ip: '127.0.0.1', trade_type: 'NATIVE', product_id: 'P1' });
  assert.match(order.code_url, /^weixin:\/\/wxpay\/bizpayurl\?pr=/);
  assert.equal(order.sign, v2ReferenceSign(order, M.v2Key, 'MD5'));
  assert.equal((await client.orderQuery('V2MD50001')).trade_state, 'NOTPAY');

  const missing = await rejects(client.orderQuery('V2NOSUCHORDER'));
  assert.ok(missing instanceof WechatPayError);
  assert.equal(missing.code, 'ORDERNOTEXIST');
  assert.equal(missing.errCodeDes, '订单不存在');

  await client.closeOrder('V2MD50001');
  assert.equal((await client.orderQuery('V2MD50001')).trade_state, 'CLOSED');
  const reopened = await rejects(client.unifiedOrder({ body: 'native', out_trade_no: 'V2MD50001', total_fee: 1, spbill_create_ip: '127.0.0.1', trade_type: 'NATIVE', product_id: 'P1' }));
  assert.equal(reopened.code, 'ORDERCLOSED');

  const paramError = await rejects(client.unifiedOrder({ body: 'jsapi without openid', out_trade_no: 'V2MD50002', total_fee: 1, spbill_create_ip: '127.0.0.1', trade_type: 'JSAPI' }));
  assert.equal(paramError.code, 'PARAM_ERROR');
});

test('v2: a wrong API key is refused by WeChat Pay (return_code FAIL → RETURN_FAIL with return_msg)', async () => {
  const client = createV2Client({ appId: M.appId, mchId: M.mchId, key: 'WRONGv2apiKey0123456789abcdef012', baseUrl: sim.url });
  const e = await rejects(client.orderQuery('V2FLOW0001'));
  assert.ok(e instanceof WechatPayError);
  assert.equal(e.code, 'RETURN_FAIL');
  assert.equal(e.message, '签名错误');
  assert.equal(e.returnMsg, '签名错误');
  assert.deepEqual(sim.requests.at(-1).returnMsg, '签名错误');
});

test('v2: a response altered after signing is refused (SIGN_MISMATCH)', async () => {
  const client = httpsClient();
  sim.tamperNextResponse();
  const e = await rejects(client.orderQuery('V2FLOW0001'));
  assert.equal(e.code, 'SIGN_MISMATCH');
  assert.equal((await client.orderQuery('V2FLOW0001')).out_trade_no, 'V2FLOW0001', 'the next, untampered response verifies');
});

test('v2 refund needs the merchant certificate: TLS_REQUIRED without tls, refused over plain HTTP and with a rogue certificate', async () => {
  const fields = { out_trade_no: 'V2FLOW0001', out_refund_no: 'V2REFUND0009', total_fee: 888, refund_fee: 1 };
  const noTls = createV2Client({ appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.url });
  assert.equal((await rejects(noTls.refund(fields))).code, 'TLS_REQUIRED');
  // A dispatcher on a plain-HTTP URL presents no certificate: WeChat Pay refuses.
  const plain = createV2Client({ appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.url, tls: { dispatcher: mtlsAgent } });
  const e1 = await rejects(plain.refund(fields));
  assert.equal(e1.code, 'RETURN_FAIL');
  assert.match(e1.message, /证书/);
  const rogue = httpsClient({ tls: { dispatcher: rogueAgent } });
  const e2 = await rejects(rogue.refund(fields));
  assert.equal(e2.code, 'RETURN_FAIL');
  assert.match(e2.message, /证书/);
  assert.equal(sim.state.refunds.has('V2REFUND0009'), false);
});

test('v2 refund through a caller-supplied mTLS fetch (the Workers binding shape: an object with fetch)', async () => {
  const used = [];
  const binding = { fetch(url, init) { used.push(url); return fetch(url, { ...init, dispatcher: mtlsAgent }); } };
  const client = httpsClient({ tls: binding });
  const r = await client.refund({ out_trade_no: 'V2FLOW0001', out_refund_no: 'V2REFUND0002', total_fee: 888, refund_fee: 2 });
  assert.equal(r.refund_fee, '2');
  assert.deepEqual(used, [`${sim.httpsUrl}/secapi/pay/refund`]);
});

test('v2 notifications: a redelivery is a duplicate (acked, not processed again); a tampered one is refused', async () => {
  const client = httpsClient();
  await client.unifiedOrder({ body: 'dup', out_trade_no: 'V2DUP0001', total_fee: 5, spbill_create_ip: '127.0.0.1', trade_type: 'APP' });
  await sim.pay('V2DUP0001');
  const first = receiver.results.at(-1);
  assert.equal(first.duplicate, false);
  const count = processed.length;

  const again = await sim.redeliver();
  assert.equal(again.ok, true, 'a duplicate is still acknowledged');
  const second = receiver.results.at(-1);
  assert.equal(second.ok, true);
  assert.equal(second.duplicate, true);
  assert.equal(second.id, first.id);
  assert.equal(processed.length, count, 'onEvent is not called for a duplicate');

  await client.unifiedOrder({ body: 'tampered', out_trade_no: 'V2TAMPER01', total_fee: 7, spbill_create_ip: '127.0.0.1', trade_type: 'APP' });
  sim.tamperNextResponse();
  const { delivery } = await sim.pay('V2TAMPER01');
  assert.equal(delivery.ok, false);
  assert.match(delivery.responseBody, /<return_code><!\[CDATA\[FAIL\]\]><\/return_code><return_msg><!\[CDATA\[SIGN_MISMATCH\]\]>/);
  const refused = receiver.results.at(-1);
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'SIGN_MISMATCH');
  assert.equal(processed.length, count);

  // A tampered refund req_info does not decrypt.
  await client.refund({ out_trade_no: 'V2DUP0001', out_refund_no: 'V2REFUND0003', total_fee: 5, refund_fee: 5 });
  sim.tamperNextResponse();
  const bad = await sim.settleRefund('V2REFUND0003');
  assert.equal(bad.delivery.ok, false);
  assert.match(receiver.results.at(-1).error.code, /^(DECRYPT_FAILED|XML_INVALID)$/);
});

test('handleV2Notification: processing failure forgets the id so the redelivery is processed', async () => {
  const store = memoryReplayStore();
  const client = httpsClient();
  await client.unifiedOrder({ body: 'fail once', out_trade_no: 'V2FAIL0001', total_fee: 3, spbill_create_ip: '127.0.0.1', trade_type: 'APP' });
  const { order } = await sim.pay('V2FAIL0001', { notify: false });
  const n = sim.v2PaymentNotification('V2FAIL0001');
  let calls = 0;
  const onEvent = () => { calls += 1; if (calls === 1) throw new Error('database down'); };
  const r1 = await handleV2Notification(n.body, { key: M.v2Key, signType: 'HMAC-SHA256', replayStore: store, onEvent });
  assert.equal(r1.ok, false);
  assert.equal(r1.error.code, 'HANDLER_ERROR');
  assert.match(r1.ack.body, /FAIL/);
  const r2 = await handleV2Notification(n.body, { key: M.v2Key, signType: 'HMAC-SHA256', replayStore: store, onEvent });
  assert.deepEqual([r2.ok, r2.duplicate, r2.id, calls], [true, false, order.transaction_id, 2]);
  const r3 = await handleV2Notification(n.body, { key: M.v2Key, signType: 'HMAC-SHA256', replayStore: store, onEvent });
  assert.deepEqual([r3.ok, r3.duplicate, calls], [true, true, 2]);
  // Another merchant's notification is refused even when signed with the same key.
  const other = await handleV2Notification(n.body, { key: M.v2Key, signType: 'HMAC-SHA256', mchId: '1900000002', replayStore: store });
  assert.equal(other.error.code, 'NOTIFY_MISMATCH');
  // Without the configured sign type the HMAC notification (which names its sign_type) still verifies.
  assert.equal((await handleV2Notification(n.body, { key: M.v2Key, replayStore: null })).ok, true);
  assert.equal((await handleV2Notification(n.body, { key: 'x'.repeat(32), replayStore: null })).error.code, 'SIGN_MISMATCH');
});
