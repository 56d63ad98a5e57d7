// Mutual TLS from a .p12 (or PEM certificate + key) for the v2 client. Runtimes differ: Node can
// present a client certificate per request (the Node entry registers how, with node:https);
// Workers only through an mTLS certificate binding, which is configured, not built in code.
import { invalidArgument } from '../errors.js';
import { merchantCertificate } from '../keys/p12.js';

let factory = null;

/** Called by the Node entry: `(({ cert, key, ca }) => ({ fetch }))`. */
export function registerMtlsFactory(make) {
  factory = make;
}

/**
 * `{ fetch }` presenting the merchant certificate of `tls`: `{ p12, password? }` (password
 * defaults to the mch_id) or `{ cert, key }` (PEM), plus `ca` (PEM) to trust a private CA.
 */
export function mtlsFromCertificate(tls, mchId) {
  if (!factory) {
    throw invalidArgument('a .p12 or PEM certificate for mutual TLS works in Node only: in Cloudflare Workers upload it as an mTLS certificate (npx wechatpay-wasm p12 writes the PEMs) and pass tls: env.MY_CERT');
  }
  if (tls.p12 !== undefined) {
    const opened = merchantCertificate(tls.p12, tls.password ?? mchId);
    opened.privateKey.free();
    opened.certificate.free();
    return factory({ cert: opened.certificatePem, key: opened.privateKeyPem, ca: tls.ca });
  }
  if (typeof tls.cert !== 'string' || typeof tls.key !== 'string') throw invalidArgument('tls needs { p12, password? } or { cert, key } (PEM)');
  return factory({ cert: tls.cert, key: tls.key, ca: tls.ca });
}

/** The client's `tls` option with a certificate (`{ p12 }` / `{ cert, key }`) turned into `{ fetch }`. */
export function certificateTls(tls, mchId) {
  // A Workers binding (a Fetcher: an RPC stub answers every property name) is used as it is.
  if (tls === null || typeof tls !== 'object' || typeof tls.fetch === 'function') return tls;
  if (tls.p12 !== undefined || (tls.cert !== undefined && tls.key !== undefined)) return mtlsFromCertificate(tls, mchId);
  return tls;
}
