// Creates a WeChat Pay API v3 JSAPI order for the mini-program user calling this cloud function
// (wx.cloud.callFunction({ name: 'pay', data: { amount, description } })) and returns the
// parameters of wx.requestPayment. Tencent CloudBase / WeChat cloud development.
//
//   mini-program:  const { result } = await wx.cloud.callFunction({ name: 'pay', data: { amount: 100, description: 'QQ公仔' } });
//                  if (result.error) … else await wx.requestPayment(result.requestPayment);
//
// Runtime: Nodejs16.13 or newer (see README.md). Configuration: environment variables.
'use strict';
const crypto = require('crypto');
const { createV3Client, PlatformKeys, envStore, memoryStore, loadPrivateKey, loadPublicKey, WechatPayError } = require('wechatpay-wasm');

// Node 16 has no fetch: node-fetch 2 (a dependency of this function) stands in for it there.
const fetch = globalThis.fetch ?? require('node-fetch');

const REQUIRED = ['WECHATPAY_MCH_ID', 'WECHATPAY_APP_ID', 'WECHATPAY_SERIAL_NO', 'WECHATPAY_API_V3_KEY', 'WECHATPAY_PRIVATE_KEY', 'WECHATPAY_NOTIFY_URL'];

let instance; // once per instance: parsed keys and downloaded certificates survive between invocations
async function setup(env) {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length) throw new Error(`not configured: ${missing.join(', ')} (see README.md)`);
  const vars = envStore(env);
  const keys = env.WECHATPAY_PUBLIC_KEY_ID
    ? new PlatformKeys({ publicKey: await loadPublicKey(vars, 'WECHATPAY_PUBLIC_KEY'), publicKeyId: env.WECHATPAY_PUBLIC_KEY_ID })
    : new PlatformKeys({ apiV3Key: env.WECHATPAY_API_V3_KEY, store: memoryStore() });
  const wechatpay = createV3Client({
    mchId: env.WECHATPAY_MCH_ID, appId: env.WECHATPAY_APP_ID, serialNo: env.WECHATPAY_SERIAL_NO,
    privateKey: await loadPrivateKey(vars, 'WECHATPAY_PRIVATE_KEY'), keys, fetch, baseUrl: env.WECHATPAY_BASE_URL || undefined,
  });
  return { wechatpay, notifyUrl: env.WECHATPAY_NOTIFY_URL };
}

const fail = (code, message) => ({ error: { code, message } });

exports.main = async (event) => {
  // Set by the platform for wx.cloud.callFunction, not by the caller's data.
  const openid = event?.userInfo?.openId;
  if (typeof openid !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(openid)) return fail('NO_OPENID', 'call this function from the mini-program (wx.cloud.callFunction)');
  // The amount comes from the caller to keep the example short; a shop computes it from its own
  // prices, never trusting the client.
  const { amount, description } = event;
  if (!Number.isSafeInteger(amount) || amount <= 0) return fail('INVALID_REQUEST', 'amount must be a positive integer, in fen (分)');
  if (typeof description !== 'string' || description.length === 0 || description.length > 127) return fail('INVALID_REQUEST', 'description must be 1 to 127 characters');

  let app;
  try {
    app = await (instance ??= setup(process.env));
  } catch (e) {
    instance = undefined;
    console.log(JSON.stringify({ event: 'setup-failed', message: e.message }));
    return fail('NOT_CONFIGURED', 'the payment function is not configured');
  }
  const outTradeNo = `CF${Date.now()}${crypto.randomBytes(6).toString('hex')}`;
  try {
    const { prepay_id: prepayId } = await app.wechatpay.jsapiOrder({
      description, out_trade_no: outTradeNo, notify_url: app.notifyUrl, amount: { total: amount, currency: 'CNY' }, payer: { openid },
    });
    console.log(JSON.stringify({ event: 'order', outTradeNo, amount }));
    return { outTradeNo, requestPayment: await app.wechatpay.jsapiPayParams(prepayId) };
  } catch (e) {
    if (!(e instanceof WechatPayError)) throw e;
    console.log(JSON.stringify({ event: 'order-failed', outTradeNo, code: e.code, message: e.message, requestId: e.requestId }));
    return fail(e.code, e.message);
  }
};
