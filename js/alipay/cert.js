// Alipay certificate mode (公钥证书模式): the certificate SNs requests carry (app_cert_sn,
// alipay_root_cert_sn) and the Alipay public key taken from the Alipay certificate. The rules
// (issuer DN string, decimal serial, RSA-signed roots only) are in the Rust core
// (src/alipay/cert_sn.rs).
import { extra } from '../extra.js';
import { invalidArgument, rethrow } from '../errors.js';
import { toText } from '../http.js';

function pemText(value, what) {
  const text = toText(value);
  if (typeof text !== 'string' || text === '') throw invalidArgument(`${what} must be the certificate file's PEM text (a string or bytes)`);
  return text;
}

/** `app_cert_sn` / `alipay_cert_sn`: the SN of the first certificate of a .crt file's text. */
export function certSn(pem) {
  const text = pemText(pem, 'the certificate');
  try { return extra().alipayCertSn(text); } catch (e) { rethrow(e); }
}

/** `alipay_root_cert_sn`: the SNs of alipayRootCert.crt's RSA-signed certificates, joined with `_`. */
export function rootCertSn(pem) {
  const text = pemText(pem, 'the Alipay root certificate');
  try { return extra().alipayRootCertSn(text); } catch (e) { rethrow(e); }
}

/** ALIPAY_CERT_SN_MISMATCH when `got` (a response's or notification's alipay_cert_sn) names another certificate. */
export function checkCertSn(got, want) {
  if (got === undefined || got === null || got === '') return;
  if (typeof got !== 'string') throw invalidArgument('alipay_cert_sn must be a string');
  try { extra().alipayCheckCertSn(got, want); } catch (e) { rethrow(e); }
}

/** The top-level `alipay_cert_sn` of a gateway response body, or undefined. */
export function responseCertSn(body) {
  try { return extra().alipayResponseCertSn(body) ?? undefined; } catch (e) { rethrow(e); }
}

/**
 * The client's certificate-mode material from the three .crt files: the two SNs requests carry,
 * the Alipay certificate's SN and its public key (a wasm PublicKey the client owns).
 * All three files or none: half a certificate mode cannot sign nor verify.
 */
export function certificateMode({ appCert, alipayCert, alipayRootCert }) {
  const given = [appCert, alipayCert, alipayRootCert].filter((v) => v !== undefined && v !== null);
  if (given.length === 0) return undefined;
  if (given.length !== 3) throw invalidArgument('certificate mode needs appCert, alipayCert and alipayRootCert (the three .crt files) together');
  const alipayText = pemText(alipayCert, 'alipayCert');
  let publicKey;
  try { publicKey = extra().alipayPublicKey(alipayText); } catch (e) { rethrow(e); }
  return Object.freeze({
    appCertSn: certSn(appCert),
    alipayCertSn: certSn(alipayText),
    alipayRootCertSn: rootCertSn(alipayRootCert),
    publicKey,
  });
}
