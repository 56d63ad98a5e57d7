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
