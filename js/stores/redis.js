// Redis-backed shared state for servers with more than one process: a replay store (which
// notifications were processed) and a key store (the downloaded platform certificates). The
// caller passes its own connected client — node-redis (`redis`, v4+) or `ioredis` — so this
// package imports neither. Runtime-neutral code: the client does the I/O.
import { WechatPayError } from '../errors.js';
import { randomNonce } from '../http.js';
import { DEFAULT_REPLAY_TTL_SECONDS } from '../replay.js';

export const DEFAULT_REDIS_TIMEOUT_MS = 2_000;

// Deletes KEYS[1] only while it still holds this process's claim (ARGV[1]), so releasing a claim
// can never delete one another process made in the meantime.
const RELEASE_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * One function `command(name, ...args) → Promise<reply>` over either client: ioredis has
 * `call(name, ...args)`, node-redis has `sendCommand([name, ...args])`.
 */
export function redisCommand(client) {
  if (client && typeof client.call === 'function' && typeof client.status === 'string') {
    return { kind: 'ioredis', command: (...args) => client.call(...args.map(String)) };
  }
  if (client && typeof client.sendCommand === 'function' && typeof client.isOpen === 'boolean') {
    return { kind: 'node-redis', command: (...args) => client.sendCommand(args.map(String)) };
  }
  throw new WechatPayError('INVALID_ARGUMENT', 'expected a Redis client: node-redis (createClient() from "redis") or ioredis (new Redis())');
}

function checkTimeout(timeout) {
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) throw new WechatPayError('INVALID_ARGUMENT', 'timeout must be a positive number of milliseconds');
  return timeout;
}

/** `command` with a deadline: a Redis that does not answer is an error, not a hung request. */
function withDeadline(command, timeout, code) {
  return async (...args) => {
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new WechatPayError(code, `Redis did not answer ${args[0]} within ${timeout} ms`)), timeout);
    });
    try {
      return await Promise.race([command(...args), deadline]);
    } catch (e) {
      if (e instanceof WechatPayError) throw e;
      throw new WechatPayError(code, `Redis ${args[0]} failed: ${e?.message ?? e}`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  };
}

function checkId(id) {
  if (typeof id !== 'string' || id === '' || id.length > 512) throw new WechatPayError('INVALID_ARGUMENT', 'a notification id must be a non-empty string of at most 512 characters');
  return id;
}

/**
 * Replay store in Redis: `seen(id)` is `SET <prefix><id> <token> NX EX <ttl>` — atomic across
 * every process sharing the Redis — and `delete(id)` releases this process's claim (the handler
 * calls it when `onEvent` failed, so WeChat Pay's redelivery is processed). Any answer other
 * than OK / nil, a failure or no answer within `timeout` ms is REPLAY_STORE_ERROR: the handler
 * then answers 500 and WeChat Pay delivers again; a claim that may have reached Redis anyway is
 * released (by token) so that redelivery is not taken for a duplicate.
 */
export function redisReplayStore(client, { prefix = 'wechatpay:replay:', ttl = DEFAULT_REPLAY_TTL_SECONDS, timeout = DEFAULT_REDIS_TIMEOUT_MS } = {}) {
  const { kind, command: raw } = redisCommand(client);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new WechatPayError('INVALID_ARGUMENT', 'ttl must be a positive integer of seconds');
  const command = withDeadline(raw, checkTimeout(timeout), 'REPLAY_STORE_ERROR');
  const claims = new Map(); // id → token of the claims this process made recently (for release)
  const remember = (id, token) => {
    claims.delete(id);
    claims.set(id, token);
    if (claims.size > 10_000) claims.delete(claims.keys().next().value);
  };
  const release = (key, token) => command('EVAL', RELEASE_SCRIPT, 1, key, token);
  return {
    kind: `redis (${kind})`,
    async seen(id) {
      const key = prefix + checkId(id);
      const token = randomNonce(24);
      let reply;
      try {
        reply = await command('SET', key, token, 'NX', 'EX', ttl);
      } catch (e) {
        release(key, token).catch(() => {}); // queued behind the SET if the client buffers commands
        throw e;
      }
      if (reply === 'OK') {
        remember(id, token);
        return false;
      }
      if (reply === null) return true;
      release(key, token).catch(() => {});
      throw new WechatPayError('REPLAY_STORE_ERROR', `Redis answered SET NX with ${describe(reply)}, not OK or nil`);
    },
    async delete(id) {
      const key = prefix + checkId(id);
      const token = claims.get(id);
      claims.delete(id);
      if (token === undefined) await command('DEL', key);
      else await release(key, token);
    },
  };
}

/**
 * Key store in Redis (`get` / `put` / `delete` of text under `<prefix><name>`), e.g. the
 * platform certificates a PlatformKeys downloads, shared by every process:
 * `new PlatformKeys({ apiV3Key, store: redisKeyStore(redis) })`. A reply that is not text or nil
 * is STORE_ERROR.
 */
export function redisKeyStore(client, { prefix = 'wechatpay:keys:', timeout = DEFAULT_REDIS_TIMEOUT_MS } = {}) {
  const { kind, command: raw } = redisCommand(client);
  const command = withDeadline(raw, checkTimeout(timeout), 'STORE_ERROR');
  const keyOf = (name) => {
    if (typeof name !== 'string' || name === '') throw new WechatPayError('INVALID_ARGUMENT', 'a key name must be a non-empty string');
    return prefix + name;
  };
  return {
    kind: `redis (${kind})`,
    async get(name) {
      const reply = await command('GET', keyOf(name));
      if (reply === null || reply === undefined) return undefined;
      if (typeof reply === 'string') return reply;
      if (reply instanceof Uint8Array) return new TextDecoder().decode(reply);
      throw new WechatPayError('STORE_ERROR', `Redis answered GET with ${describe(reply)}, not text`);
    },
    async put(name, value) {
      const text = typeof value === 'string' ? value : value instanceof Uint8Array ? new TextDecoder().decode(value) : undefined;
      if (text === undefined) throw new WechatPayError('INVALID_ARGUMENT', 'a key store value must be a string or bytes');
      const reply = await command('SET', keyOf(name), text);
      if (reply !== 'OK') throw new WechatPayError('STORE_ERROR', `Redis answered SET with ${describe(reply)}, not OK`);
    },
    async delete(name) { await command('DEL', keyOf(name)); },
  };
}

function describe(reply) {
  if (reply === null || reply === undefined) return 'nil';
  if (typeof reply === 'string') return JSON.stringify(reply.slice(0, 40));
  return Array.isArray(reply) ? 'an array' : typeof reply;
}
