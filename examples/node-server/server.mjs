// A WeChat Pay merchant server on plain node:http (no framework) with wechatpay-wasm: JSAPI
// payments (API v3, and API v2 for merchants still on it) and their notifications.
//
//   POST /pay         { "amount": 100, "description": "QQ公仔", "openid": "o…" } → API v3 JSAPI order
//                     → { outTradeNo, requestPayment: { appId, timeStamp, nonceStr, package, signType: 'RSA', paySign } }
//   POST /pay/v2      the same through API v2 (统一下单; needs WECHATPAY_V2_KEY)
//   POST /notify      API v3 notifications (JSON): verified, decrypted, processed once, acknowledged
//   POST /notify/v2   API v2 notifications (XML): sign verified, processed once, acknowledged
//   GET  /orders/:no  the order as WeChat Pay reports it (verified query) and as recorded here
//
// Configuration: environment variables (README.md); keys from files in WECHATPAY_KEY_DIR
// (apiclient_key.pem, optional pub_key.pem) or from WECHATPAY_PRIVATE_KEY / WECHATPAY_PUBLIC_KEY.
// REDIS_URL: several processes behind a load balancer share order records, processed
// notifications and the downloaded platform certificates through Redis. Unpaid orders are
// queried every RECONCILE_INTERVAL_MS (default 5 min) once RECONCILE_AFTER_MINUTES old (default 10).
//
//   node server.mjs      # listens on 127.0.0.1:$PORT (default 3000) behind your https reverse proxy
import http from 'node:http';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createV3Client, createV2Client, PlatformKeys, handleV3Notification, handleV2Notification, envStore,
  loadPrivateKey, loadPublicKey, memoryReplayStore, reconcileOrders, redisKeyStore, redisReplayStore, v2, WechatPayError,
} from 'wechatpay-wasm';
import { fileStore } from 'wechatpay-wasm/node';

const REQUIRED = ['WECHATPAY_MCH_ID', 'WECHATPAY_APP_ID', 'WECHATPAY_SERIAL_NO', 'WECHATPAY_API_V3_KEY'];
const ORDER_NO = /^[A-Za-z0-9_-]{6,32}$/;
const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** One JSON line per event on stdout. */
const defaultLog = (fields) => console.log(JSON.stringify({ time: new Date().toISOString(), ...fields }));

/**
 * Reads the configuration and the keys (failing now rather than at the first payment) and
 * returns an http.Server, not yet listening. `env`: process.env or a plain object.
 */
export async function createMerchantServer(env = process.env, { log = defaultLog } = {}) {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length) throw new Error(`not configured: ${missing.join(', ')} (see README.md)`);
  const mchId = env.WECHATPAY_MCH_ID;
  const appId = env.WECHATPAY_APP_ID;
  const baseUrl = env.WECHATPAY_BASE_URL || undefined; // tests: the simulator; default https://api.mch.weixin.qq.com
  const redis = env.REDIS_URL ? await connectRedis(env.REDIS_URL, log) : null;
  // Every call to WeChat Pay: 10 s per attempt, safe calls retried twice; one log line per failed attempt.
  const transport = {
    timeout: Number(env.WECHATPAY_TIMEOUT_MS || 10_000),
    hooks: { onError: ({ api, method, path, attempt, status, requestId, durationMs, error, retrying }) => log({ event: 'wechatpay-attempt-failed', api, method, path, attempt, status, requestId, durationMs, code: error.code, retrying }) },
  };

  // apiclient_key.pem (and pub_key.pem) in the key directory; downloaded platform certificates
  // are cached there too (mode 0600), so a restart needs no download.
  const files = fileStore(env.WECHATPAY_KEY_DIR || 'keys');
  const vars = envStore(env);
  const privateKey = env.WECHATPAY_PRIVATE_KEY
    ? await loadPrivateKey(vars, 'WECHATPAY_PRIVATE_KEY')
    : await loadPrivateKey(files, 'apiclient_key.pem');
  const keys = env.WECHATPAY_PUBLIC_KEY_ID
    // Public-key mode (微信支付公钥): responses and notifications are signed with this one key.
    ? new PlatformKeys({
      publicKey: env.WECHATPAY_PUBLIC_KEY ? await loadPublicKey(vars, 'WECHATPAY_PUBLIC_KEY') : await loadPublicKey(files, 'pub_key.pem'),
      publicKeyId: env.WECHATPAY_PUBLIC_KEY_ID,
    })
    // Platform certificates: GET /v3/certificates, verified, cached in the key directory (or
    // in Redis, shared by every process).
    : new PlatformKeys({ apiV3Key: env.WECHATPAY_API_V3_KEY, store: redis ? redisKeyStore(redis) : files });
  const wechatpay = createV3Client({ mchId, appId, serialNo: env.WECHATPAY_SERIAL_NO, privateKey, keys, baseUrl, ...transport });
  const wechatpayV2 = env.WECHATPAY_V2_KEY
    ? createV2Client({ appId, mchId, key: env.WECHATPAY_V2_KEY, signType: env.WECHATPAY_V2_SIGN_TYPE || 'HMAC-SHA256', baseUrl, ...transport })
    : null;

  // The merchant's own order records and the ids of processed notifications: in Redis when
  // REDIS_URL is set (every process sees the same), else in memory (one process only). A real
  // shop keeps its orders in its database; the replay store can stay in Redis.
  const orders = redis ? redisOrders(redis) : memoryOrders();
  const replayStore = redis ? redisReplayStore(redis) : memoryReplayStore();

  let server;
  const publicUrl = () => {
    if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/$/, '');
    const { address, port } = server.address();
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  };

  function orderInput(body) {
    // The amount comes from the request to keep the example short; a shop computes it from its
    // own prices, never trusting the client.
    const { amount, description, openid } = body;
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new HttpError(400, 'INVALID_REQUEST', 'amount must be a positive integer, in fen (分)');
    if (typeof description !== 'string' || description.length === 0 || description.length > 127) throw new HttpError(400, 'INVALID_REQUEST', 'description must be 1 to 127 characters');
    if (typeof openid !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(openid)) throw new HttpError(400, 'INVALID_REQUEST', 'openid is required (the payer in this app)');
    return { amount, description, openid };
  }

  async function pay(body) {
    const { amount, description, openid } = orderInput(body);
    const outTradeNo = newOrderNo();
    const { prepay_id: prepayId } = await wechatpay.jsapiOrder({
      description, out_trade_no: outTradeNo, notify_url: `${publicUrl()}/notify`, amount: { total: amount, currency: 'CNY' }, payer: { openid },
    });
    await orders.put(outTradeNo, { outTradeNo, api: 'v3', amount, description, openid, prepayId, state: 'NOTPAY', createdAt: new Date().toISOString(), notifications: [] });
    log({ event: 'order', api: 'v3', outTradeNo, amount });
    return { outTradeNo, requestPayment: await wechatpay.jsapiPayParams(prepayId) };
  }

  async function payV2(body, clientIp) {
    const { amount, description, openid } = orderInput(body);
    const outTradeNo = newOrderNo();
    const { prepay_id: prepayId } = await wechatpayV2.unifiedOrder({
      body: description, out_trade_no: outTradeNo, total_fee: amount, spbill_create_ip: clientIp,
      notify_url: `${publicUrl()}/notify/v2`, trade_type: 'JSAPI', openid,
    });
    await orders.put(outTradeNo, { outTradeNo, api: 'v2', amount, description, openid, prepayId, state: 'NOTPAY', createdAt: new Date().toISOString(), notifications: [] });
    log({ event: 'order', api: 'v2', outTradeNo, amount });
    return { outTradeNo, requestPayment: wechatpayV2.jsapiPayParams(prepayId) };
  }

  /** Marks an order paid. Throwing makes the ack a failure: WeChat Pay delivers the notification again. */
  async function markPaid(api, { outTradeNo, amount, transactionId, paidAt, notificationId }) {
    const order = await orders.get(outTradeNo);
    if (!order || order.api !== api) throw new Error(`payment for an unknown order ${outTradeNo}`);
    if (amount !== order.amount) throw new Error(`payment for ${outTradeNo} of ${amount} fen, the order is ${order.amount}`);
    await orders.put(outTradeNo, { ...order, state: 'SUCCESS', transactionId, paidAt, notifications: [...order.notifications, notificationId] });
  }

  /**
   * Missed notifications: unpaid orders older than RECONCILE_AFTER_MINUTES are queried; those
   * WeChat Pay reports paid are recorded as the notification would have recorded them.
   */
  async function reconcile() {
    const unpaid = await orders.unpaid();
    const byApi = (api) => unpaid.filter((o) => o.api === api);
    const olderThanMinutes = Number(env.RECONCILE_AFTER_MINUTES ?? 10);
    for (const [api, client] of [['v3', wechatpay], ['v2', wechatpayV2]]) {
      if (!client || byApi(api).length === 0) continue;
      const report = await reconcileOrders(client, byApi(api), { olderThanMinutes, concurrency: 4 });
      for (const { outTradeNo, transaction: t } of report.paid) {
        const record = await orders.get(outTradeNo);
        const amount = api === 'v3' ? t.amount?.total : Number(t.total_fee);
        if (record.state === 'SUCCESS' || amount !== record.amount) continue;
        await orders.put(outTradeNo, { ...record, state: 'SUCCESS', transactionId: t.transaction_id, paidAt: t.success_time ?? t.time_end, reconciledByQuery: true });
      }
      for (const { outTradeNo, tradeState } of report.closed) {
        const record = await orders.get(outTradeNo);
        await orders.put(outTradeNo, { ...record, state: tradeState });
      }
      log({
        event: 'reconciled', api, paid: report.paid.map((x) => x.outTradeNo), closed: report.closed.map((x) => x.outTradeNo),
        pending: report.pending.length, notFound: report.notFound.length, failed: report.failed.map((x) => x.error.code),
      });
    }
  }

  async function notify(req, body) {
    const result = await handleV3Notification({ headers: req.headers, body }, {
      apiV3Key: env.WECHATPAY_API_V3_KEY, keys, replayStore,
      // Runs once per notification id. The notification is authentic (signed, decrypted with the
      // API v3 key); still check it is about this merchant, this app and this amount.
      onEvent: async (event) => {
        const r = event.resource;
        if (event.event_type !== 'TRANSACTION.SUCCESS') return log({ event: 'notification-ignored', id: event.id, type: event.event_type });
        if (r.mchid !== mchId || r.appid !== appId || r.trade_state !== 'SUCCESS') throw new Error(`payment notification for ${r.out_trade_no} is not for this merchant/app`);
        return markPaid('v3', { outTradeNo: r.out_trade_no, amount: r.amount?.total, transactionId: r.transaction_id, paidAt: r.success_time, notificationId: event.id });
      },
    });
    report('v3', result, result.event?.resource?.out_trade_no);
    return result.ack;
  }

  async function notifyV2(body) {
    const result = await handleV2Notification(body, {
      key: env.WECHATPAY_V2_KEY, signType: wechatpayV2.signType, mchId, appId, replayStore,
      onEvent: async (event, { type, id }) => {
        if (type !== 'payment') return log({ event: 'notification-ignored', api: 'v2', id, type });
        if (event.result_code !== 'SUCCESS') throw new Error(`v2 payment notification for ${event.out_trade_no} has result_code ${event.result_code}`);
        return markPaid('v2', { outTradeNo: event.out_trade_no, amount: Number(event.total_fee), transactionId: event.transaction_id, paidAt: event.time_end, notificationId: id });
      },
    });
    report('v2', result, result.event?.out_trade_no);
    return result.ack;
  }

  function report(api, result, outTradeNo) {
    if (!result.ok) log({ event: 'notification-rejected', api, code: result.error.code, message: result.error.message });
    else log({ event: result.duplicate ? 'notification-duplicate' : 'notification-processed', api, id: result.id, outTradeNo });
  }

  /**
   * WeChat Pay's verified answer; a payment whose notification never arrived is recorded from it.
   * Order numbers are unguessable, but a real shop also checks who is asking.
   */
  async function order(outTradeNo) {
    if (!ORDER_NO.test(outTradeNo)) throw new HttpError(400, 'INVALID_REQUEST', 'not an order number');
    let record = await orders.get(outTradeNo);
    if (!record) throw new HttpError(404, 'ORDER_NOT_FOUND', `no order ${outTradeNo} here`);
    let t;
    if (record.api === 'v3') {
      const q = await wechatpay.queryOrder(outTradeNo);
      t = { tradeState: q.trade_state, tradeStateDesc: q.trade_state_desc, transactionId: q.transaction_id ?? null, amount: q.amount?.total, successTime: q.success_time ?? null };
    } else {
      const q = await wechatpayV2.orderQuery(outTradeNo);
      t = { tradeState: q.trade_state, tradeStateDesc: q.trade_state_desc, transactionId: q.transaction_id ?? null, amount: Number(q.total_fee), successTime: q.time_end ?? null };
    }
    if (t.tradeState === 'SUCCESS' && record.state !== 'SUCCESS' && t.amount === record.amount) {
      record = { ...record, state: 'SUCCESS', transactionId: t.transactionId, paidAt: t.successTime, reconciledByQuery: true };
      await orders.put(outTradeNo, record);
    }
    return { outTradeNo, api: record.api, ...t, recorded: record };
  }

  async function route(req, res, path) {
    const post = req.method === 'POST';
    if (path === '/notify' || (path === '/notify/v2' && wechatpayV2)) {
      if (!post) throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'POST only');
      const body = await readBody(req); // the raw text: the signature covers these exact bytes
      return send(res, path === '/notify' ? await notify(req, body) : await notifyV2(body));
    }
    if (path === '/pay' || (path === '/pay/v2' && wechatpayV2)) {
      if (!post) throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'POST only');
      const body = parseJson(await readBody(req));
      return sendJson(res, 200, path === '/pay' ? await pay(body) : await payV2(body, clientIp(req)));
    }
    const m = /^\/orders\/([^/]+)$/.exec(path);
    if (m) {
      if (req.method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'GET only');
      return sendJson(res, 200, await order(m[1]));
    }
    throw new HttpError(404, 'NOT_FOUND', 'not found');
  }

  server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    try {
      await route(req, res, path);
    } catch (e) {
      if (e instanceof WechatPayError) log({ event: 'wechatpay-error', code: e.code, status: e.status, requestId: e.requestId, message: e.message });
      else if (!(e instanceof HttpError)) log({ event: 'error', path, message: String(e?.stack ?? e) });
      const code = e instanceof HttpError || e instanceof WechatPayError ? e.code : 'INTERNAL_ERROR';
      const status = e instanceof HttpError ? e.status : 500;
      if (res.headersSent) return res.destroy();
      // A failed notification must say FAIL in its protocol's form: WeChat Pay then delivers it again.
      if (path === '/notify') return sendJson(res, status, { code: 'FAIL', message: code });
      if (path === '/notify/v2' && wechatpayV2) return send(res, { status, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: v2.notificationAck(false, code) });
      if (status === 413) res.setHeader('Connection', 'close');
      if (e instanceof HttpError) return sendJson(res, status, { code, message: e.message });
      if (['ORDER_NOT_EXIST', 'ORDERNOTEXIST'].includes(code)) return sendJson(res, 404, { code, message: e.message });
      if (e instanceof WechatPayError) return sendJson(res, 502, { code, message: e.message, requestId: e.requestId });
      return sendJson(res, 500, { code, message: 'internal error' });
    }
  });
  // Reconciliation runs on an interval while the server listens; with several processes each
  // runs it (queries are safe to repeat; a shop would elect one, e.g. with a Redis lock).
  let timer = null;
  const interval = Number(env.RECONCILE_INTERVAL_MS ?? 300_000);
  server.on('listening', () => {
    if (interval > 0) {
      timer = setInterval(() => reconcile().catch((e) => log({ event: 'reconcile-failed', code: e.code, message: e.message })), interval);
      timer.unref();
    }
  });
  server.on('close', () => {
    clearInterval(timer);
    redis?.destroy();
  });
  server.reconcile = reconcile;
  return server;
}

/** A node-redis client (`npm install redis`), loaded only when REDIS_URL is set. */
async function connectRedis(url, log) {
  const { createClient } = await import('redis');
  // Commands fail while Redis is down instead of queueing: a notification then gets a 500 and
  // WeChat Pay delivers it again later.
  const client = createClient({ url, disableOfflineQueue: true });
  client.on('error', (e) => log({ event: 'redis-error', message: e.message }));
  await client.connect();
  return client;
}

const PENDING = 'wechatpay-example:unpaid';
const orderKey = (no) => `wechatpay-example:orders:${no}`;

function redisOrders(redis) {
  return {
    get: async (no) => JSON.parse((await redis.get(orderKey(no))) ?? 'null') ?? undefined,
    async put(no, record) {
      await redis.set(orderKey(no), JSON.stringify(record));
      if (record.state === 'NOTPAY') await redis.zAdd(PENDING, { score: Date.parse(record.createdAt), value: no });
      else await redis.zRem(PENDING, no);
    },
    async unpaid() {
      const nos = await redis.zRange(PENDING, 0, 999);
      return (await Promise.all(nos.map((no) => this.get(no)))).filter((r) => r?.state === 'NOTPAY');
    },
  };
}

function memoryOrders() {
  const records = new Map();
  return {
    get: async (no) => records.get(no),
    put: async (no, record) => { records.set(no, record); },
    unpaid: async () => [...records.values()].filter((r) => r.state === 'NOTPAY'),
  };
}

/** Order numbers are ours: 6–32 characters of [A-Za-z0-9_-], unguessable. */
function newOrderNo() {
  return `WX${Date.now()}${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Answer now; the rest of the upload is read and dropped, then the connection closes.
        reject(new HttpError(413, 'BODY_TOO_LARGE', 'request body too large'));
        req.removeAllListeners('data');
        req.resume();
        req.socket.setTimeout(10_000, () => req.socket.destroy());
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text) {
  try {
    const value = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch { /* below */ }
  throw new HttpError(400, 'INVALID_REQUEST', 'expected a JSON object');
}

/** spbill_create_ip (API v2): the payer's address. Behind a reverse proxy, take it from the proxy's header instead. */
function clientIp(req) {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

function send(res, { status, headers, body }) {
  res.writeHead(status, headers);
  res.end(body);
}

function sendJson(res, status, value) {
  send(res, { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, body: JSON.stringify(value) });
}

// `node server.mjs`: listen on HOST:PORT (default 127.0.0.1:3000) until SIGTERM / SIGINT.
const isMain = process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) {
  let server;
  try {
    server = await createMerchantServer(process.env);
  } catch (e) {
    console.error(`wechatpay node-server: ${e.message}`);
    process.exit(1);
  }
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT ?? 3000);
  server.listen(port, host, () => {
    const { address, port: bound } = server.address();
    defaultLog({ event: 'listening', url: `http://${address.includes(':') ? `[${address}]` : address}:${bound}` });
  });
  const stop = (signal) => {
    defaultLog({ event: 'stopping', signal });
    server.close(() => defaultLog({ event: 'stopped' }));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
