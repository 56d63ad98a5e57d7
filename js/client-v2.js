// API v2 client (signed XML over fetch). Runtime-neutral: mutual TLS for /secapi/ is supplied by
// the caller — a Workers mTLS certificate binding (`tls: env.MY_CERT`) or, in Node, an undici
// dispatcher (`tls: { dispatcher: new Agent({ connect: { cert, key } }) }`).
import { fieldsMap, signTypeCode, v2 } from './v2.js';
import { WechatPayError } from './errors.js';
import { DEFAULT_BASE_URL, USER_AGENT, randomNonce, requireString, sameText, send } from './http.js';
import { DEDUPLICATING_FIELDS, callOptions, runCall, transportPolicy } from './clients/transport.js';
import { v2BillMethods } from './v2/bills.js';
import { certificateTls } from './clients/mtls.js';
import { v2MoreMethods } from './v2/more.js';


/**
 * Checks a v2 message's `sign`. WeChat Pay signs responses with the request's sign type without
 * always naming it, so `signType` is used when the message has no `sign_type`.
 */
export function verifyV2Sign(fields, key, signType = 'MD5') {
  const type = fields.sign_type || signType;
  if (!fields.sign) throw new WechatPayError('SIGN_MISSING', 'the message has no `sign` field');
  if (fields.sign_type || type === 'MD5') return v2.verify(fields, key);
  if (!sameText(v2.sign(fields, key, type), fields.sign)) {
    throw new WechatPayError('SIGN_MISMATCH', `signature mismatch: the ${type} sign of the message does not match (stringA: ${v2.stringToSign(fields, key).stringA})`);
  }
  return true;
}

/**
 * `createV2Client({ appId, mchId, key, signType?, notifyUrl?, baseUrl?, fetch?, tls?, timeout?,
 * retries?, retryDelay?, hooks? })`.
 *
 * Every method resolves with the response's verified fields, or rejects with WechatPayError:
 * `RETURN_FAIL` (return_code FAIL: WeChat Pay's return_msg is the message and `.returnMsg`),
 * WeChat Pay's `err_code` (result_code FAIL, e.g. ORDERPAID, ORDERNOTEXIST; `.errCodeDes`),
 * SIGN_MISSING / SIGN_MISMATCH (the response is not authentic), XML_* , HTTP_ERROR,
 * NETWORK_ERROR, TIMEOUT, ABORTED, TLS_REQUIRED.
 *
 * Every call takes `{ timeout, retries, signal, idempotent }` as its last argument. Calls are
 * repeated after a transient failure only when they carry a merchant number WeChat Pay
 * deduplicates by (out_trade_no, out_refund_no, …) or are queries / closes.
 */
export function createV2Client(options = {}) {
  const appId = requireString(options.appId, 'appId');
  const mchId = requireString(options.mchId, 'mchId');
  const key = requireString(options.key, 'key');
  const signType = options.signType ?? 'MD5';
  signTypeCode(signType);
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const userAgent = options.userAgent ?? USER_AGENT;
  const tls = certificateTls(options.tls, mchId);
  if (tls !== undefined && (tls === null || typeof tls !== 'object' || (typeof tls.fetch !== 'function' && tls.dispatcher === undefined))) {
    throw new WechatPayError('INVALID_ARGUMENT', 'tls must be a Workers mTLS certificate binding (an object with fetch) or { dispatcher } (Node: an undici Agent with the merchant certificate)');
  }

  const policy = transportPolicy(options);

  async function request(path, params = {}, { secure = false, ...opts } = {}) {
    const fields = fieldsMap(params);
    if (secure && !tls) throw new WechatPayError('TLS_REQUIRED', `${path} needs the merchant API certificate (mutual TLS): pass tls: env.MY_CERT (Workers mTLS binding) or tls: { dispatcher } (Node, undici Agent)`);
    const call = callOptions(opts);
    const target = new URL(path, baseUrl);
    const safe = call.idempotent ?? DEDUPLICATING_FIELDS.some((f) => typeof fields.get(f) === 'string' && fields.get(f) !== '');
    // Each attempt is signed afresh: a new nonce_str unless the caller fixed one.
    return runCall(policy, { api: 'v2', method: 'POST', path: target.pathname, safe }, call, (attempt) => exchange(target.href, path, fields, secure, attempt));
  }

  async function exchange(url, path, fields, secure, { signal, responded }) {
    const message = new Map([['appid', appId], ['mch_id', mchId], ...fields]);
    if (message.get('nonce_str') === undefined || message.get('nonce_str') === null) message.set('nonce_str', randomNonce(32));
    const body = v2.signedXml(message, key, signType);
    const init = { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'text/xml', 'User-Agent': userAgent }, body, signal };
    let res;
    if (secure) {
      if (typeof tls.fetch === 'function') res = await send((u, i) => tls.fetch(u, i), url, tls.dispatcher ? { ...init, dispatcher: tls.dispatcher } : init);
      else res = await send((u, i) => (options.fetch ?? globalThis.fetch)(u, i), url, { ...init, dispatcher: tls.dispatcher });
    } else {
      res = await send((u, i) => (options.fetch ?? globalThis.fetch)(u, i), url, init);
    }
    const text = await res.text();
    responded(res.status, undefined);
    if (!res.ok) throw new WechatPayError('HTTP_ERROR', `HTTP ${res.status} from ${path}`, { status: res.status, body: text.slice(0, 1000) });
    const out = v2.fromXml(text);
    if (out.return_code !== 'SUCCESS') {
      throw new WechatPayError('RETURN_FAIL', out.return_msg || `return_code ${out.return_code ?? '(missing)'}`, { returnMsg: out.return_msg, fields: out });
    }
    verifyV2Sign(out, key, signType);
    if (out.appid && out.appid !== appId) throw new WechatPayError('RESPONSE_MISMATCH', `response appid ${out.appid} is not ${appId}`);
    if (out.mch_id && out.mch_id !== mchId) throw new WechatPayError('RESPONSE_MISMATCH', `response mch_id ${out.mch_id} is not ${mchId}`);
    if (out.result_code !== 'SUCCESS') {
      const code = out.err_code || 'RESULT_FAIL';
      throw new WechatPayError(code, out.err_code_des || code, { errCode: out.err_code, errCodeDes: out.err_code_des, fields: out });
    }
    return out;
  }

  // The bills (js/v2/bills.js) stream their response, so they get the transport, not `request`.
  const billMethods = v2BillMethods({
    appId, mchId, key, signType, baseUrl, userAgent, policy, verifySign: verifyV2Sign,
    tlsReady: (path) => { if (!tls) throw new WechatPayError('TLS_REQUIRED', `${path} needs the merchant API certificate (mutual TLS): pass tls to createV2Client`); },
    post: (url, init, secure) => (!secure ? send((u, i) => (options.fetch ?? globalThis.fetch)(u, i), url, init)
      : typeof tls.fetch === 'function' ? send((u, i) => tls.fetch(u, i), url, tls.dispatcher ? { ...init, dispatcher: tls.dispatcher } : init)
        : send((u, i) => (options.fetch ?? globalThis.fetch)(u, i), url, { ...init, dispatcher: tls.dispatcher })),
  });

  const byOrder = (ref) => (typeof ref === 'string' ? { out_trade_no: ref } : ref);
  const withNotify = (fields) => {
    const map = fieldsMap(fields);
    if (options.notifyUrl && map.get('notify_url') === undefined) map.set('notify_url', options.notifyUrl);
    return map;
  };

  return Object.freeze({
    appId,
    mchId,
    signType,
    baseUrl,
    /** POSTs `fields` (plus appid, mch_id, nonce_str, sign_type, sign) to `path`. */
    request,
    /** 统一下单 /pay/unifiedorder: `{ body, out_trade_no, total_fee, spbill_create_ip, trade_type, openid?, … }` → `{ prepay_id, code_url?, mweb_url?, … }`. */
    unifiedOrder: (fields, opts) => request('/pay/unifiedorder', withNotify(fields), opts),
    /** 查询订单 /pay/orderquery by out_trade_no (a string) or `{ transaction_id }`. */
    orderQuery: (ref, opts) => request('/pay/orderquery', byOrder(ref), { idempotent: true, ...opts }),
    /** 关闭订单 /pay/closeorder. */
    closeOrder: async (outTradeNo, opts) => request('/pay/closeorder', { out_trade_no: requireString(outTradeNo, 'outTradeNo') }, { idempotent: true, ...opts }),
    /** 申请退款 /secapi/pay/refund (mutual TLS: needs `tls`). */
    refund: (fields, opts) => request('/secapi/pay/refund', withNotify(fields), { ...opts, secure: true }),
    /** 查询退款 /pay/refundquery by out_refund_no (a string) or `{ out_trade_no | transaction_id | refund_id }`. */
    refundQuery: (ref, opts) => request('/pay/refundquery', typeof ref === 'string' ? { out_refund_no: ref } : ref, { idempotent: true, ...opts }),
    /** wx.requestPayment parameters for a prepay_id, signed with this client's key and sign type. */
    jsapiPayParams: (prepayId, timeStamp, nonceStr) => v2.jsapiPayParams(appId, prepayId, key, signType, timeStamp, nonceStr),
    /** App SDK PayReq parameters (partnerid = mchId). */
    appPayParams: (prepayId, timestamp, nonceStr) => v2.appPayParams(appId, mchId, prepayId, key, signType, timestamp, nonceStr),
    ...billMethods,
    // The rest of v2 from a data table (js/v2/endpoints.js), micropay's flow and payBank.
    ...v2MoreMethods({ appId, mchId, key, signType, baseUrl, userAgent, tls, policy, fetch: options.fetch, verifySign: verifyV2Sign, orderQuery: (ref, o) => request('/pay/orderquery', byOrder(ref), { idempotent: true, ...o }) }),
  });
}
