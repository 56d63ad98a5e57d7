// Part of `make demo` (imported at the end of demo.mjs): the merchant's whole job end to end
// against the local WeChat Pay simulator (tests/simulator/wechatpay.mjs, 127.0.0.1 only, TEST
// ONLY keys): order → paySign → payment notification → query → refund → refund notification, for
// API v3 and API v2, plus what happens to a redelivered, a tampered and a rotated-key message.
import http from 'node:http';
import { Agent } from 'undici';
import {
  createV3Client, createV2Client, PlatformKeys, handleV3Notification, handleV2Notification,
  memoryStore, memoryReplayStore,
} from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../tests/simulator/wechatpay.mjs';

const say = (title) => console.log(`\n== ${title}`);
let failed = false;
const check = (ok, text) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
  if (!ok) failed = true;
};

const sim = await startWechatPaySimulator({ tls: true });
const keys = new PlatformKeys({ apiV3Key: M.apiV3Key, store: memoryStore() });
const replayStore = memoryReplayStore();
const received = [];

// The merchant's notify_url: one small Node server for both API versions.
const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks).toString('utf8');
  const result = req.url === '/wxpay/v3'
    ? await handleV3Notification({ headers: req.headers, body }, { apiV3Key: M.apiV3Key, keys, replayStore })
    : await handleV2Notification(body, { key: M.v2Key, signType: 'HMAC-SHA256', mchId: M.mchId, replayStore });
  received.push(result);
  res.writeHead(result.ack.status, result.ack.headers);
  res.end(result.ack.body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const notifyBase = `http://127.0.0.1:${server.address().port}`;
const last = () => received.at(-1);

try {
  say(`API v3 against the WeChat Pay simulator at ${sim.url} (TEST ONLY keys)`);
  const v3client = createV3Client({
    mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, keys,
    appId: M.appId, notifyUrl: `${notifyBase}/wxpay/v3`, baseUrl: sim.url,
  });
  const outTradeNo = `DEMO${Date.now()}`;
  const { prepay_id: prepayId } = await v3client.jsapiOrder({
    description: 'Image形象店-深圳腾大-QQ公仔', out_trade_no: outTradeNo, amount: { total: 888, currency: 'CNY' },
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  });
  console.log(`JSAPI order ${outTradeNo}: prepay_id ${prepayId} (platform certificates downloaded: ${keys.downloads}, trusted ${keys.ids().join(', ')})`);
  console.log('wx.requestPayment', await v3client.jsapiPayParams(prepayId));

  const paid = await sim.pay(outTradeNo);
  check(paid.delivery.status === 204 && last().ok, `payment notification ${paid.delivery.id}: verified, decrypted (${last().event.resource.trade_state}, ${last().event.resource.amount.total} fen), acked ${paid.delivery.status}`);
  const again = await sim.redeliver();
  check(again.status === 204 && last().duplicate, 'the redelivered notification is acked as a duplicate, not processed twice');
  const order = await v3client.queryOrder(outTradeNo);
  check(order.trade_state === 'SUCCESS', `query: ${order.trade_state}, transaction ${order.transaction_id}`);

  const refund = await v3client.refund({ out_trade_no: outTradeNo, out_refund_no: `${outTradeNo}R`, amount: { refund: 300, total: 888, currency: 'CNY' } });
  console.log(`refund ${refund.out_refund_no}: ${refund.status}`);
  const settled = await sim.settleRefund(refund.out_refund_no);
  check(settled.delivery.status === 204 && last().event.event_type === 'REFUND.SUCCESS', `refund notification: ${last().event.event_type}, ${last().event.resource.amount.refund} fen`);
  check((await v3client.queryRefund(refund.out_refund_no)).status === 'SUCCESS', 'refund query: SUCCESS');

  sim.tamperNextResponse();
  try {
    await v3client.queryOrder(outTradeNo);
    check(false, 'a tampered response was accepted');
  } catch (e) {
    check(e.code === 'SIGN_MISMATCH', `a response altered in transit is refused: ${e.code}`);
  }
  try {
    await v3client.queryOrder('NO-SUCH-ORDER');
  } catch (e) {
    check(e.code === 'ORDER_NOT_EXIST', `WeChat Pay's error body becomes WechatPayError ${e.code} (HTTP ${e.status}, Request-ID ${e.requestId})`);
  }
  const serial = sim.rotateCertificate();
  const after = await v3client.queryOrder(outTradeNo);
  check(after.trade_state === 'REFUND' && keys.ids().includes(serial), `platform certificate rotated to ${serial}: one refresh (downloads: ${keys.downloads}), then verified`);

  say(`API v2 against the same simulator (XML; refund over mutual TLS at ${sim.httpsUrl})`);
  const caAgent = new Agent({ connect: { ca: M.tls.ca } });
  const mtlsAgent = new Agent({ connect: { ca: M.tls.ca, cert: M.tls.clientCert, key: M.tls.clientKey } });
  try {
    const v2client = createV2Client({
      appId: M.appId, mchId: M.mchId, key: M.v2Key, signType: 'HMAC-SHA256', baseUrl: sim.httpsUrl,
      notifyUrl: `${notifyBase}/wxpay/v2`,
      fetch: (url, init) => fetch(url, { dispatcher: caAgent, ...init }), // the test CA; real WeChat Pay needs nothing
      tls: { dispatcher: mtlsAgent }, // the merchant API certificate for /secapi/
    });
    const v2no = `DEMO2${Date.now()}`;
    const unified = await v2client.unifiedOrder({ body: '腾讯充值中心-QQ会员充值', out_trade_no: v2no, total_fee: 888, spbill_create_ip: '127.0.0.1', trade_type: 'JSAPI', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    console.log(`unified order ${v2no}: prepay_id ${unified.prepay_id}`);
    console.log('wx.requestPayment', v2client.jsapiPayParams(unified.prepay_id));
    const v2paid = await sim.pay(v2no);
    check(v2paid.delivery.ok && last().type === 'payment', `payment notification: sign verified (transaction ${last().id}), acked SUCCESS`);
    check((await v2client.orderQuery(v2no)).trade_state === 'SUCCESS', 'order query: SUCCESS');
    const v2refund = await v2client.refund({ out_trade_no: v2no, out_refund_no: `${v2no}R`, total_fee: 888, refund_fee: 888 });
    console.log(`refund ${v2refund.out_refund_no} over mutual TLS: refund_id ${v2refund.refund_id}`);
    const v2settled = await sim.settleRefund(v2refund.out_refund_no);
    check(v2settled.delivery.ok && last().event.refund_status === 'SUCCESS', 'refund notification: req_info decrypted (AES-256-ECB), SUCCESS');
    check((await v2client.refundQuery(v2refund.out_refund_no)).refund_status_0 === 'SUCCESS', 'refund query: SUCCESS');
  } finally {
    await Promise.all([caAgent.close(), mtlsAgent.close()]);
  }
} finally {
  await new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
  await sim.close();
}
if (failed) process.exitCode = 1;
