// API v3 beyond the payment, against the strict simulator: media upload (meta-only signature),
// sensitive fields (Wechatpay-Serial), the service-provider client (pay-params appid), transfer
// bills and profit sharing with their notifications. Signing rules are checked with node:crypto,
// independently of the package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createV3Client, createV3PartnerClient, handleV3Notification, PlatformKeys, WechatPayError } from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { PARTNER_MATERIAL as P } from '../simulator/wechatpay-beyond.mjs';
import { rejects } from './flow-helpers.mjs';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const OFF_MACHINE = 'https://merchant.example/notify'; // the simulator records, never sends
const merchantPublic = crypto.createPublicKey(M.merchantCertificate);
let sim;
let seq = 0;
const no = (p) => `${p}${Date.now()}${seq++}`;

/** A client whose fetch records what was sent: { url, method, headers, body (Buffer) }. */
function client(extra = {}, simulator = sim) {
  const sent = [];
  const keys = extra.keys ?? new PlatformKeys({ apiV3Key: M.apiV3Key });
  const c = createV3Client({
    mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, appId: M.appId, keys, baseUrl: simulator.url, retries: 0,
    fetch: (url, init) => { sent.push({ url, method: init.method, headers: init.headers, body: init.body === undefined ? Buffer.alloc(0) : Buffer.from(init.body) }); return fetch(url, init); },
    ...extra,
  });
  return { c, sent };
}
const authParams = (header) => Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
/** Whether the Authorization signs `text` for this request, by node:crypto. */
function signs(sent, text) {
  const a = authParams(sent.headers.Authorization);
  const u = new URL(sent.url);
  const message = `${sent.method}\n${u.pathname}${u.search}\n${a.timestamp}\n${a.nonce_str}\n${text}\n`;
  return crypto.verify('sha256', Buffer.from(message), merchantPublic, Buffer.from(a.signature, 'base64'));
}
const oaepDecrypt = (key, b64) => crypto.privateDecrypt({ key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(b64, 'base64')).toString();
const oaepEncrypt = (pem, text) => crypto.publicEncrypt({ key: pem, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(text)).toString('base64');
const notification = () => { const n = sim.state.notifications.at(-1); return { headers: n.headers, body: n.body }; };
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), crypto.randomBytes(3000)]);

before(async () => { sim = await startWechatPaySimulator(); });
after(async () => { await sim?.close(); });

test('uploadImage: multipart meta + file; the signature covers the meta JSON only (node:crypto), the simulator stores the file by its SHA-256', async () => {
  const { c, sent } = client();
  const { media_id: mediaId } = await c.uploadImage(PNG, '收据.png');
  const req = sent.find((x) => x.url.endsWith('/v3/merchant/media/upload'));
  const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(req.headers['Content-Type'])[1];
  const sha256 = crypto.createHash('sha256').update(PNG).digest('hex');
  const meta = JSON.stringify({ filename: '收据.png', sha256 });
  assert.ok(req.body.includes(Buffer.from(`name="meta"\r\nContent-Type: application/json\r\n\r\n${meta}\r\n--${boundary}`)));
  assert.ok(req.body.includes(Buffer.concat([Buffer.from('Content-Type: image/png\r\n\r\n'), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)])));
  assert.equal(signs(req, meta), true, 'signed: the meta JSON');
  assert.equal(signs(req, req.body.toString('latin1')), false, 'not the multipart body');
  assert.deepEqual(sim.state.beyond.media.get(mediaId), { path: '/v3/merchant/media/upload', filename: '收据.png', sha256, size: PNG.length });
  // The same request signed over the whole multipart body (the classic mistake) is SIGN_ERROR.
  const wrong = { ...req, headers: { ...req.headers } };
  const a = authParams(req.headers.Authorization);
  const nonce = crypto.randomBytes(8).toString('hex');
  const u = new URL(req.url);
  const sig = crypto.sign('sha256', Buffer.concat([Buffer.from(`POST\n${u.pathname}\n${a.timestamp}\n${nonce}\n`), req.body, Buffer.from('\n')]), M.merchantPrivateKey).toString('base64');
  wrong.headers.Authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${M.mchId}",nonce_str="${nonce}",timestamp="${a.timestamp}",serial_no="${M.merchantSerialNo}",signature="${sig}"`;
  const res = await fetch(req.url, { method: 'POST', headers: wrong.headers, body: req.body });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).code, 'SIGN_ERROR');
});

test('uploadVideo and the generic upload(path): their own limits; too large or a wrong type → an error before anything is sent', async () => {
  const { c } = client();
  const video = crypto.randomBytes(2_500_000); // over the image limit, under the video limit
  assert.match((await c.uploadVideo(video, 'demo.mp4')).media_id, /^V1_/);
  assert.match((await c.upload('/v3/marketing/favor/media/image-upload', PNG, 'logo.png', { maxBytes: 2 * 1024 * 1024 })).media_id, /^V1_/);
  const before = sim.requests.length;
  const big = await rejects(c.uploadImage(video, 'big.png'));
  assert.ok(big instanceof WechatPayError);
  assert.deepEqual([big.code, big.limit, big.size], ['INPUT_TOO_LARGE', 2 * 1024 * 1024, 2_500_000]);
  assert.match(big.message, /at most 2097152 bytes \(2 MiB\); nothing was sent/);
  assert.equal((await rejects(c.uploadVideo(new Uint8Array(5 * 1024 * 1024 + 1), 'a.mp4'))).code, 'INPUT_TOO_LARGE');
  assert.equal((await rejects(c.uploadImage(PNG, 'a.gif'))).code, 'INVALID_ARGUMENT');
  assert.equal((await rejects(c.uploadImage(PNG, 'a"b.png'))).code, 'INVALID_ARGUMENT');
  assert.equal((await rejects(c.uploadImage(new Uint8Array(0), 'a.png'))).code, 'INVALID_ARGUMENT');
  assert.equal((await rejects(c.uploadImage('not bytes', 'a.png'))).code, 'INVALID_ARGUMENT');
  assert.equal(sim.requests.length, before, 'nothing was sent');
});

test('transfer bill: user_name encrypted with the platform certificate, Wechatpay-Serial set, query both ways, package_info, cancel', async () => {
  const { c, sent } = client();
  const outBillNo = no('TB');
  const bill = await c.createTransferBill({ out_bill_no: outBillNo, transfer_scene_id: '1000', openid: OPENID, user_name: '张三', transfer_amount: 250_000, transfer_remark: '报销', notify_url: OFF_MACHINE });
  assert.equal(bill.state, 'WAIT_USER_CONFIRM');
  const req = sent.at(-1);
  assert.equal(req.headers['Wechatpay-Serial'], M.platformCertificates[0].serialNo);
  const body = JSON.parse(req.body.toString());
  assert.equal(body.appid, M.appId);
  assert.equal(oaepDecrypt(M.platformCertificates[0].key, body.user_name), '张三', 'node:crypto decrypts what was sent');
  assert.equal(signs(req, req.body.toString()), true);
  assert.equal(sim.state.beyond.transfers.get(outBillNo).user_name, '张三');

  assert.deepEqual(c.requestMerchantTransferParams(bill), { mchId: M.mchId, appId: M.appId, package: bill.package_info });
  const byOut = await c.queryTransferBill({ out_bill_no: outBillNo });
  const byNo = await c.queryTransferBillByNo({ transfer_bill_no: bill.transfer_bill_no });
  assert.deepEqual(byOut, byNo);
  assert.equal(byOut.transfer_amount, 250_000);
  const cancelled = await c.cancelTransferBill({ out_bill_no: outBillNo });
  assert.equal(cancelled.state, 'CANCELING');
  assert.equal(sent.at(-1).body.length, 0, 'cancel has no body');
  assert.equal((await c.queryTransferBill({ out_bill_no: outBillNo })).state, 'CANCELLED');
  assert.throws(() => c.requestMerchantTransferParams(byOut), (e) => e.code === 'INVALID_ARGUMENT');
});

test('transfer bill notification (MCHTRANSFER.BILL.FINISHED) through handleV3Notification', async () => {
  const { c } = client();
  const outBillNo = no('TN');
  await c.createTransferBill({ out_bill_no: outBillNo, transfer_scene_id: '1000', openid: OPENID, transfer_amount: 100, transfer_remark: '奖励', notify_url: OFF_MACHINE });
  await sim.finishTransfer(outBillNo);
  const r = await handleV3Notification(notification(), { apiV3Key: M.apiV3Key, keys: c.keys });
  assert.equal(r.ok, true, r.error?.message);
  assert.equal(r.event.event_type, 'MCHTRANSFER.BILL.FINISHED');
  assert.deepEqual([r.event.resource.out_bill_no, r.event.resource.state, r.event.resource.transfer_amount], [outBillNo, 'SUCCESS', 100]);
});

test('public-key mode: fields are encrypted with the WeChat Pay public key and Wechatpay-Serial is its PUB_KEY_ID', async () => {
  const pk = await startWechatPaySimulator({ signWith: 'publicKey' });
  try {
    const keys = new PlatformKeys({ publicKey: M.publicKey, publicKeyId: M.publicKeyId });
    const { c, sent } = client({ keys }, pk);
    const outBillNo = no('TP');
    await c.createTransferBill({ out_bill_no: outBillNo, transfer_scene_id: '1000', openid: OPENID, user_name: '李四', transfer_amount: 300, transfer_remark: '佣金' });
    assert.equal(sent.at(-1).headers['Wechatpay-Serial'], M.publicKeyId);
    assert.equal(oaepDecrypt(M.publicKeyPrivate, JSON.parse(sent.at(-1).body).user_name), '李四');
    const enc = await c.sensitiveEncryptor();
    assert.equal(enc.serial, M.publicKeyId);
    assert.equal(oaepDecrypt(M.publicKeyPrivate, await enc.encrypt('王五')), '王五');
  } finally {
    await pk.close();
  }
});

test('the simulator refuses a missing or mismatched Wechatpay-Serial (fields encrypted by node:crypto)', async () => {
  const { c } = client();
  await c.queryTransferBill({ out_bill_no: 'NONE1' }).catch(() => {}); // certificates loaded
  const fields = () => ({ appid: M.appId, out_bill_no: no('TS'), transfer_scene_id: '1000', openid: OPENID, user_name: oaepEncrypt(M.platformCertificates[0].cert, '张三'), transfer_amount: 100, transfer_remark: 'x' });
  const path = '/v3/fund-app/mch-transfer/transfer-bills';
  const missing = await rejects(c.request('POST', path, fields()));
  assert.deepEqual([missing.code, missing.status], ['PARAM_ERROR', 400]);
  assert.match(missing.message, /Wechatpay-Serial/);
  const other = await rejects(c.request('POST', path, fields(), { headers: { 'Wechatpay-Serial': M.publicKeyId } }));
  assert.equal(other.code, 'PARAM_ERROR');
  assert.match(other.message, /解密失败/);
  const unknown = await rejects(c.request('POST', path, fields(), { headers: { 'Wechatpay-Serial': 'ABCDEF' } }));
  assert.match(unknown.message, /不是有效/);
  const ok = await c.request('POST', path, fields(), { headers: { 'Wechatpay-Serial': M.platformCertificates[0].serialNo } });
  assert.equal(ok.state, 'WAIT_USER_CONFIRM');
});

test('bad input: a field too long for RSA-OAEP names the field; bad extra headers; a conflicting Wechatpay-Serial — nothing sent', async () => {
  const { c } = client();
  await c.queryTransferBill({ out_bill_no: 'NONE2' }).catch(() => {});
  const before = sim.requests.length;
  const long = await rejects(c.createTransferBill({ out_bill_no: no('TL'), transfer_scene_id: '1000', openid: OPENID, user_name: '张'.repeat(72), transfer_amount: 100, transfer_remark: 'x' }));
  assert.equal(long.code, 'INVALID_ARGUMENT');
  assert.match(long.message, /^user_name is 216 bytes in UTF-8: RSA-OAEP with WeChat Pay's 2048-bit key holds at most 214$/);
  const receivers = [{ type: 'PERSONAL_OPENID', account: OPENID, name: 'x'.repeat(215), amount: 1, description: 'd' }];
  const nested = await rejects(c.createProfitSharingOrder({ transaction_id: '1', out_order_no: 'P1', receivers, unfreeze_unsplit: true }));
  assert.match(nested.message, /^receivers\[0\]\.name is 215 bytes/);
  for (const headers of [{ Authorization: 'x' }, { 'X-A': 'a\r\nb' }, { 'X-Z': '中文' }, { 'bad name': 'v' }, { 'X-N': 1 }]) {
    assert.equal((await rejects(c.request('GET', '/v3/certificates', undefined, { headers }))).code, 'INVALID_ARGUMENT', JSON.stringify(headers));
  }
  const conflict = await rejects(c.request('POST', '/v3/fund-app/mch-transfer/transfer-bills', { user_name: 'a' }, { sensitive: ['user_name'], headers: { 'Wechatpay-Serial': 'OTHER' } }));
  assert.equal(conflict.code, 'INVALID_ARGUMENT');
  assert.equal((await rejects(c.createTransferBill({ out_bill_no: 'X1' }))).message, 'createTransferBill: transfer_scene_id is required');
  assert.equal((await rejects(c.queryTransferBill({}))).code, 'INVALID_ARGUMENT');
  assert.equal(sim.requests.length, before, 'nothing was sent');
  const fixed = createV3Client({ mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, keys: new (await import('wechatpay-wasm')).v3.Verifier(), baseUrl: sim.url });
  assert.equal((await rejects(fixed.sensitiveEncryptor())).code, 'INVALID_ARGUMENT');
});

test('profit sharing: receivers (name encrypted), order, query, notification, unfreeze, return, amounts; decryptSensitive of a response field', async () => {
  const { c, sent } = client();
  const outTradeNo = no('PS');
  await c.jsapiOrder({ description: '分账', out_trade_no: outTradeNo, notify_url: OFF_MACHINE, amount: { total: 1000 }, payer: { openid: OPENID } });
  const { order } = await sim.pay(outTradeNo, { notify: false });
  const tx = order.transaction_id;
  const added = await c.addProfitSharingReceiver({ type: 'MERCHANT_ID', account: '1900000109', name: '示例商户有限公司', relation_type: 'SERVICE_PROVIDER' });
  assert.equal(sent.at(-1).headers['Wechatpay-Serial'], M.platformCertificates[0].serialNo);
  assert.equal(oaepDecrypt(M.platformCertificates[0].key, JSON.parse(sent.at(-1).body).name), '示例商户有限公司');
  assert.equal(await c.decryptSensitive(added.name), '示例商户有限公司');
  await c.addProfitSharingReceiver({ type: 'PERSONAL_OPENID', account: OPENID, relation_type: 'USER' });

  const outOrderNo = no('PO');
  const created = await c.createProfitSharingOrder({
    transaction_id: tx, out_order_no: outOrderNo, unfreeze_unsplit: false,
    receivers: [{ type: 'MERCHANT_ID', account: '1900000109', name: '示例商户有限公司', amount: 100, description: '分给商户' }, { type: 'PERSONAL_OPENID', account: OPENID, amount: 50, description: '分给个人' }],
  });
  const sentBody = JSON.parse(sent.at(-1).body);
  assert.equal(oaepDecrypt(M.platformCertificates[0].key, sentBody.receivers[0].name), '示例商户有限公司');
  assert.equal(sentBody.receivers[1].name, undefined);
  assert.equal(created.state, 'PROCESSING');
  assert.deepEqual(await c.queryProfitSharingAmounts({ transaction_id: tx }), { transaction_id: tx, unsplit_amount: 850 });
  await sim.finishProfitSharing(outOrderNo, { notifyUrl: OFF_MACHINE });
  const r = await handleV3Notification(notification(), { apiV3Key: M.apiV3Key, keys: c.keys });
  assert.equal(r.ok, true, r.error?.message);
  assert.deepEqual([r.event.event_type, r.event.resource.out_order_no, r.event.resource.receiver.amount], ['PROFITSHARING.SUCCESS', outOrderNo, 50]);
  const q = await c.queryProfitSharingOrder({ out_order_no: outOrderNo, transaction_id: tx });
  assert.deepEqual([q.state, q.receivers.map((x) => x.result)], ['FINISHED', ['SUCCESS', 'SUCCESS']]);
  assert.equal((await c.unfreezeProfitSharing({ transaction_id: tx, out_order_no: outOrderNo, description: '解冻' })).state, 'PROCESSING');
  const outReturnNo = no('PR');
  const ret = await c.createProfitSharingReturn({ out_order_no: outOrderNo, out_return_no: outReturnNo, return_mchid: '1900000109', amount: 30, description: '回退' });
  assert.deepEqual([ret.result, ret.amount], ['SUCCESS', 30]);
  assert.deepEqual(await c.queryProfitSharingReturn({ out_return_no: outReturnNo, out_order_no: outOrderNo }), ret);
  assert.deepEqual(await c.deleteProfitSharingReceiver({ type: 'PERSONAL_OPENID', account: OPENID }), { type: 'PERSONAL_OPENID', account: OPENID });
  assert.equal((await rejects(c.createProfitSharingOrder({ transaction_id: tx, out_order_no: no('PX'), unfreeze_unsplit: true, receivers: [{ type: 'PERSONAL_OPENID', account: OPENID, amount: 1, description: 'd' }] }))).code, 'RECEIVER_INVALID');
});

test('partner client: sub-merchant orders; pay params signed with sub_appid when the order had one, else sp_appid (node:crypto); query, close, notification, refund', async () => {
  const sent = [];
  const p = createV3PartnerClient({
    spMchId: M.mchId, spAppId: M.appId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, apiV3Key: M.apiV3Key, baseUrl: sim.url,
    notifyUrl: OFF_MACHINE, fetch: (url, init) => { sent.push({ url, body: init.body }); return fetch(url, init); },
  });
  const payVerifies = (params, appId) => crypto.verify('sha256', Buffer.from(`${appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`), merchantPublic, Buffer.from(params.paySign, 'base64'));

  const withSub = no('SP');
  const a = await p.jsapiOrder({ sub_mchid: P.subMchId, sub_appid: P.subAppId, description: '子商户', out_trade_no: withSub, amount: { total: 300 }, payer: { sub_openid: OPENID } });
  assert.deepEqual(Object.keys(JSON.parse(sent.find((x) => x.url.endsWith('/jsapi')).body)).slice(0, 3), ['sp_appid', 'sp_mchid', 'notify_url']);
  const subParams = await p.jsapiPayParams(a.prepay_id, { sub_appid: P.subAppId });
  assert.equal(subParams.appId, P.subAppId);
  assert.equal(payVerifies(subParams, P.subAppId), true);
  assert.equal(payVerifies(subParams, M.appId), false);

  const withoutSub = no('SQ');
  const b = await p.jsapiOrder({ sub_mchid: P.subMchId, description: '服务商', out_trade_no: withoutSub, amount: { total: 200 }, payer: { sp_openid: OPENID } });
  const spParams = await p.jsapiPayParams(b.prepay_id);
  assert.equal(spParams.appId, M.appId);
  assert.equal(payVerifies(spParams, M.appId), true);
  const app = await p.appPayParams(b.prepay_id, { sub_mchid: P.subMchId });
  assert.equal(app.partnerid, P.subMchId);
  assert.equal(crypto.verify('sha256', Buffer.from(`${M.appId}\n${app.timestamp}\n${app.noncestr}\n${app.prepayid}\n`), merchantPublic, Buffer.from(app.sign, 'base64')), true);

  assert.equal((await p.queryOrder({ out_trade_no: withSub, sub_mchid: P.subMchId })).trade_state, 'NOTPAY');
  assert.match(sent.at(-1).url, new RegExp(`/v3/pay/partner/transactions/out-trade-no/${withSub}\\?sp_mchid=${M.mchId}&sub_mchid=${P.subMchId}$`));
  assert.equal(await p.closeOrder({ out_trade_no: withoutSub, sub_mchid: P.subMchId }), null);
  assert.equal((await rejects(p.queryOrder({ out_trade_no: withSub, sub_mchid: '1900000999' }))).code, 'PARAM_ERROR');
  assert.equal((await rejects(p.queryOrder({ out_trade_no: withSub }))).message, 'queryOrder: sub_mchid is required');

  const { order } = await sim.payPartner(withSub);
  const r = await handleV3Notification(notification(), { apiV3Key: M.apiV3Key, keys: p.keys });
  assert.equal(r.ok, true, r.error?.message);
  assert.deepEqual([r.event.resource.sp_mchid, r.event.resource.sub_mchid, r.event.resource.sub_appid, r.event.resource.out_trade_no], [M.mchId, P.subMchId, P.subAppId, withSub]);
  assert.equal((await p.queryOrderByTransactionId({ transaction_id: order.transaction_id, sub_mchid: P.subMchId })).trade_state, 'SUCCESS');
  const outRefundNo = no('SR');
  const refund = await p.refund({ sub_mchid: P.subMchId, out_trade_no: withSub, out_refund_no: outRefundNo, amount: { refund: 100, total: 300, currency: 'CNY' } });
  assert.equal(refund.status, 'PROCESSING');
  assert.equal((await p.queryRefund({ out_refund_no: outRefundNo, sub_mchid: P.subMchId })).amount.refund, 100);
  assert.throws(() => createV3PartnerClient({ spMchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, apiV3Key: M.apiV3Key }), (e) => e.code === 'INVALID_ARGUMENT');
});

test('the README snippet (beyond.mjs) runs against the simulator as written', async () => {
  const { mkdtempSync, readFileSync, symlinkSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { execFile } = await import('node:child_process');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const code = /```js\n(\/\/ beyond\.mjs[\s\S]*?)```/.exec(readme)[1];
  const dir = mkdtempSync(join(tmpdir(), 'beyond-'));
  symlinkSync(new URL('../../node_modules', import.meta.url).pathname, join(dir, 'node_modules'));
  writeFileSync(join(dir, 'beyond.mjs'), code);
  writeFileSync(join(dir, 'receipt.png'), PNG);
  const env = {
    ...process.env, WECHATPAY_MCHID: M.mchId, WECHATPAY_APPID: M.appId, WECHATPAY_SERIAL_NO: M.merchantSerialNo, WECHATPAY_PRIVATE_KEY: M.merchantPrivateKey,
    WECHATPAY_API_V3_KEY: M.apiV3Key, WECHATPAY_SUB_MCHID: P.subMchId, WECHATPAY_BASE_URL: sim.url,
  };
  const stdout = await new Promise((resolve, reject) => {
    execFile(process.execPath, ['beyond.mjs'], { cwd: dir, env }, (e, out, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve(out)));
  });
  const out = JSON.parse(stdout);
  assert.match(out.mediaId, /^V1_/);
  assert.equal(out.state, 'WAIT_USER_CONFIRM');
  assert.deepEqual(Object.keys(out.confirm), ['mchId', 'appId', 'package']);
  assert.equal(out.appId, M.appId, 'no sub_appid: signed with sp_appid');
  assert.equal(sim.state.beyond.receivers.get('MERCHANT_ID:1900000109').name, '示例商户有限公司');
});
