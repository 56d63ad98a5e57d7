// WeChat Pay API v3 (JSON): key handles, a Verifier, and every v3 operation on two paths.
//
// The wasm core checks every input and builds every message, header, pay-parameter object and
// error. Only the RSA operation itself differs between the paths:
// - default (async): WebCrypto (`crypto.subtle`) with non-extractable keys — native RSA, about
//   14× faster than RSA in wasm — falling back to the wasm core where WebCrypto is missing or
//   refuses a key;
// - `…Sync` twins: RSA in wasm too, for runtimes without WebCrypto and synchronous callers.
// Both produce byte-identical results (PKCS#1 v1.5 is deterministic) and identical errors.
import * as wasm from '../wasm/wechatpay_wasm.js';
import { checkInput, rethrow, invalidArgument, toWellFormed, typeName } from './errors.js';
import { nodeRsaEnabled, nodePrivateKey, nodePublicKey, nodeSign, nodeVerify } from './v3/node-rsa.js';
import { extra } from './extra.js';
import { withScratch, textOf } from './v3/scratch.js';

const SIGN_ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const OAEP_ALG = { name: 'RSA-OAEP', hash: 'SHA-1' };

// Module-private: handles are made only by the import functions, and their internals are
// reachable only from this module.
const TOKEN = Symbol('wechatpay-wasm');
const WASM = Symbol('wasm');
const SIGN_KEY = Symbol('signKey');
const VERIFY_KEY = Symbol('verifyKey');
const OAEP_KEY = Symbol('oaepKey');
// node:crypto KeyObjects (Node entry only, see js/v3/node-rsa.js); null = not available.
const NODE_KEY = Symbol('nodeKey');
// The same key in the extra wasm module (js/extra.js: Alipay, diagnostics), made on first use.
const EXTRA = Symbol('extra');
const SOURCE = Symbol('source');

/** SPKI DER as PEM text (public key material only). */
function spkiPem(der) {
  let bin = '';
  for (let i = 0; i < der.length; i += 0x8000) bin += String.fromCharCode(...der.subarray(i, i + 0x8000));
  const b64 = btoa(bin).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN PUBLIC KEY-----\n${b64}-----END PUBLIC KEY-----\n`;
}

/** `crypto.subtle`, when this runtime has it. Looked up per call: it may be polyfilled late. */
function subtle() {
  const s = globalThis.crypto?.subtle;
  return s && typeof s.sign === 'function' ? s : undefined;
}

function call(fn) {
  try { return fn(); } catch (e) { rethrow(e); }
}

// Arguments are converted here so that wasm-bindgen never coerces a wrong JS type silently.
function text(name, v) {
  if (typeof v === 'string') return checkInput(v, name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  throw invalidArgument(`${name} must be a string, not ${typeName(v)}`);
}

function optionalText(name, v) {
  return v === undefined || v === null ? undefined : text(name, v);
}

/** Unix seconds from a number, a Date or a string of digits; undefined = the host clock. */
function seconds(name, v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v instanceof Date && Number.isFinite(v.getTime())) return Math.floor(v.getTime() / 1000);
  if (typeof v === 'string' && /^\d{1,16}$/.test(v)) return Number(v);
  throw invalidArgument(`${name} must be Unix seconds (a number) or a Date`);
}

function options(o, fn, fields) {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw invalidArgument(`v3.${fn} takes an object { ${fields} }`);
  return o;
}

/** Headers as JSON for the core: a fetch `Headers`, a Map, a plain object or [name, value] pairs. */
function headersJson(headers) {
  if (headers === null || typeof headers !== 'object') {
    throw invalidArgument('headers must be a Headers object, a plain object or an array of [name, value] pairs');
  }
  if (typeof headers.forEach === 'function' && typeof headers.get === 'function') {
    const pairs = []; // a fetch Headers or a Map: both call back with (value, name)
    headers.forEach((value, name) => { pairs.push([name, value]); });
    return headersText(pairs);
  }
  return headersText(headers);
}

// JSON.stringify throws a TypeError for a BigInt or a cycle: a caller's mistake, so a typed error.
function headersText(headers) {
  let json;
  try {
    json = JSON.stringify(headers, (_, v) => (typeof v === 'bigint' ? String(v) : v));
  } catch {
    throw invalidArgument('headers must be plain names and string values (this value cannot be serialized: a cycle?)');
  }
  return checkInput(json ?? '', 'headers');
}

const toBytes = (buf) => new Uint8Array(buf);

// ---------------------------------------------------------------------------------------------
// Key handles

/**
 * A merchant private key, parsed and validated once by the core (PKCS#8 or PKCS#1, RSA ≥ 2048
 * bits), plus — made on first use where `crypto.subtle` exists — non-extractable WebCrypto keys
 * for RSASSA-PKCS1-v1_5/SHA-256 and RSA-OAEP/SHA-1. `free()` releases the wasm memory.
 */
class PrivateKey {
  #wasm;
  #webcrypto;
  #sign;
  #oaep;
  #node;
  #extra;

  constructor(token, inner, webcrypto, extraInner) {
    if (token !== TOKEN) throw new TypeError('use v3.importPrivateKey(pem) or v3.importPrivateKeySync(pem)');
    this.#wasm = inner;
    this.#webcrypto = webcrypto;
    this.#extra = extraInner;
  }

  get [WASM]() {
    if (!this.#wasm) throw invalidArgument('this private key handle was freed');
    return this.#wasm;
  }

  /** The modulus size in bits. */
  get bits() { return this[WASM].bits; }

  /** Whether the async functions may use WebCrypto with this key. */
  get webcrypto() { return this.#webcrypto && Boolean(subtle()); }

  #import(usage, algorithm) {
    const s = subtle();
    if (!this.#webcrypto || !s) return Promise.resolve(null);
    const der = call(() => this[WASM].pkcs8Der());
    // A key WebCrypto refuses (a multi-prime key, say) is still usable on the wasm path.
    return s.importKey('pkcs8', der, algorithm, false, [usage]).catch(() => null).finally(() => der.fill(0));
  }

  [SIGN_KEY]() {
    this[WASM];
    return (this.#sign ??= this.#import('sign', SIGN_ALG));
  }

  [OAEP_KEY]() {
    this[WASM];
    return (this.#oaep ??= this.#import('decrypt', OAEP_ALG));
  }

  /** The node:crypto signing key, made once (null: sign in wasm); only with the Node entry. */
  [NODE_KEY]() {
    this[WASM];
    if (this.#node === undefined) {
      if (!this.#webcrypto || !nodeRsaEnabled()) return null;
      const der = call(() => this[WASM].pkcs8Der());
      try { this.#node = nodePrivateKey(der); } finally { der.fill(0); }
    }
    return this.#node;
  }

  /**
   * The key in the extra module (Alipay, diagnostics), made once: it crosses as PKCS#8 DER,
   * zeroized on both sides.
   */
  [EXTRA]() {
    const inner = this[WASM];
    if (!this.#extra) {
      const der = call(() => inner.pkcs8Der());
      try { this.#extra = call(() => extra().PrivateKey.fromPkcs8Der(der)); } finally { der.fill(0); }
    }
    return this.#extra;
  }

  /** Releases the key (wasm memory zeroized; WebCrypto keys dropped). Later use throws INVALID_ARGUMENT. */
  free() {
    this.#wasm?.free();
    this.#extra?.free();
    this.#wasm = this.#extra = undefined;
    this.#sign = this.#oaep = this.#node = undefined;
  }

  [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() { this.free(); }

  get [Symbol.toStringTag]() { return 'WechatPayPrivateKey'; }

  /** Never prints key material. */
  toJSON() { return { type: 'private', bits: this.#wasm ? this.#wasm.bits : undefined }; }
}

/**
 * A public key or platform certificate, parsed once by the core (SPKI, PKCS#1 or X.509; RSA ≥
 * 2048 bits), with WebCrypto keys made on first use (RSASSA-PKCS1-v1_5 verify, RSA-OAEP encrypt).
 */
class PublicKey {
  #wasm;
  #webcrypto;
  #verify;
  #oaep;
  #node;
  #source;
  #extra;

  // `source`: the PEM the key was parsed from (public data), from which the extra module parses
  // its own copy with the certificate's serial and validity.
  constructor(token, inner, webcrypto, source, extraInner) {
    if (token !== TOKEN) throw new TypeError('use v3.importPublicKey(pem) or v3.importPublicKeySync(pem)');
    this.#wasm = inner;
    this.#webcrypto = webcrypto;
    this.#source = source;
    this.#extra = extraInner;
  }

  get [WASM]() {
    if (!this.#wasm) throw invalidArgument('this public key handle was freed');
    return this.#wasm;
  }

  get bits() { return this[WASM].bits; }
  /** A certificate's serial (uppercase hex, as in `Wechatpay-Serial`); undefined for a bare key. */
  get serialNo() { return this[WASM].serialNo; }
  /** A certificate's notBefore / notAfter, Unix seconds; undefined for a bare key. */
  get notBefore() { return this[WASM].notBefore; }
  get notAfter() { return this[WASM].notAfter; }
  get webcrypto() { return this.#webcrypto && Boolean(subtle()); }

  #import(usage, algorithm) {
    const s = subtle();
    if (!this.#webcrypto || !s) return Promise.resolve(null);
    const der = call(() => this[WASM].spkiDer());
    return s.importKey('spki', der, algorithm, false, [usage]).catch(() => null);
  }

  [VERIFY_KEY]() {
    this[WASM];
    return (this.#verify ??= this.#import('verify', SIGN_ALG));
  }

  [OAEP_KEY]() {
    this[WASM];
    return (this.#oaep ??= this.#import('encrypt', OAEP_ALG));
  }

  /** The node:crypto verification key, made once (null: verify in wasm); only with the Node entry. */
  [NODE_KEY]() {
    this[WASM];
    if (this.#node === undefined) {
      if (!this.#webcrypto || !nodeRsaEnabled()) return null;
      this.#node = nodePublicKey(call(() => this[WASM].spkiDer()));
    }
    return this.#node;
  }

  /** The PEM this key was parsed from (or its SPKI as PEM). */
  get [SOURCE]() {
    const inner = this[WASM];
    return this.#source ?? spkiPem(call(() => inner.spkiDer()));
  }

  /** The key in the extra module (diagnostics, Alipay), parsed once from its PEM. */
  [EXTRA]() {
    const pem = this[SOURCE];
    return (this.#extra ??= call(() => new (extra().PublicKey)(pem)));
  }

  free() {
    this.#wasm?.free();
    this.#extra?.free();
    this.#wasm = this.#extra = undefined;
    this.#verify = this.#oaep = this.#node = undefined;
  }

  [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() { this.free(); }

  get [Symbol.toStringTag]() { return 'WechatPayPublicKey'; }

  toJSON() {
    return this.#wasm ? { type: 'public', bits: this.bits, serialNo: this.serialNo, notBefore: this.notBefore, notAfter: this.notAfter } : { type: 'public' };
  }
}

function importOptions(o) {
  if (o === undefined || o === null) return true;
  if (typeof o !== 'object') throw invalidArgument('the import options must be an object { webcrypto }');
  return o.webcrypto !== false;
}

function pemText(pem) {
  if (typeof pem !== 'string') throw invalidArgument(`the key must be PEM text, not ${pem === null ? 'null' : typeof pem}`);
  return pem;
}

/**
 * A v3 handle around a key the extra module parsed (Alipay's importers, openP12): the handle
 * holds the core's copy (made here from PKCS#8 DER, zeroized) and keeps the extra one. Same
 * free/freed rules.
 */
export function wrapExtraPrivateKey(extraInner) {
  const der = call(() => extraInner.pkcs8Der());
  let inner;
  try { inner = call(() => wasm.PrivateKey.fromPkcs8Der(der)); } finally { der.fill(0); }
  return new PrivateKey(TOKEN, inner, true, extraInner);
}

/**
 * The same for a public key the extra module parsed from `text`: the core parses the PEM itself
 * (a certificate keeps its serial and validity), or, for text only the extra module reads
 * (Alipay's bare base64), the key's SPKI.
 */
export function wrapExtraPublicKey(extraInner, text) {
  let inner;
  let source;
  if (typeof text === 'string' && text.includes('-----BEGIN')) {
    try { inner = new wasm.PublicKey(text); source = text; } catch { /* below */ }
  }
  if (!inner) {
    source = spkiPem(call(() => extraInner.spkiDer()));
    inner = call(() => new wasm.PublicKey(source));
  }
  return new PublicKey(TOKEN, inner, true, source, extraInner);
}

/** The extra module's handle of a v3 private key handle (made once), or undefined for anything else. */
export function extraPrivateKey(key) {
  return key instanceof PrivateKey ? key[EXTRA]() : undefined;
}

/** The extra module's handle of a v3 public key handle (made once), or undefined for anything else. */
export function extraPublicKey(key) {
  return key instanceof PublicKey ? key[EXTRA]() : undefined;
}

function parsePrivate(pem, webcrypto) {
  return new PrivateKey(TOKEN, call(() => new wasm.PrivateKey(pemText(pem))), webcrypto);
}

function parsePublic(pem, webcrypto) {
  return new PublicKey(TOKEN, call(() => new wasm.PublicKey(pemText(pem))), webcrypto, pem);
}

// Functions take a handle or a PEM string (parsed for that one call, then freed: pass handles
// when signing more than once).
async function withPrivateKey(key, fn) {
  if (key instanceof PrivateKey) return fn(key);
  if (typeof key !== 'string') throw invalidArgument('privateKey must be a key from v3.importPrivateKey() or a PEM string');
  const handle = parsePrivate(key, true);
  try { return await fn(handle); } finally { handle.free(); }
}

function withPrivateKeySync(key, fn) {
  if (key instanceof PrivateKey) return fn(key[WASM]);
  if (typeof key !== 'string') throw invalidArgument('privateKey must be a key from v3.importPrivateKey() or a PEM string');
  const inner = call(() => new wasm.PrivateKey(key));
  try { return fn(inner); } finally { inner.free(); }
}

async function withPublicKey(key, fn) {
  if (key instanceof PublicKey) return fn(key);
  if (typeof key !== 'string') throw invalidArgument('publicKey must be a key from v3.importPublicKey() or a PEM string');
  const handle = parsePublic(key, true);
  try { return await fn(handle); } finally { handle.free(); }
}

function withPublicKeySync(key, fn) {
  if (key instanceof PublicKey) return fn(key[WASM]);
  if (typeof key !== 'string') throw invalidArgument('publicKey must be a key from v3.importPublicKey() or a PEM string');
  const inner = call(() => new wasm.PublicKey(key));
  try { return fn(inner); } finally { inner.free(); }
}

// ---------------------------------------------------------------------------------------------
// Verifier

/**
 * WeChat Pay's verification keys by certificate serial or `PUB_KEY_ID_…` (serials match without
 * case and leading zeros). Holds the core's Verifier and, per key, its WebCrypto key.
 */
class Verifier {
  #inner = new wasm.Verifier();
  // v3KeyId(id) → Promise<CryptoKey | null> (null: verify that key in wasm); with the Node
  // entry, → KeyObject | null instead.
  #keys = new Map();
  // v3KeyId(id) → [the id as given or undefined, the key's PEM], in the core's order: from
  // these the diagnosis (extra module) rebuilds the same Verifier.
  #sources = new Map();

  get [WASM]() {
    if (!this.#inner) throw invalidArgument('this verifier was freed');
    return this.#inner;
  }

  /**
   * Adds (or replaces) a key: a handle from v3.importPublicKey(), or a PEM (certificate, SPKI or
   * PKCS#1). A certificate goes under its own serial unless `id` is given (which must then be
   * that serial); a bare public key needs its `PUB_KEY_ID_…`. Returns the id.
   */
  add(key, id) {
    const inner = this[WASM];
    const handle = key instanceof PublicKey ? key : typeof key === 'string' ? parsePublic(key, true) : undefined;
    if (!handle) throw invalidArgument('add() takes a key from v3.importPublicKey() or a PEM string');
    try {
      const given = optionalText('id', id);
      const stored = call(() => (given === undefined ? inner.addCertificate(handle[WASM]) : (inner.add(given, handle[WASM]), given)));
      // Started now, awaited by verify(); never rejects (null = use the wasm path).
      const keyId = wasm.v3KeyId(stored);
      this.#keys.set(keyId, nodeRsaEnabled() ? handle[NODE_KEY]() : handle[VERIFY_KEY]());
      this.#sources.delete(keyId);
      this.#sources.set(keyId, [given, handle[SOURCE]]);
      return stored;
    } finally {
      if (handle !== key) handle.free();
    }
  }

  /** Removes the key for `id`; whether there was one. */
  remove(id) {
    const inner = this[WASM];
    const t = text('id', id);
    this.#keys.delete(wasm.v3KeyId(t));
    this.#sources.delete(wasm.v3KeyId(t));
    return inner.remove(t);
  }

  has(id) { return this[WASM].has(text('id', id)); }

  /** The ids, as added, in insertion order. */
  ids() { return this[WASM].ids(); }

  get size() { return this[WASM].size; }

  /** The WebCrypto key for a v3KeyId, or null. */
  [VERIFY_KEY](keyId) { return this.#keys.get(keyId) ?? Promise.resolve(null); }

  /** The node:crypto key for a v3KeyId, or null. */
  [NODE_KEY](keyId) { return this.#keys.get(keyId) ?? null; }

  /** The same keys in a new Verifier of the extra module (the caller frees it). */
  [EXTRA]() {
    this[WASM];
    const x = extra();
    const copy = new x.Verifier();
    try {
      for (const [given, pem] of this.#sources.values()) {
        const key = call(() => new x.PublicKey(pem));
        try { call(() => (given === undefined ? copy.addCertificate(key) : copy.add(given, key))); } finally { key.free(); }
      }
      return copy;
    } catch (e) {
      copy.free();
      throw e;
    }
  }

  free() {
    this.#inner?.free();
    this.#inner = undefined;
    this.#keys.clear();
    this.#sources.clear();
  }

  [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() { this.free(); }

  get [Symbol.toStringTag]() { return 'WechatPayVerifier'; }
}

function verifierArg(v) {
  if (v instanceof Verifier) return v;
  throw invalidArgument('verifier must be a v3.Verifier (see v3.createVerifier())');
}

// ---------------------------------------------------------------------------------------------
// The two paths

// Signatures started on the node:crypto path that have not reached the RSA step yet.
let waitingToSign = 0;

/** Standard, padded base64 (what the core's header writes) of a signature. */
function base64(bytes) {
  if (typeof Buffer === 'function' && Buffer.isBuffer?.(bytes)) return bytes.toString('base64');
  return btoa(String.fromCharCode.apply(null, bytes));
}

// A prepared signature: `message` (bytes to sign), `finish(signature)` (the result), `free()`.

/** From the core's V3Prepared handle (pay parameters; an Authorization too large for the scratch). */
function fromHandle(p) {
  return { message: p.message(), finish: (signature) => call(() => p.finish(signature)), free: () => p.free() };
}

/**
 * An Authorization header in one call into the core (js/v3/scratch.js): the core checks the
 * arguments and writes the message and the header's text before and after its base64 signature.
 * `copy`: the message is copied out (it is signed after an await); otherwise it is a view of wasm
 * memory, valid until the next call into the module. Null when the arguments are too large.
 */
function fastAuthorization(args, copy) {
  return call(() => withScratch((s) => {
    if (!s.write(args) || !s.handle.authorization()) return null;
    s.fresh();
    const [m, b, a] = [s.length(0), s.length(1), s.length(2)];
    const parts = textOf(s, m, m + b + a); // ASCII: one character per byte
    return new FastPrepared(copy ? s.output.slice(0, m) : s.output.subarray(0, m), parts.slice(0, b), parts.slice(b));
  }));
}

class FastPrepared {
  constructor(message, before, after) {
    this.message = message;
    this.before = before;
    this.after = after;
  }

  finish(signature) { return this.before + base64(signature) + this.after; }

  free() {}
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The core's fresh nonce (src/nonce.rs: 32 of [A-Za-z0-9], uniform: bytes ≥ 248 = 4·62 are
 * dropped) from the same CSPRNG, made here so that the default path never starts the core's
 * random source (its first use costs a Worker's cold request about a millisecond); undefined
 * without getRandomValues: the core then makes it, or says why it cannot.
 */
function freshNonce() {
  const c = globalThis.crypto;
  if (typeof c?.getRandomValues !== 'function') return undefined;
  const bytes = new Uint8Array(48);
  let out = '';
  while (out.length < 32) {
    c.getRandomValues(bytes);
    for (let i = 0; i < bytes.length && out.length < 32; i++) if (bytes[i] < 248) out += NONCE_ALPHABET[bytes[i] % 62];
  }
  return out;
}

/**
 * The prepare step of signPrepared for an Authorization header. An omitted timestamp is the
 * host clock's Unix seconds, as the core reads it (`Date.now() / 1000`, truncated), and an
 * omitted nonce is freshNonce(): what the core would use, without calling into its clock and RNG.
 */
function prepareAuthorization(args) {
  const now = Math.floor(Date.now() / 1000);
  if (now >= 0) args[5] ??= String(now); // else the core's saturating read decides
  args[6] ??= freshNonce();
  return (copy) => fastAuthorization(args, copy) ?? fromHandle(call(() => wasm.v3PrepareAuthorization(...args)));
}

/** The prepare step of signPrepared for a core export returning a V3Prepared. */
const prepareWith = (make) => () => fromHandle(call(make));

/** Signs with node:crypto and finishes in the core; null → use wasm. */
async function signPreparedNode(key, prepare) {
  waitingToSign++;
  let keyObject;
  try {
    // One turn of the event loop's microtasks, so that calls started together count each other.
    keyObject = await key[NODE_KEY]();
  } finally {
    waitingToSign--;
  }
  if (!keyObject) return null;
  // Offloaded signatures read the message later, on the thread pool: a copy then.
  const offload = waitingToSign > 0;
  const prepared = prepare(offload);
  try {
    const signature = offload ? await nodeSign(keyObject, prepared.message, true) : nodeSign(keyObject, prepared.message, false);
    return signature && prepared.finish(signature);
  } finally {
    prepared.free();
  }
}

/** Signs `prepared.message` with node:crypto or WebCrypto and finishes it; null → use wasm. */
function signPrepared(key, prepare) {
  return nodeRsaEnabled() ? signPreparedNode(key, prepare) : signPreparedWeb(key, prepare);
}

async function signPreparedWeb(key, prepare) {
  const s = subtle();
  const cryptoKey = s && (await key[SIGN_KEY]());
  if (!cryptoKey) return null;
  const prepared = prepare(true);
  try {
    let signature;
    try {
      signature = toBytes(await s.sign(SIGN_ALG, cryptoKey, prepared.message));
    } catch {
      return null; // WebCrypto failed unexpectedly: the wasm path gives the same answer
    }
    return prepared.finish(signature);
  } finally {
    prepared.free();
  }
}

// Verifier key ids by the Wechatpay-Serial text they came from (v3KeyId is a pure function of
// it), so that the one-call verification reads no string back. Bounded: serials come from outside.
const keyIds = new Map();
function keyIdOf(serial) {
  let id = keyIds.get(serial);
  if (id === undefined) {
    if (keyIds.size >= 64) keyIds.clear();
    id = wasm.v3KeyId(serial);
    keyIds.set(serial, id);
  }
  return id;
}

/**
 * verify() on the node:crypto path in one call into the core (js/v3/scratch.js): the core runs
 * every check of v3Precheck and writes the message and the decoded signature, which node:crypto
 * reads in place. True when valid (SIGN_MISMATCH and the checks' errors throw); false when
 * node:crypto cannot (→ wasm path); null when the arguments are too large for the scratch.
 */
function verifyFastNode(verifier, [timestamp, nonce, body, signature, serial, now, maxSkew]) {
  const inner = verifier[WASM];
  return call(() => withScratch((s) => {
    if (!s.write([timestamp, nonce, body, signature, serial]) || !s.handle.precheck(inner, now, maxSkew)) return null;
    const keyObject = verifier[NODE_KEY](keyIdOf(serial));
    if (!keyObject) return false;
    s.fresh();
    const [m, n] = [s.length(0), s.length(1)];
    const valid = nodeVerify(keyObject, s.output.subarray(0, m), s.output.subarray(m, m + n));
    if (valid === null) return false;
    if (!valid) s.handle.mismatch(inner); // throws the core's SIGN_MISMATCH
    return true;
  }));
}

/** Verifies a prechecked message with node:crypto; false when it cannot (→ wasm path). */
function verifyPrecheckedNode(verifier, precheck) {
  const pre = call(precheck);
  try {
    const keyObject = verifier[NODE_KEY](pre.keyId);
    const valid = keyObject && nodeVerify(keyObject, pre.message(), pre.signature());
    if (valid === null || valid === undefined) return false;
    call(() => pre.finish(valid)); // throws the core's SIGN_MISMATCH
    return true;
  } finally {
    pre.free();
  }
}

/**
 * Verifies a prechecked message with node:crypto (synchronously: a promise per call costs more
 * than the check) or WebCrypto; false when neither can (→ wasm path).
 */
function verifyPrechecked(verifier, precheck) {
  return nodeRsaEnabled() ? verifyPrecheckedNode(verifier, precheck) : verifyPrecheckedWeb(verifier, precheck);
}

async function verifyPrecheckedWeb(verifier, precheck) {
  const s = subtle();
  if (!s) return false;
  const pre = call(precheck);
  try {
    const cryptoKey = await verifier[VERIFY_KEY](pre.keyId);
    if (!cryptoKey) return false;
    let valid;
    try {
      valid = await s.verify(SIGN_ALG, cryptoKey, pre.signature(), pre.message());
    } catch {
      return false;
    }
    call(() => pre.finish(valid)); // throws the core's SIGN_MISMATCH
    return true;
  } finally {
    pre.free();
  }
}

function authorizationArgs(o) {
  return [text('mchId', o.mchId), text('serialNo', o.serialNo), text('method', o.method), text('url', o.url), text('body', o.body),
    optionalText('timestamp', o.timestamp), optionalText('nonce', o.nonce)];
}

const AUTH_FIELDS = 'mchId, serialNo, privateKey, method, url, body, timestamp?, nonce?';
const VERIFY_FIELDS = 'verifier, timestamp, nonce, body, signature, serial, now?, maxSkew?';
const RESPONSE_FIELDS = 'verifier, headers, body, now?, maxSkew?';
const NOTIFY_FIELDS = 'headers, body, apiV3Key, verifier, now?, maxSkew?';

function verifyArgs(o) {
  return [text('timestamp', o.timestamp), text('nonce', o.nonce), text('body', o.body), text('signature', o.signature), text('serial', o.serial),
    seconds('now', o.now), seconds('maxSkew', o.maxSkew)];
}

function authorizationSync(opts) {
  const o = options(opts, 'authorizationSync', AUTH_FIELDS);
  return withPrivateKeySync(o.privateKey, (key) => {
    const [mchId, serialNo, method, url, body, timestamp, nonce] = authorizationArgs(o);
    return call(() => wasm.v3Authorization(mchId, serialNo, key, method, url, body, timestamp, nonce));
  });
}

function verifySync(opts) {
  const o = options(opts, 'verifySync', VERIFY_FIELDS);
  const v = verifierArg(o.verifier)[WASM];
  const [timestamp, nonce, body, signature, serial, now, maxSkew] = verifyArgs(o);
  call(() => wasm.v3Verify(v, timestamp, nonce, body, signature, serial, now, maxSkew));
  return true;
}

function verifyResponseSync(opts) {
  const o = options(opts, 'verifyResponseSync', RESPONSE_FIELDS);
  const v = verifierArg(o.verifier)[WASM];
  const headers = headersJson(o.headers);
  const body = text('body', o.body);
  call(() => wasm.v3VerifyHeaders(headers, body, v, seconds('now', o.now), seconds('maxSkew', o.maxSkew)));
  return true;
}

function parseNotificationSync(opts) {
  const o = options(opts, 'parseNotificationSync', NOTIFY_FIELDS);
  const v = verifierArg(o.verifier)[WASM];
  const headers = headersJson(o.headers);
  const [body, key] = [text('body', o.body), text('apiV3Key', o.apiV3Key)];
  return JSON.parse(call(() => wasm.v3ParseNotification(headers, body, key, v, seconds('now', o.now), seconds('maxSkew', o.maxSkew))));
}

function jsapiPayParamsSync(appId, prepayId, privateKey, timeStamp, nonceStr) {
  return withPrivateKeySync(privateKey, (key) =>
    call(() => wasm.v3JsapiPayParams(text('appId', appId), text('prepayId', prepayId), key, optionalText('timeStamp', timeStamp), optionalText('nonceStr', nonceStr))));
}

function appPayParamsSync(appId, partnerId, prepayId, privateKey, timestamp, nonceStr) {
  return withPrivateKeySync(privateKey, (key) =>
    call(() => wasm.v3AppPayParams(text('appId', appId), text('partnerId', partnerId), text('prepayId', prepayId), key,
      optionalText('timestamp', timestamp), optionalText('nonceStr', nonceStr))));
}

function encryptSensitiveSync(plaintext, publicKey) {
  return withPublicKeySync(publicKey, (key) => call(() => wasm.v3EncryptSensitive(text('plaintext', plaintext), key)));
}

function decryptSensitiveSync(ciphertext, privateKey) {
  return withPrivateKeySync(privateKey, (key) => call(() => wasm.v3DecryptSensitive(text('ciphertext', ciphertext), key)));
}

// ---------------------------------------------------------------------------------------------
// Diagnosis (wasm only: a few dozen RSA verifications of variants, never a signature)

/** Headers as [name, value] string pairs; values that are not text are dropped, never a throw. */
function headerPairs(headers) {
  if (headers === null || typeof headers !== 'object') return [];
  const pairs = [];
  const add = (name, value) => {
    const v = Array.isArray(value) ? value[0] : value;
    if (typeof name === 'string' && (typeof v === 'string' || typeof v === 'number')) pairs.push([name, String(v)]);
  };
  if (typeof headers.forEach === 'function' && typeof headers.get === 'function') headers.forEach((value, name) => add(name, value));
  else if (Array.isArray(headers)) for (const p of headers) { if (Array.isArray(p)) add(p[0], p[1]); }
  else for (const [name, value] of Object.entries(headers)) add(name, value);
  return pairs;
}

/**
 * A body as the diagnosis reads it: text as is, bytes decoded as UTF-8 (the raw body), and a
 * parsed object (the classic mistake) as JSON.stringify makes it, so the re-serialization shows.
 * A lone surrogate becomes U+FFFD, as UTF-8 sent it: the diagnosis reports, it does not refuse.
 */
function bodyText(v) {
  if (v instanceof Uint8Array || v instanceof ArrayBuffer) return checkInput(new TextDecoder().decode(v), 'body');
  if (v !== null && typeof v === 'object') {
    try { return checkInput(toWellFormed(JSON.stringify(v) ?? ''), 'body'); } catch (e) { if (e?.code === 'INPUT_TOO_LARGE') throw e; return String(v); }
  }
  return text('body', typeof v === 'string' ? toWellFormed(v) : v);
}

function textList(name, v) {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidArgument(`${name} must be an array of strings`);
  return v.map((x, i) => text(`${name}[${i}]`, x));
}

const DIAGNOSE_REQUEST_FIELDS = 'method, url, body, authorization, privateKey?, certificate?, serialNo?, now?, platformSerials?, otherAttempts?, wechatpayError?';
const DIAGNOSE_VERIFICATION_FIELDS = 'headers, body, verifier?, apiV3Key?, now?, maxSkew?';

function diagnoseRequest(opts) {
  const o = options(opts, 'diagnoseRequest', DIAGNOSE_REQUEST_FIELDS);
  const args = [text('method', o.method), text('url', o.url), bodyText(o.body), text('authorization', o.authorization)];
  const rest = [seconds('now', o.now), optionalText('serialNo', o.serialNo), textList('platformSerials', o.platformSerials), textList('otherAttempts', o.otherAttempts),
    optionalText('wechatpayError', typeof o.wechatpayError === 'object' && o.wechatpayError !== null ? JSON.stringify(o.wechatpayError) : o.wechatpayError)];
  const x = extra();
  const keys = new x.V3DiagnosisKeys();
  try {
    if (o.privateKey instanceof PrivateKey) keys.setPrivateKey(o.privateKey[EXTRA]());
    else if (o.privateKey !== undefined && o.privateKey !== null) keys.setPrivateKeyPem(text('privateKey', o.privateKey));
    if (o.certificate instanceof PublicKey) keys.setCertificate(o.certificate[EXTRA]());
    else if (o.certificate !== undefined && o.certificate !== null) keys.setCertificatePem(text('certificate', o.certificate));
    return call(() => x.v3DiagnoseRequest(...args, keys, ...rest));
  } finally {
    keys.free();
  }
}

function diagnoseVerification(opts) {
  const o = options(opts, 'diagnoseVerification', DIAGNOSE_VERIFICATION_FIELDS);
  const x = extra();
  const verifier = o.verifier === undefined || o.verifier === null ? new x.Verifier() : verifierArg(o.verifier)[EXTRA]();
  try {
    const headers = JSON.stringify(headerPairs(o.headers));
    return call(() => x.v3DiagnoseVerification(headers, bodyText(o.body), verifier, optionalText('apiV3Key', o.apiV3Key),
      seconds('now', o.now), seconds('maxSkew', o.maxSkew)));
  } finally {
    verifier.free();
  }
}

export const v3 = Object.freeze({
  // --- keys -------------------------------------------------------------------------------
  /**
   * Parses a merchant private key (PKCS#8 or PKCS#1 PEM; RSA ≥ 2048 bits) and, where
   * `crypto.subtle` exists, imports it into WebCrypto as a non-extractable key.
   * `{ webcrypto: false }` keeps every operation with this key in wasm.
   */
  async importPrivateKey(pem, opts) {
    const key = parsePrivate(pem, importOptions(opts));
    if (nodeRsaEnabled()) key[NODE_KEY]();
    else await key[SIGN_KEY]();
    return key;
  },
  /** The same without awaiting: WebCrypto keys are then imported on first async use. */
  importPrivateKeySync(pem, opts) {
    return parsePrivate(pem, importOptions(opts));
  },
  /** Parses a public key or certificate (SPKI, PKCS#1, X.509 PEM; RSA ≥ 2048 bits). */
  async importPublicKey(pem, opts) {
    const key = parsePublic(pem, importOptions(opts));
    if (nodeRsaEnabled()) key[NODE_KEY]();
    else await key[VERIFY_KEY]();
    return key;
  },
  importPublicKeySync(pem, opts) {
    return parsePublic(pem, importOptions(opts));
  },
  Verifier,
  /** A new, empty Verifier; `keys` (handles or PEMs) are added under their own serials. */
  createVerifier(...keys) {
    const v = new Verifier();
    for (const k of keys) v.add(k);
    return v;
  },

  // --- sync everywhere ---------------------------------------------------------------------
  /** `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`: the string a request signature covers. */
  message(method, url, timestamp, nonce, body) {
    return call(() => wasm.v3Message(text('method', method), text('url', url), text('timestamp', timestamp), text('nonce', nonce), text('body', body)));
  },
  /** `TIMESTAMP\nNONCE\nBODY\n`: the string a response or notification signature covers. */
  responseMessage(timestamp, nonce, body) {
    return call(() => wasm.v3ResponseMessage(text('timestamp', timestamp), text('nonce', nonce), text('body', body)));
  },
  /** `appId\ntimeStamp\nnonceStr\npackage\n`: the string a JSAPI / mini-program `paySign` covers. */
  jsapiMessage(appId, timeStamp, nonceStr, pkg) {
    return call(() => wasm.v3JsapiMessage(text('appId', appId), text('timeStamp', timeStamp), text('nonceStr', nonceStr), text('package', pkg)));
  },
  /** `appid\ntimestamp\nnoncestr\nprepayid\n`: the string an App `sign` covers. */
  appMessage(appId, timestamp, nonceStr, prepayId) {
    return call(() => wasm.v3AppMessage(text('appId', appId), text('timestamp', timestamp), text('nonceStr', nonceStr), text('prepayId', prepayId)));
  },
  /** Decrypts an AEAD_AES_256_GCM resource `{ ciphertext, nonce, associated_data }` to its text. */
  decryptResource(resource, apiV3Key) {
    if (resource === null || typeof resource !== 'object') throw invalidArgument('resource must be an object { ciphertext, nonce, associated_data }');
    const ad = resource.associated_data ?? resource.associatedData;
    return call(() => wasm.v3DecryptResource(text('ciphertext', resource.ciphertext), text('nonce', resource.nonce), text('associated_data', ad), text('apiV3Key', apiV3Key)));
  },
  /**
   * Encrypts `plaintext` as WeChat Pay does a resource (for tests and simulators): returns
   * `{ algorithm, ciphertext, nonce, associated_data, original_type? }`. `nonce` (12 characters)
   * is random unless given; never reuse one with the same key.
   */
  encryptResource(plaintext, apiV3Key, opts = {}) {
    const o = options(opts, 'encryptResource', 'nonce?, associated_data?, original_type?');
    const nonce = optionalText('nonce', o.nonce) ?? call(() => wasm.nonce(12));
    const ad = text('associated_data', o.associated_data ?? o.associatedData);
    const ciphertext = call(() => wasm.v3EncryptResource(text('plaintext', plaintext), nonce, ad, text('apiV3Key', apiV3Key)));
    const out = { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: ad };
    const originalType = optionalText('original_type', o.original_type ?? o.originalType);
    if (originalType !== undefined) out.original_type = originalType;
    return out;
  },
  /** The platform certificates of a `/v3/certificates` body: `[{ serial_no, effective_time, expire_time, certificate_pem }]`. */
  decryptCertificates(body, apiV3Key) {
    return call(() => wasm.v3DecryptCertificates(text('body', body), text('apiV3Key', apiV3Key)));
  },

  // --- default path: WebCrypto for RSA, wasm for everything else --------------------------
  /** The `Authorization` header of a request. */
  async authorization(opts) {
    const o = options(opts, 'authorization', AUTH_FIELDS);
    const sign = async (key) => (await signPrepared(key, prepareAuthorization(authorizationArgs(o)))) ?? authorizationSync({ ...o, privateKey: key });
    // A handle (the usual case) without withPrivateKey's extra promise: fewer microtask turns.
    return await (o.privateKey instanceof PrivateKey ? sign(o.privateKey) : withPrivateKey(o.privateKey, sign));
  },
  /** Checks a response's or notification's signature from its four values. Resolves true or rejects. */
  async verify(opts) {
    const o = options(opts, 'verify', VERIFY_FIELDS);
    const v = verifierArg(o.verifier);
    const args = verifyArgs(o);
    if (nodeRsaEnabled()) {
      const fast = verifyFastNode(v, args);
      if (fast !== null) return fast || verifySync(o);
    }
    return (await verifyPrechecked(v, () => wasm.v3Precheck(v[WASM], ...args))) || verifySync(o);
  },
  /** verify() with the values taken from the response's headers (names case-insensitive). */
  async verifyResponse(opts) {
    const o = options(opts, 'verifyResponse', RESPONSE_FIELDS);
    const v = verifierArg(o.verifier);
    const headers = headersJson(o.headers);
    const body = text('body', o.body);
    const [now, maxSkew] = [seconds('now', o.now), seconds('maxSkew', o.maxSkew)];
    return (await verifyPrechecked(v, () => wasm.v3PrecheckHeaders(headers, body, v[WASM], now, maxSkew))) || verifyResponseSync(o);
  },
  /** Verifies a notification, then decrypts it: `{ id, create_time, event_type, resource_type, summary, original_type, resource }`. */
  async parseNotification(opts) {
    const o = options(opts, 'parseNotification', NOTIFY_FIELDS);
    const v = verifierArg(o.verifier);
    const headers = headersJson(o.headers);
    const [body, key] = [text('body', o.body), text('apiV3Key', o.apiV3Key)];
    const [now, maxSkew] = [seconds('now', o.now), seconds('maxSkew', o.maxSkew)];
    if (!(await verifyPrechecked(v, () => wasm.v3PrecheckHeaders(headers, body, v[WASM], now, maxSkew)))) return parseNotificationSync(o);
    return JSON.parse(call(() => wasm.v3DecryptNotification(body, key)));
  },
  /** `{ appId, timeStamp, nonceStr, package, signType: 'RSA', paySign }` for wx.requestPayment. */
  async jsapiPayParams(appId, prepayId, privateKey, timeStamp, nonceStr) {
    return withPrivateKey(privateKey, async (key) => {
      const args = [text('appId', appId), text('prepayId', prepayId), optionalText('timeStamp', timeStamp), optionalText('nonceStr', nonceStr)];
      return (await signPrepared(key, prepareWith(() => wasm.v3PrepareJsapiPayParams(...args)))) ?? jsapiPayParamsSync(appId, prepayId, key, timeStamp, nonceStr);
    });
  },
  /** `{ appid, partnerid, prepayid, package: 'Sign=WXPay', noncestr, timestamp, sign }` for the App SDK. */
  async appPayParams(appId, partnerId, prepayId, privateKey, timestamp, nonceStr) {
    return withPrivateKey(privateKey, async (key) => {
      const args = [text('appId', appId), text('partnerId', partnerId), text('prepayId', prepayId), optionalText('timestamp', timestamp), optionalText('nonceStr', nonceStr)];
      return (await signPrepared(key, prepareWith(() => wasm.v3PrepareAppPayParams(...args)))) ?? appPayParamsSync(appId, partnerId, prepayId, key, timestamp, nonceStr);
    });
  },
  /** RSA-OAEP (SHA-1) encryption of a sensitive field for WeChat Pay, base64. Randomized. */
  async encryptSensitive(plaintext, publicKey) {
    return withPublicKey(publicKey, async (key) => {
      const s = subtle();
      const cryptoKey = s && (await key[OAEP_KEY]());
      if (cryptoKey) {
        const bytes = call(() => wasm.v3SensitivePlaintext(text('plaintext', plaintext), key[WASM]));
        const ciphertext = await s.encrypt(OAEP_ALG, cryptoKey, bytes).then(toBytes, () => null);
        if (ciphertext) return call(() => wasm.v3FinishEncryptSensitive(ciphertext));
      }
      return encryptSensitiveSync(plaintext, key);
    });
  },
  /** Decrypts a sensitive field WeChat Pay encrypted with the merchant's public key. */
  async decryptSensitive(ciphertext, privateKey) {
    return withPrivateKey(privateKey, async (key) => {
      const s = subtle();
      const cryptoKey = s && (await key[OAEP_KEY]());
      if (!cryptoKey) return decryptSensitiveSync(ciphertext, key);
      const bytes = call(() => wasm.v3SensitiveCiphertext(text('ciphertext', ciphertext)));
      // A WebCrypto failure is the core's DECRYPT_FAILED (it never says why).
      const plain = await s.decrypt(OAEP_ALG, cryptoKey, bytes).then(toBytes, () => undefined);
      try {
        return call(() => wasm.v3FinishDecryptSensitive(plain));
      } finally {
        plain?.fill(0);
      }
    });
  },

  // --- diagnosis (synchronous, wasm) ------------------------------------------------------
  /**
   * Why a request's Authorization header fails: its form, serial_no against the merchant
   * certificate, the key pair, the signature over the rebuilt message and, if it fails, which
   * usual mistake reproduces it; the timestamp against `now`, mchid against the body. Never
   * throws for malformed headers, keys or bodies: each is a finding. No key material returned.
   */
  diagnoseRequest,
  /**
   * Why a response or notification does not verify: headers, serial (and its kind), certificate
   * validity at `now`, timestamp window, SIGNTEST probe, the signature and which framework
   * rewrite of the body reproduces it, and with `apiV3Key` the resource's decryption.
   */
  diagnoseVerification,
  /** Every finding code the two diagnoses can return. */
  diagnosisCodes() {
    return extra().v3DiagnosisCodes();
  },

  // --- pure-wasm twins (no WebCrypto; synchronous) -----------------------------------------
  authorizationSync,
  verifySync,
  verifyResponseSync,
  parseNotificationSync,
  jsapiPayParamsSync,
  appPayParamsSync,
  encryptSensitiveSync,
  decryptSensitiveSync,
});
