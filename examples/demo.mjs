// `make demo`: the main job end to end, from the built package, in Node. Ends by itself.
import { readFileSync } from 'node:fs';
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { v2, v3, nonce } from 'wechatpay-wasm';

const vectors = JSON.parse(readFileSync(new URL('../tests/vectors/v2-official.json', import.meta.url), 'utf8'));
const say = (title) => console.log(`\n== ${title}`);

say('API v2: the official signature vectors');
for (const v of vectors.sign) {
  const got = v2.sign(v.params, v.key, v.sign_type);
  console.log(`${got === v.sign ? 'ok  ' : 'FAIL'} ${v.sign_type.padEnd(11)} ${got}  (${v.name})`);
  if (got !== v.sign) process.exitCode = 1;
}
const explained = v2.stringToSign(vectors.sign[0].params, vectors.sign[0].key);
console.log(`stringA        ${explained.stringA}`);
console.log(`stringSignTemp ${explained.stringSignTempMasked}   (key masked)`);

say('API v2: a signed unified order');
const KEY = '192006250b4c09247ec02edce69f6a2d';
const order = {
  appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', nonce_str: nonce(), body: '腾讯充值中心-QQ会员充值',
  out_trade_no: `demo${Date.now()}`, total_fee: 888, spbill_create_ip: '127.0.0.1',
  notify_url: 'https://merchant.example/wxpay/notify', trade_type: 'JSAPI', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
};
const xml = v2.signedXml(order, KEY, 'HMAC-SHA256');
console.log(xml);

say('API v2: a payment notification, verified, and the ack');
const notification = v2.signedXml({
  return_code: 'SUCCESS', appid: order.appid, mch_id: order.mch_id, nonce_str: nonce(), result_code: 'SUCCESS',
  openid: order.openid, trade_type: 'JSAPI', bank_type: 'CFT', total_fee: 888, fee_type: 'CNY',
  transaction_id: '4200001234202611220000000001', out_trade_no: order.out_trade_no, time_end: '20261122120000',
}, KEY);
const fields = v2.parseNotification(notification, KEY);
console.log(`verified: ${fields.out_trade_no} paid ${fields.total_fee} fen, transaction ${fields.transaction_id}`);
try {
  v2.parseNotification(notification.replace('<total_fee><![CDATA[888]]>', '<total_fee><![CDATA[1]]>'), KEY);
} catch (e) {
  console.log(`tampered copy refused: ${e.code}`);
}
console.log(`ack: ${v2.notificationAck(true)}`);

say('API v2: paySign parameters');
const { input: i, key, output } = vectors.jsapi_pay_sign[0];
const jsapi = v2.jsapiPayParams(i.appId, i.prepay_id, key, i.signType, i.timeStamp, i.nonceStr);
console.log('wx.requestPayment', jsapi, jsapi.paySign === output.paySign ? '(matches the official example)' : 'MISMATCH');
console.log('App PayReq', v2.appPayParams('wxd930ea5d5a258f4f', '10000100', 'wx20261122120000abcdef', KEY));
if (jsapi.paySign !== output.paySign) process.exitCode = 1;

// ---- API v3 ---------------------------------------------------------------------------------
// TEST ONLY: the keys of tests/vectors/v3 are public throwaway keys. Never use them for real.
const v3dir = new URL('../tests/vectors/v3/', import.meta.url);
const v3v = JSON.parse(readFileSync(new URL('expected.json', v3dir), 'utf8'));
const TEST_ONLY_PRIVATE_KEY = readFileSync(new URL('private_pkcs8.pem', v3dir), 'utf8');
const TEST_ONLY_CERT = readFileSync(new URL('cert.pem', v3dir), 'utf8');
const TEST_ONLY_API_V3_KEY = v3v.apiV3Key;

say('API v3: an Authorization header (TEST ONLY key from tests/vectors/v3)');
const merchantKey = await v3.importPrivateKey(TEST_ONLY_PRIVATE_KEY);
const a = v3v.authorization;
const request = { mchId: v3v.mchId, serialNo: v3v.certificate.serialNo, privateKey: merchantKey, method: a.method, url: a.url, body: a.body, timestamp: a.timestamp, nonce: a.nonce };
const header = await v3.authorization(request);
const same = header === a.header && v3.authorizationSync(request) === header;
console.log(header);
console.log(`${same ? 'ok  ' : 'FAIL'} equals node:crypto's header; the pure-wasm twin gives the same bytes (default path: ${merchantKey.webcrypto ? 'WebCrypto' : 'wasm'})`);
console.log('a fresh one:', await v3.authorization({ ...request, method: 'GET', url: '/v3/certificates', body: '', timestamp: undefined, nonce: undefined }));
if (!same) process.exitCode = 1;

say('API v3: a payment notification, signed as WeChat Pay would (node:crypto), verified and decrypted');
const transaction = {
  mchid: v3v.mchId, appid: 'wxd678efh567hg6787', out_trade_no: `demo${Date.now()}`, transaction_id: '4200001234202611220000000002',
  trade_type: 'JSAPI', trade_state: 'SUCCESS', trade_state_desc: '支付成功', success_time: '2026-11-22T12:00:00+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }, amount: { total: 888, payer_total: 888, currency: 'CNY', payer_currency: 'CNY' },
};
const resource = v3.encryptResource(JSON.stringify(transaction), TEST_ONLY_API_V3_KEY, { associated_data: 'transaction', original_type: 'transaction' });
const notifyBody = JSON.stringify({ id: 'EV-2026112212000000001', create_time: '2026-11-22T12:00:01+08:00', resource_type: 'encrypt-resource',
  event_type: 'TRANSACTION.SUCCESS', summary: '支付成功', resource });
// WeChat Pay signs with its platform key; here that is the same TEST ONLY key, whose certificate is cert.pem.
const wTimestamp = String(Math.floor(Date.now() / 1000));
const wNonce = nonce();
const wSignature = nodeSign('sha256', Buffer.from(`${wTimestamp}\n${wNonce}\n${notifyBody}\n`), createPrivateKey(TEST_ONLY_PRIVATE_KEY)).toString('base64');
const notifyHeaders = new Headers({ 'Wechatpay-Timestamp': wTimestamp, 'Wechatpay-Nonce': wNonce, 'Wechatpay-Signature': wSignature, 'Wechatpay-Serial': v3v.certificate.serialNo });
const verifier = v3.createVerifier(TEST_ONLY_CERT);
const event = await v3.parseNotification({ headers: notifyHeaders, body: notifyBody, apiV3Key: TEST_ONLY_API_V3_KEY, verifier });
const decrypted = event.resource.out_trade_no === transaction.out_trade_no && event.resource.amount.total === 888;
console.log(`${decrypted ? 'ok  ' : 'FAIL'} ${event.event_type} ${event.id}: ${event.resource.out_trade_no} paid ${event.resource.amount.total} fen (transaction ${event.resource.transaction_id})`);
if (!decrypted) process.exitCode = 1;
for (const [what, change] of [['tampered body (summary changed)', { body: notifyBody.replace('支付成功', '支付失败') }],
  ['WeChat Pay\'s SIGNTEST probe', { headers: { ...Object.fromEntries(notifyHeaders), 'wechatpay-signature': `WECHATPAY/SIGNTEST/${wSignature}` } }],
  ['replayed an hour later', { now: Number(wTimestamp) + 3600 }]]) {
  try {
    await v3.parseNotification({ headers: notifyHeaders, body: notifyBody, apiV3Key: TEST_ONLY_API_V3_KEY, verifier, ...change });
    console.log(`FAIL ${what} accepted`);
    process.exitCode = 1;
  } catch (e) {
    console.log(`${what} refused: ${e.code}`);
  }
}

say('API v3: paySign parameters (TEST ONLY key)');
const j = v3v.jsapi;
const pay = await v3.jsapiPayParams(j.appId, j.prepayId, merchantKey, j.timeStamp, j.nonceStr);
console.log('wx.requestPayment', pay, pay.paySign === j.paySign ? '(matches node:crypto/OpenSSL)' : 'MISMATCH');
if (pay.paySign !== j.paySign) process.exitCode = 1;
merchantKey.free();
verifier.free();

// ---- End to end against the local WeChat Pay simulator: clients, notifications, refunds ----
await import('./demo-flow.mjs');
await import('./demo-beyond.mjs');
// ---- The day's reconciliation: yesterday's trade bill against the shop's orders ----
await import('./demo-bills.mjs');
