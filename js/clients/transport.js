// What every client call goes through on its way to WeChat Pay: a timeout (the client's default,
// overridable per call, plus the caller's own AbortSignal), bounded retries with exponential
// backoff and jitter for calls that are safe to repeat, and the onRequest / onResponse / onError
// hooks. Runtime-neutral: setTimeout, AbortController, nothing else.
//
// Hooks receive metadata only — method, path, attempt, status, Request-ID, duration, error code
// and message — never a header, a body, a key or a signature.
import { WechatPayError } from '../errors.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_DELAY_MS = 200;
export const MAX_RETRY_DELAY_MS = 5_000;

/**
 * The merchant's own numbers by which WeChat Pay deduplicates a POST: sent again with the same
 * body, the call returns the first result instead of creating a second order, refund or bill.
 */
export const DEDUPLICATING_FIELDS = Object.freeze(['out_trade_no', 'out_refund_no', 'out_bill_no', 'out_order_no']);

// WeChat Pay's "try again later" codes: v3 error bodies, v2 err_code.
const RETRYABLE_CODES = new Set(['NETWORK_ERROR', 'TIMEOUT', 'SYSTEM_ERROR', 'SYSTEMERROR']);
// Response verification failures: a response that does not verify is not a transient error.
const VERIFICATION_CODES = new Set(['SIGN_MISMATCH', 'SIGN_MISSING', 'TIMESTAMP_SKEW', 'SERIAL_UNKNOWN', 'HEADER_INVALID', 'RESPONSE_MISMATCH']);
const HOOKS = ['onRequest', 'onResponse', 'onError'];

function invalid(message) {
  return new WechatPayError('INVALID_ARGUMENT', message);
}

function checkTimeout(value, name) {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(`${name} must be a positive number of milliseconds`);
  return value;
}
function checkRetries(value, name) {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 10) throw invalid(`${name} must be an integer from 0 to 10`);
  return value;
}
function checkSignal(signal) {
  if (signal === undefined || signal === null) return undefined;
  if (typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function') throw invalid('signal must be an AbortSignal');
  return signal;
}

/**
 * The client-wide policy from the client's options: `timeout` (ms per attempt, default 10 s),
 * `retries` (extra attempts for safe calls, default 2), `retryDelay` (ms, base of the backoff,
 * default 200), `hooks` ({ onRequest, onResponse, onError }).
 */
export function transportPolicy(options = {}) {
  const hooks = options.hooks ?? {};
  if (hooks === null || typeof hooks !== 'object') throw invalid('hooks must be an object of onRequest / onResponse / onError functions');
  for (const name of Object.keys(hooks)) {
    if (!HOOKS.includes(name)) throw invalid(`unknown hook ${JSON.stringify(name)}: expected onRequest, onResponse or onError`);
    if (hooks[name] !== undefined && typeof hooks[name] !== 'function') throw invalid(`hooks.${name} must be a function`);
  }
  const retryDelay = options.retryDelay ?? DEFAULT_RETRY_DELAY_MS;
  if (typeof retryDelay !== 'number' || !Number.isFinite(retryDelay) || retryDelay < 0) throw invalid('retryDelay must be a number of milliseconds ≥ 0');
  return Object.freeze({
    timeout: checkTimeout(options.timeout, 'timeout') ?? DEFAULT_TIMEOUT_MS,
    retries: checkRetries(options.retries, 'retries') ?? DEFAULT_RETRIES,
    retryDelay,
    hooks: Object.freeze({ ...hooks }),
  });
}

/** Per-call options `{ timeout, retries, signal, idempotent }`, checked. */
export function callOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw invalid('call options must be an object: { timeout, retries, signal, idempotent }');
  if (options.idempotent !== undefined && typeof options.idempotent !== 'boolean') throw invalid('idempotent must be true or false');
  return {
    timeout: checkTimeout(options.timeout, 'timeout'),
    retries: checkRetries(options.retries, 'retries'),
    signal: checkSignal(options.signal),
    idempotent: options.idempotent,
  };
}

/**
 * Whether a call may be sent again after a failure whose outcome is unknown: never when the
 * caller says `idempotent: false`; always when it says `true`; otherwise GETs, and POSTs whose
 * body carries one of the merchant numbers WeChat Pay deduplicates by.
 */
export function safeToRepeat(method, body, idempotent) {
  if (idempotent !== undefined) return idempotent;
  if (method === 'GET' || method === 'HEAD') return true;
  if (method !== 'POST') return false;
  let fields = body;
  if (typeof body === 'string') {
    try { fields = JSON.parse(body); } catch { return false; }
  }
  return fields !== null && typeof fields === 'object' && DEDUPLICATING_FIELDS.some((f) => typeof fields[f] === 'string' && fields[f] !== '');
}

/** Whether an attempt that failed with `error` is worth repeating (a transient failure). */
export function retryable(error) {
  if (!(error instanceof WechatPayError)) return false;
  if (RETRYABLE_CODES.has(error.code)) return true;
  if (VERIFICATION_CODES.has(error.code)) return false;
  return error.status === 429 || (error.status >= 500 && error.status <= 599);
}

/** Exponential backoff with jitter: half the step fixed, half random, capped. */
export function backoffDelay(attempt, base, random = Math.random) {
  const step = Math.min(MAX_RETRY_DELAY_MS, base * 2 ** (attempt - 1));
  return step / 2 + random() * (step / 2);
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    function onAbort() { clearTimeout(timer); reject(signal.reason); }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Calls hook `name`; a hook that throws (or rejects) is reported once to onError, else to the console. */
function emit(hooks, name, info) {
  const hook = hooks[name];
  if (!hook) return;
  const report = (e) => {
    const failure = { ...info, hook: name, error: { code: 'HOOK_ERROR', message: String(e?.message ?? e) } };
    if (name !== 'onError' && hooks.onError) {
      try {
        const r = hooks.onError(failure);
        if (r && typeof r.then === 'function') r.then(undefined, (e2) => console.error('wechatpay-wasm: the onError hook failed', e2));
        return;
      } catch (e2) {
        console.error('wechatpay-wasm: the onError hook failed', e2);
        return;
      }
    }
    console.error(`wechatpay-wasm: the ${name} hook failed`, e);
  };
  try {
    const r = hook(info);
    if (r && typeof r.then === 'function') r.then(undefined, report);
  } catch (e) {
    report(e);
  }
}

/**
 * Runs `attempt({ signal, responded })` until it succeeds, fails for good or runs out of attempts.
 * `attempt` signs and sends afresh each time and calls `responded(status, requestId)` once it has
 * a response. The final error carries `.attempts`.
 */
export async function runCall(policy, { api, method, path, safe }, options, attempt) {
  const timeout = options.timeout ?? policy.timeout;
  const retries = options.retries ?? policy.retries;
  const outer = options.signal;
  const { hooks } = policy;
  const maxAttempts = safe ? retries + 1 : 1;
  for (let n = 1; ; n++) {
    const info = { api, method, path, attempt: n };
    if (outer?.aborted) throw aborted(info, outer, n - 1);
    const started = Date.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(new WechatPayError('TIMEOUT', 'timeout')); }, timeout);
    const onAbort = () => controller.abort(outer.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    let response = {};
    emit(hooks, 'onRequest', { ...info });
    try {
      const value = await attempt({
        signal: controller.signal,
        responded: (status, requestId) => {
          response = { status, requestId };
          emit(hooks, 'onResponse', { ...info, status, requestId, durationMs: Date.now() - started });
        },
      });
      return value;
    } catch (e) {
      const durationMs = Date.now() - started;
      let error = e;
      if (timedOut) {
        error = new WechatPayError('TIMEOUT', `${method} ${path} timed out after ${durationMs} ms (timeout ${timeout} ms, attempt ${n})`, { method, path, elapsedMs: durationMs, timeout, cause: e });
      } else if (outer?.aborted) {
        error = aborted(info, outer, n, e);
      }
      const again = n < maxAttempts && !outer?.aborted && retryable(error);
      emit(hooks, 'onError', {
        ...info, status: error.status ?? response.status, requestId: error.requestId ?? response.requestId, durationMs,
        error: { code: error.code ?? 'INTERNAL_ERROR', message: String(error.message ?? error) }, retrying: again,
      });
      if (!again) {
        if (error instanceof WechatPayError) error.attempts = n;
        throw error;
      }
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
    try {
      await sleep(backoffDelay(n, policy.retryDelay), outer);
    } catch {
      throw aborted(info, outer, n);
    }
  }
}

function aborted({ method, path }, signal, attempts, cause) {
  return new WechatPayError('ABORTED', `${method} ${path} was aborted by the caller's signal`, { method, path, attempts, cause: cause ?? signal.reason });
}
