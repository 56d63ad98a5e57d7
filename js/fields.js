// Field maps cross into wasm as one packed string `k1\0v1\0k2\0v2…` (see src/wasm.rs): one
// copy instead of one boundary crossing per field.
import { invalidArgument } from './errors.js';

// How many fields the last `pack` call wrote: the fast signer passes it to wasm, which detects
// a NUL inside a name or value from the separator count instead of JS scanning every string.
export let packedCount = 0;

function text(k, v) {
  const t = typeof v;
  if (t === 'string') return v;
  if (t === 'number' || t === 'bigint' || t === 'boolean') return String(v);
  throw invalidArgument(`field ${JSON.stringify(k)} must be a string or number, not ${t}`);
}

// null and undefined are omitted (like empty strings, which the signature skips anyway);
// numbers and booleans become their decimal / "true" text, as WeChat Pay reads them.
export function pack(params) {
  let out = '';
  let n = 0;
  if (params instanceof Map) {
    for (const [k, v] of params) {
      if (v === undefined || v === null) continue;
      out += (n++ ? '\0' : '') + k + '\0' + text(k, v);
    }
  } else if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    for (const k in params) {
      if (!Object.hasOwn(params, k)) continue;
      const v = params[k];
      if (v === undefined || v === null) continue;
      out += (n++ ? '\0' : '') + k + '\0' + text(k, v);
    }
  } else {
    throw invalidArgument('params must be a plain object or a Map of field names to values');
  }
  packedCount = n;
  return out;
}

// For the string-passing calls, which cannot count separators: refuse NUL here.
export function packChecked(params) {
  const packed = pack(params);
  const separators = packed.split('\0').length - 1;
  if (packed && separators !== 2 * packedCount - 1) throw invalidArgument('field names and values must not contain NUL');
  return packed;
}

export function unpack(packed) {
  const fields = {};
  if (!packed) return fields;
  const parts = packed.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    // defineProperty keeps a field literally named "__proto__" an ordinary field.
    Object.defineProperty(fields, parts[i], { value: parts[i + 1], enumerable: true, writable: true, configurable: true });
  }
  return fields;
}
