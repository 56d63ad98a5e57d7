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

// The wasm layer throws plain Errors named "WechatPayError" with a `code`; give callers a real
// instance so `instanceof WechatPayError` works. Anything else (a bug) is rethrown unchanged.
export function rethrow(e) {
  if (e && e.name === 'WechatPayError' && typeof e.code === 'string' && !(e instanceof WechatPayError)) {
    throw new WechatPayError(e.code, e.message);
  }
  throw e;
}

export function invalidArgument(message) {
  return new WechatPayError('INVALID_ARGUMENT', message);
}

// wasm-bindgen reads a `&str` argument as a string without checking its type: a number or an
// object there is a wasm trap, not an error. Every wrapper checks its text arguments with this.
export function text(value, name) {
  if (typeof value !== 'string') throw invalidArgument(`${name} must be a string, not ${value === null ? 'null' : typeof value}`);
  return value;
}

// Optional text: undefined/null mean "not given"; numbers (timestamps) are accepted as their text.
export function optionalText(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return text(value, name);
}
