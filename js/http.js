// Internal helpers shared by the clients and notification handlers: runtime-neutral (fetch API
// types only, no node:*).
import * as wasm from '../wasm/wechatpay_wasm.js';
import { rethrow, WechatPayError } from './errors.js';

export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';
export const USER_AGENT = 'wechatpay-wasm (WebAssembly; +https://www.npmjs.com/package/wechatpay-wasm)';

export function randomNonce(length = 32) {
  try { return wasm.nonce(length); } catch (e) { rethrow(e); }
}

const decoder = new TextDecoder();

/** A key-store value or a body as text: strings as they are, bytes decoded as UTF-8. */
export function toText(value) {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return decoder.decode(value);
  if (value instanceof ArrayBuffer) return decoder.decode(new Uint8Array(value));
  if (ArrayBuffer.isView(value)) return decoder.decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  return undefined;
}

/**
 * Headers as `[name, value]` pairs from a fetch `Headers`, a `Map`, an array of pairs or a plain
 * object (Node's `req.headers`: an array value counts by its first element).
 */
export function headerPairs(headers) {
  if (!headers) return [];
  if (typeof headers.entries === 'function' && typeof headers.get === 'function') return [...headers.entries()].map(([k, v]) => [String(k), String(v)]);
  if (Array.isArray(headers)) return headers.map(([k, v]) => [String(k), String(Array.isArray(v) ? v[0] : v)]);
  return Object.entries(headers)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]);
}

export function headerValue(pairs, name) {
  const lower = name.toLowerCase();
  for (const [k, v] of pairs) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** `{ headers, body }` from a fetch `Request` (its body is read once) or from such an object. */
export async function requestParts(input) {
  if (input && typeof input.text === 'function' && input.headers && typeof input.headers.get === 'function') {
    return { headers: headerPairs(input.headers), body: await input.text(), method: input.method };
  }
  if (input && typeof input === 'object') {
    let body = input.body;
    if (body !== undefined && body !== null && typeof body !== 'string') body = toText(body);
    if (typeof body !== 'string') throw new WechatPayError('INVALID_ARGUMENT', 'the notification body must be the raw request body: a string or bytes (not parsed JSON/XML)');
    return { headers: headerPairs(input.headers), body, method: input.method };
  }
  throw new WechatPayError('INVALID_ARGUMENT', 'expected a fetch Request or { headers, body }');
}

/** Constant-time comparison of two ASCII strings (length is not secret). */
export function sameText(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function requireString(value, name) {
  if (typeof value !== 'string' || value === '') throw new WechatPayError('INVALID_ARGUMENT', `${name} is required (a non-empty string)`);
  return value;
}

export function requireFetch(fetchFn) {
  const f = fetchFn ?? globalThis.fetch;
  if (typeof f !== 'function') throw new WechatPayError('INVALID_ARGUMENT', 'no fetch: pass options.fetch');
  return f;
}

/** The fetch failed before a response (DNS, TLS, connection): NETWORK_ERROR with the cause. */
export async function send(fetchFn, url, init) {
  try {
    return await fetchFn(url, init);
  } catch (e) {
    throw new WechatPayError('NETWORK_ERROR', `${init.method} ${url}: ${e?.cause?.message ?? e?.message ?? e}`, { cause: e });
  }
}
