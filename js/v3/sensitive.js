// Sensitive fields in API v3 requests and responses (names, ID numbers, phone numbers).
//
// A request field is RSA-OAEP-encrypted with WeChat Pay's key, and the request then names that
// key in `Wechatpay-Serial` (a platform certificate serial or the PUB_KEY_ID_…): WeChat Pay
// decrypts with the key the header names, so every field of one request must use that one key.
// Response fields encrypted to the merchant are decrypted with the merchant private key.
import { v3 } from '../v3.js';
import { WechatPayError } from '../errors.js';
import { PlatformKeys } from '../platform-keys.js';

const utf8 = new TextEncoder();
const invalid = (message) => new WechatPayError('INVALID_ARGUMENT', message);

/** RSA-OAEP (SHA-1) adds 2 × 20 + 2 bytes: what fits in one block of a `bits`-bit key. */
const oaepCapacity = (bits) => Math.floor(bits / 8) - 42;

/** `{ serial, key }`: the key fields are encrypted with (PlatformKeys picks and caches it). */
async function encryptionKey(keys) {
  if (!(keys instanceof PlatformKeys)) {
    throw invalid('encrypting sensitive fields needs the client\'s keys to be a PlatformKeys (a fixed v3.Verifier holds no key to encrypt with)');
  }
  const { id, key } = await keys.encryptionKey();
  return { serial: id, key };
}

/** Encrypts one field's text; a text too long for one OAEP block is INVALID_ARGUMENT naming it. */
async function encryptField(key, value, name) {
  if (typeof value !== 'string') throw invalid(`${name} must be a string to be encrypted, not ${value === null ? 'null' : typeof value}`);
  const bytes = utf8.encode(value).length;
  const max = oaepCapacity(key.bits);
  if (bytes > max) throw invalid(`${name} is ${bytes} bytes in UTF-8: RSA-OAEP with WeChat Pay's ${key.bits}-bit key holds at most ${max}`);
  return v3.encryptSensitive(value, key);
}

/** Paths like `user_name`, `payer.name` or `receivers[].name` → steps `['receivers', '[]', 'name']`. */
function pathSteps(path) {
  if (typeof path !== 'string' || !/^[A-Za-z0-9_]+(\[\])?(\.[A-Za-z0-9_]+(\[\])?)*$/.test(path)) {
    throw invalid(`sensitive field path ${JSON.stringify(path)} must look like "user_name", "payer.name" or "receivers[].name"`);
  }
  return path.split('.').flatMap((p) => (p.endsWith('[]') ? [p.slice(0, -2), '[]'] : [p]));
}

/**
 * Replaces, in a copy of `body`, each field the paths name by its ciphertext — all with one key.
 * A field that is absent (an optional name) is left out; one that is present must be text.
 * Resolves `{ body, serial }`.
 */
export async function sealFields(ctx, body, paths) {
  if (!Array.isArray(paths)) throw invalid('sensitive must be an array of field paths, e.g. ["user_name"]');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('a request with sensitive fields needs an object body');
  const copy = JSON.parse(JSON.stringify(body)); // what is sent is JSON anyway
  const { serial, key } = await encryptionKey(ctx.keys);
  const walk = async (node, steps, name) => {
    if (node === undefined || node === null) return;
    const [step, ...rest] = steps;
    if (step === '[]') {
      if (!Array.isArray(node)) throw invalid(`${name} must be an array`);
      for (let i = 0; i < node.length; i++) await walk(node[i], rest, `${name}[${i}]`);
      return;
    }
    if (typeof node !== 'object') throw invalid(`${name} must be an object`);
    const child = name ? `${name}.${step}` : step;
    if (rest.length === 0) {
      if (node[step] !== undefined) node[step] = await encryptField(key, node[step], child);
    } else {
      await walk(node[step], rest, child);
    }
  };
  for (const path of paths) await walk(copy, pathSteps(path), '');
  return { body: copy, serial };
}

/** The caller's headers plus `Wechatpay-Serial`; a different serial given by hand is refused. */
export function withSerial(headers, serial) {
  const out = { ...(headers ?? {}) };
  for (const [name, value] of Object.entries(out)) {
    if (name.toLowerCase() !== 'wechatpay-serial') continue;
    if (value !== serial) throw invalid(`headers give Wechatpay-Serial ${value}, but the fields were encrypted with ${serial}`);
    delete out[name];
  }
  out['Wechatpay-Serial'] = serial;
  return out;
}

/** The client's sensitive-field functions. */
export function sensitiveFunctions(ctx) {
  return {
    /**
     * An encryptor bound to WeChat Pay's current key (public-key mode first, else the newest valid
     * platform certificate): `{ serial, encrypt(text, name?) }`. Send `serial` as Wechatpay-Serial.
     */
    async sensitiveEncryptor() {
      const { serial, key } = await encryptionKey(ctx.keys);
      return Object.freeze({ serial, encrypt: (text, name = 'field') => encryptField(key, text, name) });
    },
    /** Decrypts a response field WeChat Pay encrypted to the merchant's key. */
    decryptSensitive: async (ciphertext) => v3.decryptSensitive(ciphertext, await ctx.privateKey()),
  };
}
