// Shared by the v3 tests (Node, workerd, Chromium, bench): the TEST ONLY vectors and keys of
// tests/vectors/v3, a WebCrypto spy, and random requests.
import { readFileSync } from 'node:fs';
import { randomText } from './helpers.mjs';

const DIR = new URL('../vectors/v3/', import.meta.url);
export const readVector = (name) => readFileSync(new URL(name, DIR), 'utf8');
export const v3Vectors = JSON.parse(readVector('expected.json'));

/** Every PEM of tests/vectors/v3 by file name (TEST ONLY keys). */
export const pems = Object.fromEntries(
  ['private_pkcs8.pem', 'private_pkcs1.pem', 'public_spki.pem', 'public_pkcs1.pem', 'cert.pem', 'cert_highbit.pem',
    'rsa1024_pkcs8.pem', 'rsa1024_spki.pem', 'ec_pkcs8.pem', 'ec_sec1.pem', 'ec_spki.pem'].map((f) => [f, readVector(f)]),
);

/** The base64 body of a PEM: what must never appear in an error. */
export function pemBody(pem) {
  return pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
}

/**
 * Counts calls to crypto.subtle methods until `restore()`: proves which path ran. Wraps the
 * methods on the SubtleCrypto instance (own properties shadow the prototype's).
 */
export function spySubtle(subtle = globalThis.crypto.subtle, names = ['sign', 'verify', 'encrypt', 'decrypt', 'importKey']) {
  const calls = Object.fromEntries(names.map((n) => [n, []]));
  // Copies of the byte arguments as they were at call time (the caller may zero them later).
  const snapshots = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) {
    const original = subtle[n];
    subtle[n] = function (...args) {
      calls[n].push(args);
      snapshots[n].push(args.map((a) => (ArrayBuffer.isView(a) ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice() : a)));
      return original.apply(this, args);
    };
  }
  return { calls, snapshots, count: (n) => calls[n].length, restore: () => { for (const n of names) delete subtle[n]; } };
}

/**
 * The same for node:crypto (the Node entry's v3 sign / verify path), on its module object, under
 * the names nodeSign, nodeVerify, createPrivateKey, createPublicKey. A snapshot holds a copy of
 * the DER a key was created from (the `key` of the options object).
 */
export function spyNodeCrypto(crypto) {
  const names = { nodeSign: 'sign', nodeVerify: 'verify', createPrivateKey: 'createPrivateKey', createPublicKey: 'createPublicKey' };
  const calls = Object.fromEntries(Object.keys(names).map((n) => [n, []]));
  const snapshots = Object.fromEntries(Object.keys(names).map((n) => [n, []]));
  const originals = {};
  for (const [n, method] of Object.entries(names)) {
    const original = (originals[method] = crypto[method]);
    crypto[method] = function (...args) {
      calls[n].push(args);
      const der = args[0]?.key;
      snapshots[n].push(ArrayBuffer.isView(der) ? Buffer.from(der) : undefined);
      return original.apply(this, args);
    };
  }
  return { calls, snapshots, count: (n) => calls[n].length, restore: () => Object.assign(crypto, originals) };
}

/** Runs `fn` with a global `crypto` that has getRandomValues but no `subtle` (a runtime without WebCrypto). */
export async function withoutSubtle(fn) {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  const real = globalThis.crypto;
  Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (a) => real.getRandomValues(a) }, configurable: true, writable: true });
  try {
    return await fn();
  } finally {
    Object.defineProperty(globalThis, 'crypto', descriptor);
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'get', 'post'];
const BODY_ALPHABET = ['a', 'Z', '0', '{', '}', '"', ':', ',', ' ', '\n', '\r', '\t', '\\', '中', '文', '支付', '😀', 'é', '\u2028', '\0', '=', '&'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('');

/** A random API v3 request: method, path with an optional (UTF-8 percent-encoded) query, unicode body. */
export function randomRequest(rand) {
  const method = METHODS[Math.floor(rand() * METHODS.length)];
  const segments = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => randomText(rand, 12, ALNUM) || 'x');
  let url = `/v3/${segments.join('/')}`;
  if (rand() < 0.6) {
    const pairs = Array.from({ length: 1 + Math.floor(rand() * 3) }, () =>
      `${randomText(rand, 6, ALNUM) || 'k'}=${encodeURIComponent(randomText(rand, 10, BODY_ALPHABET))}`);
    url += `?${pairs.join('&')}`;
  }
  if (rand() < 0.2) url = `https://api.mch.weixin.qq.com${url}`;
  const body = method.toUpperCase() === 'GET' ? '' : randomText(rand, 300, BODY_ALPHABET);
  const timestamp = String(1_500_000_000 + Math.floor(rand() * 500_000_000));
  const nonce = randomText(rand, 32, ALNUM) || 'n';
  return { method, url, body, timestamp, nonce };
}

/** The signed message, written from the spec independently of the code under test. */
export function referenceMessage({ method, url, timestamp, nonce, body }) {
  const path = url.replace(/^https?:\/\/[^/]+/, '');
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** `{ mchid, nonce_str, signature, timestamp, serial_no }` of an Authorization header. */
export function parseAuthorization(header) {
  const m = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(header);
  if (!m) throw new Error(`not a v3 Authorization header: ${header}`);
  return Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
}

export function randomAlnum(rand, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(rand() * ALNUM.length)];
  return s;
}
