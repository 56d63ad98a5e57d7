// Notification handlers: verify, decrypt, deduplicate, and say exactly what to answer WeChat Pay.
// Runtime-neutral. They never throw for a bad notification: the result carries the error and the
// failure ack (WeChat Pay then redelivers, or — for a forgery — gives up eventually).
import { v2 } from './v2.js';
import { WechatPayError } from './errors.js';
import { v3 } from './v3.js';
import { verifyV2Sign } from './client-v2.js';
import { PlatformKeys, withKeys } from './platform-keys.js';
import { memoryReplayStore } from './replay.js';
import { requestParts, toText } from './http.js';

let defaultReplayStore;
/** The process-/isolate-wide in-memory replay store used when none is given. */
export function defaultReplay() {
  defaultReplayStore ??= memoryReplayStore();
  return defaultReplayStore;
}

const V3_SUCCESS_ACK = Object.freeze({ status: 204, headers: Object.freeze({}), body: '' });

/** The v3 failure answer: 4xx/5xx with `{"code":"FAIL","message":…}`. */
function v3FailAck(status, message) {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'FAIL', message }) };
}
function v2Ack(ok, message) {
  return { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: v2.notificationAck(ok, message) };
}

/** A fetch Response for an ack (Workers, Deno, Node ≥ 18 servers built on fetch). */
export function ackResponse(ack) {
  return new Response(ack.body === '' ? null : ack.body, { status: ack.status, headers: ack.headers });
}

function asError(e) {
  return e instanceof WechatPayError ? e : new WechatPayError('HANDLER_ERROR', String(e?.message ?? e), { cause: e });
}

/**
 * Runs the replay check and the optional `onEvent` callback. If `onEvent` throws, the id is
 * forgotten again and the failure ack is returned, so WeChat Pay's redelivery is processed.
 */
async function dedupeAndProcess({ replayStore, key, event, onEvent, success, failure, base }) {
  const store = replayStore === undefined ? defaultReplay() : replayStore;
  let duplicate = false;
  if (store) {
    try {
      duplicate = await store.seen(key);
    } catch (e) {
      return { ...base, ok: false, event, duplicate: false, error: asError(e), ack: failure(500, 'replay store unavailable') };
    }
  }
  if (!duplicate && onEvent) {
    try {
      await onEvent(event, base);
    } catch (e) {
      if (store?.delete) {
        try { await store.delete(key); } catch { /* the redelivery will be reported as duplicate: nothing better to do */ }
      }
      return { ...base, ok: false, event, duplicate: false, error: asError(e), ack: failure(500, 'processing failed') };
    }
  }
  return { ...base, ok: true, event, duplicate, ack: success };
}

/**
 * API v2 (XML) payment and refund notifications.
 *
 * `input`: the raw XML (string or bytes), a fetch Request, or `{ body }`.
 * Options: `key` (API key), `signType` (the sign type you order with, used when the
 * notification has no sign_type; default MD5), `mchId`/`appId` (checked when given),
 * `replayStore` (default: in-memory; null disables), `onEvent(event, info)`.
 *
 * Payments are verified by `sign`; refunds (no sign) by decrypting `req_info` with md5(key).
 * Resolves `{ ok, type: 'payment'|'refund', id, event, duplicate, ack, error? }`: `event` is the
 * verified fields (refund: outer fields + decrypted req_info), `id` the transaction_id
 * (refund: out_refund_no), `ack` `{ status, headers, body }` — send exactly that.
 */
export async function handleV2Notification(input, options) {
  try {
    return await v2Notification(input, options ?? {});
  } catch (e) { // never throws: whatever escaped above (a caller's odd options) is a failure ack
    const error = asError(e);
    return { ok: false, type: undefined, id: undefined, event: null, duplicate: false, error, ack: v2Ack(false, error.code) };
  }
}

async function v2Notification(input, options) {
  const { key, signType = 'MD5', mchId, appId, replayStore, onEvent } = options;
  let xml;
  let type;
  let event;
  try {
    if (typeof key !== 'string' || !key) throw new WechatPayError('INVALID_ARGUMENT', 'options.key (the API v2 key) is required');
    xml = typeof input === 'string' ? input : toText(input) ?? (await requestParts(input)).body;
    const outer = v2.fromXml(xml);
    if (outer.return_code !== 'SUCCESS') throw new WechatPayError('NOTIFY_RETURN_FAIL', `notification return_code is ${JSON.stringify(outer.return_code ?? '')}: ${outer.return_msg ?? ''}`);
    if ('req_info' in outer) {
      type = 'refund';
      event = v2.parseRefundNotification(xml, key);
    } else {
      type = 'payment';
      verifyV2Sign(outer, key, signType);
      event = outer;
    }
    if (mchId !== undefined && event.mch_id !== mchId) throw new WechatPayError('NOTIFY_MISMATCH', `notification mch_id ${event.mch_id} is not ${mchId}`);
    if (appId !== undefined && event.appid !== appId) throw new WechatPayError('NOTIFY_MISMATCH', `notification appid ${event.appid} is not ${appId}`);
  } catch (e) {
    const error = asError(e);
    return { ok: false, type, id: undefined, event: null, duplicate: false, error, ack: v2Ack(false, error.code) };
  }
  const id = type === 'refund' ? event.out_refund_no : event.transaction_id || event.out_trade_no;
  if (!id) {
    const error = new WechatPayError('NOTIFY_INVALID', `the ${type} notification has no ${type === 'refund' ? 'out_refund_no' : 'transaction_id'}`);
    return { ok: false, type, id, event: null, duplicate: false, error, ack: v2Ack(false, error.code) };
  }
  // A refund's status changes (PROCESSING → SUCCESS / CHANGE): each status is its own event.
  const replayKey = type === 'refund' ? `v2:refund:${id}:${event.refund_status ?? ''}` : `v2:payment:${id}`;
  return dedupeAndProcess({
    replayStore, key: replayKey, event, onEvent, base: { type, id },
    success: v2Ack(true), failure: (_status, message) => v2Ack(false, message),
  });
}

/** HTTP status of the v3 failure ack for an error code: authentication failures 401, the rest 400. */
function v3FailureStatus(code) {
  return ['SIGN_MISMATCH', 'SERIAL_UNKNOWN', 'TIMESTAMP_SKEW', 'HEADER_INVALID', 'SIGNTEST_PROBE'].includes(code) ? 401 : 400;
}

/**
 * API v3 (JSON) notifications: verifies the Wechatpay-* signature (with `keys`: a PlatformKeys,
 * which refreshes once on an unknown serial, or a fixed v3 Verifier), enforces the timestamp
 * window (`maxSkew` seconds, default 300; `now` in Unix seconds, default the clock), decrypts
 * the resource with `apiV3Key`, deduplicates by the notification `id`.
 *
 * `input`: a fetch Request or `{ headers, body }` (the raw body text: never re-serialized JSON).
 * Resolves `{ ok, id, event, duplicate, ack, error? }` with `event` = `{ id, create_time,
 * event_type, resource_type, summary, original_type, resource }` (resource decrypted and
 * parsed) and `ack` = 204 (success) or 4xx/5xx `{"code":"FAIL","message":…}`.
 */
export async function handleV3Notification(input, options) {
  try {
    return await v3Notification(input, options ?? {});
  } catch (e) {
    const error = asError(e);
    return { ok: false, id: undefined, event: null, duplicate: false, error, ack: v3FailAck(v3FailureStatus(error.code), error.code) };
  }
}

async function v3Notification(input, options) {
  const { apiV3Key, keys, replayStore, onEvent, now, maxSkew } = options;
  let event;
  try {
    if (typeof apiV3Key !== 'string' || !apiV3Key) throw new WechatPayError('INVALID_ARGUMENT', 'options.apiV3Key is required');
    if (!keys) throw new WechatPayError('INVALID_ARGUMENT', 'options.keys (a PlatformKeys or a v3 Verifier) is required');
    const { headers, body } = await requestParts(input);
    const at = now ?? (keys instanceof PlatformKeys ? keys.now() : undefined);
    event = await withKeys(keys, (verifier) => v3.parseNotification({ headers, body, apiV3Key, verifier, now: at, maxSkew }));
  } catch (e) {
    const error = asError(e);
    return { ok: false, id: undefined, event: null, duplicate: false, error, ack: v3FailAck(v3FailureStatus(error.code), error.code) };
  }
  return dedupeAndProcess({
    replayStore, key: `v3:${event.id}`, event, onEvent, base: { id: event.id },
    success: V3_SUCCESS_ACK, failure: v3FailAck,
  });
}
