// Alipay (支付宝) OpenAPI gateway: RSA2 signatures, signed query strings, notification and
// response verification (the Rust core, src/alipay), and a small fetch client. Runtime-neutral:
// no node:*, the network only through the `fetch` you pass (or the global one). Runs in the extra
// wasm module (js/extra.js), instantiated by the first Alipay call.
import { extra } from './extra.js';
import { invalidArgument, rethrow, shown, text, WechatPayError } from './errors.js';
import { pack, packedCount } from './fields.js';
import { extraPrivateKey, extraPublicKey, wrapExtraPrivateKey, wrapExtraPublicKey } from './v3.js';
import { certSn, certificateMode, checkCertSn, responseCertSn, rootCertSn } from './alipay/cert.js';
import { aesDecrypt, aesEncrypt } from './alipay/aes.js';
import { ALIPAY_V3_ENDPOINT, v3Authorization, v3Request, v3SignContent, v3VerifyResponse } from './alipay/v3.js';

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';
const SIGN_TYPES = ['RSA2', 'RSA'];

// The common parameters Alipay's SDKs put in the gateway URL; the others (biz_content, …) go in
// the form body.
const URL_PARAMS = new Set([
  'app_id', 'method', 'format', 'charset', 'sign_type', 'sign', 'timestamp', 'version', 'notify_url', 'return_url',
  'auth_token', 'app_auth_token', 'app_cert_sn', 'alipay_root_cert_sn', 'ws_service_url',
]);

function checkSignType(signType) {
  if (signType === undefined || signType === null) return 'RSA2';
  if (!SIGN_TYPES.includes(signType)) {
    throw new WechatPayError('SIGN_TYPE_UNSUPPORTED', `unsupported Alipay sign type ${shown(signType)}: expected "RSA2" (or the legacy "RSA")`);
  }
  return signType;
}

// ---- keys: parsed once, then reused ----------------------------------------------------------

// Key text → handle, so passing the same PEM string again does not parse it again. Bounded:
// the oldest handle is freed past 16 keys.
const MAX_CACHED = 16;
const privateKeys = new Map();
const publicKeys = new Map();

function cached(cache, text, parse) {
  let handle = cache.get(text);
  if (!handle) {
    handle = parse(text);
    cache.set(text, handle);
    if (cache.size > MAX_CACHED) {
      const [oldest, old] = cache.entries().next().value;
      cache.delete(oldest);
      old.free();
    }
  }
  return handle;
}

// The extra module's key inside a handle: an extra-module PrivateKey/PublicKey itself, or the
// extra copy of a key handle of v3.importPrivateKey() / v3.importPublicKey() / alipay.import…()
// (made once from the key's bytes: handles of the core module cannot be used here). A freed
// handle throws INVALID_ARGUMENT.
function innerPrivate(key) {
  return key instanceof extra().PrivateKey ? key : extraPrivateKey(key);
}

function innerPublic(key) {
  return key instanceof extra().PublicKey ? key : extraPublicKey(key);
}

/** The app private key: a PrivateKey handle, or PEM / Alipay's bare base64 (parsed once, cached). */
export function alipayPrivateKey(key) {
  const handle = innerPrivate(key);
  if (handle) return handle;
  if (typeof key !== 'string' || key === '') throw invalidArgument('the app private key must be PEM or base64 text, or a PrivateKey');
  try { return cached(privateKeys, key, extra().alipayPrivateKey); } catch (e) { rethrow(e); }
}

/** The Alipay public key (支付宝公钥): a PublicKey handle, or PEM / bare base64 (parsed once, cached). */
export function alipayPublicKey(key) {
  const handle = innerPublic(key);
  if (handle) return handle;
  if (typeof key !== 'string' || key === '') throw invalidArgument('the Alipay public key must be PEM or base64 text, or a PublicKey');
  try { return cached(publicKeys, key, extra().alipayPublicKey); } catch (e) { rethrow(e); }
}

// ---- fields ------------------------------------------------------------------------------------

function value(name, v) {
  if (v !== null && typeof v === 'object') { // biz_content given as an object
    try { return JSON.stringify(v); } catch { throw invalidArgument(`field ${JSON.stringify(name)} cannot be serialized as JSON (a BigInt or a cycle?)`); }
  }
  return v;
}

// Plain object, Map, URLSearchParams / FormData / any iterable of [name, value], or a
// form-urlencoded string (a notification body). A name given twice is refused.
function fieldMap(params) {
  if (typeof params === 'string') params = new URLSearchParams(params.startsWith('?') ? params.slice(1) : params);
  const map = new Map();
  let entries;
  if (params instanceof Map || (params && typeof params === 'object' && typeof params[Symbol.iterator] === 'function' && !Array.isArray(params))) {
    entries = params instanceof Map ? params.entries() : params;
  } else if (Array.isArray(params)) {
    entries = params;
  } else if (params !== null && typeof params === 'object') {
    entries = Object.entries(params);
  } else {
    throw invalidArgument('params must be an object, a Map, URLSearchParams or a form-urlencoded string');
  }
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') throw invalidArgument('an iterable of params must yield [name, value] pairs');
    const [k, v] = entry;
    if (typeof k !== 'string') throw invalidArgument('field names must be strings');
    if (map.has(k)) throw invalidArgument(`field ${JSON.stringify(k)} is given twice`);
    map.set(k, value(k, v));
  }
  return map;
}

const packed = (params) => [pack(fieldMap(params)), packedCount];

function encode(s) {
  try {
    return encodeURIComponent(s);
  } catch {
    throw invalidArgument('a value holds a lone UTF-16 surrogate and cannot be URL-encoded');
  }
}

/** Beijing time (UTC+8) as Alipay's `timestamp` wants it: `yyyy-MM-dd HH:mm:ss`. */
export function alipayTimestamp(date = new Date()) {
  const t = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : typeof date === 'string' && /^\d{1,16}$/.test(date) ? Number(date) : NaN;
  if (!Number.isFinite(t) || Math.abs(t) > 8.64e15 - 8 * 3600_000) throw invalidArgument('timestamp: not a date (a Date or milliseconds since 1970)');
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export const alipay = Object.freeze({
  /** What a request signature covers: sorted non-empty fields without `sign`, `k=v&…`, values verbatim. */
  stringToSign(params) {
    try { return extra().alipayStringToSign(...packed(params)); } catch (e) { rethrow(e); }
  },
  /** What a notification signature covers: as stringToSign, without `sign` and `sign_type`. */
  notificationStringToSign(params) {
    try { return extra().alipayNotificationStringToSign(...packed(params)); } catch (e) { rethrow(e); }
  },
  /** The base64 `sign` of a request with the app private key: RSA2 (SHA256withRSA) or the legacy RSA (SHA1withRSA). */
  sign(params, privateKey, signType = 'RSA2') {
    const type = checkSignType(signType);
    const key = alipayPrivateKey(privateKey);
    try { return extra().alipaySign(...packed(params), key, type); } catch (e) { rethrow(e); }
  },
  /** The fields (sorted) plus `sign`, URL-encoded like encodeURIComponent: App order string, page-pay query, form body. */
  signedQuery(params, privateKey, signType = 'RSA2') {
    const type = checkSignType(signType);
    const key = alipayPrivateKey(privateKey);
    try { return extra().alipaySignedQuery(...packed(params), key, type); } catch (e) { rethrow(e); }
  },
  /**
   * Verifies an asynchronous notification (its decoded form fields, or the raw form body) with the
   * Alipay public key, using its `sign_type` (RSA2 by default). Returns true or throws
   * WechatPayError (SIGN_MISSING, SIGN_MISMATCH, SIGN_TYPE_UNSUPPORTED).
   */
  verifyNotification(params, alipayPublicKeyOrText) {
    const key = alipayPublicKey(alipayPublicKeyOrText);
    try { extra().alipayVerifyNotification(...packed(params), key); return true; } catch (e) { rethrow(e); }
  },
  /**
   * Verifies a gateway response body (the exact text) for `method` and returns its response node,
   * parsed: `<method>_response`, or `error_response`. Business failures are returned too (check
   * `code`); createAlipayClient throws them as ALIPAY_ERROR.
   */
  verifyResponse(body, method, alipayPublicKeyOrText, signType = 'RSA2') {
    const type = checkSignType(signType);
    const key = alipayPublicKey(alipayPublicKeyOrText);
    if (typeof body !== 'string') throw invalidArgument('the response body must be the raw text (await response.text())');
    let verified;
    try { verified = extra().alipayVerifyResponse(text(body, 'body'), text(method, 'method'), key, type); } catch (e) { rethrow(e); }
    return JSON.parse(verified.content);
  },
  /** Parses the app private key once (PEM, or the bare base64 Alipay's key tool shows). */
  importPrivateKey(text) {
    if (typeof text !== 'string') throw invalidArgument('the app private key must be PEM or base64 text');
    let inner;
    try { inner = extra().alipayPrivateKey(text); } catch (e) { rethrow(e); }
    try { return wrapExtraPrivateKey(inner); } catch (e) { inner.free(); rethrow(e); }
  },
  /** Parses the Alipay public key once (PEM, or bare base64). */
  importPublicKey(text) {
    if (typeof text !== 'string') throw invalidArgument('the Alipay public key must be PEM or base64 text');
    let inner;
    try { inner = extra().alipayPublicKey(text); } catch (e) { rethrow(e); }
    try { return wrapExtraPublicKey(inner, text); } catch (e) { inner.free(); rethrow(e); }
  },
  timestamp: alipayTimestamp,
  // Certificate mode, content encryption and OpenAPI v3 (js/alipay/).
  certSn,
  rootCertSn,
  aesEncrypt,
  aesDecrypt,
  v3: Object.freeze({
    signContent: v3SignContent,
    authorization: (options, privateKey) => v3Authorization(options, alipayPrivateKey(privateKey)),
    verifyResponse: (options, alipayPublicKeyOrCert) => v3VerifyResponse(options, alipayPublicKey(alipayPublicKeyOrCert)),
  }),
});

// ---- client ------------------------------------------------------------------------------------

function alipayError(method, node, verified) {
  const text = (k) => (node?.[k] === undefined || node?.[k] === null ? '' : String(node[k]));
  const [code, msg, subCode, subMsg] = ['code', 'msg', 'sub_code', 'sub_msg'].map(text);
  return new WechatPayError('ALIPAY_ERROR', `Alipay ${method} returned ${code} ${msg}: ${subCode} ${subMsg}`.trim(), {
    alipayCode: code, alipayMsg: msg, subCode, subMsg, method, verified, response: node,
  });
}

// A handle passed in is resolved on each use (so a freed v3 handle fails cleanly); text is parsed
// here, once, into a handle the client owns.
function ownKey(key, inner, parse, what) {
  if (inner(key)) return () => inner(key);
  if (typeof key !== 'string' || key === '') throw invalidArgument(`${what} must be PEM or base64 text, or a key handle`);
  let handle;
  try { handle = parse(key); } catch (e) { rethrow(e); }
  return () => handle;
}

const nodeName = (method) => `${method.replaceAll('.', '_')}_response`;

/**
 * A client for the Alipay gateway: `execute` signs, POSTs and verifies; `sdkExecute` and
 * `pageExecute` only sign (App order string, page-pay URL). Keys are parsed once, here.
 */
export function createAlipayClient(options = {}) {
  const { appId, privateKey, alipayPublicKey: alipayKey, gateway = ALIPAY_GATEWAY, fetch: fetchFn, signType = 'RSA2', charset = 'utf-8', now, encryptKey, v3Endpoint = ALIPAY_V3_ENDPOINT, maxSkew } = options;
  if (typeof appId !== 'string' || appId === '') throw invalidArgument('appId is required');
  if (String(charset).toLowerCase() !== 'utf-8') throw invalidArgument('only charset utf-8 is supported');
  const type = checkSignType(signType);
  // The client owns its handles (parsed here, once), so the cache above can never free them.
  const key = ownKey(privateKey, innerPrivate, extra().alipayPrivateKey, 'the app private key');
  // Certificate mode: the Alipay public key is the Alipay certificate's.
  const cert = certificateMode(options);
  if (cert && alipayKey !== undefined && alipayKey !== null) throw invalidArgument('pass alipayPublicKey (public-key mode) or alipayCert (certificate mode), not both');
  const publicKey = cert ? () => cert.publicKey
    : alipayKey === undefined || alipayKey === null ? undefined : ownKey(alipayKey, innerPublic, extra().alipayPublicKey, 'the Alipay public key');
  if (encryptKey !== undefined && (typeof encryptKey !== 'string' || encryptKey === '')) throw invalidArgument('encryptKey must be the base64 content-encryption key');
  let v3Origin;
  try { v3Origin = new URL(v3Endpoint).origin; } catch { throw invalidArgument(`v3Endpoint ${JSON.stringify(v3Endpoint)} is not a URL`); }
  let gatewayUrl;
  try { gatewayUrl = new URL(gateway); } catch { throw invalidArgument(`gateway ${JSON.stringify(gateway)} is not a URL`); }

  function requestParams(method, bizContent, extraParams, callOptions) {
    if (typeof method !== 'string' || !/^[A-Za-z0-9._]+$/.test(method)) throw invalidArgument(`method ${JSON.stringify(method)} is not an Alipay method name such as alipay.trade.query`);
    const p = {
      app_id: appId, method, format: 'JSON', charset, sign_type: type,
      timestamp: alipayTimestamp(now ? now() : new Date()), version: '1.0',
    };
    if (bizContent !== undefined && bizContent !== null) p.biz_content = typeof bizContent === 'string' ? bizContent : JSON.stringify(bizContent);
    for (const [k, v] of fieldMap(extraParams ?? {})) {
      if (k === 'sign') continue;
      if (k === 'biz_content' && p.biz_content !== undefined) throw invalidArgument('biz_content is given twice (bizContent and extraParams)');
      if (v !== undefined && v !== null) p[k] = v;
    }
    if (cert) Object.assign(p, { app_cert_sn: cert.appCertSn, alipay_root_cert_sn: cert.alipayRootCertSn });
    if (callOptions?.encrypt === true) {
      if (!encryptKey) throw invalidArgument('encrypt: true needs the client option encryptKey');
      if (p.biz_content === undefined) throw invalidArgument('encrypt: true needs a bizContent to encrypt');
      Object.assign(p, { encrypt_type: 'AES', biz_content: aesEncrypt(p.biz_content, encryptKey) });
    }
    return p;
  }

  const query = (entries) => entries.map(([k, v]) => `${encode(k)}=${encode(String(v))}`).join('&');

  function signedParams(method, bizContent, extraParams, callOptions) {
    const p = requestParams(method, bizContent, extraParams, callOptions);
    return { ...p, sign: alipay.sign(p, key(), type) };
  }

  return Object.freeze({
    appId,
    gateway: gatewayUrl.href,
    signType: type,

    /** The signed request parameters (with `sign`), as an object. */
    signedParams,

    /**
     * Calls `method`: signs, POSTs form-urlencoded to the gateway, verifies the response
     * signature, and returns the response node (`code` 10000, or no `code`). Throws
     * WechatPayError: ALIPAY_ERROR (`alipayCode`, `subCode`, `subMsg`, `response`, `verified`),
     * SIGN_MISMATCH / SIGN_MISSING, HTTP_ERROR, NETWORK_ERROR, JSON_INVALID.
     */
    async execute(method, bizContent, extraParams, callOptions) {
      if (!publicKey) throw invalidArgument('alipayPublicKey is required to verify responses');
      const signed = signedParams(method, bizContent, extraParams, callOptions);
      const entries = Object.entries(signed).filter(([, v]) => v !== '' && v !== undefined);
      const url = `${gatewayUrl.href}${gatewayUrl.search ? '&' : '?'}${query(entries.filter(([k]) => URL_PARAMS.has(k)))}`;
      const body = query(entries.filter(([k]) => !URL_PARAMS.has(k)));
      const f = fetchFn ?? globalThis.fetch;
      if (typeof f !== 'function') throw invalidArgument('no fetch available: pass options.fetch');
      let res;
      try {
        res = await f(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', accept: 'application/json' },
          body,
        });
      } catch (e) {
        throw new WechatPayError('NETWORK_ERROR', `POST ${gatewayUrl.origin}${gatewayUrl.pathname}: ${e?.cause?.message ?? e?.message ?? e}`, { cause: e });
      }
      const text = await res.text();
      if (res.status !== 200) {
        throw new WechatPayError('HTTP_ERROR', `Alipay gateway answered HTTP ${res.status}`, { status: res.status, body: text.slice(0, 2000) });
      }
      let verified;
      try {
        // Certificate mode: a response signed with another Alipay certificate says so first.
        if (cert) checkCertSn(responseCertSn(text), cert.alipayCertSn);
        verified = extra().alipayVerifyResponse(text, method, publicKey(), type);
      } catch (e) {
        // An error the gateway could not sign (unknown app_id, …) comes without `sign`: report
        // Alipay's error, marked unverified. A success without `sign` is never accepted.
        if (e?.code === 'SIGN_MISSING') {
          let node;
          try { const obj = JSON.parse(text); node = obj[nodeName(method)] ?? obj.error_response; } catch { /* fall through */ }
          if (node && typeof node === 'object' && node.code !== undefined && String(node.code) !== '10000') throw alipayError(method, node, false);
        }
        rethrow(e);
      }
      let node = JSON.parse(verified.content);
      // Content encryption: the signed node is the ciphertext string (errors come in clear).
      if (callOptions?.encrypt === true && typeof node === 'string') node = JSON.parse(aesDecrypt(node, encryptKey));
      const code = node && typeof node === 'object' ? node.code : undefined;
      if (verified.node === 'error_response' || (code !== undefined && String(code) !== '10000')) throw alipayError(method, node, true);
      return node;
    },

    /** The signed query string for the App SDK (`alipay.trade.app.pay` order string): no network. */
    sdkExecute(method, bizContent, extraParams, callOptions) {
      return alipay.signedQuery(requestParams(method, bizContent, extraParams, callOptions), key(), type);
    },

    /** The gateway URL with the signed query, for a GET redirect (`alipay.trade.page.pay`, `alipay.trade.wap.pay`). */
    pageExecute(method, bizContent, extraParams, callOptions) {
      const q = alipay.signedQuery(requestParams(method, bizContent, extraParams, callOptions), key(), type);
      return `${gatewayUrl.href}${gatewayUrl.search ? '&' : '?'}${q}`;
    },

    /** `alipay.verifyNotification` with this client's Alipay public key. */
    verifyNotification(params) {
      if (!publicKey) throw invalidArgument('alipayPublicKey is required to verify notifications');
      if (cert) checkCertSn(fieldMap(params).get('alipay_cert_sn'), cert.alipayCertSn);
      return alipay.verifyNotification(params, publicKey());
    },

    /** `alipay.verifyResponse` with this client's key and sign type. */
    verifyResponse(body, method) {
      if (!publicKey) throw invalidArgument('alipayPublicKey is required to verify responses');
      if (cert && typeof body === 'string') checkCertSn(responseCertSn(body), cert.alipayCertSn);
      return alipay.verifyResponse(body, method, publicKey(), type);
    },

    /** Certificate mode's SNs (undefined in public-key mode). */
    appCertSn: cert?.appCertSn,
    alipayCertSn: cert?.alipayCertSn,
    alipayRootCertSn: cert?.alipayRootCertSn,

    /** Decrypts content encrypted with this client's encryptKey (a notification's biz_content, …). */
    decrypt(ciphertext) {
      if (!encryptKey) throw invalidArgument('decrypt needs the client option encryptKey');
      return aesDecrypt(ciphertext, encryptKey);
    },

    /**
     * OpenAPI v3: signs (authorization header), sends `body` as JSON to `v3Endpoint + path`,
     * verifies the response headers and returns `{ status, data, traceId }`. Throws ALIPAY_ERROR
     * for HTTP >= 400 (alipayCode, alipayMsg, status, verified), SIGN_MISSING, SIGN_MISMATCH,
     * TIMESTAMP_SKEW, ALIPAY_CERT_SN_MISMATCH, NETWORK_ERROR.
     */
    async request(method, path, body, callOptions) {
      if (!publicKey) throw invalidArgument('alipayPublicKey (or alipayCert) is required to verify responses');
      const f = fetchFn ?? globalThis.fetch;
      if (typeof f !== 'function') throw invalidArgument('no fetch available: pass options.fetch');
      return v3Request({
        appId, appCertSn: cert?.appCertSn, alipayRootCertSn: cert?.alipayRootCertSn, alipayCertSn: cert?.alipayCertSn,
        privateKey: key, publicKey, endpoint: v3Origin, fetch: f, maxSkew, encryptKey,
        nowMs: () => { const t = now ? now() : Date.now(); return t instanceof Date ? t.getTime() : t; },
      }, method, path, body, callOptions);
    },
  });
}
