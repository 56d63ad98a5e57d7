// examples/node-server as two processes behind one (imaginary) load balancer, sharing one real
// redis-server through REDIS_URL, driven by the WeChat Pay simulator: a notification delivered
// to both at once is processed exactly once, the platform certificates are downloaded once, and
// the reconciliation interval records a payment whose notification never came.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { startRedis } from './redis-harness.mjs';
import { spawnLogged } from './logged-process.mjs';

const SERVER = new URL('../../examples/node-server/server.mjs', import.meta.url).pathname;
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

async function startServer(env) {
  const server = spawnLogged(process.execPath, [SERVER], { PATH: process.env.PATH, PORT: '0', ...env }, { waits: 500 });
  server.url = (await server.logged('listening')).url;
  return server;
}

let redis;
let sim;
let dir;
let a;
let b;
let inspect;
before(async () => {
  redis = await startRedis();
  sim = await startWechatPaySimulator();
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-node-server-redis-'));
  writeFileSync(join(dir, 'apiclient_key.pem'), M.merchantPrivateKey, { mode: 0o600 });
  const env = {
    WECHATPAY_MCH_ID: M.mchId, WECHATPAY_APP_ID: M.appId, WECHATPAY_SERIAL_NO: M.merchantSerialNo, WECHATPAY_API_V3_KEY: M.apiV3Key,
    WECHATPAY_KEY_DIR: dir, WECHATPAY_BASE_URL: sim.url, REDIS_URL: redis.url, RECONCILE_AFTER_MINUTES: '0',
  };
  [a, b] = await Promise.all([startServer({ ...env, RECONCILE_INTERVAL_MS: '300' }), startServer({ ...env, RECONCILE_INTERVAL_MS: '0' })]);
  inspect = createClient({ url: redis.url });
  await inspect.connect();
});
after(async () => {
  await inspect?.close();
  for (const s of [a, b]) await s?.stop();
  await sim?.close();
  await redis?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pay = async (server, amount) => {
  const res = await fetch(`${server.url}/pay`, { method: 'POST', body: JSON.stringify({ amount, description: 'redis', openid: OPENID }) });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.outTradeNo;
};
const record = async (no) => JSON.parse(await inspect.get(`wechatpay-example:orders:${no}`));

test('one notification delivered to both processes at once is processed exactly once; the other sees the order and the certificates', async () => {
  const no = await pay(a, 41);
  await sim.pay(no, { notify: false });
  const n = sim.paymentNotification(no);
  const [toA, toB] = await Promise.all([sim.deliver(n), sim.deliver({ ...n, url: `${b.url}/notify` })]);
  assert.deepEqual([toA.status, toB.status], [204, 204]);
  // Each process logs its outcome before it answers; stdout arrives a little later.
  const outcomes = () => [...a.logs, ...b.logs].filter((l) => l.id === n.id && /^notification-(processed|duplicate)$/.test(l.event));
  for (let i = 0; i < 500 && outcomes().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(outcomes().map((l) => l.event).sort(), ['notification-duplicate', 'notification-processed'], JSON.stringify(outcomes()));
  assert.deepEqual([(await record(no)).state, (await record(no)).notifications], ['SUCCESS', [n.id]]);

  // Process B answers for the order A created, with the certificates A downloaded into Redis.
  const res = await fetch(`${b.url}/orders/${no}`);
  const view = await res.json();
  assert.deepEqual([res.status, view.tradeState, view.recorded.state], [200, 'SUCCESS', 'SUCCESS']);
  assert.equal(sim.state.certificateDownloads, 1);
  assert.ok(await inspect.get(`wechatpay:keys:wechatpay-platform-certificates-${M.mchId}`));
});

test('a payment whose notification never came is recorded by the reconciliation interval', async () => {
  const no = await pay(b, 42);
  assert.deepEqual(await inspect.zScore('wechatpay-example:unpaid', no) !== null, true);
  const { order } = await sim.pay(no, { notify: false });
  const line = await a.logged('reconciled', (l) => l.paid.includes(no));
  assert.equal(line.api, 'v3');
  const r = await record(no);
  assert.deepEqual([r.state, r.transactionId, r.reconciledByQuery, r.notifications], ['SUCCESS', order.transaction_id, true, []]);
  assert.equal(await inspect.zScore('wechatpay-example:unpaid', no), null, 'no longer unpaid');
});
