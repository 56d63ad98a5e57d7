// Key stores, cached key handles and replay stores (Node side; the KV and Durable Object
// versions also run inside workerd: tests/workerd/flows.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  memoryStore, envStore, kvStore, chainStores, loadPrivateKey, loadPublicKey, forgetKeys, memoryReplayStore, v3, WechatPayError,
  WechatPayReplayStore, durableReplayStore,
} from 'wechatpay-wasm';
import { fileStore } from 'wechatpay-wasm/node';
import { TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { rejects } from './flow-helpers.mjs';

/** A Workers KV namespace stand-in with KV's get(name, 'text') → string | null semantics. */
function fakeKv() {
  const map = new Map();
  return {
    map,
    async get(name, type) { assert.equal(type, 'text'); return map.has(name) ? map.get(name) : null; },
    async put(name, value) { assert.equal(typeof value, 'string'); map.set(name, value); },
    async delete(name) { map.delete(name); },
  };
}

test('memoryStore: get/put/delete; undefined when missing', async () => {
  const s = memoryStore({ a: 'A' });
  assert.equal(await s.get('a'), 'A');
  assert.equal(await s.get('b'), undefined);
  await s.put('b', new Uint8Array([1, 2]));
  assert.deepEqual(await s.get('b'), new Uint8Array([1, 2]));
  await s.delete('a');
  assert.equal(await s.get('a'), undefined);
  assert.equal((await rejects(s.get(''))).code, 'INVALID_ARGUMENT');
});

test('envStore: variables with a prefix; a one-line PEM with literal \\n is restored; bindings read as undefined', async () => {
  const oneLine = M.merchantPrivateKey.trim().replaceAll('\n', '\\n');
  const s = envStore({ WECHATPAY_KEY: oneLine, WECHATPAY_MCHID: '1900000001', WECHATPAY_KV: { get() {} } }, { prefix: 'WECHATPAY_' });
  assert.equal(await s.get('KEY'), M.merchantPrivateKey.trim());
  assert.equal(await s.get('MCHID'), '1900000001');
  assert.equal(await s.get('KV'), undefined);
  assert.equal(await s.get('MISSING'), undefined);
  assert.equal(s.put, undefined, 'read-only');
  // A real multi-line PEM and non-PEM text containing "\n" are left alone.
  const s2 = envStore({ PEM: M.merchantPrivateKey, TEXT: 'a\\nb' });
  assert.equal(await s2.get('PEM'), M.merchantPrivateKey);
  assert.equal(await s2.get('TEXT'), 'a\\nb');
  assert.throws(() => envStore(undefined), WechatPayError);
});

test('kvStore: prefixed text values; null → undefined; chainStores reads in order and writes to the first writable', async () => {
  const kv = fakeKv();
  const s = kvStore(kv, { prefix: 'wx/' });
  assert.equal(await s.get('cert'), undefined);
  await s.put('cert', 'PEM');
  await s.put('bytes', new TextEncoder().encode('文本'));
  assert.deepEqual([...kv.map.entries()], [['wx/cert', 'PEM'], ['wx/bytes', '文本']]);
  assert.equal(await s.get('cert'), 'PEM');
  const chain = chainStores(envStore({ cert: 'FROM-ENV' }), s);
  assert.equal(await chain.get('cert'), 'FROM-ENV');
  assert.equal(await chain.get('bytes'), '文本');
  await chain.put('new', 'N');
  assert.equal(kv.map.get('wx/new'), 'N');
  assert.throws(() => kvStore({}), WechatPayError);
});

test('fileStore (wechatpay-wasm/node): reads files, writes atomically with mode 0600, refuses path names', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wxstore-'));
  await writeFile(join(dir, 'apiclient_key.pem'), M.merchantPrivateKey);
  const s = fileStore(dir);
  assert.equal(await s.get('apiclient_key.pem'), M.merchantPrivateKey);
  assert.equal(await s.get('missing.pem'), undefined);
  await s.put('platform.json', '{"a":1}');
  assert.equal(await readFile(join(dir, 'platform.json'), 'utf8'), '{"a":1}');
  assert.equal((await stat(join(dir, 'platform.json'))).mode & 0o777, 0o600);
  assert.deepEqual((await readdir(dir)).sort(), ['apiclient_key.pem', 'platform.json'], 'no temporary file left');
  for (const bad of ['../etc/passwd', 'a/b', '..', '.', '', 'a\\b']) {
    const e = await rejects(s.get(bad));
    assert.ok(e instanceof WechatPayError, bad);
    assert.equal(e.code, 'INVALID_ARGUMENT');
  }
  await s.delete('platform.json');
  assert.equal(await s.get('platform.json'), undefined);
});

test('loadPrivateKey / loadPublicKey: parsed once per store and name, failures not cached, forgetKeys re-reads', async () => {
  let reads = 0;
  const backing = memoryStore({ key: M.merchantPrivateKey, cert: M.merchantCertificate });
  const s = { get: (name) => { reads += 1; return backing.get(name); }, put: backing.put };
  const [k1, k2] = await Promise.all([loadPrivateKey(s, 'key'), loadPrivateKey(s, 'key')]);
  assert.equal(k1, k2, 'the same handle');
  assert.equal(reads, 1);
  assert.equal(k1.bits, 2048);
  const cert = await loadPublicKey(s, 'cert');
  assert.equal(cert.serialNo, M.merchantSerialNo);
  assert.equal(await loadPublicKey(s, 'cert'), cert);
  assert.equal(reads, 2);

  const missing = await rejects(loadPrivateKey(s, 'nope'));
  assert.equal(missing.code, 'KEY_NOT_FOUND');
  await backing.put('nope', M.merchantPrivateKey);
  assert.equal((await loadPrivateKey(s, 'nope')).bits, 2048, 'the failure was not cached');

  await backing.put('bad', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
  assert.equal((await rejects(loadPrivateKey(s, 'bad'))).code, 'KEY_INVALID');

  forgetKeys(s);
  const k3 = await loadPrivateKey(s, 'key');
  assert.notEqual(k3, k1);
  // The handle signs like the PEM does.
  const args = { mchId: '1', serialNo: 'A', method: 'GET', url: '/', body: '', timestamp: '1700000000', nonce: 'n' };
  assert.equal(await v3.authorization({ ...args, privateKey: k3 }), await v3.authorization({ ...args, privateKey: M.merchantPrivateKey }));
});

test('memoryReplayStore: marks and reports, expires after ttl, bounded by max', async () => {
  let t = 0;
  const s = memoryReplayStore({ ttl: 10, max: 3, clock: () => t });
  assert.equal(await s.seen('a'), false);
  assert.equal(await s.seen('a'), true);
  t = 9_999;
  assert.equal(await s.seen('a'), true);
  t = 10_000;
  assert.equal(await s.seen('a'), false, 'expired after ttl seconds, then marked again');
  assert.equal(await s.seen('b'), false);
  assert.equal(await s.seen('c'), false);
  assert.equal(await s.seen('d'), false);
  assert.equal(s.size, 3);
  assert.equal(await s.seen('a'), false, 'the oldest id was evicted beyond max');
  assert.equal(await s.seen('d'), true);
  await s.delete('d');
  assert.equal(await s.seen('d'), false);
  assert.equal((await rejects(s.seen(''))).code, 'INVALID_ARGUMENT');
});

/** Durable Object storage stand-in: the get/put/delete/list/getAlarm/setAlarm subset the class uses. */
function fakeDurableState() {
  const data = new Map();
  let alarm = null;
  return {
    data,
    get alarm() { return alarm; },
    storage: {
      async get(k) { return data.get(k); },
      async put(k, v) { data.set(k, v); },
      async delete(k) { if (Array.isArray(k)) { let n = 0; for (const x of k) n += data.delete(x) ? 1 : 0; return n; } return data.delete(k); },
      async list({ prefix = '', limit = Infinity, startAfter } = {}) {
        const keys = [...data.keys()].filter((k) => k.startsWith(prefix) && (startAfter === undefined || k > startAfter)).sort().slice(0, limit);
        return new Map(keys.map((k) => [k, data.get(k)]));
      },
      async getAlarm() { return alarm; },
      async setAlarm(t) { alarm = t; },
    },
  };
}

test('WechatPayReplayStore (Durable Object class) and durableReplayStore: seen/delete over fetch, expiry, alarm sweep', async () => {
  const state = fakeDurableState();
  const object = new WechatPayReplayStore(state, {});
  const names = [];
  const namespace = {
    idFromName(name) { names.push(name); return `id:${name}`; },
    get(id) { assert.equal(id, 'id:wechatpay-replay'); return { fetch: (url, init) => object.fetch(new Request(url, init)) }; },
  };
  const store = durableReplayStore(namespace);
  assert.equal(await store.seen('EV-1'), false);
  assert.equal(await store.seen('EV-1'), true);
  assert.equal(await store.seen('EV-2'), false);
  assert.ok(state.alarm > Date.now(), 'an alarm is scheduled for the sweep');
  await store.delete('EV-2');
  assert.equal(await store.seen('EV-2'), false);
  assert.deepEqual([...state.data.keys()].sort(), ['id:EV-1', 'id:EV-2']);

  const short = durableReplayStore(namespace, { ttl: 0.001 });
  assert.equal(await short.seen('EV-3'), false);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(await short.seen('EV-3'), false, 'expired ids are new again');
  await new Promise((resolve) => setTimeout(resolve, 10));
  await object.alarm();
  assert.deepEqual([...state.data.keys()].sort(), ['id:EV-1', 'id:EV-2'], 'the sweep deleted only the expired id');
  assert.ok(state.alarm > Date.now(), 'the next sweep is scheduled');

  assert.equal((await rejects(store.seen(''))).code, 'INVALID_ARGUMENT');
  const bad = await object.fetch(new Request('https://x/seen', { method: 'POST', body: 'not json' }));
  assert.equal(bad.status, 400);
  const failing = durableReplayStore({ idFromName: () => 'x', get: () => ({ fetch: async () => new Response('boom', { status: 500 }) }) });
  assert.equal((await rejects(failing.seen('EV-9'))).code, 'REPLAY_STORE_ERROR');
  assert.throws(() => durableReplayStore({}), WechatPayError);
});
