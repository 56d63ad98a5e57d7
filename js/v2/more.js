// The API v2 endpoints of ./endpoints.js as client methods, 付款码 micropay's documented flow,
// and 付款到银行卡 (payBank: RSA-encrypts the card number and name with WeChat Pay's key first).
import { fieldsMap, v2 } from '../v2.js';
import { v3 } from '../v3.js';
import { WechatPayError, invalidArgument } from '../errors.js';
import { randomNonce, requireString, send } from '../http.js';
import { callOptions, runCall } from '../clients/transport.js';
import { V2_ENDPOINTS } from './endpoints.js';

const nonEmpty = (v) => typeof v === 'string' && v !== '';

/**
 * Methods for every row of V2_ENDPOINTS, plus micropay and payBank. `ctx`: the v2 client's
 * `{ appId, mchId, key, signType, baseUrl, userAgent, tls, policy, fetch, verifySign, orderQuery }`.
 */
export function v2MoreMethods(ctx) {
  const { appId, mchId, key, baseUrl, userAgent, tls, policy, verifySign } = ctx;
  const fetchFn = () => ctx.fetch ?? globalThis.fetch;

  async function call(endpoint, params = {}, opts) {
    const fields = fieldsMap(typeof params === 'string' && endpoint.ref ? { [endpoint.ref]: params } : params);
    for (const [k, v] of Object.entries(endpoint.defaults ?? {})) if (fields.get(k) === undefined) fields.set(k, v);
    if (endpoint.secure && !tls) throw new WechatPayError('TLS_REQUIRED', `${endpoint.path} needs the merchant API certificate (mutual TLS): pass tls: { p12 } (Node), tls: env.MY_CERT (Workers mTLS binding) or tls: { dispatcher }`);
    const c = callOptions(opts);
    const target = new URL(endpoint.path, baseUrl);
    const safe = c.idempotent ?? (endpoint.query === true || (endpoint.dedupe !== undefined && nonEmpty(fields.get(endpoint.dedupe))));
    return runCall(policy, { api: 'v2', method: 'POST', path: target.pathname, safe }, c, (attempt) => exchange(endpoint, target.href, fields, attempt));
  }

  async function exchange(endpoint, url, fields, { signal, responded }) {
    const { ids } = endpoint;
    const message = new Map();
    if (ids.app) message.set(ids.app, appId);
    message.set(ids.mch, mchId);
    // The caller may name another app id (an 企业付款 to a mini program's user, say): it is sent,
    // and the response is held to what was sent.
    for (const [k, v] of fields) message.set(k, v);
    if (message.get('nonce_str') === undefined || message.get('nonce_str') === null) message.set('nonce_str', randomNonce(32));
    const signType = endpoint.signType === 'client' ? ctx.signType : endpoint.signType;
    const body = v2.signedXml(message, key, signType);
    const init = { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'text/xml', 'User-Agent': userAgent }, body, signal };
    let res;
    if (endpoint.secure && typeof tls.fetch === 'function') res = await send((u, i) => tls.fetch(u, i), url, tls.dispatcher ? { ...init, dispatcher: tls.dispatcher } : init);
    else if (endpoint.secure) res = await send((u, i) => fetchFn()(u, i), url, { ...init, dispatcher: tls.dispatcher });
    else res = await send((u, i) => fetchFn()(u, i), url, init);
    const text = await res.text();
    responded(res.status, undefined);
    if (!res.ok) throw new WechatPayError('HTTP_ERROR', `HTTP ${res.status} from ${endpoint.path}`, { status: res.status, body: text.slice(0, 1000) });
    const out = v2.fromXml(text);
    if (out.return_code !== 'SUCCESS') {
      throw new WechatPayError('RETURN_FAIL', out.return_msg || `return_code ${out.return_code ?? '(missing)'}`, { returnMsg: out.return_msg, fields: out });
    }
    // Unsigned BY DESIGN for the rows with signed: false (see endpoints.js): a sign that is there
    // is still checked; only its absence is accepted.
    if (endpoint.signed || out.sign !== undefined) verifySign(out, key, signType);
    for (const name of [ids.app, ids.mch]) {
      if (name && out[name] !== undefined && out[name] !== message.get(name)) {
        throw new WechatPayError('RESPONSE_MISMATCH', `response ${name} ${out[name]} is not ${message.get(name)}`);
      }
    }
    if (out.result_code !== 'SUCCESS') {
      const code = out.err_code || 'RESULT_FAIL';
      throw new WechatPayError(code, out.err_code_des || out.return_msg || code, { errCode: out.err_code, errCodeDes: out.err_code_des, fields: out });
    }
    return out;
  }

  const methods = {};
  for (const endpoint of V2_ENDPOINTS) methods[endpoint.name] = (params, opts) => call(endpoint, params, opts);
  const byName = Object.fromEntries(V2_ENDPOINTS.map((e) => [e.name, e]));

  /**
   * 付款到银行卡: downloads WeChat Pay's RSA key (/risk/getpublickey, or `opts.publicKey`),
   * encrypts `enc_bank_no` and `enc_true_name` (RSA-OAEP, SHA-1), then calls /mmpaysptrans/pay_bank.
   */
  methods.payBank = async (params, opts = {}) => {
    const { publicKey, ...callOpts } = opts;
    const fields = fieldsMap(params);
    const pem = publicKey ?? (await call(byName.getPublicKey, { sign_type: 'MD5' }, callOpts)).pub_key;
    const handle = await v3.importPublicKey(requireString(pem, 'pub_key'), { webcrypto: false });
    try {
      for (const name of ['enc_bank_no', 'enc_true_name']) {
        fields.set(name, await v3.encryptSensitive(requireString(fields.get(name), name), handle));
      }
    } finally { handle.free(); }
    return call(byName.payBankRaw, fields, callOpts);
  };

  methods.micropay = (params, opts) => micropayFlow(params, opts);

  /**
   * 扫码支付模式一: `weixin://wxpay/bizpayurl?sign=…&appid=…&mch_id=…&product_id=…&time_stamp=…&nonce_str=…`
   * for a QR code, signed with MD5 (the mode-one link has no sign_type).
   */
  methods.nativeUrl = (productId, timeStamp = String(Math.floor(Date.now() / 1000)), nonceStr = randomNonce(32)) => {
    const fields = { appid: appId, mch_id: mchId, product_id: requireString(productId, 'productId'), time_stamp: requireString(timeStamp, 'timeStamp'), nonce_str: requireString(nonceStr, 'nonceStr') };
    const sign = v2.sign(fields, key, 'MD5');
    return `weixin://wxpay/bizpayurl?sign=${sign}&appid=${encodeURIComponent(appId)}&mch_id=${encodeURIComponent(mchId)}&product_id=${encodeURIComponent(fields.product_id)}&time_stamp=${encodeURIComponent(fields.time_stamp)}&nonce_str=${encodeURIComponent(fields.nonce_str)}`;
  };

  /**
   * 付款码支付 as WeChat Pay documents it: when /pay/micropay answers USERPAYING (the user is
   * entering a password) or an unknown outcome (SYSTEMERROR, BANKERROR, a network failure),
   * poll orderquery every `pollInterval` ms up to `polls` times; an order that is still not paid
   * is then reversed (/secapi/pay/reverse, mutual TLS, repeated while WeChat Pay says recall=Y).
   */
  async function micropayFlow(params, opts = {}) {
    if (opts === null || typeof opts !== 'object') throw invalidArgument('micropay options must be an object');
    const { pollInterval = 5_000, polls = 6, reverseAttempts = 3, sleep = defaultSleep, ...callOpts } = opts;
    if (!Number.isInteger(polls) || polls < 0 || polls > 60) throw invalidArgument('polls must be an integer from 0 to 60');
    if (!Number.isInteger(reverseAttempts) || reverseAttempts < 1 || reverseAttempts > 10) throw invalidArgument('reverseAttempts must be an integer from 1 to 10');
    const fields = fieldsMap(params);
    const outTradeNo = requireString(fields.get('out_trade_no'), 'out_trade_no');
    let pending;
    try {
      // No automatic repeat of the payment itself: its unknown outcomes are what the flow resolves.
      return await call(byName.micropayOnce, fields, { ...callOpts, retries: 0 });
    } catch (e) {
      if (!(e instanceof WechatPayError) || !MICROPAY_PENDING.has(e.code)) throw e;
      pending = e;
    }
    for (let i = 0; i < polls; i++) {
      await sleep(pollInterval);
      let q;
      try {
        q = await ctx.orderQuery(outTradeNo, callOpts);
      } catch (e) {
        // Not there yet, or the query itself failed: ask again on the next round.
        if (e instanceof WechatPayError && (e.code === 'ORDERNOTEXIST' || MICROPAY_PENDING.has(e.code))) continue;
        throw e;
      }
      if (q.trade_state === 'SUCCESS') return q;
      if (q.trade_state === 'PAYERROR' || q.trade_state === 'CLOSED' || q.trade_state === 'REVOKED') {
        throw new WechatPayError(q.trade_state, q.trade_state_desc || q.trade_state, { fields: q });
      }
    }
    let last;
    for (let i = 0; i < reverseAttempts; i++) {
      try {
        const r = await call(byName.reverse, { out_trade_no: outTradeNo }, callOpts);
        if (r.recall !== 'Y') {
          throw new WechatPayError('MICROPAY_REVERSED', `micropay ${outTradeNo} was not confirmed (${pending.code}) and has been reversed: no money was taken`, { cause: pending, fields: r });
        }
        last = new WechatPayError('MICROPAY_UNRESOLVED', 'reverse answered recall=Y');
      } catch (e) {
        if (e instanceof WechatPayError && e.code === 'MICROPAY_REVERSED') throw e;
        if (!(e instanceof WechatPayError) || !MICROPAY_PENDING.has(e.code)) {
          throw new WechatPayError('MICROPAY_UNRESOLVED', `micropay ${outTradeNo} was not confirmed and could not be reversed (${e?.code ?? e}): check the order in the merchant platform`, { cause: e });
        }
        last = e;
      }
      if (i + 1 < reverseAttempts) await sleep(pollInterval);
    }
    throw new WechatPayError('MICROPAY_UNRESOLVED', `micropay ${outTradeNo} was not confirmed and reverse kept failing (${last?.code}): check the order in the merchant platform`, { cause: last });
  }

  return methods;
}

/** Outcomes of a code payment that are not final (WeChat Pay: query, then reverse). */
const MICROPAY_PENDING = new Set(['USERPAYING', 'SYSTEMERROR', 'BANKERROR', 'NETWORK_ERROR', 'TIMEOUT', 'HTTP_ERROR']);

function defaultSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
