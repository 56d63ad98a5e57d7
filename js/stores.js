// Key storage: one small interface, several backends. Runtime-neutral; the file store (Node only)
// lives in node-stores.js, exported as `wechatpay-wasm/node`, so Worker bundles never see node:fs.
//
//   interface KeyStore {
//     get(name): Promise<string | Uint8Array | undefined>;
//     put?(name, value: string | Uint8Array): Promise<void>;   // where the store can write
//   }
import { WechatPayError } from './errors.js';
import { toText } from './http.js';
import { v3 } from './v3.js';

function checkName(name) {
  if (typeof name !== 'string' || name === '') throw new WechatPayError('INVALID_ARGUMENT', 'a key name must be a non-empty string');
  return name;
}

/** In-memory store (per isolate / process): `memoryStore({ 'apiclient_key.pem': pem })`. */
export function memoryStore(initial = {}) {
  const map = new Map(initial instanceof Map ? initial : Object.entries(initial));
  return {
    kind: 'memory',
    async get(name) { return map.get(checkName(name)); },
    async put(name, value) { map.set(checkName(name), value); },
    async delete(name) { map.delete(checkName(name)); },
  };
}

/**
 * Read-only store over environment variables or Worker bindings: `envStore(process.env)`,
 * `envStore(env)`. `get(name)` reads `env[prefix + name]`. A PEM pasted into a single-line
 * variable with literal `\n` sequences is restored to real line breaks. Values that are not
 * text (a KV namespace, a service binding) read as undefined.
 */
export function envStore(env, { prefix = '' } = {}) {
  if (!env || typeof env !== 'object') throw new WechatPayError('INVALID_ARGUMENT', 'envStore needs an object of variables (process.env, or the Worker env)');
  return {
    kind: 'env',
    async get(name) {
      const value = env[prefix + checkName(name)];
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) return toText(value);
      if (typeof value !== 'string') return undefined;
      return /-----BEGIN [A-Z ]+-----/.test(value) && !value.includes('\n') ? value.replace(/(?:\\r)?\\n/g, '\n') : value;
    },
  };
}

/**
 * Cloudflare Workers KV: `kvStore(env.WECHATPAY_KV, { prefix: 'wechatpay/' })`. Values are
 * stored as text.
 */
export function kvStore(kv, { prefix = '' } = {}) {
  if (!kv || typeof kv.get !== 'function' || typeof kv.put !== 'function') throw new WechatPayError('INVALID_ARGUMENT', 'kvStore needs a KV namespace binding (env.MY_KV)');
  return {
    kind: 'kv',
    async get(name) {
      const value = await kv.get(prefix + checkName(name), 'text');
      return value === null ? undefined : value;
    },
    async put(name, value) {
      await kv.put(prefix + checkName(name), toText(value) ?? String(value));
    },
    async delete(name) { await kv.delete?.(prefix + checkName(name)); },
  };
}

/**
 * Reads from each store in turn (the first that has the name wins) and writes to the first
 * store that can write: e.g. `chainStores(envStore(env), kvStore(env.KV))`.
 */
export function chainStores(...stores) {
  const writable = stores.find((s) => typeof s.put === 'function');
  return {
    kind: 'chain',
    async get(name) {
      for (const s of stores) {
        const v = await s.get(name);
        if (v !== undefined && v !== null) return v;
      }
      return undefined;
    },
    ...(writable ? { put: (name, value) => writable.put(name, value) } : {}),
  };
}

/** The text of `name` in `store`, or KEY_NOT_FOUND. */
export async function readText(store, name) {
  const value = await store.get(name);
  const text = value === undefined || value === null ? undefined : toText(value);
  if (text === undefined || text === '') throw new WechatPayError('KEY_NOT_FOUND', `key store has no ${JSON.stringify(name)}`);
  return text;
}

// Parsed key handles, per store and name: a key is read and parsed once per isolate / process.
const handles = new WeakMap();

function cachedHandle(store, name, kind, parse) {
  if (!store || typeof store.get !== 'function') throw new WechatPayError('INVALID_ARGUMENT', 'expected a key store (an object with get)');
  let byName = handles.get(store);
  if (!byName) handles.set(store, (byName = new Map()));
  const slot = `${kind}:${checkName(name)}`;
  let p = byName.get(slot);
  if (!p) {
    p = readText(store, name).then(parse);
    byName.set(slot, p);
    p.catch(() => byName.delete(slot)); // a failure is not cached: the next call reads again
  }
  return p;
}

/** The merchant private key `name` of `store`, parsed once (v3.importPrivateKey) and cached. */
export function loadPrivateKey(store, name) {
  return cachedHandle(store, name, 'private', (pem) => v3.importPrivateKey(pem));
}

/** A public key or certificate `name` of `store`, parsed once (v3.importPublicKey) and cached. */
export function loadPublicKey(store, name) {
  return cachedHandle(store, name, 'public', (pem) => v3.importPublicKey(pem));
}

/** Forgets the cached handles of `store` (after a key rotation): the next load reads it again. */
export function forgetKeys(store) {
  handles.delete(store);
}
