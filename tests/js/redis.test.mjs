// The Redis replay store and key store with both common clients (node-redis and ioredis) against
// a real redis-server started here on a random 127.0.0.1 port, and notifications from the WeChat
// Pay simulator: once-only processing across instances, release on onEvent failure, Redis
// stopped mid-test, and a Redis that answers garbage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { Redis } from 'ioredis';
import {
  createV3Client, PlatformKeys, handleV3Notification, memoryStore, redisReplayStore, redisKeyStore, WechatPayError,
} from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { startGarbageRedis, startRedis } from './redis-harness.mjs';
import { rejects } from './flow-helpers.mjs';

let redis;
let sim;
let client;
let keys;
const clients = [];
let seq = 0;

const CLIENTS = {
  'node-redis': async (url) => {
    const c = createClient({ url, socket: { reconnectStrategy: () => 50 } });
    c.on('error', () => {}); // reported through the failed commands
    await c.connect();
    clients.push(() => c.destroy());
    return { client: c, ready: () => c.isReady };
  },
  ioredis: async (url) => {
    const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 50, enableReadyCheck: false });
    c.on('error', () => {});
    await c.connect();
    clients.push(() => c.disconnect());
    return { client: c, ready: () => c.status === 'ready' };
  },
};

async function until(condition) {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), 'condition never became true');
}

/** A paid v3 order and its signed, encrypted TRANSACTION.SUCCESS notification (not delivered). */
async function paidNotification() {
  const no = `REDIS${Date.now()}${seq++}`;
  await client.jsapiOrder({ description: 'redis', out_trade_no: no, amount: { total: 3 }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } });
  await sim.pay(no, { notify: false });
  const n = sim.paymentNotification(no);
  return { no, id: n.id, input: { headers: n.headers, body: n.body } };
}

before(async () => {
  redis = await startRedis();
  sim = await startWechatPaySimulator();
  keys = new PlatformKeys({ apiV3Key: M.apiV3Key, store: memoryStore() });
  client = createV3Client({ mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, appId: M.appId, notifyUrl: 'http://127.0.0.1:9/n', baseUrl: sim.url, keys });
});
after(async () => {
  for (const close of clients) await close();
  await sim?.close();
  await redis?.close();
});

test('a client that is neither node-redis nor ioredis, a bad ttl or timeout → INVALID_ARGUMENT', async () => {
  const { client: c } = await CLIENTS.ioredis(redis.url);
  for (const make of [() => redisReplayStore({ get() {} }), () => redisKeyStore(null), () => redisReplayStore(c, { ttl: 0 }), () => redisReplayStore(c, { timeout: -1 }), () => redisKeyStore(c, { timeout: 0 })]) {
    assert.throws(make, (e) => e instanceof WechatPayError && e.code === 'INVALID_ARGUMENT');
  }
});

for (const [kind, connect] of Object.entries(CLIENTS)) {
  test(`${kind}: SET NX with expiry — seen once, a duplicate after, released on delete; the key store round-trips`, async () => {
    const { client: c } = await connect(redis.url);
    const store = redisReplayStore(c, { prefix: `t:${kind}:`, ttl: 600 });
    assert.equal(store.kind, `redis (${kind})`);
    const id = `v3:${kind}-${Date.now()}`;
    assert.equal(await store.seen(id), false);
    assert.equal(await store.seen(id), true);
    const ttl = Number(await c.ttl(`t:${kind}:${id}`));
    assert.ok(ttl > 590 && ttl <= 600, `ttl ${ttl}`);
    await store.delete(id);
    assert.equal(await store.seen(id), false, 'released: the next delivery is processed');

    const files = redisKeyStore(c, { prefix: `k:${kind}:` });
    assert.equal(await files.get('cert.json'), undefined);
    await files.put('cert.json', '{"a":1}');
    assert.equal(await files.get('cert.json'), '{"a":1}');
    assert.equal(await c.get(`k:${kind}:cert.json`), '{"a":1}');
  });

  test(`${kind}: two instances, one notification delivered to both at once → processed exactly once; onEvent failure releases it`, async () => {
    const a = redisReplayStore((await connect(redis.url)).client);
    const b = redisReplayStore((await connect(redis.url)).client);
    const { id, input } = await paidNotification();
    const processed = [];
    const handle = (store, name) => handleV3Notification(input, { apiV3Key: M.apiV3Key, keys, replayStore: store, onEvent: (e) => { processed.push([name, e.id]); } });
    const results = await Promise.all([handle(a, 'a'), handle(b, 'b'), handle(a, 'a'), handle(b, 'b')]);
    assert.equal(processed.length, 1, JSON.stringify(processed));
    assert.equal(processed[0][1], id);
    assert.deepEqual(results.map((r) => r.ack.status), [204, 204, 204, 204]);
    assert.equal(results.filter((r) => r.duplicate).length, 3);

    const second = await paidNotification();
    const failing = await handleV3Notification(second.input, { apiV3Key: M.apiV3Key, keys, replayStore: a, onEvent: () => { throw new Error('database down'); } });
    assert.deepEqual([failing.ack.status, failing.error.code], [500, 'HANDLER_ERROR']);
    const retried = await handleV3Notification(second.input, { apiV3Key: M.apiV3Key, keys, replayStore: b, onEvent: (e) => { processed.push(['b', e.id]); } });
    assert.deepEqual([retried.ack.status, retried.duplicate, processed.at(-1)], [204, false, ['b', second.id]]);
  });

  test(`${kind}: Redis stopped mid-test → 500 and nothing processed; after it returns the redelivery is processed once`, async () => {
    const { client: c, ready } = await connect(redis.url);
    const store = redisReplayStore(c, { timeout: 300 });
    const warm = await paidNotification();
    const processed = [];
    const handle = (input) => handleV3Notification(input, { apiV3Key: M.apiV3Key, keys, replayStore: store, onEvent: (e) => { processed.push(e.id); } });
    assert.equal((await handle(warm.input)).ack.status, 204);

    const { id, input } = await paidNotification();
    await redis.stop({ save: true });
    const down = await handle(input);
    assert.deepEqual([down.ok, down.ack.status, JSON.parse(down.ack.body), down.error.code], [false, 500, { code: 'FAIL', message: 'replay store unavailable' }, 'REPLAY_STORE_ERROR']);
    assert.deepEqual(processed, [warm.id]);

    await redis.start();
    await until(ready);
    const back = await handle(input);
    assert.deepEqual([back.ok, back.duplicate, back.ack.status], [true, false, 204], back.error?.message);
    const again = await handle(input);
    assert.deepEqual([again.duplicate, again.ack.status], [true, 204]);
    assert.equal((await handle(warm.input)).duplicate, true, 'the data survived the restart');
    assert.deepEqual(processed, [warm.id, id]);
  });

  test(`${kind}: a Redis answering garbage is REPLAY_STORE_ERROR / STORE_ERROR, never a processed duplicate`, async () => {
    // An integer or an array where OK / nil belongs, a status that is not OK, bytes that are not RESP.
    for (const reply of [':42\r\n', '*1\r\n$2\r\nOK\r\n', '+QUEUED\r\n', '?what\r\n']) {
      const fake = await startGarbageRedis(reply);
      try {
        const { client: c } = await connect(fake.url);
        const store = redisReplayStore(c, { timeout: 500 });
        const { input } = await paidNotification();
        let calls = 0;
        const r = await handleV3Notification(input, { apiV3Key: M.apiV3Key, keys, replayStore: store, onEvent: () => { calls++; } });
        assert.deepEqual([r.ok, r.duplicate, r.ack.status, r.error.code, calls], [false, false, 500, 'REPLAY_STORE_ERROR', 0], reply);
        if (reply.startsWith(':') || reply.startsWith('*')) assert.equal((await rejects(redisKeyStore(c, { timeout: 500 }).get('x'))).code, 'STORE_ERROR');
      } finally {
        await fake.close();
      }
    }
  });
}

test('platform certificates in Redis: the second instance verifies without downloading', async () => {
  const { client: c } = await CLIENTS['node-redis'](redis.url);
  const { client: d } = await CLIENTS.ioredis(redis.url);
  const downloads = sim.state.certificateDownloads;
  const first = new PlatformKeys({ apiV3Key: M.apiV3Key, store: redisKeyStore(c) });
  const one = createV3Client({ mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, baseUrl: sim.url, keys: first });
  await one.queryOrder('REDISNOSUCH1').catch((e) => assert.equal(e.code, 'ORDER_NOT_EXIST'));
  assert.equal(sim.state.certificateDownloads, downloads + 1);
  const second = new PlatformKeys({ apiV3Key: M.apiV3Key, store: redisKeyStore(d) });
  const two = createV3Client({ mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, baseUrl: sim.url, keys: second });
  await two.queryOrder('REDISNOSUCH1').catch((e) => assert.equal(e.code, 'ORDER_NOT_EXIST'));
  assert.equal(sim.state.certificateDownloads, downloads + 1, 'loaded from Redis');
  assert.deepEqual(second.ids(), [M.platformCertificates[0].serialNo]);
});
