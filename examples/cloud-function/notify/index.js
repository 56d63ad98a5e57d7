// notify_url of a WeChat Pay API v3 merchant as a Tencent CloudBase / SCF cloud function behind an
// HTTP trigger (CloudBase "HTTP 访问服务", or an API gateway trigger). The trigger hands the
// request over as an event { httpMethod, headers, body, isBase64Encoded, … } and sends back the
// function's integration response { statusCode, headers, body, isBase64Encoded }. This function
// verifies and decrypts the notification, processes it once, and answers WeChat Pay's ack:
// 204 when done, 4xx/5xx { "code": "FAIL", "message": … } to have it delivered again.
//
// Runtime: Nodejs16.13 or newer (see README.md). Configuration: environment variables.
'use strict';
const {
  createV3Client, PlatformKeys, handleV3Notification, envStore, memoryStore, memoryReplayStore, loadPrivateKey, loadPublicKey,
} = require('wechatpay-wasm');

// Node 16 has no fetch: node-fetch 2 (a dependency of this function) stands in for it there.
const fetch = globalThis.fetch ?? require('node-fetch');

const REQUIRED = ['WECHATPAY_MCH_ID', 'WECHATPAY_APP_ID', 'WECHATPAY_SERIAL_NO', 'WECHATPAY_API_V3_KEY', 'WECHATPAY_PRIVATE_KEY'];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const log = (fields) => console.log(JSON.stringify(fields));

/** The failure ack in the shape handleV3Notification gives, for what fails before it runs. */
const failAck = (status, code) => ({ status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'FAIL', message: code }) });

/** The ack as the trigger's integration response. */
const integrationResponse = (ack) => ({ isBase64Encoded: false, statusCode: ack.status, headers: ack.headers, body: ack.body });

// Once per instance: the parsed keys, downloaded platform certificates and the ids of processed
// notifications survive between invocations of a warm instance.
let instance;
async function setup(env) {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length) throw new Error(`not configured: ${missing.join(', ')} (see README.md)`);
  const vars = envStore(env);
  const keys = env.WECHATPAY_PUBLIC_KEY_ID
    // Public-key mode (微信支付公钥): notifications are signed with this one key.
    ? new PlatformKeys({ publicKey: await loadPublicKey(vars, 'WECHATPAY_PUBLIC_KEY'), publicKeyId: env.WECHATPAY_PUBLIC_KEY_ID })
    // Platform certificates: downloaded (GET /v3/certificates, verified) by the client below.
    : new PlatformKeys({ apiV3Key: env.WECHATPAY_API_V3_KEY, store: memoryStore() });
  createV3Client({
    mchId: env.WECHATPAY_MCH_ID, appId: env.WECHATPAY_APP_ID, serialNo: env.WECHATPAY_SERIAL_NO,
    privateKey: await loadPrivateKey(vars, 'WECHATPAY_PRIVATE_KEY'), keys, fetch, baseUrl: env.WECHATPAY_BASE_URL || undefined,
  });
  // Instances do not share memory, and WeChat Pay may deliver a notification to two of them:
  // this store catches redeliveries to the same instance; what onEvent writes must be idempotent
  // anyway (e.g. update the order only while it is still NOTPAY).
  return { keys, replayStore: memoryReplayStore(), mchId: env.WECHATPAY_MCH_ID, appId: env.WECHATPAY_APP_ID };
}

/** The raw request body as text, or a WechatPay-style error code when there is none. */
function requestBody(event) {
  const body = event.body;
  if (typeof body !== 'string' || body === '') return { error: 'BODY_MISSING' };
  if (event.isBase64Encoded !== true && event.isBase64Encoded !== 'true') return { body };
  if (!BASE64.test(body)) return { error: 'BASE64_INVALID' };
  return { body: Buffer.from(body, 'base64').toString('utf8') };
}

exports.main = async (event, context) => {
  const requestId = context?.request_id ?? event?.requestContext?.requestId;
  if (!event || typeof event !== 'object') return integrationResponse(failAck(400, 'EVENT_INVALID'));
  if (event.httpMethod !== undefined && event.httpMethod !== 'POST') return integrationResponse(failAck(405, 'METHOD_NOT_ALLOWED'));
  const { body, error } = requestBody(event);
  if (error) {
    log({ event: 'notification-rejected', requestId, code: error });
    return integrationResponse(failAck(400, error));
  }

  let app;
  try {
    app = await (instance ??= setup(process.env));
  } catch (e) {
    instance = undefined; // try again on the next delivery (WeChat Pay retries on 5xx)
    log({ event: 'setup-failed', requestId, message: e.message });
    return integrationResponse(failAck(500, 'NOT_CONFIGURED'));
  }

  const result = await handleV3Notification({ headers: event.headers ?? {}, body }, {
    apiV3Key: process.env.WECHATPAY_API_V3_KEY, keys: app.keys, replayStore: app.replayStore,
    // Runs once per notification id. The notification is authentic (signed, decrypted with the
    // API v3 key); still check it is about this merchant and this app.
    onEvent: async (notification) => {
      const r = notification.resource;
      if (notification.event_type !== 'TRANSACTION.SUCCESS') return log({ event: 'notification-ignored', id: notification.id, type: notification.event_type });
      if (r.mchid !== app.mchId || r.appid !== app.appId || r.trade_state !== 'SUCCESS') throw new Error(`payment notification for ${r.out_trade_no} is not for this merchant/app`);
      // Record the payment here (e.g. in the CloudBase database); throwing makes WeChat Pay deliver it again.
      return log({ event: 'paid', id: notification.id, outTradeNo: r.out_trade_no, transactionId: r.transaction_id, amount: r.amount?.total, openid: r.payer?.openid });
    },
  });
  if (!result.ok) log({ event: 'notification-rejected', requestId, id: result.id, code: result.error.code, message: result.error.message });
  else if (result.duplicate) log({ event: 'notification-duplicate', requestId, id: result.id });
  return integrationResponse(result.ack);
};
