#!/usr/bin/env node
// Generates the TEST ONLY "Alipay" key pair of this folder (only if missing, or with --new-keys)
// and recomputes expected.json with Node's crypto, from Alipay's documented rules and
// independently of the Rust code under test. See README.md for every field.
//
//   node tests/vectors/alipay/generate.mjs [--new-keys]
import crypto from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const file = (name) => join(dir, name);
const read = (name) => readFileSync(file(name), 'utf8');
const newKeys = process.argv.includes('--new-keys');

// ---- keys (TEST ONLY) ----
// The app key pair is the v3 merchant test key; the "Alipay" pair (which signs notifications
// and responses) is a second one, made here.
if (newKeys || !existsSync(file('alipay_private_pkcs8.pem'))) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  writeFileSync(file('alipay_private_pkcs8.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(file('alipay_public_spki.pem'), crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }));
}
const KEYS = {
  appPrivateKey: '../v3/private_pkcs8.pem',
  appPrivateKeyPkcs1: '../v3/private_pkcs1.pem',
  appPublicKey: '../v3/public_spki.pem',
  alipayPrivateKey: 'alipay_private_pkcs8.pem',
  alipayPublicKey: 'alipay_public_spki.pem',
};
const appKey = crypto.createPrivateKey(read(KEYS.appPrivateKey));
const alipayKey = crypto.createPrivateKey(read(KEYS.alipayPrivateKey));
if (!crypto.createPublicKey(alipayKey).equals(crypto.createPublicKey(read(KEYS.alipayPublicKey)))) {
  throw new Error('alipay_public_spki.pem does not match alipay_private_pkcs8.pem');
}

// ---- Alipay's rules, written from its documentation ----
const ALGORITHM = { RSA2: 'sha256', RSA: 'sha1' };
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
// Requests: every field but `sign`; notifications: also without `sign_type`. Empty values are
// dropped, names sorted in byte order, values verbatim.
const content = (params, excluded) =>
  Object.keys(params)
    .filter((k) => !excluded.includes(k) && params[k] !== '')
    .sort(byteOrder)
    .map((k) => `${k}=${params[k]}`)
    .join('&');
const signWith = (key, signType, text) => crypto.sign(ALGORITHM[signType], Buffer.from(text, 'utf8'), key).toString('base64');
const verifyWith = (key, signType, text, sig) =>
  crypto.verify(ALGORITHM[signType], Buffer.from(text, 'utf8'), crypto.createPublicKey(key), Buffer.from(sig, 'base64'));
// The signed query: the signed fields in the same sorted order, then `sign`; names and values
// through encodeURIComponent (as Alipay's Node SDK writes them: space → %20, + → %2B).
const signedQuery = (params, sign) =>
  [...Object.keys(params).filter((k) => k !== 'sign' && params[k] !== '').sort(byteOrder), 'sign']
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(k === 'sign' ? sign : params[k])}`)
    .join('&');

const APP_ID = '2021000000000001';
const TIMESTAMP = '2026-11-22 21:30:00';
const SPECIAL = '测试 a+b&c=d 100% ~!*\'() "quoted" \\ / é😀';

// ---- request signatures ----
const requests = [
  {
    name: 'alipay.trade.precreate, RSA2',
    signType: 'RSA2',
    params: {
      app_id: APP_ID, method: 'alipay.trade.precreate', format: 'JSON', charset: 'utf-8', sign_type: 'RSA2',
      timestamp: TIMESTAMP, version: '1.0', notify_url: 'https://merchant.example/alipay/notify?from=precreate&x=1',
      biz_content: JSON.stringify({ out_trade_no: '20261122213000001', total_amount: '88.88', subject: '测试商品 iPhone 16G+保护壳 & 50%=折扣' }),
    },
  },
  {
    name: 'alipay.trade.app.pay, legacy RSA (SHA1withRSA)',
    signType: 'RSA',
    params: {
      app_id: APP_ID, method: 'alipay.trade.app.pay', format: 'JSON', charset: 'utf-8', sign_type: 'RSA',
      timestamp: TIMESTAMP, version: '1.0', notify_url: 'https://merchant.example/notify',
      biz_content: JSON.stringify({ out_trade_no: 'APP-0001', total_amount: '0.01', subject: '大乐透', product_code: 'QUICK_MSECURITY_PAY' }),
    },
  },
  {
    name: 'alipay.trade.page.pay: empty values and a stale sign are not signed',
    signType: 'RSA2',
    params: {
      sign: 'stale-sign-from-a-previous-attempt', app_id: APP_ID, method: 'alipay.trade.page.pay', charset: 'utf-8',
      sign_type: 'RSA2', timestamp: TIMESTAMP, version: '1.0', return_url: 'https://merchant.example/return?a=1&b= 2',
      app_auth_token: '', format: 'JSON',
      biz_content: JSON.stringify({ out_trade_no: 'PAGE-0001', total_amount: '100.00', subject: 'Iphone6 16G', product_code: 'FAST_INSTANT_TRADE_PAY' }),
    },
  },
  {
    name: 'special characters in values: Chinese, + & = % space, quotes, backslash, emoji, newline',
    signType: 'RSA2',
    params: {
      app_id: APP_ID, method: 'alipay.trade.query', sign_type: 'RSA2', timestamp: TIMESTAMP, version: '1.0', charset: 'utf-8',
      biz_content: JSON.stringify({ out_trade_no: 'Q+1 2&3=4%5', memo: SPECIAL }),
      passback_params: 'a=1&b=%2B+c d', z_field: 'line1\nline2\ttab', A_upper: 'sorts before lowercase', a_lower: SPECIAL,
    },
  },
].map((r) => {
  const stringToSign = content(r.params, ['sign']);
  const sign = signWith(appKey, r.signType, stringToSign);
  return { ...r, stringToSign, sign, signedQuery: signedQuery(r.params, sign) };
});

// ---- asynchronous notifications, signed with the "Alipay" key ----
const tradeSuccess = {
  gmt_create: '2026-11-22 21:30:01', charset: 'utf-8', seller_email: 'seller@merchant.example',
  subject: '测试 a+b&c=d 100% 保护壳', buyer_id: '2088102177846880', invoice_amount: '88.88',
  notify_id: '2026112200222213001093180000000001', fund_bill_list: '[{"amount":"88.88","fundChannel":"ALIPAYACCOUNT"}]',
  notify_type: 'trade_status_sync', trade_status: 'TRADE_SUCCESS', receipt_amount: '88.88', app_id: APP_ID,
  buyer_pay_amount: '88.88', notify_time: '2026-11-22 21:30:02', point_amount: '0.00', total_amount: '88.88',
  trade_no: '2026112222001446880500000001', auth_app_id: APP_ID, out_trade_no: '20261122213000001',
  gmt_payment: '2026-11-22 21:30:02', version: '1.0', passback_params: 'order=1&coupon=%2B10 off',
  body: '',
};
const notifications = [
  { name: 'TRADE_SUCCESS, RSA2, sign_type present', signType: 'RSA2', params: { ...tradeSuccess, sign_type: 'RSA2' } },
  { name: 'TRADE_SUCCESS, legacy RSA', signType: 'RSA', params: { ...tradeSuccess, sign_type: 'RSA' } },
  { name: 'no sign_type: RSA2 by default', signType: 'RSA2', params: { ...tradeSuccess, trade_status: 'TRADE_FINISHED' } },
].map((n) => {
  const signed = content(n.params, ['sign', 'sign_type']);
  const params = { ...n.params, sign: signWith(alipayKey, n.signType, signed) };
  // As Alipay POSTs it: application/x-www-form-urlencoded (spaces as +).
  return { ...n, params, content: signed, formBody: new URLSearchParams(params).toString() };
});

// ---- synchronous responses: the sign covers the node's text as written ----
function response(name, method, signType, make) {
  // `make(sign)` returns the body; the node text is the part between the markers.
  const marked = make('\u0000SIGN\u0000');
  const node = marked.slice(marked.indexOf('\u0001') + 1, marked.indexOf('\u0002'));
  const sign = signWith(alipayKey, signType, node);
  const body = make(sign).replace('\u0001', '').replace('\u0002', '');
  if (!verifyWith(alipayKey, signType, node, sign)) throw new Error(`${name}: self-check failed`);
  return { name, method, signType, body, content: node, node: JSON.parse(node), sign };
}
const responses = [
  response('alipay.trade.precreate, compact', 'alipay.trade.precreate', 'RSA2', (sign) =>
    `{"alipay_trade_precreate_response":\u0001{"code":"10000","msg":"Success","out_trade_no":"20261122213000001","qr_code":"https://qr.alipay.com/bax03431ljhokirwl38f00a7"}\u0002,"sign":"${sign}"}`),
  response('alipay.trade.query, unusual spacing, escapes, nesting, sign first', 'alipay.trade.query', 'RSA2', (sign) =>
    `{ "sign" : "${sign.replaceAll('/', '\\/')}",\r\n  "alipay_trade_query_response" :  \u0001{ "code" : "10000" ,"msg":"Success",\n    "buyer_logon_id":"159****5620",` +
    `"qr_code":"https:\\/\\/qr.alipay.com\\/bax0","subject":"\\u6d4b\\u8bd5 \\"quoted\\" \\\\ back } { , \\"sign\\":",` +
    `"fund_bill_list":[ {"amount":"88.88","fund_channel":"ALIPAYACCOUNT"} ],"total_amount":88.88,"send_pay_date":null,"ok":true }\u0002 ,` +
    `"alipay_cert_sn":"unused"\n}\n`),
  response('error_response (unknown app), signed', 'alipay.trade.query', 'RSA2', (sign) =>
    `{"error_response":\u0001{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-app-id","sub_msg":"无效的AppID参数"}\u0002,"sign":"${sign}"}`),
  response('business failure 40004', 'alipay.trade.query', 'RSA2', (sign) =>
    `{"alipay_trade_query_response":\u0001{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_NOT_EXIST","sub_msg":"交易不存在","out_trade_no":"NOPE"}\u0002,"sign":"${sign}"}`),
  response('legacy RSA response', 'alipay.trade.close', 'RSA', (sign) =>
    `{"alipay_trade_close_response":\u0001{"code":"10000","msg":"Success","trade_no":"2026112222001446880500000001"}\u0002,"sign":"${sign}"}`),
];

const expected = { appId: APP_ID, keys: KEYS, requests, notifications, responses };
writeFileSync(file('expected.json'), JSON.stringify(expected, null, 2) + '\n');
console.log(`wrote expected.json: ${requests.length} requests, ${notifications.length} notifications, ${responses.length} responses`);
