// `make demo`: the main job end to end, from the built package, in Node. Ends by itself.
import { readFileSync } from 'node:fs';
import { v2, nonce } from 'wechatpay-wasm';

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
