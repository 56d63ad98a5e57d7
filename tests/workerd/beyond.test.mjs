// Upload, transfer bills, profit sharing and the service-provider client inside real workerd,
// against the WeChat Pay simulator; notifications are delivered to the Worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startWorker } from './harness.mjs';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { PARTNER_MATERIAL as P } from '../simulator/wechatpay-beyond.mjs';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
let sim;
let worker;

before(async () => {
  sim = await startWechatPaySimulator();
  worker = await startWorker(new URL('./beyond-worker.mjs', import.meta.url).pathname, {
    bindings: {
      WECHATPAY_MCHID: M.mchId, WECHATPAY_APPID: M.appId, WECHATPAY_SERIAL_NO: M.merchantSerialNo,
      WECHATPAY_PRIVATE_KEY: M.merchantPrivateKey, WECHATPAY_API_V3_KEY: M.apiV3Key, WECHATPAY_BASE_URL: sim.url,
    },
  });
});
after(async () => {
  await worker?.dispose();
  await sim?.close();
});

async function call(client, method, args, file) {
  const res = await worker.fetch('/call', { method: 'POST', body: JSON.stringify({ client, method, args, file }) });
  return res.json();
}
const events = async () => (await worker.fetch('/events')).json();

test('workerd: uploadImage (the simulator verifies the meta-only signature and the SHA-256); a file over the limit is refused before sending', async () => {
  const png = crypto.randomBytes(4096);
  const r = await call('v3', 'uploadImage', [null, 'a.png'], png.toString('base64'));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(sim.state.beyond.media.get(r.result.media_id).sha256, crypto.createHash('sha256').update(png).digest('hex'));
  const before = sim.requests.length;
  const big = await call('v3', 'uploadImage', [null, 'b.png'], Buffer.alloc(2 * 1024 * 1024 + 1).toString('base64'));
  assert.deepEqual(big.error && [big.error.code, big.error.limit], ['INPUT_TOO_LARGE', 2 * 1024 * 1024]);
  assert.equal(sim.requests.length, before);
});

test('workerd: transfer bill with an encrypted user_name (decrypted by the simulator), its notification handled by the Worker', async () => {
  const outBillNo = `WKTB${Date.now()}`;
  const r = await call('v3', 'createTransferBill', [{ out_bill_no: outBillNo, transfer_scene_id: '1000', openid: OPENID, user_name: '张三', transfer_amount: 520, transfer_remark: '报销', notify_url: `${worker.url}/wxpay/v3` }]);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(sim.state.beyond.transfers.get(outBillNo).user_name, '张三');
  const params = await call('v3', 'requestMerchantTransferParams', [r.result]);
  assert.deepEqual(params.result, { mchId: M.mchId, appId: M.appId, package: r.result.package_info });
  const { delivery } = await sim.finishTransfer(outBillNo);
  assert.equal(delivery.ok, true);
  const last = (await events()).at(-1);
  assert.deepEqual([last.event_type, last.resource.out_bill_no, last.resource.state], ['MCHTRANSFER.BILL.FINISHED', outBillNo, 'SUCCESS']);
});

test('workerd: profit sharing (receiver name encrypted) and its notification', async () => {
  const outTradeNo = `WKPS${Date.now()}`;
  assert.equal((await call('v3', 'jsapiOrder', [{ description: 'x', out_trade_no: outTradeNo, notify_url: 'https://merchant.example/n', amount: { total: 100 }, payer: { openid: OPENID } }])).ok, true);
  const { order } = await sim.pay(outTradeNo, { notify: false });
  const added = await call('v3', 'addProfitSharingReceiver', [{ type: 'MERCHANT_ID', account: '1900000109', name: '示例商户', relation_type: 'PARTNER' }]);
  assert.equal(added.ok, true, JSON.stringify(added));
  assert.equal((await call('v3', 'decryptSensitive', [added.result.name])).result, '示例商户');
  const outOrderNo = `WKPO${Date.now()}`;
  const created = await call('v3', 'createProfitSharingOrder', [{ transaction_id: order.transaction_id, out_order_no: outOrderNo, unfreeze_unsplit: true, receivers: [{ type: 'MERCHANT_ID', account: '1900000109', name: '示例商户', amount: 10, description: 'd' }] }]);
  assert.equal(created.ok, true, JSON.stringify(created));
  await sim.finishProfitSharing(outOrderNo, { notifyUrl: `${worker.url}/wxpay/v3` });
  const last = (await events()).at(-1);
  assert.deepEqual([last.event_type, last.resource.out_order_no, last.resource.receiver.amount], ['PROFITSHARING.SUCCESS', outOrderNo, 10]);
});

test('workerd: partner order with sub_appid; pay params signed with sub_appid (node:crypto)', async () => {
  const r = await call('partner', 'jsapiOrder', [{ sub_mchid: P.subMchId, sub_appid: P.subAppId, description: 'x', out_trade_no: `WKSP${Date.now()}`, notify_url: 'https://merchant.example/n', amount: { total: 1 }, payer: { sub_openid: OPENID } }]);
  assert.equal(r.ok, true, JSON.stringify(r));
  const { result: p } = await call('partner', 'jsapiPayParams', [r.result.prepay_id, { sub_appid: P.subAppId }]);
  assert.equal(p.appId, P.subAppId);
  const message = `${P.subAppId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
  assert.equal(crypto.verify('sha256', Buffer.from(message), crypto.createPublicKey(M.merchantCertificate), Buffer.from(p.paySign, 'base64')), true);
});
