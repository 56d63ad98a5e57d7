// Alipay OpenAPI v3: the `authorization` header of a request and the verification of a response
// (alipay-timestamp / alipay-nonce / alipay-signature / alipay-sn), both in the Rust core
// (src/alipay/v3.rs); and `v3Request`, the fetch call createAlipayClient's `request` runs.
import { extra } from '../extra.js';
import { invalidArgument, rethrow, WechatPayError } from '../errors.js';
import { headerPairs, headerValue, randomNonce, send } from '../http.js';
import { aesDecrypt, aesEncrypt } from './aes.js';

export const ALIPAY_V3_ENDPOINT = 'https://openapi.alipay.com';
export const DEFAULT_MAX_SKEW = 300;

function optional(v, name = 'value') {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw invalidArgument(`${name} must be a string`);
  return v;
}

function authFields(o) {
  if (o === null || typeof o !== 'object') throw invalidArgument('expected { appId, appCertSn?, nonce, timestamp, method, url, body?, appAuthToken? }');
  const need = (name) => {
    const v = o[name];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    if (typeof v !== 'string' || v === '') throw invalidArgument(`${name} is required (a non-empty string)`);
    return v;
  };
  const body = o.body === undefined || o.body === null ? '' : o.body;
  if (typeof body !== 'string') throw invalidArgument('body must be the exact text sent (JSON-encode it first)');
  return [need('appId'), optional(o.appCertSn, 'appCertSn'), need('nonce'), need('timestamp'), need('method'), need('url'), body, optional(o.appAuthToken, 'appAuthToken')];
}

/** The text a v3 request signature covers: `{auth}\n{METHOD}\n{url}\n{body}\n[{appAuthToken}\n]`. */
export function v3SignContent(options) {
  const f = authFields(options);
  try { return extra().alipayV3SignContent(...f); } catch (e) { rethrow(e); }
}

/** The `authorization` header value: `ALIPAY-SHA256withRSA app_id=…,[app_cert_sn=…,]nonce=…,timestamp=…,sign=…`. */
export function v3Authorization(options, privateKeyHandle) {
  const f = authFields(options);
  try { return extra().alipayV3Authorization(...f, privateKeyHandle); } catch (e) { rethrow(e); }
}

function clockMs(now) {
  const t = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw invalidArgument('now must be a Date or Unix milliseconds');
  return t;
}

function skewSeconds(maxSkew) {
  if (maxSkew === undefined) return DEFAULT_MAX_SKEW;
  if (!Number.isInteger(maxSkew) || maxSkew < 0 || maxSkew > 0xffffffff) throw invalidArgument('maxSkew must be whole seconds');
  return maxSkew;
}

/**
 * Verifies a v3 response (its headers and exact body text) with the Alipay public key handle.
 * Throws SIGN_MISSING, HEADER_INVALID, ALIPAY_CERT_SN_MISMATCH (with alipayCertSn), TIMESTAMP_SKEW,
 * SIGN_MISMATCH.
 */
export function v3VerifyResponse(options, publicKeyHandle) {
  if (options === null || typeof options !== 'object') throw invalidArgument('expected { headers, body, alipayCertSn?, now?, maxSkew? }');
  const { headers, body, alipayCertSn, now, maxSkew } = options;
  if (typeof body !== 'string') throw invalidArgument('the response body must be the raw text (await response.text())');
  let pairs;
  try { pairs = headerPairs(headers); } catch { throw invalidArgument('headers must be a Headers object, a plain object or [name, value] pairs of strings'); }
  const h = (name) => headerValue(pairs, name);
  try {
    extra().alipayV3VerifyResponse(h('alipay-timestamp'), h('alipay-nonce'), h('alipay-signature'), h('alipay-sn'), body, publicKeyHandle,
      optional(alipayCertSn, 'alipayCertSn'), clockMs(now), skewSeconds(maxSkew));
  } catch (e) { rethrow(e); }
  return true;
}

function v3Error(status, data, verified, path, traceId) {
  const code = data && typeof data === 'object' && data.code !== undefined ? String(data.code) : '';
  const message = data && typeof data === 'object' && data.message !== undefined ? String(data.message) : '';
  return new WechatPayError('ALIPAY_ERROR', `Alipay v3 ${path} answered HTTP ${status}: ${code} ${message}`.trim(), {
    alipayCode: code, alipayMsg: message, subCode: '', subMsg: '', status, verified, response: data, traceId, links: data?.links,
  });
}

/**
 * One v3 call: `ctx` is the client's { appId, appCertSn?, alipayRootCertSn?, alipayCertSn?,
 * privateKey(), publicKey(), endpoint, fetch, nowMs(), maxSkew, encryptKey? }.
 */
export async function v3Request(ctx, method, path, body, options = {}) {
  if (typeof method !== 'string' || !/^[A-Za-z]{1,16}$/.test(method)) throw invalidArgument('method must be an HTTP method such as GET or POST');
  const m = method.toUpperCase();
  if (typeof path !== 'string' || !path.startsWith('/')) throw invalidArgument('path must start with "/" (e.g. /v3/alipay/trade/query)');
  let text = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  if (text !== '' && (m === 'GET' || m === 'HEAD')) throw invalidArgument(`${m} requests have no body`);
  const encrypt = options.encrypt === true;
  const headers = { accept: 'application/json', 'content-type': 'application/json', 'alipay-request-id': randomNonce(32) };
  if (encrypt) {
    if (!ctx.encryptKey) throw invalidArgument('encrypt: true needs the client option encryptKey');
    text = aesEncrypt(text, ctx.encryptKey);
    headers['content-type'] = 'text/plain';
    headers['alipay-encrypt-type'] = 'AES';
    headers['alipay-encryption-algm'] = 'AES';
  }
  if (ctx.alipayRootCertSn) headers['alipay-root-cert-sn'] = ctx.alipayRootCertSn;
  const appAuthToken = optional(options.appAuthToken, 'appAuthToken');
  if (appAuthToken) headers['alipay-app-auth-token'] = appAuthToken;
  const timestamp = String(Math.trunc(ctx.nowMs()));
  headers.authorization = v3Authorization({
    appId: ctx.appId, appCertSn: ctx.appCertSn, nonce: options.nonce ?? randomNonce(32), timestamp, method: m, url: path, body: text, appAuthToken,
  }, ctx.privateKey());
  const url = `${ctx.endpoint}${path}`;
  const res = await send(ctx.fetch, url, { method: m, headers, ...(m === 'GET' || m === 'HEAD' ? {} : { body: text }) });
  const raw = await res.text();
  const resHeaders = res.headers;
  const traceId = headerValue(headerPairs(resHeaders), 'alipay-trace-id');
  const signed = headerValue(headerPairs(resHeaders), 'alipay-signature') !== undefined;
  const verify = () => v3VerifyResponse({ headers: resHeaders, body: raw, alipayCertSn: ctx.alipayCertSn, now: ctx.nowMs(), maxSkew: ctx.maxSkew }, ctx.publicKey());
  if (res.status >= 400) {
    // An error Alipay signed is verified first; one it could not sign is reported, marked unverified.
    if (signed) verify();
    let data;
    try { data = JSON.parse(raw); } catch { data = undefined; }
    throw v3Error(res.status, data, signed, path, traceId);
  }
  verify();
  let plain = raw;
  if (encrypt && raw !== '') plain = aesDecrypt(raw, ctx.encryptKey);
  let data;
  try { data = plain === '' ? {} : JSON.parse(plain); } catch {
    throw new WechatPayError('JSON_INVALID', `Alipay v3 ${path}: the verified response body is not JSON`, { status: res.status });
  }
  return { status: res.status, data, traceId };
}
