// WeChat Pay (API v3) JSAPI payments in a Cloudflare Worker, with wechatpay-wasm.
//
//   POST /pay            { "amount": 100, "description": "QQ公仔", "openid": "o…" }
//                        → { outTradeNo, requestPayment: { appId, timeStamp, nonceStr, package, signType, paySign } }
//   POST /notify         WeChat Pay's notifications (the notify_url): verified, decrypted,
//                        processed once (Durable Object), acknowledged
//   GET  /orders/:no     the order as WeChat Pay reports it (a signed, verified query) and as recorded here
//
// Configuration (see wrangler.toml and README.md): secrets WECHATPAY_MCH_ID, WECHATPAY_APP_ID,
// WECHATPAY_SERIAL_NO, WECHATPAY_PRIVATE_KEY, WECHATPAY_API_V3_KEY; optional WECHATPAY_PUBLIC_KEY +
// WECHATPAY_PUBLIC_KEY_ID (public-key mode), PUBLIC_URL (the https origin WeChat Pay posts
// notifications to; default: the origin of the /pay request), WECHATPAY_BASE_URL (tests only).
// Bindings: WECHATPAY_KV (platform certificate cache and the order records), WECHATPAY_REPLAY
// (the Durable Object that remembers which notifications were processed).
//
//   scheduled            the Cron Trigger (wrangler.toml [triggers] crons): unpaid orders older
//                        than RECONCILE_AFTER_MINUTES (default 10) are queried, in case their
//                        notification never arrived; the paid ones are recorded.
import {
  createV3Client, PlatformKeys, handleV3Notification, ackResponse, envStore, kvStore, loadPrivateKey, loadPublicKey,
  durableReplayStore, reconcileOrders, WechatPayError,
} from 'wechatpay-wasm';

// The Durable Object class behind env.WECHATPAY_REPLAY: a Worker must export the classes it binds.
export { WechatPayReplayStore } from 'wechatpay-wasm';

const REQUIRED = ['WECHATPAY_MCH_ID', 'WECHATPAY_APP_ID', 'WECHATPAY_SERIAL_NO', 'WECHATPAY_PRIVATE_KEY', 'WECHATPAY_API_V3_KEY'];
const ORDER_NO = /^[A-Za-z0-9_-]{6,32}$/;
const MAX_BODY = 16 * 1024;

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const json = (status, value) => Response.json(value, { status, headers: { 'Cache-Control': 'no-store' } });

/** One line per event, as `wrangler tail` and Workers Logs show it. */
const log = (fields) => console.log(JSON.stringify(fields));

// Built once per isolate: the private key is parsed once, the platform certificates are loaded
// from KV (or downloaded once and cached there) and kept between requests.
let app;
/** @param {Env} env */
function setup(env) {
  app ??= createApp(env).catch((e) => { app = undefined; throw e; });
  return app;
}

/** @param {Env} env */
async function createApp(env) {
  const missing = REQUIRED.filter((name) => typeof env[name] !== 'string' || env[name] === '');
  if (missing.length) throw new HttpError(500, 'CONFIG_MISSING', `not configured: ${missing.join(', ')} (wrangler secret put …)`);
  if (!env.WECHATPAY_KV || !env.WECHATPAY_REPLAY) throw new HttpError(500, 'CONFIG_MISSING', 'the WECHATPAY_KV and WECHATPAY_REPLAY bindings are missing (wrangler.toml)');
  const secrets = envStore(env); // a PEM pasted on one line with literal \n is restored
  const keys = env.WECHATPAY_PUBLIC_KEY
    // Public-key mode (微信支付公钥): nothing to download.
    ? new PlatformKeys({ publicKey: await loadPublicKey(secrets, 'WECHATPAY_PUBLIC_KEY'), publicKeyId: env.WECHATPAY_PUBLIC_KEY_ID })
    // Platform certificates: downloaded with GET /v3/certificates, cached in KV for every isolate.
    : new PlatformKeys({ apiV3Key: env.WECHATPAY_API_V3_KEY, store: kvStore(env.WECHATPAY_KV, { prefix: 'wechatpay/' }) });
  const wechatpay = createV3Client({
    mchId: env.WECHATPAY_MCH_ID,
    appId: env.WECHATPAY_APP_ID,
    serialNo: env.WECHATPAY_SERIAL_NO,
    privateKey: await loadPrivateKey(secrets, 'WECHATPAY_PRIVATE_KEY'),
    keys,
    ...(env.WECHATPAY_BASE_URL ? { baseUrl: env.WECHATPAY_BASE_URL } : {}),
    // Each call to WeChat Pay: 10 s per attempt, safe calls retried twice; failed attempts logged.
    hooks: { onError: ({ method, path, attempt, status, requestId, error, retrying }) => log({ event: 'wechatpay-attempt-failed', method, path, attempt, status, requestId, code: error.code, retrying }) },
  });
  // The merchant's own order records. KV keeps the example small; a real shop uses its database
  // (D1, or an API of its own) — anything that can answer "which order, what amount".
  // Unpaid orders are also listed under unpaid/ (for the Cron Trigger's reconciliation).
  const orders = {
    /** @type {(no: string) => Promise<any>} the record, or null */
    get: (no) => env.WECHATPAY_KV.get(`orders/${no}`, 'json'),
    async put(no, record) {
      await env.WECHATPAY_KV.put(`orders/${no}`, JSON.stringify(record));
      if (record.state === 'NOTPAY') await env.WECHATPAY_KV.put(`unpaid/${no}`, record.createdAt);
      else await env.WECHATPAY_KV.delete(`unpaid/${no}`);
    },
    async unpaid() {
      const { keys: listed } = await env.WECHATPAY_KV.list({ prefix: 'unpaid/', limit: 1000 });
      const records = await Promise.all(listed.map((k) => this.get(k.name.slice('unpaid/'.length))));
      return records.filter((r) => r?.state === 'NOTPAY');
    },
  };
  return { keys, wechatpay, orders, replayStore: durableReplayStore(env.WECHATPAY_REPLAY) };
}

async function readJson(request) {
  const text = await request.text();
  if (text.length > MAX_BODY) throw new HttpError(413, 'BODY_TOO_LARGE', 'request body too large');
  try {
    const value = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch { /* below */ }
  throw new HttpError(400, 'INVALID_REQUEST', 'expected a JSON object');
}

/** Order numbers are ours: 6–32 characters of [A-Za-z0-9_-], unguessable. */
function newOrderNo() {
  const random = crypto.getRandomValues(new Uint8Array(8));
  return `WX${Date.now()}${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`; // 2 + 13 + 16
}

/** POST /pay: a JSAPI order, and the parameters the mini program passes to wx.requestPayment. */
async function pay(request, env, { wechatpay, orders }) {
  // The amount comes from the request to keep the example short; a shop computes it from its
  // own prices, never trusting the client.
  const { amount, description, openid } = await readJson(request);
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new HttpError(400, 'INVALID_REQUEST', 'amount must be a positive integer, in fen (分)');
  if (typeof description !== 'string' || description.length === 0 || description.length > 127) throw new HttpError(400, 'INVALID_REQUEST', 'description must be 1 to 127 characters');
  if (typeof openid !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(openid)) throw new HttpError(400, 'INVALID_REQUEST', 'openid is required (the payer in this app)');
  const outTradeNo = newOrderNo();
  const notifyUrl = `${(env.PUBLIC_URL || new URL(request.url).origin).replace(/\/$/, '')}/notify`;
  const { prepay_id: prepayId } = await wechatpay.jsapiOrder({
    description, out_trade_no: outTradeNo, notify_url: notifyUrl, amount: { total: amount, currency: 'CNY' }, payer: { openid },
  });
  await orders.put(outTradeNo, {
    outTradeNo, amount, description, openid, prepayId, state: 'NOTPAY', createdAt: new Date().toISOString(), notifications: [],
  });
  log({ event: 'order', outTradeNo, amount });
  return json(200, { outTradeNo, requestPayment: await wechatpay.jsapiPayParams(prepayId) });
}

/**
 * Called once per notification id (the Durable Object decides): mark the order paid. Throwing
 * makes the answer a failure, so WeChat Pay delivers the notification again later.
 */
async function onEvent(event, env, { orders }) {
  const r = event.resource;
  if (event.event_type !== 'TRANSACTION.SUCCESS') {
    log({ event: 'notification-ignored', id: event.id, type: event.event_type });
    return;
  }
  const order = await orders.get(r.out_trade_no);
  if (!order) throw new Error(`payment for an unknown order ${r.out_trade_no}`);
  // The notification is authentic (signed, decrypted with the API v3 key); still check it is
  // about this merchant, this app and this amount before delivering anything.
  if (r.mchid !== env.WECHATPAY_MCH_ID || r.appid !== env.WECHATPAY_APP_ID || r.amount?.total !== order.amount || r.trade_state !== 'SUCCESS') {
    throw new Error(`payment notification for ${r.out_trade_no} does not match the order`);
  }
  await orders.put(r.out_trade_no, {
    ...order, state: 'SUCCESS', transactionId: r.transaction_id, paidAt: r.success_time, notifications: [...order.notifications, event.id],
  });
}

/** POST /notify: answer exactly what handleV3Notification says (204, or 4xx/5xx FAIL). */
async function notify(request, env, app) {
  const result = await handleV3Notification(request, {
    apiV3Key: env.WECHATPAY_API_V3_KEY,
    keys: app.keys,
    replayStore: app.replayStore,
    onEvent: (event) => onEvent(event, env, app),
  });
  if (!result.ok) log({ event: 'notification-rejected', status: result.ack.status, code: result.error.code, message: result.error.message });
  else log({ event: result.duplicate ? 'notification-duplicate' : 'notification-processed', id: result.id, type: result.event.event_type, outTradeNo: result.event.resource?.out_trade_no });
  return ackResponse(result.ack);
}

/**
 * GET /orders/:no: WeChat Pay's verified answer; a payment the notification missed is recorded
 * from it. Order numbers are unguessable, but a real shop also checks who is asking.
 */
async function order(outTradeNo, { wechatpay, orders }) {
  if (!ORDER_NO.test(outTradeNo)) throw new HttpError(400, 'INVALID_REQUEST', 'not an order number');
  let record = await orders.get(outTradeNo);
  if (!record) throw new HttpError(404, 'ORDER_NOT_FOUND', `no order ${outTradeNo} here`);
  const t = await wechatpay.queryOrder(outTradeNo);
  if (t.trade_state === 'SUCCESS' && record.state !== 'SUCCESS' && t.amount?.total === record.amount) {
    record = { ...record, state: 'SUCCESS', transactionId: t.transaction_id, paidAt: t.success_time, reconciledByQuery: true };
    await orders.put(outTradeNo, record);
  }
  return json(200, {
    outTradeNo, tradeState: t.trade_state, tradeStateDesc: t.trade_state_desc, transactionId: t.transaction_id ?? null,
    amount: t.amount?.total, successTime: t.success_time ?? null, recorded: record,
  });
}

/**
 * The Cron Trigger: asks WeChat Pay about unpaid orders older than RECONCILE_AFTER_MINUTES (4 at a
 * time, each with the client's timeout and retries) and records those it reports paid.
 */
async function reconcile(env, { wechatpay, orders }) {
  const unpaid = await orders.unpaid();
  const report = await reconcileOrders(wechatpay, unpaid, { olderThanMinutes: Number(env.RECONCILE_AFTER_MINUTES ?? 10), concurrency: 4 });
  for (const { outTradeNo, transaction } of report.paid) {
    const t = /** @type {any} WeChat Pay's transaction JSON */ (transaction);
    const record = await orders.get(outTradeNo);
    if (record.state === 'SUCCESS' || t.amount?.total !== record.amount) continue;
    await orders.put(outTradeNo, { ...record, state: 'SUCCESS', transactionId: t.transaction_id, paidAt: t.success_time, reconciledByQuery: true });
  }
  for (const { outTradeNo, tradeState } of report.closed) await orders.put(outTradeNo, { ...(await orders.get(outTradeNo)), state: tradeState });
  log({
    event: 'reconciled', paid: report.paid.map((x) => x.outTradeNo), closed: report.closed.map((x) => x.outTradeNo),
    pending: report.pending.map((x) => x.outTradeNo), notFound: report.notFound.map((x) => x.outTradeNo), failed: report.failed.map((x) => (x.error instanceof WechatPayError ? x.error.code : 'INTERNAL_ERROR')),
  });
}

/** @satisfies {ExportedHandler<Env>} */
export default {
  async scheduled(controller, env) {
    await reconcile(env, await setup(env));
  },

  async fetch(request, env) {
    const url = new URL(request.url);
    const isNotify = url.pathname === '/notify';
    try {
      const app = await setup(env);
      if (isNotify) {
        if (request.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'POST only');
        return await notify(request, env, app);
      }
      if (url.pathname === '/pay') {
        if (request.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'POST only');
        return await pay(request, env, app);
      }
      const m = /^\/orders\/([^/]+)$/.exec(url.pathname);
      if (m) {
        if (request.method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'GET only');
        return await order(m[1], app);
      }
      throw new HttpError(404, 'NOT_FOUND', 'not found');
    } catch (e) {
      if (e instanceof WechatPayError) {
        // e.code is WeChat Pay's own code (PARAM_ERROR, ORDER_NOT_EXIST, …) or a verification code.
        log({ event: 'wechatpay-error', code: e.code, status: e.status, requestId: e.requestId, message: e.message });
      } else if (!(e instanceof HttpError)) {
        console.error(e);
      }
      const code = e instanceof HttpError || e instanceof WechatPayError ? e.code : 'INTERNAL_ERROR';
      // WeChat Pay reads a failed notification as a 4xx/5xx with {"code":"FAIL","message":…}: it delivers again.
      if (isNotify) return json(e instanceof HttpError ? e.status : 500, { code: 'FAIL', message: code });
      if (e instanceof HttpError) return json(e.status, { code, message: e.message });
      if (code === 'ORDER_NOT_EXIST') return json(404, { code, message: e.message });
      if (e instanceof WechatPayError) return json(502, { code, message: e.message, requestId: e.requestId });
      return json(500, { code, message: 'internal error' });
    }
  },
};
