// The one error type of the package. `code` is stable (see README "Error codes"); `message`
// explains the cause and never contains a key.
export class WechatPayError extends Error {
  constructor(code, message, extra) {
    super(message || code);
    this.name = 'WechatPayError';
    this.code = code;
    if (extra) Object.assign(this, extra);
  }
}

// Each wasm instance's raw exports and its shadow-stack pointer at rest (no call in progress):
// the core module, recorded by each entry right after instantiation, and the extra module
// (js/extra.js), recorded when it is instantiated on first use (see `attachInstance`).
const instances = [];

/** Called with what wasm-bindgen's init returned, once per instance. */
export function attachInstance(exports) {
  if (!exports || instances.some((i) => i.exports === exports)) return;
  const sp = exports.__stack_pointer instanceof WebAssembly.Global ? exports.__stack_pointer.value : 0;
  instances.push({ exports, restingStackPointer: sp });
}

/**
 * After a trap (out of memory under a runtime's cap: inputs are bounded so that it should not
 * happen), the frames of the aborted call are still reserved on wasm's shadow stack: give them
 * back, so that repeated traps cannot exhaust it. Nothing else is left inconsistent: the
 * allocator failed cleanly and the `&self` borrows of key handles stack. Of the `&mut` objects,
 * the v2 signer is dropped by its owner (see fast-signer.js); a Verifier whose `add`/`remove`
 * trapped stays borrowed, and its next use is KEY_INVALID (README "Limits").
 * A RuntimeError does not say which instance trapped; every instance is reset, which is right
 * because no wasm call is in progress in either when the trap reaches JS (the two instances
 * never call each other).
 */
function recoverFromTrap() {
  for (const { exports, restingStackPointer } of instances) {
    if (restingStackPointer) exports.__stack_pointer.value = restingStackPointer;
  }
}

export function isTrap(e) {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
}

// wasm-bindgen's own errors for a handle misused from outside the wrapper (freed, or borrowed
// when a trap hit).
const HANDLE_MISUSE = /null pointer passed to rust|recursive use of an object|attempted to take ownership/;

// The wasm layer throws plain Errors named "WechatPayError" with a `code`; give callers a real
// instance so `instanceof WechatPayError` works. A trap becomes WASM_TRAP after recovery, a
// handle misuse KEY_INVALID. Anything else (a bug) is rethrown unchanged.
export function rethrow(e) {
  if (e instanceof WechatPayError) throw e;
  if (e && e.name === 'WechatPayError' && typeof e.code === 'string') {
    throw new WechatPayError(e.code, e.message);
  }
  if (isTrap(e)) {
    recoverFromTrap();
    throw new WechatPayError('WASM_TRAP', `the WebAssembly module trapped (${e.message}), most likely out of memory; the call failed, the module recovered and later calls work`, { cause: e });
  }
  if (e instanceof Error && HANDLE_MISUSE.test(e.message)) {
    throw new WechatPayError('KEY_INVALID', 'this key handle was freed or is unusable: import the key again');
  }
  throw e;
}

export function invalidArgument(message) {
  return new WechatPayError('INVALID_ARGUMENT', message);
}

/**
 * Largest text any export takes, in UTF-16 code units (≤ 12 MiB as UTF-8): 4 MiB. Checked before
 * the text enters wasm, so one call can never exhaust a Worker's 128 MB (see README "Limits").
 */
export const MAX_INPUT_LENGTH = 4 * 1024 * 1024;

// A lone surrogate: in `u` mode a surrogate pair is one code point and does not match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const wellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (s) => s.isWellFormed()
  : (s) => !LONE_SURROGATE.test(s);

/** `s` with each lone surrogate replaced by U+FFFD: what a UTF-8 sender actually sent. */
export function toWellFormed(s) {
  return wellFormed(s) ? s : s.replace(new RegExp(LONE_SURROGATE.source, 'gu'), '\uFFFD');
}

/**
 * Refuses text that cannot cross into wasm exactly: over MAX_INPUT_LENGTH (INPUT_TOO_LARGE), or
 * holding a lone surrogate, which UTF-8 cannot encode (TextEncoder would silently turn it into
 * U+FFFD, so what is signed or verified would differ from what the caller holds).
 */
export function checkInput(value, name, invalidCode = 'INVALID_ARGUMENT') {
  if (value.length > MAX_INPUT_LENGTH) {
    throw new WechatPayError('INPUT_TOO_LARGE', `${name} has ${value.length} UTF-16 code units: at most ${MAX_INPUT_LENGTH} (4 MiB) are accepted`, { limit: MAX_INPUT_LENGTH });
  }
  if (!wellFormed(value)) throw new WechatPayError(invalidCode, `${name} holds a lone UTF-16 surrogate, which UTF-8 cannot carry`);
  return value;
}

// wasm-bindgen reads a `&str` argument as a string without checking its type: a number or an
// object there is a wasm trap, not an error. Every wrapper checks its text arguments with this.
export function text(value, name) {
  if (typeof value !== 'string') throw invalidArgument(`${name} must be a string, not ${typeName(value)}`);
  return checkInput(value, name);
}

/** XML from outside: a string of at most 1 MiB without lone surrogates (XML_* codes). */
export function xmlText(value, name = 'xml') {
  if (typeof value !== 'string') throw invalidArgument(`${name} must be a string, not ${typeName(value)}`);
  if (value.length > MAX_XML_LENGTH) {
    throw new WechatPayError('XML_TOO_LARGE', `XML document of at least ${value.length} bytes exceeds the ${MAX_XML_LENGTH}-byte limit`);
  }
  return checkInput(value, name, 'XML_INVALID');
}

/** The core's `MAX_XML_BYTES`: a longer string is longer in UTF-8 too. */
export const MAX_XML_LENGTH = 1 << 20;

export function typeName(value) {
  return value === null ? 'null' : typeof value;
}

/** An outside value as an error message quotes it: a string (at most 64 characters) or its type. */
export function shown(value) {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : typeName(value);
}

// Optional text: undefined/null mean "not given"; numbers (timestamps) are accepted as their text.
export function optionalText(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return text(value, name);
}
