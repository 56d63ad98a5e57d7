// Field maps cross into wasm as one packed string `k1\0v1\0k2\0v2…` plus the number of fields
// (see src/wasm.rs): one copy instead of one boundary crossing per field. The count makes it
// injective: wasm refuses a packing whose separators do not match it, i.e. a NUL inside a name
// or value. Fields come back as a flat `[k1, v1, k2, v2, …]` array, which content cannot split.
import { checkInput, invalidArgument, MAX_INPUT_LENGTH, typeName } from './errors.js';

// How many fields the last `pack` call wrote, passed to wasm beside the packed string.
export let packedCount = 0;

function text(k, v) {
  const t = typeof v;
  if (t === 'string') return v;
  if (t === 'number') {
    if (!Number.isFinite(v)) throw invalidArgument(`field ${JSON.stringify(k)} is ${v}: numbers must be finite`);
    return String(v);
  }
  if (t === 'bigint' || t === 'boolean') return String(v);
  throw invalidArgument(`field ${JSON.stringify(k)} must be a string, number or boolean, not ${typeName(v)}`);
}

/** A plain object of this or another realm (`{}`, `Object.create(null)`, JSON.parse output). */
export function isPlainObject(o) {
  if (o === null || typeof o !== 'object') return false;
  const proto = Object.getPrototypeOf(o);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The packed form of `params`: a plain object or a Map of string names to strings, numbers or
 * booleans (what the types promise; anything else is INVALID_ARGUMENT, never a silently empty or
 * index-named field set). null and undefined values are omitted, like empty strings, which the
 * signature skips anyway; numbers and booleans become their text, as WeChat Pay reads them.
 * `deferWellFormed`: only the size is checked here, the caller checks for lone surrogates
 * (the v2 signer does, when the encoded bytes show one may be there).
 */
export function pack(params, deferWellFormed = false) {
  let out = '';
  let n = 0;
  if (params instanceof Map) {
    for (const [k, v] of params) {
      if (typeof k !== 'string') throw invalidArgument(`field names must be strings, not ${typeName(k)}`);
      if (v === undefined || v === null) continue;
      // Separate appends: cheaper in V8 than one expression's intermediate strings.
      if (n++) out += '\0';
      out += k;
      out += '\0';
      out += text(k, v);
    }
  } else if (isPlainObject(params)) {
    for (const k in params) {
      if (!Object.hasOwn(params, k)) continue;
      const v = params[k];
      if (v === undefined || v === null) continue;
      if (n++) out += '\0';
      out += k;
      out += '\0';
      out += text(k, v);
    }
  } else {
    throw notParams(params);
  }
  if (!deferWellFormed || out.length > MAX_INPUT_LENGTH) checkInput(out, 'params');
  packedCount = n;
  return out;
}

/** The INVALID_ARGUMENT for params that are neither a plain object nor a Map, naming what they are. */
export function notParams(v) {
  const what = Array.isArray(v) ? 'an array' : v !== null && typeof v === 'object' ? `a ${Object.prototype.toString.call(v).slice(8, -1)}` : typeName(v);
  return invalidArgument(`params must be a plain object or a Map of field names to values, not ${what}`);
}

/** `{ name: value }` from wasm's flat `[k1, v1, k2, v2, …]`. */
export function unpack(flat) {
  const fields = {};
  for (let i = 0; i + 1 < flat.length; i += 2) setField(fields, flat[i], flat[i + 1]);
  return fields;
}

// Assignment is several times cheaper than defineProperty; only "__proto__" needs the latter
// (assigned, it would set the prototype), which keeps it an ordinary field.
function setField(fields, name, value) {
  if (name === '__proto__') Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
  else fields[name] = value;
}

/**
 * `{ name: value }` from wasm's joined form (src/wasm/joined.rs): `name1 NUL value1 NUL name2 …`,
 * empty for no fields. Decoded XML holds no U+0000, so one native split cuts it: one string
 * crosses the boundary instead of one per name and value.
 */
export function unjoin(joined) {
  const fields = {};
  if (joined === '') return fields;
  const parts = joined.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) setField(fields, parts[i], parts[i + 1]);
  return fields;
}
