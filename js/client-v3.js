// API v3 client: signed JSON requests over fetch, every response's signature verified before its
// body is returned. Runtime-neutral (fetch + crypto.subtle + the wasm core).
import { v3 } from './v3.js';
import { WechatPayError } from './errors.js';
import { PlatformKeys, withKeys } from './platform-keys.js';
import { DEFAULT_BASE_URL, USER_AGENT, headerPairs, headerValue, requireString, send } from './http.js';
import { callOptions, runCall, safeToRepeat, transportPolicy } from './clients/transport.js';
import { sealFields, sensitiveFunctions, withSerial } from './v3/sensitive.js';
import { uploadFunctions } from './v3/upload.js';
import { endpointFunctions, merchantTransferParams, MERCHANT_ENDPOINTS } from './v3/endpoints.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Set by the client itself: a caller's value would break the signature or the framing.
const RESERVED_HEADERS = new Set(['authorization', 'content-length', 'host']);

/** Per-request extra headers `{ name: value }`, checked: token names, no CR/LF/NUL in values. */
function extraHeaders(headers) {
  if (headers === undefined || headers === null) return {};
  if (typeof headers !== 'object' || Array.isArray(headers)) throw new WechatPayError('INVALID_ARGUMENT', 'headers must be an object { name: value }');
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new WechatPayError('INVALID_ARGUMENT', `header name ${JSON.stringify(name)} is not an HTTP token`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new WechatPayError('INVALID_ARGUMENT', `the ${name} header is set by the client`);
    // fetch accepts Latin-1 header values only; CR/LF/NUL would split or end the header.
    if (typeof value !== 'string' || /[^\t\x20-\x7e\x80-\xff]/.test(value)) throw new WechatPayError('INVALID_ARGUMENT', `header ${name} must be a Latin-1 string without control characters (CR, LF, NUL)`);
    out[name] = value;
  }
  return out;
}
import { v3BillMethods } from './v3/bills.js';
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
 * clients/transport.js for which calls are repeated); `request`/`raw` also `{ headers, sensitive }`.
 */
export function createV3Client(options = {}) {
  const ctx = clientContext(options);
  const { mchId, appId, notifyUrl, refundNotifyUrl, request, privateKey } = ctx;

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
    serialNo: ctx.serialNo,
    baseUrl: ctx.baseUrl,
    keys: ctx.keys,
    ...sensitiveFunctions(ctx),
    ...uploadFunctions(ctx),
    ...endpointFunctions(ctx, MERCHANT_ENDPOINTS),
    // Reconciliation bills (js/v3/bills.js): apply through `request`, download signed but unverified.
    ...v3BillMethods(ctx),
    /** wx.requestMerchantTransfer parameters `{ mchId, appId, package }` of a transfer bill waiting for the user. */
    requestMerchantTransferParams: (bill, opts = {}) => merchantTransferParams(mchId, opts.appId ?? appId, bill),
    /** A signed request; resolves with the verified, parsed response body (204 → null). */
    request,
    /** The signed request without verification or error mapping: `{ status, headers, body, requestId }`. */
    raw: ctx.raw,
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

/**
 * The internals of a v3 client (merchant or partner) in one place: its options, the signed
 * exchange and the verified request. The endpoint factories (uploads, the endpoint table, bills)
 * build the client's functions from this alone.
 */
export function clientContext(options = {}) {
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

  const fetchFn = (u, i) => (options.fetch ?? globalThis.fetch)(u, i);

  /** The Authorization header for `signedText` (a fresh timestamp and nonce each call). */
  const sign = async (method, signedUrl, signedText) => v3.authorization({
    mchId, serialNo, privateKey: await privateKey(), method, url: signedUrl, body: signedText, timestamp: String(now()),
  });

  /**
   * Runs one prepared request — `{ method, path, signedText, body, contentType, headers, safe }`,
   * wechatpay-go style: what the signature covers (`signedText`: the JSON body, an upload's meta
   * JSON) is separate from what is sent (`body`: text or bytes) — under the timeout / retry / hook
   * policy. Every attempt is signed afresh (new timestamp and nonce) and `interpret`s its response.
   */
  async function exchange(req, opts, interpret) {
    const m = requireString(req.method, 'method').toUpperCase();
    const url = new URL(requireString(req.path, 'path'), baseUrl);
    const signedUrl = url.pathname + url.search;
    const extra = extraHeaders(req.headers);
    const call = callOptions(opts);
    const safe = req.safe ?? safeToRepeat(m, req.signedText, call.idempotent);
    const sent = req.body === '' ? undefined : req.body;
    return runCall(policy, { api: 'v3', method: m, path: signedUrl, safe }, call, async ({ signal, responded }) => {
      const headers = { Authorization: await sign(m, signedUrl, req.signedText), Accept: 'application/json', 'User-Agent': userAgent };
      if (req.contentType) headers['Content-Type'] = req.contentType;
      Object.assign(headers, extra);
      const res = await send(fetchFn, url.href, { method: m, headers, body: sent, signal });
      const responseBody = await res.text();
      const pairs = headerPairs(res.headers);
      const requestId = headerValue(pairs, 'Request-ID');
      responded(res.status, requestId);
      return interpret({ status: res.status, headers: pairs, body: responseBody, requestId }, m, req.path);
    });
  }

  /**
   * A JSON request as `request`/`raw` take it: `opts.headers` are added (e.g. Wechatpay-Serial);
   * `opts.sensitive` lists the body fields to RSA-OAEP-encrypt with WeChat Pay's current key
   * (one key for all of them; its id goes in Wechatpay-Serial).
   */
  async function jsonRequest(method, path, body, opts) {
    let payload = body;
    let headers = opts?.headers;
    if (opts?.sensitive !== undefined) {
      const sealed = await sealFields(ctx, body, opts.sensitive);
      payload = sealed.body;
      headers = withSerial(headers, sealed.serial);
    }
    const text = payload === undefined || payload === null ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
    const m = typeof method === 'string' ? method.toUpperCase() : method;
    const json = text !== '' || m === 'POST' || m === 'PUT' || m === 'PATCH';
    return { method, path, signedText: text, body: text, contentType: json ? 'application/json' : undefined, headers };
  }

  /** Signs and sends; returns `{ status, headers, body, requestId }` without verifying. */
  const raw = async (method, path, body, opts) => exchange(await jsonRequest(method, path, body, opts), opts, (res) => res);

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
  const request = async (method, path, body, opts) => exchange(await jsonRequest(method, path, body, opts), opts, interpret);

  // The client's internals in one place, for the endpoint factories (uploads, the endpoint table,
  // bills): each adds its functions to the client from these alone.
  const ctx = {
    mchId, serialNo, appId, notifyUrl, refundNotifyUrl, spAppId: options.spAppId, baseUrl, userAgent, keys, policy,
    privateKey, now, fetch: fetchFn, sign, exchange, request, raw, interpret,
  };

  if (keys instanceof PlatformKeys) keys.attach({ download: () => raw('GET', '/v3/certificates'), mchId });
  return ctx;
}
