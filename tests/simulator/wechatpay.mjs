// A local, protocol-faithful WeChat Pay simulator (API v3 JSON and API v2 XML) for tests and
// `make demo`. It listens on 127.0.0.1 only (random ports) and is written with Node's own
// `crypto` — deliberately independent of wechatpay-wasm, so a bug in the package cannot be
// mirrored here and pass unnoticed.
//
// It is strict, not a stub: every v3 request's Authorization is verified with the merchant's
// public key (scheme, mchid, serial_no, timestamp window, nonce reuse, SHA256withRSA over
// METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n of the exact request target and body) and every v2 XML's
// sign with the API key; required fields are validated; orders keep state (NOTPAY → SUCCESS →
// REFUND / CLOSED); every v3 response is signed with the platform key; notifications are signed
// and encrypted as WeChat Pay sends them.
//
// Every key and certificate it uses is TEST ONLY (tests/vectors/simulator, tests/vectors/tls,
// tests/vectors/v3).
//
//   const sim = await startWechatPaySimulator();          // sim.url, sim.httpsUrl
//   ... sim.pay(outTradeNo) / sim.settleRefund(outRefundNo) / sim.rotateCertificate() ...
//   await sim.close();
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { beyondPaymentRoutes } from './wechatpay-beyond.mjs';
import { billRoutes } from './wechatpay-bills.mjs';
import { v2MoreRoutes } from './wechatpay-v2-more.mjs';

const vector = (path) => readFileSync(new URL(`../vectors/${path}`, import.meta.url), 'utf8');

/** The TEST ONLY material the simulator and the tests share. */
export const TEST_MATERIAL = Object.freeze({
  mchId: '1900000001',
  appId: 'wxd678efh567hg6787',
  apiV3Key: 'TESTONLYapiV3key0123456789abcdef',
  v2Key: 'TESTONLYv2apiKey0123456789abcdef',
  merchantPrivateKey: vector('v3/private_pkcs8.pem'),
  merchantCertificate: vector('v3/cert.pem'),
  merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  platformCertificates: [
    { serialNo: '3B9F1A4C6D2E8F70112233445566778899AABBCC', cert: vector('simulator/platform1_cert.pem'), key: vector('simulator/platform1_key.pem') },
    { serialNo: '6C1E7A2B3D4F5061728394A5B6C7D8E9F0A1B2C3', cert: vector('simulator/platform2_cert.pem'), key: vector('simulator/platform2_key.pem') },
  ],
  publicKeyId: 'PUB_KEY_ID_0119000000012026112200000000000001',
  publicKey: vector('simulator/pubkey.pem'),
  publicKeyPrivate: vector('simulator/pubkey_private.pem'),
  wrongKey: vector('simulator/wrong_key.pem'),
  tls: {
    ca: vector('tls/ca.pem'),
    serverCert: vector('tls/server.pem'),
    serverKey: vector('tls/server_key.pem'),
    clientCert: vector('tls/client.pem'),
    clientKey: vector('tls/client_key.pem'),
    rogueCert: vector('tls/rogue.pem'),
    rogueKey: vector('tls/rogue_key.pem'),
  },
});

const MAX_BODY = 6 << 20; // a 5 MiB video upload plus its multipart framing
const V3_SIGN_ERROR = { code: 'SIGN_ERROR', message: '签名错误' };
const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

// ── small helpers ────────────────────────────────────────────────────────────────────────────

const randomHex = (bytes) => crypto.randomBytes(bytes).toString('hex').toUpperCase();
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomAlnum = (n) => Array.from(crypto.randomBytes(n), (b) => ALNUM[b % ALNUM.length]).join('');

/** RFC 3339 in Beijing time, as WeChat Pay writes times: 2026-11-22T20:30:00+08:00. */
function rfc3339(ms) {
  const d = new Date(ms + 8 * 3600_000);
  return d.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
/** v2 times: yyyyMMddHHmmss in Beijing time. */
function v2Time(ms) {
  return rfc3339(ms).slice(0, 19).replace(/[-T:]/g, '');
}

function aesGcmEncrypt(plaintext, apiV3Key, associatedData) {
  const nonce = randomAlnum(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const enc = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: enc.toString('base64'), associated_data: associatedData, nonce };
}

// v2 XML: WeChat Pay's flat <xml><k><![CDATA[v]]></k>…</xml>.
function toXml(fields) {
  let out = '<xml>';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    out += `<${k}><![CDATA[${String(v).replaceAll(']]>', ']]]]><![CDATA[>')}]]></${k}>`;
  }
  return out + '</xml>';
}
function fromXml(text) {
  const body = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(text);
  if (!body || /<!DOCTYPE|<!ENTITY/i.test(text)) return null;
  const fields = {};
  const re = /<([A-Za-z_][\w]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
  let m;
  let rest = body[1];
  while ((m = re.exec(body[1]))) {
    if (Object.hasOwn(fields, m[1])) return null;
    fields[m[1]] = m[2] !== undefined ? m[2] : m[3].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    rest = rest.replace(m[0], '');
  }
  return rest.trim() === '' ? fields : null;
}
// The v2 signature, from the spec: drop sign and empty values, sort by name (ASCII), k=v&…&key=KEY.
function v2Sign(fields, key, signType) {
  const names = Object.keys(fields).filter((k) => k !== 'sign' && fields[k] !== '' && fields[k] !== undefined && fields[k] !== null).sort();
  const temp = names.map((k) => `${k}=${fields[k]}`).join('&') + `&key=${key}`;
  const h = signType === 'HMAC-SHA256' ? crypto.createHmac('sha256', key) : crypto.createHash('md5');
  return h.update(temp, 'utf8').digest('hex').toUpperCase();
}
function v2RefundReqInfo(fields, key) {
  const aesKey = Buffer.from(crypto.createHash('md5').update(key, 'utf8').digest('hex'), 'utf8');
  let xml = '<root>';
  for (const [k, v] of Object.entries(fields)) xml += `<${k}><![CDATA[${v}]]></${k}>`;
  xml += '</root>';
  const c = crypto.createCipheriv('aes-256-ecb', aesKey, null);
  return Buffer.concat([c.update(xml, 'utf8'), c.final()]).toString('base64');
}

function parseAuthorization(header) {
  if (typeof header !== 'string' || !header.startsWith(`${AUTH_SCHEME} `)) return null;
  const params = {};
  const re = /\s*([a-z_]+)="([^"]*)"\s*(,|$)/gy;
  const rest = header.slice(AUTH_SCHEME.length + 1);
  let m;
  let end = 0;
  while (end < rest.length && (m = re.exec(rest))) {
    if (Object.hasOwn(params, m[1])) return null;
    params[m[1]] = m[2];
    end = re.lastIndex;
  }
  if (end !== rest.length) return null;
  for (const k of ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature']) if (!params[k]) return null;
  return params;
}

function sameText(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

class ApiError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}
const paramError = (message) => new ApiError(400, 'PARAM_ERROR', message);
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStr = (v, max = 256) => typeof v === 'string' && v.length > 0 && v.length <= max;
const isAmount = (v) => Number.isInteger(v) && v > 0;

function field(obj, path, check = isStr) {
  let v = obj;
  for (const part of path.split('.')) v = isObj(v) ? v[part] : undefined;
  if (v === undefined || v === null) throw paramError(`输入源"/body/${path.replaceAll('.', '/')}"映射到字段"${path}"必填性规则校验失败，此字段为必填项`);
  if (!check(v)) throw paramError(`输入源"/body/${path.replaceAll('.', '/')}"映射到字段"${path}"格式校验失败`);
  return v;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new ApiError(413, 'PARAM_ERROR', 'body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ── the simulator ────────────────────────────────────────────────────────────────────────────

/**
 * Starts the simulator. Options (all optional; the defaults are TEST_MATERIAL):
 * - `mchId`, `appId`, `apiV3Key`, `v2Key`, `merchantCertificate` (PEM: the merchant's API
 *   certificate, whose public key verifies v3 requests and whose serial is the only accepted
 *   `serial_no`);
 * - `signWith`: `'certificate'` (default: responses carry the platform certificate serial) or
 *   `'publicKey'` (public-key mode: `Wechatpay-Serial: PUB_KEY_ID_…`);
 * - `tls`: true to also listen with HTTPS (test CA) — `/secapi/` requires it plus the merchant's
 *   client certificate;
 * - `clock`: () => milliseconds (default Date.now), `maxSkew` seconds (default 300).
 */
export async function startWechatPaySimulator(options = {}) {
  const M = TEST_MATERIAL;
  const cfg = {
    mchId: options.mchId ?? M.mchId,
    appId: options.appId ?? M.appId,
    apiV3Key: options.apiV3Key ?? M.apiV3Key,
    v2Key: options.v2Key ?? M.v2Key,
    maxSkew: options.maxSkew ?? 300,
  };
  const clock = options.clock ?? Date.now;
  const merchantCert = new crypto.X509Certificate(options.merchantCertificate ?? M.merchantCertificate);
  const merchantSerial = merchantCert.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, '');
  const merchantKey = merchantCert.publicKey;

  // Platform certificates: the first is active; rotateCertificate() activates the next. All that
  // were ever active (and not expired) are served by /v3/certificates.
  const available = M.platformCertificates.map((p) => {
    const x509 = new crypto.X509Certificate(p.cert);
    return { serialNo: p.serialNo, cert: p.cert, key: crypto.createPrivateKey(p.key), x509 };
  });
  for (const p of available) {
    if (p.x509.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, '') !== p.serialNo) throw new Error(`platform certificate serial mismatch for ${p.serialNo}`);
  }
  const published = [available[0]];
  let active = available[0];
  const pubKey = { id: M.publicKeyId, key: crypto.createPrivateKey(M.publicKeyPrivate) };
  let signWith = options.signWith ?? 'certificate';
  const wrongKey = crypto.createPrivateKey(M.wrongKey);

  // Test controls.
  const faults = { wrongKey: false, timestampOffset: 0, tamperNext: 0, tamperMode: 'field', failNext: [], hangNext: 0, dropNext: 0 };

  const state = {
    orders: new Map(), // out_trade_no → order
    byTransactionId: new Map(),
    refunds: new Map(), // out_refund_no → refund
    nonces: new Map(), // v3 request nonces seen (nonce → expiry ms)
    requests: [], // { api, method, url, status, code }
    deliveries: [], // notifications pushed: { kind, url, headers, body, status, responseBody, ok }
    notifications: [], // what was sent, for redelivery
    certificateDownloads: 0,
    ordersCreated: 0, // orders created (a repeated out_trade_no returns the first order instead)
    dropped: 0, // responses lost after processing (dropNextResponse)
  };

  const now = () => clock();
  const nowSec = () => Math.floor(now() / 1000);
  const beyond = beyondPaymentRoutes({
    cfg, state, now, rfc3339, randomHex, ApiError, paramError, field, isObj, isStr, isAmount, merchantKey, v3Notification, notify: (n) => notify(n),
    decryptionKey: (serial) => (serial === pubKey.id ? pubKey.key : published.find((p) => p.serialNo === String(serial).toUpperCase())?.key),
  });

  function signer() {
    if (faults.wrongKey) return { key: wrongKey, serial: signWith === 'publicKey' ? pubKey.id : active.serialNo };
    return signWith === 'publicKey' ? { key: pubKey.key, serial: pubKey.id } : { key: active.key, serial: active.serialNo };
  }
  /** The Wechatpay-* headers for `body`, as WeChat Pay signs responses and notifications. */
  function signedHeaders(body) {
    const { key, serial } = signer();
    const timestamp = String(nowSec() + faults.timestampOffset);
    const nonce = randomHex(16);
    const signature = crypto.sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`, 'utf8'), key).toString('base64');
    return { 'Wechatpay-Timestamp': timestamp, 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': serial };
  }

  // ── v3 ──

  function verifyAuthorization(req, body) {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) throw new ApiError(401, V3_SIGN_ERROR.code, V3_SIGN_ERROR.message, 'Authorization missing or malformed');
    if (auth.mchid !== cfg.mchId) throw new ApiError(401, V3_SIGN_ERROR.code, V3_SIGN_ERROR.message, `unknown mchid ${auth.mchid}`);
    if (auth.serial_no.toUpperCase() !== merchantSerial) throw new ApiError(401, V3_SIGN_ERROR.code, V3_SIGN_ERROR.message, `serial_no ${auth.serial_no} is not the merchant certificate`);
    if (!/^\d{1,12}$/.test(auth.timestamp) || Math.abs(Number(auth.timestamp) - nowSec()) > cfg.maxSkew) {
      throw new ApiError(401, V3_SIGN_ERROR.code, V3_SIGN_ERROR.message, `timestamp ${auth.timestamp} outside the window`);
    }
    if (!/^[A-Za-z0-9]{1,32}$/.test(auth.nonce_str)) throw new ApiError(401, V3_SIGN_ERROR.code, V3_SIGN_ERROR.message, 'bad nonce_str');
    const message = `${req.method}\n${req.url}\n${auth.timestamp}\n${auth.nonce_str}\n${body}\n`;
    const ok = crypto.verify('sha256', Buffer.from(message, 'utf8'), merchantKey, Buffer.from(auth.signature, 'base64'));
    if (!ok) throw new ApiError(401, V3_SIGN_ERROR.code, V3_SIGN_ERROR.message, 'signature does not verify');
    // A nonce may not be replayed within the window.
    for (const [n, exp] of state.nonces) if (exp < now()) state.nonces.delete(n);
    if (state.nonces.has(auth.nonce_str)) throw new ApiError(401, V3_SIGN_ERROR.code, V3_SIGN_ERROR.message, 'nonce_str replayed');
    state.nonces.set(auth.nonce_str, now() + 2 * cfg.maxSkew * 1000);
    return auth;
  }

  function transactionView(o) {
    const t = {
      appid: o.appid, mchid: o.mchid, out_trade_no: o.out_trade_no, trade_type: o.trade_type,
      trade_state: o.trade_state, trade_state_desc: o.trade_state_desc, attach: o.attach ?? '',
    };
    if (o.transaction_id) Object.assign(t, { transaction_id: o.transaction_id, bank_type: 'OTHERS', success_time: o.success_time });
    if (o.payer) t.payer = o.payer;
    t.amount = o.trade_state === 'NOTPAY' || o.trade_state === 'CLOSED'
      ? { payer_currency: 'CNY', total: o.amount.total, currency: 'CNY' }
      : { payer_total: o.amount.total, total: o.amount.total, currency: 'CNY', payer_currency: 'CNY' };
    return t;
  }

  const V3_TRADE_TYPES = { jsapi: 'JSAPI', native: 'NATIVE', app: 'APP', h5: 'MWEB' };

  function v3CreateOrder(kind, body) {
    if (!isObj(body)) throw paramError('请求体必须是 JSON 对象');
    const appid = field(body, 'appid', (v) => isStr(v, 32));
    const mchid = field(body, 'mchid', (v) => isStr(v, 32));
    field(body, 'description', (v) => isStr(v, 127));
    const outTradeNo = field(body, 'out_trade_no', (v) => typeof v === 'string' && /^[A-Za-z0-9_|*-]{6,32}$/.test(v));
    const notifyUrl = field(body, 'notify_url', (v) => isStr(v, 256) && /^https?:\/\/[^?#]+$/.test(v));
    const total = field(body, 'amount.total', isAmount);
    if (body.amount.currency !== undefined && body.amount.currency !== 'CNY') throw paramError('amount.currency 只支持 CNY');
    if (mchid !== cfg.mchId) throw new ApiError(400, 'PARAM_ERROR', 'mchid 与请求头中的商户号不一致');
    if (appid !== cfg.appId) throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (kind === 'jsapi') field(body, 'payer.openid', (v) => isStr(v, 128));
    if (kind === 'h5') {
      field(body, 'scene_info.payer_client_ip', (v) => isStr(v, 45));
      field(body, 'scene_info.h5_info.type', (v) => ['iOS', 'Android', 'Wap'].includes(v));
    }
    const existing = state.orders.get(outTradeNo);
    const fingerprint = JSON.stringify([kind, body.description, total, body.payer?.openid ?? null]);
    if (existing) {
      if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') throw new ApiError(400, 'ORDERPAID', '该订单已支付');
      if (existing.trade_state === 'CLOSED') throw new ApiError(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.fingerprint !== fingerprint) throw new ApiError(403, 'OUT_TRADE_NO_USED', '商户订单号重复');
      return existing.prepayResponse;
    }
    const prepayId = `wx${v2Time(now())}${randomHex(9).toLowerCase()}`;
    const order = {
      api: 'v3', kind, appid, mchid, out_trade_no: outTradeNo, description: body.description, attach: body.attach,
      notify_url: notifyUrl, amount: { total }, payer: body.payer ? { openid: body.payer.openid } : undefined,
      trade_type: V3_TRADE_TYPES[kind], trade_state: 'NOTPAY', trade_state_desc: '订单未支付', prepay_id: prepayId,
      fingerprint, refunded: 0, created: now(),
    };
    order.prepayResponse = kind === 'native' ? { code_url: `weixin://wxpay/bizpayurl?pr=${randomAlnum(7)}` }
      : kind === 'h5' ? { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${prepayId}&package=${crypto.randomInt(1e9)}` }
        : { prepay_id: prepayId };
    state.orders.set(outTradeNo, order);
    state.ordersCreated += 1;
    return order.prepayResponse;
  }

  function findOrder(outTradeNo) {
    const o = state.orders.get(outTradeNo);
    if (!o) throw new ApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return o;
  }

  function v3Refund(body) {
    if (!isObj(body)) throw paramError('请求体必须是 JSON 对象');
    const outRefundNo = field(body, 'out_refund_no', (v) => typeof v === 'string' && /^[A-Za-z0-9_|*@-]{1,64}$/.test(v));
    const refund = field(body, 'amount.refund', isAmount);
    const total = field(body, 'amount.total', isAmount);
    field(body, 'amount.currency', (v) => v === 'CNY');
    if (body.notify_url !== undefined) field(body, 'notify_url', (v) => isStr(v, 256) && /^https?:\/\/[^?#]+$/.test(v));
    let order;
    if (body.transaction_id !== undefined) order = state.byTransactionId.get(body.transaction_id);
    else if (body.out_trade_no !== undefined) order = state.orders.get(body.out_trade_no);
    else throw paramError('transaction_id 和 out_trade_no 必须二选一');
    if (!order) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const existing = state.refunds.get(outRefundNo);
    if (existing) {
      if (existing.out_trade_no !== order.out_trade_no || existing.amount.refund !== refund) throw new ApiError(400, 'INVALID_REQUEST', '商户退款单号重复');
      return refundView(existing);
    }
    if (order.trade_state !== 'SUCCESS' && order.trade_state !== 'REFUND') throw new ApiError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (total !== order.amount.total) throw new ApiError(400, 'INVALID_REQUEST', '订单金额与原订单不一致');
    if (refund > order.amount.total - order.refunded) throw new ApiError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    order.refunded += refund;
    const r = {
      api: 'v3', refund_id: `50${randomHex(14).replace(/[A-F]/g, '0')}`, out_refund_no: outRefundNo, transaction_id: order.transaction_id,
      out_trade_no: order.out_trade_no, channel: 'ORIGINAL', user_received_account: '支付用户零钱', create_time: rfc3339(now()),
      status: 'PROCESSING', reason: body.reason, notify_url: body.notify_url,
      amount: { total: order.amount.total, refund, payer_total: order.amount.total, payer_refund: refund, currency: 'CNY' },
    };
    state.refunds.set(outRefundNo, r);
    return refundView(r);
  }

  function refundView(r) {
    const v = {
      refund_id: r.refund_id, out_refund_no: r.out_refund_no, transaction_id: r.transaction_id, out_trade_no: r.out_trade_no,
      channel: r.channel, user_received_account: r.user_received_account, create_time: r.create_time, status: r.status,
      amount: { ...r.amount },
    };
    if (r.success_time) v.success_time = r.success_time;
    return v;
  }

  function certificatesBody() {
    state.certificateDownloads += 1;
    return {
      data: published.map((p) => ({
        serial_no: p.serialNo,
        effective_time: rfc3339(Date.parse(p.x509.validFrom)),
        expire_time: rfc3339(Date.parse(p.x509.validTo)),
        encrypt_certificate: aesGcmEncrypt(p.cert, cfg.apiV3Key, 'certificate'),
      })),
    };
  }

  function routeV3(method, url, body) {
    const path = url.pathname;
    const segs = path.split('/').slice(1).map((s) => {
      try { return decodeURIComponent(s); } catch { throw paramError('URL 编码错误'); }
    });
    let m;
    if (method === 'POST' && (m = /^\/v3\/pay\/transactions\/(jsapi|native|app|h5)$/.exec(path))) return [200, v3CreateOrder(m[1], body)];
    if (method === 'GET' && segs.length === 5 && segs[0] === 'v3' && segs[1] === 'pay' && segs[2] === 'transactions' && (segs[3] === 'out-trade-no' || segs[3] === 'id')) {
      const mchid = url.searchParams.get('mchid');
      if (!mchid) throw paramError('输入源"/query/mchid"映射到字段"mchid"必填性规则校验失败，此字段为必填项');
      if (mchid !== cfg.mchId) throw paramError('mchid 与请求头中的商户号不一致');
      const o = segs[3] === 'id' ? state.byTransactionId.get(segs[4]) : state.orders.get(segs[4]);
      if (!o || o.api !== 'v3') throw new ApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
      return [200, transactionView(o)];
    }
    if (method === 'POST' && segs.length === 6 && path.startsWith('/v3/pay/transactions/out-trade-no/') && segs[5] === 'close') {
      if (!isObj(body)) throw paramError('请求体必须是 JSON 对象');
      if (field(body, 'mchid') !== cfg.mchId) throw paramError('mchid 与请求头中的商户号不一致');
      const o = findOrder(segs[4]);
      if (o.trade_state === 'SUCCESS' || o.trade_state === 'REFUND') throw new ApiError(400, 'ORDERPAID', '订单已支付');
      o.trade_state = 'CLOSED';
      o.trade_state_desc = '订单已关闭';
      return [204, null];
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') return [200, v3Refund(body)];
    if (method === 'GET' && segs.length === 5 && path.startsWith('/v3/refund/domestic/refunds/')) {
      const r = state.refunds.get(segs[4]);
      if (!r) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      return [200, refundView(r)];
    }
    if (method === 'GET' && path === '/v3/certificates') return [200, certificatesBody()];
    const bill = bills.routeV3(method, url);
    if (bill) return bill;
    throw new ApiError(404, 'NOT_FOUND', `no such API: ${method} ${path}`);
  }

  async function handleV3(req, res, raw) {
    const url = new URL(req.url, 'http://127.0.0.1');
    const text = raw.toString('utf8');
    let status;
    let payload;
    let code;
    try {
      if (!/application\/json/.test(req.headers.accept ?? '')) throw new ApiError(400, 'PARAM_ERROR', 'Accept 必须为 application/json');
      if (!req.headers['user-agent']) throw new ApiError(400, 'PARAM_ERROR', '请求头缺少 User-Agent');
      // An upload's signature covers its meta JSON only, never the multipart body.
      const upload = beyond.parseUpload(req, url, raw);
      verifyAuthorization(req, upload ? upload.meta : text);
      let body = upload;
      if (upload) {
        // multipart, checked by parseUpload
      } else if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') {
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new ApiError(400, 'PARAM_ERROR', 'Content-Type 必须为 application/json');
        if (text !== '') try { body = JSON.parse(text); } catch { throw paramError('请求体不是合法的 JSON'); }
      } else if (text !== '') {
        throw paramError('GET 请求不能有请求体');
      }
      const injected = faults.failNext.shift();
      if (injected) throw new ApiError(injected.status, injected.code, injected.message);
      [status, payload] = beyond.route(req, url, body) ?? routeV3(req.method, url, body);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      status = e.status;
      code = e.code;
      payload = { code: e.code, message: e.message };
      if (e.detail) payload.detail = { location: 'simulator', value: e.detail };
    }
    const body = payload === null ? '' : JSON.stringify(payload);
    const headers = { 'Request-ID': `08${randomHex(16)}`, 'Server': 'wechatpay-simulator', ...signedHeaders(body) };
    if (body) headers['Content-Type'] = 'application/json; charset=utf-8';
    let sent = body;
    if (faults.tamperNext > 0 && body) {
      faults.tamperNext -= 1;
      // Changes the body after signing, as a man in the middle would: a renamed field (same
      // length), or — 'whitespace' — a space that leaves the JSON's meaning intact.
      sent = faults.tamperMode === 'whitespace' ? body.replace('{', '{ ') : body.replace(/"(\w)/, (all, c) => `"${c === 'x' ? 'y' : 'x'}`);
    }
    state.requests.push({ api: 'v3', method: req.method, url: req.url, status, code });
    res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(sent) });
    res.end(sent);
  }

  // ── v2 ──

  function v2Fail(msg) { return { return_code: 'FAIL', return_msg: msg }; }

  function v2Result(fields, signType, extra, error) {
    const out = { return_code: 'SUCCESS', return_msg: 'OK', appid: cfg.appId, mch_id: cfg.mchId, nonce_str: randomAlnum(16) };
    if (error) Object.assign(out, { result_code: 'FAIL', err_code: error[0], err_code_des: error[1] });
    else Object.assign(out, { result_code: 'SUCCESS' }, extra);
    out.sign = v2Sign(out, cfg.v2Key, signType);
    return out;
  }

  const v2More = v2MoreRoutes({ cfg, state, v2Result, v2Fail, v2Sign, sameText, v2Time, now });

  function v2Order(fields) {
    if (fields.out_trade_no) return state.orders.get(fields.out_trade_no);
    if (fields.transaction_id) return state.byTransactionId.get(fields.transaction_id);
    return undefined;
  }

  function routeV2(path, f, signType, tlsClient) {
    const need = (...names) => {
      for (const n of names) if (!f[n]) return n;
      return null;
    };
    let missing;
    switch (path) {
      case '/pay/unifiedorder': {
        if ((missing = need('body', 'out_trade_no', 'total_fee', 'spbill_create_ip', 'notify_url', 'trade_type'))) return v2Fail(`缺少参数${missing}`);
        if (!/^[1-9]\d*$/.test(f.total_fee)) return v2Fail('total_fee参数格式错误');
        if (!['JSAPI', 'NATIVE', 'APP', 'MWEB'].includes(f.trade_type)) return v2Fail('trade_type参数格式错误');
        if (f.trade_type === 'JSAPI' && !f.openid) return v2Result(f, signType, null, ['PARAM_ERROR', 'trade_type=JSAPI时（即JSAPI支付），此参数必传']);
        if (f.trade_type === 'NATIVE' && !f.product_id) return v2Result(f, signType, null, ['PARAM_ERROR', 'trade_type=NATIVE时，product_id必传']);
        const existing = state.orders.get(f.out_trade_no);
        if (existing) {
          if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') return v2Result(f, signType, null, ['ORDERPAID', '商户订单已支付']);
          if (existing.trade_state === 'CLOSED') return v2Result(f, signType, null, ['ORDERCLOSED', '订单已关闭']);
          if (existing.total_fee !== f.total_fee || existing.trade_type !== f.trade_type) return v2Result(f, signType, null, ['INVALID_REQUEST', '201 商户订单号重复']);
          return v2Result(f, signType, existing.prepayFields);
        }
        const prepayId = `wx${v2Time(now())}${randomHex(9).toLowerCase()}`;
        const order = {
          api: 'v2', out_trade_no: f.out_trade_no, total_fee: f.total_fee, trade_type: f.trade_type, openid: f.openid,
          notify_url: f.notify_url, body: f.body, attach: f.attach, signType, trade_state: 'NOTPAY', refunded: 0,
          amount: { total: Number(f.total_fee) }, created: now(),
        };
        order.prepayFields = { trade_type: f.trade_type, prepay_id: prepayId };
        if (f.trade_type === 'NATIVE') order.prepayFields.code_url = `weixin://wxpay/bizpayurl?pr=${randomAlnum(7)}`;
        if (f.trade_type === 'MWEB') order.prepayFields.mweb_url = `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${prepayId}`;
        state.orders.set(f.out_trade_no, order);
        state.ordersCreated += 1;
        return v2Result(f, signType, order.prepayFields);
      }
      case '/pay/orderquery': {
        v2More.beforeOrderQuery(f);
        if (!f.out_trade_no && !f.transaction_id) return v2Fail('缺少参数out_trade_no');
        const o = v2Order(f);
        if (!o || o.api !== 'v2') return v2Result(f, signType, null, ['ORDERNOTEXIST', '订单不存在']);
        const extra = { out_trade_no: o.out_trade_no, trade_state: o.trade_state, trade_state_desc: o.trade_state === 'NOTPAY' ? '订单未支付' : o.trade_state === 'CLOSED' ? '订单已关闭' : o.trade_state === 'REFUND' ? '订单发生过退款，退款详情请查询退款单' : '支付成功', total_fee: o.total_fee, fee_type: 'CNY', trade_type: o.trade_type };
        if (o.openid) extra.openid = o.openid;
        if (o.transaction_id) Object.assign(extra, { transaction_id: o.transaction_id, bank_type: 'OTHERS', cash_fee: o.total_fee, time_end: o.time_end, is_subscribe: 'N' });
        return v2Result(f, signType, extra);
      }
      case '/pay/closeorder': {
        if ((missing = need('out_trade_no'))) return v2Fail(`缺少参数${missing}`);
        const o = state.orders.get(f.out_trade_no);
        if (!o || o.api !== 'v2') return v2Result(f, signType, null, ['ORDERNOTEXIST', '订单不存在']);
        if (o.trade_state === 'SUCCESS' || o.trade_state === 'REFUND') return v2Result(f, signType, null, ['ORDERPAID', '订单已支付，不能发起关单']);
        o.trade_state = 'CLOSED';
        return v2Result(f, signType, {});
      }
      case '/secapi/pay/refund': {
        if (!tlsClient) return v2Fail('证书验证失败：请使用商户API证书（双向 TLS）调用此接口');
        if ((missing = need('out_refund_no', 'total_fee', 'refund_fee'))) return v2Fail(`缺少参数${missing}`);
        if (!f.out_trade_no && !f.transaction_id) return v2Fail('缺少参数out_trade_no');
        const o = v2Order(f);
        if (!o || o.api !== 'v2') return v2Result(f, signType, null, ['ORDERNOTEXIST', '订单不存在']);
        const existing = state.refunds.get(f.out_refund_no);
        if (existing) return v2Result(f, signType, v2RefundFields(existing));
        if (o.trade_state !== 'SUCCESS' && o.trade_state !== 'REFUND') return v2Result(f, signType, null, ['TRADE_STATE_ERROR', '订单状态错误']);
        if (f.total_fee !== o.total_fee) return v2Result(f, signType, null, ['INVALID_REQUEST', '订单金额或退款金额与之前请求不一致']);
        const refundFee = Number(f.refund_fee);
        if (!Number.isInteger(refundFee) || refundFee <= 0) return v2Fail('refund_fee参数格式错误');
        if (refundFee > o.amount.total - o.refunded) return v2Result(f, signType, null, ['NOTENOUGH', '退款金额大于支付金额']);
        o.refunded += refundFee;
        const r = {
          api: 'v2', out_refund_no: f.out_refund_no, refund_id: `50${randomHex(14).replace(/[A-F]/g, '0')}`, out_trade_no: o.out_trade_no,
          transaction_id: o.transaction_id, total_fee: o.total_fee, refund_fee: String(refundFee), status: 'PROCESSING',
          notify_url: f.notify_url, amount: { refund: refundFee, total: o.amount.total }, created: now(),
        };
        state.refunds.set(f.out_refund_no, r);
        return v2Result(f, signType, v2RefundFields(r));
      }
      case '/pay/refundquery': {
        let rs;
        if (f.out_refund_no) rs = [state.refunds.get(f.out_refund_no)].filter(Boolean);
        else if (f.refund_id) rs = [...state.refunds.values()].filter((r) => r.refund_id === f.refund_id);
        else if (f.out_trade_no || f.transaction_id) {
          const o = v2Order(f);
          rs = o ? [...state.refunds.values()].filter((r) => r.out_trade_no === o.out_trade_no) : [];
        } else return v2Fail('缺少参数out_refund_no');
        rs = rs.filter((r) => r.api === 'v2');
        if (!rs.length) return v2Result(f, signType, null, ['REFUNDNOTEXIST', '退款订单查询失败']);
        const o = state.orders.get(rs[0].out_trade_no);
        const extra = { transaction_id: o.transaction_id, out_trade_no: o.out_trade_no, total_fee: o.total_fee, cash_fee: o.total_fee, refund_count: String(rs.length) };
        rs.forEach((r, i) => Object.assign(extra, {
          [`out_refund_no_${i}`]: r.out_refund_no, [`refund_id_${i}`]: r.refund_id, [`refund_fee_${i}`]: r.refund_fee,
          [`refund_status_${i}`]: r.status, [`refund_recv_accout_${i}`]: '支付用户的零钱',
          ...(r.success_time ? { [`refund_success_time_${i}`]: r.success_time } : {}),
        }));
        return v2Result(f, signType, extra);
      }
      default:
        return null;
    }
  }

  function v2RefundFields(r) {
    return { transaction_id: r.transaction_id, out_trade_no: r.out_trade_no, out_refund_no: r.out_refund_no, refund_id: r.refund_id, refund_fee: r.refund_fee, total_fee: r.total_fee, cash_fee: r.total_fee, cash_refund_fee: r.refund_fee };
  }

  async function handleV2(req, res, raw) {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    let out;
    let code;
    const fields = req.method === 'POST' ? fromXml(raw.toString('utf8')) : null;
    const more = v2More.paths.has(path) ? v2More.route(path, fields, req.socket.encrypted && req.socket.authorized && req.socket.getPeerCertificate()?.subject?.CN === cfg.mchId) : null;
    if (!more && !['/pay/unifiedorder', '/pay/orderquery', '/pay/closeorder', '/secapi/pay/refund', '/pay/refundquery'].includes(path)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      state.requests.push({ api: 'v2', method: req.method, url: req.url, status: 404 });
      return;
    }
    const signType = fields?.sign_type ?? 'MD5';
    if (more) out = more;
    else if (!fields) out = v2Fail('XML格式错误');
    else if (!fields.appid || !fields.mch_id || !fields.nonce_str || !fields.sign) out = v2Fail(`缺少参数${['appid', 'mch_id', 'nonce_str', 'sign'].find((k) => !fields[k])}`);
    else if (fields.nonce_str.length > 32) out = v2Fail('nonce_str参数长度有误');
    else if (signType !== 'MD5' && signType !== 'HMAC-SHA256') out = v2Fail('sign_type参数格式错误');
    else if (fields.mch_id !== cfg.mchId) out = v2Fail('mch_id参数格式错误');
    else if (fields.appid !== cfg.appId) out = v2Fail('appid和mch_id不匹配');
    else if (!sameText(v2Sign(fields, cfg.v2Key, signType), fields.sign)) out = v2Fail('签名错误');
    else {
      const tlsClient = req.socket.encrypted && req.socket.authorized && req.socket.getPeerCertificate()?.subject?.CN === cfg.mchId;
      out = routeV2(path, fields, signType, tlsClient);
    }
    code = out.return_code === 'FAIL' ? 'FAIL' : out.err_code;
    let body = toXml(out);
    if (faults.tamperNext > 0 && out.sign) {
      faults.tamperNext -= 1;
      // A field changed after signing (same length), as a man in the middle would.
      body = body.replace(/<nonce_str><!\[CDATA\[(.)/, (all, c) => `<nonce_str><![CDATA[${c === 'x' ? 'y' : 'x'}`);
    }
    state.requests.push({ api: 'v2', method: req.method, url: req.url, status: 200, code, returnMsg: out.return_msg });
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  // ── server ──

  async function handle(req, res) {
    try {
      const raw = await readBody(req);
      if (faults.hangNext > 0) {
        // A stalled network: the request was read and is never answered (the socket stays open).
        faults.hangNext -= 1;
        state.requests.push({ api: req.url.startsWith('/v3/') ? 'v3' : 'v2', method: req.method, url: req.url, hung: true });
        return;
      }
      if (faults.dropNext > 0) {
        // The request is processed (an order is created) but the response is lost on the way back.
        faults.dropNext -= 1;
        res.writeHead = () => res;
        res.end = () => { req.socket.destroy(); return res; };
        state.dropped += 1;
      }
      if (bills.handle(req, res, raw)) return;
      if (req.url.startsWith('/v3/')) await handleV3(req, res, raw);
      else await handleV2(req, res, raw);
    } catch (e) {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(e?.message ?? e));
      }
    }
  }

  const bills = billRoutes({
    cfg, state, merchantKey, now, origin: () => `http://127.0.0.1:${server.address().port}`, verifyAuthorization, ApiError, paramError, sameText, fromXml, toXml, v2Sign,
  });
  const server = http.createServer(handle);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  let tlsServer = null;
  if (options.tls) {
    tlsServer = https.createServer({
      key: M.tls.serverKey, cert: M.tls.serverCert, ca: M.tls.ca, requestCert: true, rejectUnauthorized: false,
    }, handle);
    await new Promise((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  }

  // ── notifications ──

  async function deliver(n) {
    const record = { kind: n.kind, id: n.id, url: n.url, headers: n.headers, body: n.body };
    let target;
    try { target = new URL(n.url); } catch { target = null; }
    if (!target || !['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
      record.skipped = 'notify_url is not on this machine';
      state.deliveries.push(record);
      return record;
    }
    try {
      const res = await fetch(n.url, { method: 'POST', headers: n.headers, body: n.body, signal: AbortSignal.timeout(10_000) });
      record.status = res.status;
      record.responseBody = await res.text();
      if (n.api === 'v3') {
        record.ok = res.status === 200 || res.status === 204;
      } else {
        const ack = fromXml(record.responseBody);
        record.ok = res.status === 200 && ack?.return_code === 'SUCCESS';
      }
    } catch (e) {
      record.error = String(e?.message ?? e);
      record.ok = false;
    }
    state.deliveries.push(record);
    return record;
  }

  function v3Notification(eventType, summary, originalType, resource, url) {
    const envelope = {
      id: crypto.randomUUID(),
      create_time: rfc3339(now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: { original_type: originalType, ...aesGcmEncrypt(JSON.stringify(resource), cfg.apiV3Key, originalType) },
    };
    const body = JSON.stringify(envelope);
    const headers = { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/4.0', ...signedHeaders(body) };
    if (faults.tamperNext > 0) {
      faults.tamperNext -= 1;
      return { api: 'v3', kind: eventType, id: envelope.id, url, headers, body: body.replace('"summary":"', '"summary":"!') };
    }
    return { api: 'v3', kind: eventType, id: envelope.id, url, headers, body };
  }

  async function notify(n) {
    state.notifications.push(n);
    return deliver(n);
  }

  const sim = {
    ...beyond.controls,
    url: `http://127.0.0.1:${server.address().port}`,
    httpsUrl: tlsServer ? `https://127.0.0.1:${tlsServer.address().port}` : null,
    config: cfg,
    state,
    /** The rest of v2 (wechatpay-v2-more.mjs): its records and faults. */
    v2More,
    get platformSerial() { return signWith === 'publicKey' ? pubKey.id : active.serialNo; },
    get requests() { return state.requests; },
    get deliveries() { return state.deliveries; },

    /**
     * The user pays `outTradeNo` (v3 or v2 order): NOTPAY → SUCCESS, then the signed, encrypted
     * payment notification is POSTed to its notify_url. Returns { order, delivery }.
     */
    async pay(outTradeNo, { openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', notify: send = true } = {}) {
      const o = state.orders.get(outTradeNo);
      if (!o) throw new Error(`simulator: no order ${outTradeNo}`);
      if (o.trade_state !== 'NOTPAY') throw new Error(`simulator: order ${outTradeNo} is ${o.trade_state}`);
      o.trade_state = 'SUCCESS';
      o.trade_state_desc = '支付成功';
      o.transaction_id = `42000${v2Time(now()).slice(0, 8)}${String(crypto.randomInt(1e9)).padStart(9, '0')}${String(crypto.randomInt(1e6)).padStart(6, '0')}`;
      o.success_time = rfc3339(now());
      o.time_end = v2Time(now());
      if (!o.payer) o.payer = { openid };
      if (!o.openid) o.openid = openid;
      state.byTransactionId.set(o.transaction_id, o);
      let delivery = null;
      if (send) delivery = await notify(o.api === 'v3' ? this.paymentNotification(outTradeNo) : this.v2PaymentNotification(outTradeNo));
      return { order: o.api === 'v3' ? transactionView(o) : o, delivery };
    },

    /** The signed, encrypted TRANSACTION.SUCCESS notification of a paid v3 order (not sent). */
    paymentNotification(outTradeNo) {
      const o = state.orders.get(outTradeNo);
      return v3Notification('TRANSACTION.SUCCESS', '支付成功', 'transaction', transactionView(o), o.notify_url);
    },

    /** The signed v2 payment notification of a paid v2 order (not sent): signed with the order's sign type. */
    v2PaymentNotification(outTradeNo) {
      const o = state.orders.get(outTradeNo);
      const f = {
        return_code: 'SUCCESS', appid: cfg.appId, mch_id: cfg.mchId, nonce_str: randomAlnum(16), result_code: 'SUCCESS',
        openid: o.openid, is_subscribe: 'N', trade_type: o.trade_type, bank_type: 'OTHERS', total_fee: o.total_fee,
        fee_type: 'CNY', cash_fee: o.total_fee, transaction_id: o.transaction_id, out_trade_no: o.out_trade_no,
        attach: o.attach, time_end: o.time_end,
      };
      if (o.signType !== 'MD5') f.sign_type = o.signType;
      f.sign = v2Sign(f, cfg.v2Key, o.signType);
      let body = toXml(f);
      if (faults.tamperNext > 0) {
        faults.tamperNext -= 1;
        body = body.replace(`<total_fee><![CDATA[${o.total_fee}]]>`, `<total_fee><![CDATA[${o.total_fee}0]]>`);
      }
      return { api: 'v2', kind: 'v2.payment', id: o.transaction_id, url: o.notify_url, headers: { 'Content-Type': 'text/xml' }, body };
    },

    /**
     * Completes a refund (PROCESSING → SUCCESS), marks the order REFUND and POSTs the refund
     * notification to the refund's notify_url (v3: REFUND.SUCCESS; v2: req_info AES-256-ECB).
     */
    async settleRefund(outRefundNo, { notify: send = true, notifyUrl } = {}) {
      const r = state.refunds.get(outRefundNo);
      if (!r) throw new Error(`simulator: no refund ${outRefundNo}`);
      if (r.status !== 'PROCESSING') throw new Error(`simulator: refund ${outRefundNo} is ${r.status}`);
      r.status = 'SUCCESS';
      const o = state.orders.get(r.out_trade_no);
      o.trade_state = 'REFUND';
      o.trade_state_desc = '订单发生过退款，退款详情请查询退款单';
      const url = notifyUrl ?? r.notify_url ?? o.notify_url;
      let n;
      if (r.api === 'v3') {
        r.success_time = rfc3339(now());
        n = v3Notification('REFUND.SUCCESS', '退款成功', 'refund', {
          mchid: cfg.mchId, out_trade_no: r.out_trade_no, transaction_id: r.transaction_id, out_refund_no: r.out_refund_no,
          refund_id: r.refund_id, refund_status: 'SUCCESS', success_time: r.success_time, user_received_account: r.user_received_account,
          amount: { total: r.amount.total, refund: r.amount.refund, payer_total: r.amount.payer_total, payer_refund: r.amount.payer_refund },
        }, url);
      } else {
        r.success_time = rfc3339(now()).slice(0, 19).replace('T', ' ');
        const reqInfo = v2RefundReqInfo({
          transaction_id: r.transaction_id, out_trade_no: r.out_trade_no, refund_id: r.refund_id, out_refund_no: r.out_refund_no,
          total_fee: r.total_fee, refund_fee: r.refund_fee, settlement_refund_fee: r.refund_fee, refund_status: 'SUCCESS',
          success_time: r.success_time, refund_recv_accout: '支付用户的零钱', refund_account: 'REFUND_SOURCE_RECHARGE_FUNDS', refund_request_source: 'API',
        }, cfg.v2Key);
        let info = reqInfo;
        if (faults.tamperNext > 0) {
          faults.tamperNext -= 1;
          info = (reqInfo[0] === 'A' ? 'B' : 'A') + reqInfo.slice(1);
        }
        const body = toXml({ return_code: 'SUCCESS', appid: cfg.appId, mch_id: cfg.mchId, nonce_str: randomAlnum(16), req_info: info });
        n = { api: 'v2', kind: 'v2.refund', id: r.out_refund_no, url, headers: { 'Content-Type': 'text/xml' }, body };
      }
      const delivery = send ? await notify(n) : null;
      return { refund: r.api === 'v3' ? refundView(r) : r, delivery };
    },

    /** POSTs the `index`-th notification sent (default: the last) again, exactly as before. */
    redeliver(index = state.notifications.length - 1) {
      const n = state.notifications[index];
      if (!n) throw new Error('simulator: no notification to redeliver');
      return deliver(n);
    },

    /** POSTs an arbitrary notification object ({ api, url, headers, body }) and records it. */
    deliver,

    /**
     * Switches to the next platform certificate (WeChat Pay's rotation): it is added to
     * /v3/certificates (the old one stays listed) and signs every later response and
     * notification. Returns the new serial.
     */
    rotateCertificate() {
      const next = available[available.indexOf(active) + 1];
      if (!next) throw new Error('simulator: no further TEST ONLY platform certificate to rotate to');
      published.push(next);
      active = next;
      return next.serialNo;
    },
    /** 'certificate' or 'publicKey' (Wechatpay-Serial: PUB_KEY_ID_…). */
    signWith(mode) {
      if (mode !== 'certificate' && mode !== 'publicKey') throw new Error(`simulator: signWith ${mode}`);
      signWith = mode;
    },
    /** Sign responses and notifications with a key nobody trusts (same serial header). */
    useWrongPlatformKey(on = true) { faults.wrongKey = on; },
    /** Shift Wechatpay-Timestamp of responses and notifications by `seconds` (e.g. -3600: expired). */
    setTimestampOffset(seconds) { faults.timestampOffset = seconds; },
    /**
     * Alter the body of the next `count` signed responses (v3 JSON, v2 XML) / notifications after
     * signing them. v3 responses: `mode` 'field' (a field renamed) or 'whitespace' (a space added:
     * the JSON means the same, only the signature notices).
     */
    tamperNextResponse(count = 1, mode = 'field') { faults.tamperNext = count; faults.tamperMode = mode; },
    /** The next `times` v3 API requests (after authentication) fail with this WeChat Pay error. */
    failNext(status, code, message, times = 1) { for (let i = 0; i < times; i++) faults.failNext.push({ status, code, message }); },
    /** The next `count` requests (any API) are read and never answered: a stalled connection. */
    hangNext(count = 1) { faults.hangNext = count; },
    /** The next `count` requests are processed, then the connection is closed without a response. */
    dropNextResponse(count = 1) { faults.dropNext = count; },
    // Bill faults and texts (wechatpay-bills.mjs): billFault(kind), tradeBillText, fundFlowBillText.
    ...bills.control,
    /** How many requests reached `method path` (path without the query; hung and dropped ones count). */
    countRequests(method, path) { return state.requests.filter((r) => r.method === method && r.url.split('?')[0] === path).length; },

    async close() {
      await Promise.all([server, tlsServer].filter(Boolean).map((s) => new Promise((resolve) => {
        s.close(resolve);
        s.closeAllConnections?.();
      })));
    },
  };
  return sim;
}

// `node tests/simulator/wechatpay.mjs`: run it standalone and print its URLs.
if (import.meta.url === `file://${process.argv[1]}`) {
  const sim = await startWechatPaySimulator({ tls: true });
  console.log(`WeChat Pay simulator (TEST ONLY keys): ${sim.url}  ${sim.httpsUrl}  — Ctrl-C to stop`);
}
