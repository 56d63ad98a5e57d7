// Field maps cross into wasm as one packed string `k1\0v1\0k2\0v2…` (see src/wasm.rs): one copy
// instead of one boundary crossing per field.
import { invalidArgument } from './errors.js';

function entriesOf(params) {
  if (params instanceof Map) return params.entries();
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) return Object.entries(params);
  throw invalidArgument('params must be a plain object or a Map of field names to values');
}

// null and undefined are omitted (like empty strings, which the signature skips anyway);
// numbers and booleans become their decimal / "true" text, as WeChat Pay reads them.
export function pack(params) {
  let out = '';
  let first = true;
  for (const [k, v] of entriesOf(params)) {
    if (v === undefined || v === null) continue;
    const t = typeof v;
    let s;
    if (t === 'string') s = v;
    else if (t === 'number' || t === 'bigint' || t === 'boolean') s = String(v);
    else throw invalidArgument(`field ${JSON.stringify(k)} must be a string or number, not ${t}`);
    if (k.includes('\0') || s.includes('\0')) throw invalidArgument(`field ${JSON.stringify(k)} contains a NUL character`);
    if (first) first = false;
    else out += '\0';
    out += k + '\0' + s;
  }
  return out;
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
