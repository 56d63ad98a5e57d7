// WeChat Pay API v2 (XML): signatures, XML, pay parameters, notifications.
import * as wasm from '../wasm/wechatpay_wasm.js';
import { checkInput, invalidArgument, optionalText, rethrow, shown, text, WechatPayError, xmlText } from './errors.js';
import { isPlainObject, notParams, pack, packedCount, unjoin, unpack } from './fields.js';
import { fastSign } from './fast-signer.js';
import { extra } from './extra.js';

const SIGN_TYPE_CODES = new Map([['MD5', 0], ['HMAC-SHA256', 1]]);

export function signTypeCode(signType) {
  const code = SIGN_TYPE_CODES.get(signType);
  if (code === undefined) {
    throw new WechatPayError('SIGN_TYPE_UNSUPPORTED', `unsupported sign type ${shown(signType)}: expected "MD5" or "HMAC-SHA256"`);
  }
  return code;
}

/** A copy of `params` (plain object or Map, as `pack` accepts) as a Map, keeping its order. */
export function fieldsMap(params) {
  if (params instanceof Map) return new Map(params);
  if (isPlainObject(params)) return new Map(Object.entries(params));
  throw notParams(params);
}

const encoder = new TextEncoder();
// Documents up to this size go through the reusable input buffer; a larger one crosses as an
// ordinary string argument, so one large call does not pin its size in wasm memory for good.
const MAX_XML_BUFFER = 64 * 1024;
let xmlInput = null;
let xmlView = null;

/**
 * `wasm.v2FromXmlJoined(xml)`, with the document written into wasm memory by `encodeInto`
 * (V2XmlInput) instead of wasm-bindgen's per-character copy, which cost more than the parsing.
 */
function decodeXml(xml) {
  if (xml.length * 3 > MAX_XML_BUFFER) return wasm.v2FromXmlJoined(xml);
  if (xmlInput === null) xmlInput = new wasm.V2XmlInput();
  const input = xmlInput;
  try {
    // A view of length 0: wasm memory grew since it was made (the old buffer is detached).
    // inputPtr runs before the buffer is read: growing the input may grow the memory.
    if (xmlView === null || xmlView.byteLength === 0) xmlView = view(input, 0);
    let { read, written } = encoder.encodeInto(xml, xmlView);
    if (read < xml.length) {
      xmlView = view(input, xml.length * 3); // UTF-8 needs at most 3 bytes per UTF-16 unit
      ({ written } = encoder.encodeInto(xml, xmlView));
    }
    return input.fromXmlJoined(written);
  } catch (e) {
    // A trap (not a WechatPayError) may leave the object borrowed: start from a fresh one.
    if (!(e && e.name === 'WechatPayError') && xmlInput === input) { xmlInput = null; xmlView = null; }
    throw e;
  }
}

function view(input, capacity) {
  const ptr = input.inputPtr(capacity);
  return new Uint8Array(wasm.wasmMemory().buffer, ptr, input.inputCapacity());
}

export const v2 = Object.freeze({
  /** Signature (uppercase hex) of `params` with the API `key`; `signType` is "MD5" or "HMAC-SHA256". */
  sign(params, key, signType = 'MD5') {
    const code = signTypeCode(signType);
    try {
      const packed = pack(params, true); // the signer checks for lone surrogates when it must
      return fastSign(text(key, 'key'), packed, packedCount, code);
    } catch (e) { rethrow(e); }
  },
  /** `{ stringA, stringSignTemp, stringSignTempMasked }`: what is signed (log only the masked one). */
  stringToSign(params, key) {
    try { return wasm.v2StringToSign(pack(params), packedCount, text(key, 'key')); } catch (e) { rethrow(e); }
  },
  /** Checks `params.sign` (using `params.sign_type`, default MD5). Returns true or throws WechatPayError. */
  verify(params, key) {
    try { wasm.v2Verify(pack(params), packedCount, text(key, 'key')); return true; } catch (e) { rethrow(e); }
  },
  /**
   * Everything about one signature: fields and their roles, stringA, masked stringSignTemp, MD5
   * and HMAC-SHA256, whether `receivedSign` (default: `params.sign`) matches, and if not, the
   * variants that reproduce it (`causes`). `signType` defaults to `params.sign_type`, else MD5.
   */
  diagnose(params, key, receivedSign, signType) {
    try { return extra().v2Diagnose(pack(params), packedCount, text(key, 'key'), optionalText(receivedSign, 'receivedSign'), optionalText(signType, 'signType')); } catch (e) { rethrow(e); }
  },
  /** `<xml><k><![CDATA[v]]></k>…</xml>` in the fields' order. */
  toXml(params) {
    try { return wasm.v2ToXml(pack(params), packedCount); } catch (e) { rethrow(e); }
  },
  /** Strict flat-XML decoding (no DOCTYPE/entities, ≤ 1 MiB) into `{ name: value }`. */
  fromXml(xml) {
    try { return unjoin(decodeXml(xmlText(xml))); } catch (e) { rethrow(e); }
  },
  /** The fields plus `sign` (and `sign_type` when HMAC-SHA256), as XML ready to POST. */
  signedXml(params, key, signType) {
    const fields = fieldsMap(params);
    fields.delete('sign');
    // The sign type written is the one signed with. Without `signType`, a `sign_type` field
    // decides (else MD5); with both, they must agree, or WeChat Pay would check the sign with
    // the other algorithm.
    const stated = fields.get('sign_type');
    const field = stated === undefined || stated === null || stated === '' ? undefined : stated;
    const type = signType ?? field ?? 'MD5';
    signTypeCode(type);
    if (field !== undefined && field !== type) {
      throw invalidArgument(`params.sign_type is ${shown(String(field))} but the sign type asked for is ${type}: pass the same one`);
    }
    if (type !== 'MD5') fields.set('sign_type', type);
    fields.set('sign', v2.sign(fields, key, type));
    return v2.toXml(fields);
  },
  /** `{ appId, timeStamp, nonceStr, package, signType, paySign }` for wx.requestPayment. */
  jsapiPayParams(appId, prepayId, key, signType = 'MD5', timeStamp, nonceStr) {
    try { return wasm.v2JsapiPayParams(text(appId, 'appId'), text(prepayId, 'prepayId'), text(key, 'key'), text(signType, 'signType'), optionalText(timeStamp, 'timeStamp'), optionalText(nonceStr, 'nonceStr')); } catch (e) { rethrow(e); }
  },
  /** `{ appid, partnerid, prepayid, package: "Sign=WXPay", noncestr, timestamp, sign }` for the App SDK. */
  appPayParams(appId, partnerId, prepayId, key, signType = 'MD5', timestamp, nonceStr) {
    try { return wasm.v2AppPayParams(text(appId, 'appId'), text(partnerId, 'partnerId'), text(prepayId, 'prepayId'), text(key, 'key'), text(signType, 'signType'), optionalText(timestamp, 'timestamp'), optionalText(nonceStr, 'nonceStr')); } catch (e) { rethrow(e); }
  },
  /** Verified fields of a payment notification, or WechatPayError (XML_*, NOTIFY_RETURN_FAIL, SIGN_MISSING, SIGN_MISMATCH). */
  parseNotification(xml, key) {
    try { return unpack(wasm.v2ParseNotification(xmlText(xml), text(key, 'key'))); } catch (e) { rethrow(e); }
  },
  /** The XML reply to a notification. */
  notificationAck(ok = true, message) {
    return wasm.v2NotificationAck(Boolean(ok), message === undefined || message === null ? undefined : checkInput(String(message), 'message'));
  },
  /** Decrypts a refund notification's `req_info` (AES-256-ECB, key = md5(API key)). */
  decryptRefundNotification(reqInfo, key) {
    try { return unpack(wasm.v2DecryptRefundNotification(text(reqInfo, 'reqInfo'), text(key, 'key'))); } catch (e) { rethrow(e); }
  },
  /** A whole refund notification: outer fields plus the decrypted `req_info` fields. */
  parseRefundNotification(xml, key) {
    try { return unpack(wasm.v2ParseRefundNotification(xmlText(xml), text(key, 'key'))); } catch (e) { rethrow(e); }
  },
  /** Builds a `req_info` as WeChat Pay does (for tests and simulators). */
  encryptRefundInfo(plaintextXml, key) {
    try { return wasm.v2EncryptRefundInfo(text(plaintextXml, 'plaintextXml'), text(key, 'key')); } catch (e) { rethrow(e); }
  },
});
