// Idempotency / replay stores for notification handlers. WeChat Pay redelivers a notification
// until it is acknowledged (v3: over about 24 h), and may deliver one twice: a store remembers
// the ids already processed, so a redelivery is reported as a duplicate instead of processed
// again.
//
//   interface ReplayStore {
//     seen(id): Promise<boolean>;     // marks `id`; true when it was already marked (and not expired)
//     delete?(id): Promise<void>;     // forgets `id` (the handler calls it when processing failed)
//   }
import { WechatPayError } from './errors.js';

/** WeChat Pay's last v3 redelivery comes about 24 h 4 min after the first: keep ids 25 h. */
export const DEFAULT_REPLAY_TTL_SECONDS = 25 * 3600;

function checkId(id) {
  if (typeof id !== 'string' || id === '' || id.length > 512) throw new WechatPayError('INVALID_ARGUMENT', 'a notification id must be a non-empty string of at most 512 characters');
  return id;
}

// A ttl that is NaN, 0 or negative would make every id expire at once: deduplication silently off.
function checkTtl(ttl) {
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) {
    throw new WechatPayError('INVALID_ARGUMENT', `ttl must be a positive number of seconds, not ${typeof ttl === 'number' ? ttl : typeof ttl}`);
  }
  return ttl;
}

/**
 * In-memory store (one process or isolate): at most `max` ids (the oldest are forgotten first),
 * each for `ttl` seconds. `clock` returns milliseconds (default Date.now).
 */
export function memoryReplayStore({ max = 10_000, ttl = DEFAULT_REPLAY_TTL_SECONDS, clock = () => Date.now() } = {}) {
  checkTtl(ttl);
  if (!Number.isSafeInteger(max) || max < 1) throw new WechatPayError('INVALID_ARGUMENT', `max must be a positive integer, not ${String(max)}`);
  if (typeof clock !== 'function') throw new WechatPayError('INVALID_ARGUMENT', 'clock must be a function returning milliseconds');
  const ids = new Map(); // id → expiry (ms); insertion order = age
  function purge(now) {
    for (const [id, expires] of ids) {
      if (expires > now) break; // later entries were added later and expire later
      ids.delete(id);
    }
  }
  return {
    kind: 'memory',
    async seen(id) {
      checkId(id);
      const now = clock();
      purge(now);
      const expires = ids.get(id);
      if (expires !== undefined && expires > now) return true;
      ids.set(id, now + ttl * 1000);
      while (ids.size > max) ids.delete(ids.keys().next().value);
      return false;
    },
    async delete(id) { ids.delete(checkId(id)); },
    get size() { return ids.size; },
  };
}

/**
 * A Durable Object that stores seen ids: export it from your Worker and bind it
 * (`[[durable_objects.bindings]] name = "WECHATPAY_REPLAY", class_name = "WechatPayReplayStore"`,
 * plus a migration with `new_classes` / `new_sqlite_classes`). A Durable Object runs one event at
 * a time and storage calls do not let another event in between them, so the check-and-mark is
 * atomic across every isolate of the Worker. Expired ids are deleted by an alarm.
 */
export class WechatPayReplayStore {
  constructor(state, env) {
    this.state = state;
    this.env = env;
  }

  async fetch(request) {
    const url = new URL(request.url);
    let input;
    try { input = await request.json(); } catch { return Response.json({ error: 'expected JSON' }, { status: 400 }); }
    const id = input?.id;
    if (typeof id !== 'string' || id === '' || id.length > 512) return Response.json({ error: 'bad id' }, { status: 400 });
    const storage = this.state.storage;
    const key = `id:${id}`;
    const now = Date.now();
    if (url.pathname === '/seen' && request.method === 'POST') {
      const ttl = Number.isFinite(input.ttl) && input.ttl > 0 ? input.ttl : DEFAULT_REPLAY_TTL_SECONDS;
      const expires = await storage.get(key);
      if (typeof expires === 'number' && expires > now) return Response.json({ seen: true });
      await storage.put(key, now + ttl * 1000);
      if ((await storage.getAlarm()) === null) await storage.setAlarm(now + ttl * 1000);
      return Response.json({ seen: false });
    }
    if (url.pathname === '/delete' && request.method === 'POST') {
      await storage.delete(key);
      return Response.json({ deleted: true });
    }
    return Response.json({ error: 'not found' }, { status: 404 });
  }

  /** Deletes expired ids and schedules the next sweep while any remain. */
  async alarm() {
    const storage = this.state.storage;
    const now = Date.now();
    let next = Infinity;
    let start;
    for (;;) {
      const page = await storage.list({ prefix: 'id:', limit: 1000, ...(start ? { startAfter: start } : {}) });
      if (page.size === 0) break;
      const expired = [];
      for (const [key, expires] of page) {
        if (typeof expires !== 'number' || expires <= now) expired.push(key);
        else next = Math.min(next, expires);
        start = key;
      }
      for (let i = 0; i < expired.length; i += 128) await storage.delete(expired.slice(i, i + 128));
      if (page.size < 1000) break;
    }
    if (next !== Infinity) await storage.setAlarm(next);
  }
}

/**
 * The client of a WechatPayReplayStore: `durableReplayStore(env.WECHATPAY_REPLAY)`. All ids go
 * to the one object named `name` (notifications are few; pass another name per merchant to
 * separate them).
 */
export function durableReplayStore(namespace, { name = 'wechatpay-replay', ttl = DEFAULT_REPLAY_TTL_SECONDS } = {}) {
  checkTtl(ttl);
  if (!namespace || typeof namespace.idFromName !== 'function' || typeof namespace.get !== 'function') {
    throw new WechatPayError('INVALID_ARGUMENT', 'durableReplayStore needs a Durable Object namespace binding (env.WECHATPAY_REPLAY)');
  }
  async function call(path, body) {
    // A stub is bound to the request that made it: make one per call (cheap), never cache it.
    const stub = namespace.get(namespace.idFromName(name));
    const res = await stub.fetch(`https://wechatpay-replay${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new WechatPayError('REPLAY_STORE_ERROR', `replay store answered HTTP ${res.status}: ${await res.text()}`);
    return res.json();
  }
  return {
    kind: 'durable-object',
    async seen(id) { return (await call('/seen', { id: checkId(id), ttl })).seen === true; },
    async delete(id) { await call('/delete', { id: checkId(id) }); },
  };
}
