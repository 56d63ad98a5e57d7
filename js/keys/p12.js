// Merchant API certificates: apiclient_cert.p12 (opened by the wasm core) and apiclient_cert.pem.
// Runtime-neutral; the bytes and the password never appear in an error. A .p12 is opened by the
// extra wasm module (js/extra.js); certificateInfo needs only the core.
import * as wasm from '../../wasm/wechatpay_wasm.js';
import { extra } from '../extra.js';
import { WechatPayError, invalidArgument, rethrow } from '../errors.js';
import { wrapExtraPrivateKey, wrapExtraPublicKey } from '../v3.js';

const MAX_P12_BYTES = 64 * 1024;

/** The bytes of a .p12 given as Uint8Array, ArrayBuffer, a Node Buffer or base64 text. */
export function p12Bytes(input) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof input === 'string') {
    if (input.includes('-----BEGIN')) throw invalidArgument('this is PEM text, not a .p12: pass the certificate PEM as a certificate, or the .p12 file\'s bytes');
    const compact = input.replace(/\s+/g, '');
    if (compact.length > MAX_P12_BYTES * 2 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new WechatPayError('P12_INVALID', 'a .p12 given as text must be base64');
    const bin = atob(compact);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  throw invalidArgument('a .p12 must be a Uint8Array, ArrayBuffer, Buffer or base64 string');
}

function infoOf(cert) {
  return { serialNo: cert.serialNo, notBefore: cert.notBefore, notAfter: cert.notAfter };
}

/**
 * Opens a .p12 (apiclient_cert.p12) with its password (WeChat Pay's default: the mch_id):
 * `{ serialNo, notBefore, notAfter, certificatePem, privateKeyPem, privateKey, certificate }`,
 * the last two as v3 key handles. Throws P12_PASSWORD, P12_UNSUPPORTED or P12_INVALID.
 */
export function openP12(input, password) {
  if (typeof password !== 'string') throw invalidArgument('the .p12 password is required (WeChat Pay\'s default is the mch_id)');
  const bytes = p12Bytes(input);
  const x = extra();
  if (typeof x.P12 !== 'function') throw new WechatPayError('P12_UNSUPPORTED', 'this build of the wasm module has no .p12 support (Cargo feature "p12"): convert the file to PEM with `openssl pkcs12`');
  let p12;
  try { p12 = x.P12.open(bytes, password); } catch (e) { rethrow(e); }
  // The handles returned are the core's (usable by every v3 function and client), made from the
  // extra module's: the certificate from its PEM, the key from its PKCS#8 DER.
  let certificate;
  let privateKey;
  try {
    const certificatePem = p12.certificatePem;
    certificate = wrapExtraPublicKey(p12.certificate, certificatePem);
    const keyInner = p12.privateKey;
    try { privateKey = wrapExtraPrivateKey(keyInner); } catch (e) { keyInner.free(); throw e; }
    return Object.freeze({
      ...infoOf(certificate),
      certificatePem,
      privateKeyPem: p12.privateKeyPem(),
      privateKey,
      certificate,
    });
  } catch (e) {
    certificate?.free();
    privateKey?.free();
    rethrow(e);
  } finally { p12.free(); }
}

/**
 * Serial number (uppercase hex, as in `serial_no`), validity (Unix seconds) and key size of a
 * PEM certificate: `{ serialNo, notBefore, notAfter, bits }`. KEY_INVALID when it is not one.
 */
export function certificateInfo(pem) {
  if (typeof pem !== 'string') throw invalidArgument('the certificate must be PEM text');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new WechatPayError('KEY_INVALID', 'not a certificate: expected "-----BEGIN CERTIFICATE-----" (apiclient_cert.pem)');
  let cert;
  try { cert = new wasm.PublicKey(pem); } catch (e) { rethrow(e); }
  try { return Object.freeze({ ...infoOf(cert), bits: cert.bits }); } finally { cert.free(); }
}

/**
 * The merchant certificate given to a client: PEM text (apiclient_cert.pem) or a .p12. Returns
 * `{ serialNo, notBefore, notAfter, privateKey?, certificatePem, privateKeyPem? }` (the key only from a .p12).
 */
export function merchantCertificate(input, password) {
  if (typeof input === 'string' && input.includes('-----BEGIN')) return { ...certificateInfo(input), certificatePem: input };
  return openP12(input, password);
}
