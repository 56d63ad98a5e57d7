// API v3 client: signed JSON requests over fetch, every response's signature verified before its
// body is returned. Runtime-neutral (fetch + crypto.subtle + the wasm core).
import { v3 } from './v3.js';
import { WechatPayError } from './errors.js';
import { PlatformKeys, withKeys } from './platform-keys.js';
import { DEFAULT_BASE_URL, USER_AGENT, headerPairs, headerValue, requireString, send } from './http.js';
import { callOptions, runCall, safeToRepeat, transportPolicy } from './clients/transport.js';
import { merchantIdentity } from './v3/merchant-identity.js';

/** One URL path segment, percent-encoded; `.`/`..`/empty are refused (URL parsing would resolve them). */
export function pathSegment(value, name = 'path segment') {
  const s = typeof value === 'number' ? String(value) : requireString(value, name);
  if (s === '.' || s === '..') throw new WechatPayError('INVALID_ARGUMENT', `${name} must not be "." or ".."`);
  return encodeURIComponent(s);
}

async function privateKeyHandle(key) {
  const k = await key;
  if (Object.prototype.toString.call(k) === '[object WechatPayPrivateKey]') return k;
  if (typeof k === 'string') return v3.importPrivateKey(k);
  throw new WechatPayError('INVALID_ARGUMENT', 'privateKey must be a PEM string or a key from v3.importPrivateKey()');
}

/**
 * `createV3Client({ mchId, serialNo, privateKey, apiV3Key, keys?, appId?, notifyUrl?,
 * refundNotifyUrl?, baseUrl?, fetch?, clock?, maxSkew?, userAgent?, timeout?, retries?, retryDelay?,
 * hooks? })`.
 *
 * `keys`: a PlatformKeys (default: one downloading /v3/certificates with this client) or a fixed
 * v3.Verifier. `privateKey`: a PEM (parsed once, on first use) or a handle. `clock`: () => ms.
 *
 * `request(method, path, body?)` resolves with the verified, parsed body (null for 204) or rejects
 * with WechatPayError: WeChat Pay's own `code` for an error body (`SIGN_ERROR`, `PARAM_ERROR`,
 * `ORDER_NOT_EXIST`, …) with `.status`, `.requestId`, `.detail`; a verification code when the
 * response is not authentic (`SIGN_MISMATCH`, `TIMESTAMP_SKEW`, `SERIAL_UNKNOWN`,
 * `HEADER_INVALID`); `NETWORK_ERROR`; `TIMEOUT`; `ABORTED`; `HTTP_ERROR` (a non-JSON error page).
 *
 * Every call takes `{ timeout, retries, signal, idempotent }` as its last argument (see
 * clients/transport.js for which calls are repeated).
 */
export function createV3Client(options = {}) {
  const mchId = requireString(options.mchId, 'mchId');
  // The serial from the merchant certificate itself (PEM or .p12) when it is given: see merchant-identity.js.
  const { serialNo, privateKey: certificateKey } = merchantIdentity(options, mchId);
  options = certificateKey ? { ...options, privateKey: options.privateKey ?? certificateKey } : options;
  if (options.privateKey === undefined || options.privateKey === null) throw new WechatPayError('INVALID_ARGUMENT', 'privateKey is required (PEM or v3.importPrivateKey handle)');
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const clock = options.clock ?? (() => Date.now());
  const userAgent = options.userAgent ?? USER_AGENT;
  const { appId, notifyUrl, refundNotifyUrl, maxSkew } = options;
  const keys = options.keys ?? new PlatformKeys({ apiV3Key: requireString(options.apiV3Key, 'apiV3Key'), clock });
  if (!(keys instanceof PlatformKeys) && !(keys instanceof v3.Verifier)) throw new WechatPayError('INVALID_ARGUMENT', 'keys must be a PlatformKeys or a v3.Verifier');
  let keyPromise = null;
  const privateKey = () => {
    keyPromise ??= privateKeyHandle(options.privateKey).catch((e) => { keyPromise = null; throw e; });
    return keyPromise;
  };
  const now = () => Math.floor(clock() / 1000);
  const policy = transportPolicy(options);

  /**
   * Prepares one call, then runs it under the timeout / retry / hook policy: every attempt is
   * signed afresh (new timestamp and nonce) and `interpret`s its response.
   */
  async function exchange(method, path, body, opts, interpret) {
    const m = requireString(method, 'method').toUpperCase();
    const url = new URL(requireString(path, 'path'), baseUrl);
    const signedUrl = url.pathname + url.search;
    const text = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const call = callOptions(opts);
    const safe = safeToRepeat(m, body, call.idempotent);
    return runCall(policy, { api: 'v3', method: m, path: signedUrl, safe }, call, async ({ signal, responded }) => {
      const authorization = await v3.authorization({
        mchId, serialNo, privateKey: await privateKey(), method: m, url: signedUrl, body: text, timestamp: String(now()),
      });
      const headers = { Authorization: authorization, Accept: 'application/json', 'User-Agent': userAgent };
      if (text !== '' || m === 'POST' || m === 'PUT' || m === 'PATCH') headers['Content-Type'] = 'application/json';
      const res = await send((u, i) => (options.fetch ?? globalThis.fetch)(u, i), url.href, { method: m, headers, body: text === '' ? undefined : text, signal });
      const responseBody = await res.text();
      const pairs = headerPairs(res.headers);
      const requestId = headerValue(pairs, 'Request-ID');
      responded(res.status, requestId);
      return interpret({ status: res.status, headers: pairs, body: responseBody, requestId }, m, path);
    });
  }

  /** Signs and sends; returns `{ status, headers, body, requestId }` without verifying. */
  const raw = (method, path, body, opts) => exchange(method, path, body, opts, (res) => res);

  const verify = (res) => withKeys(keys, (verifier) => v3.verifyResponse({ verifier, headers: res.headers, body: res.body, now: now(), maxSkew }));

  /** Verifies a response and maps it to its parsed body or WeChat Pay's error. */
  async function interpret(res, method, path) {
    const ok = res.status >= 200 && res.status < 300;
    const signed = headerValue(res.headers, 'Wechatpay-Signature') !== undefined;
    let verified = false;
    if (ok || signed) {
      try {
        await verify(res);
        verified = true;
      } catch (e) {
        if (e instanceof WechatPayError) Object.assign(e, { status: res.status, requestId: res.requestId });
        throw e;
      }
    }
    if (ok) {
      if (res.body === '') return null;
      try {
        return JSON.parse(res.body);
      } catch {
        throw new WechatPayError('JSON_INVALID', `the ${res.status} response of ${method} ${path} is not JSON`, { status: res.status, requestId: res.requestId });
      }
    }
    let err;
    try { err = JSON.parse(res.body); } catch { err = null; }
    if (err && typeof err.code === 'string') {
      throw new WechatPayError(err.code, typeof err.message === 'string' ? err.message : err.code, {
        status: res.status, requestId: res.requestId, detail: err.detail, verified,
      });
    }
    throw new WechatPayError('HTTP_ERROR', `HTTP ${res.status} from ${method} ${path}`, { status: res.status, requestId: res.requestId, body: res.body.slice(0, 1000), verified });
  }

  /** A signed request; resolves with the verified, parsed body. */
  const request = (method, path, body, opts) => exchange(method, path, body, opts, interpret);

  if (keys instanceof PlatformKeys) keys.attach({ download: () => raw('GET', '/v3/certificates'), mchId });

  const order = (kind) => async (fields, opts) => {
    if (fields === null || typeof fields !== 'object') throw new WechatPayError('INVALID_ARGUMENT', `${kind} order fields must be an object`);
    const body = { appid: appId, mchid: mchId, ...fields };
    if (body.notify_url === undefined && notifyUrl) body.notify_url = notifyUrl;
    if (body.appid === undefined) throw new WechatPayError('INVALID_ARGUMENT', 'appid is required: pass appId to createV3Client or appid in the order');
    return request('POST', `/v3/pay/transactions/${kind}`, body, opts);
  };
  const mchQuery = `?mchid=${encodeURIComponent(mchId)}`;

  return Object.freeze({
    mchId,
    serialNo,
    baseUrl,
    keys,
    /** A signed request; resolves with the verified, parsed response body (204 → null). */
    request,
    /** The signed request without verification or error mapping: `{ status, headers, body, requestId }`. */
    raw,
    /** JSAPI / mini-program order → `{ prepay_id }`. */
    jsapiOrder: order('jsapi'),
    /** Native (QR code) order → `{ code_url }`. */
    nativeOrder: order('native'),
    /** App order → `{ prepay_id }`. */
    appOrder: order('app'),
    /** H5 order → `{ h5_url }`. */
    h5Order: order('h5'),
    /** GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid= */
    queryOrder: async (outTradeNo, opts) => request('GET', `/v3/pay/transactions/out-trade-no/${pathSegment(outTradeNo, 'outTradeNo')}${mchQuery}`, undefined, opts),
    /** GET /v3/pay/transactions/id/{transaction_id}?mchid= */
    queryOrderByTransactionId: async (transactionId, opts) => request('GET', `/v3/pay/transactions/id/${pathSegment(transactionId, 'transactionId')}${mchQuery}`, undefined, opts),
    /** POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close → null (204). Closing twice closes once: repeated like a GET. */
    closeOrder: async (outTradeNo, opts) => request('POST', `/v3/pay/transactions/out-trade-no/${pathSegment(outTradeNo, 'outTradeNo')}/close`, { mchid: mchId }, { idempotent: true, ...opts }),
    /** POST /v3/refund/domestic/refunds. */
    refund: async (fields, opts) => {
      if (fields === null || typeof fields !== 'object') throw new WechatPayError('INVALID_ARGUMENT', 'refund fields must be an object');
      const body = { ...fields };
      if (body.notify_url === undefined && refundNotifyUrl) body.notify_url = refundNotifyUrl;
      return request('POST', '/v3/refund/domestic/refunds', body, opts);
    },
    /** GET /v3/refund/domestic/refunds/{out_refund_no}. */
    queryRefund: async (outRefundNo, opts) => request('GET', `/v3/refund/domestic/refunds/${pathSegment(outRefundNo, 'outRefundNo')}`, undefined, opts),
    /** wx.requestPayment parameters (signType RSA) for a prepay_id. */
    jsapiPayParams: async (prepayId, opts = {}) => v3.jsapiPayParams(opts.appId ?? requireString(appId, 'appId'), prepayId, await privateKey(), opts.timeStamp, opts.nonceStr),
    /** App SDK PayReq parameters (partnerid = mchId) for a prepay_id. */
    appPayParams: async (prepayId, opts = {}) => v3.appPayParams(opts.appId ?? requireString(appId, 'appId'), mchId, prepayId, await privateKey(), opts.timestamp, opts.nonceStr),
  });
}
