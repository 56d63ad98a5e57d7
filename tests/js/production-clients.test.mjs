// Timeouts, safe retries and hooks of createV3Client / createV2Client against the WeChat Pay
// simulator: a route that never answers, a response lost after the order was created, 429 and
// SYSTEM_ERROR answers, and hooks that must never see a secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createV2Client, createV3Client, PlatformKeys, memoryStore, reconcileOrders, WechatPayError } from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { rejects } from './flow-helpers.mjs';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
let sim;
let keys;
let seq = 0;
const orderNo = () => `PROD${Date.now()}${String(seq++).padStart(4, '0')}`;

/** A v3 client whose fetch records each Authorization header and whose hooks record every call. */
function v3Client(extra = {}) {
  const sent = [];
  const events = [];
  const hooks = Object.fromEntries(['onRequest', 'onResponse', 'onError'].map((name) => [name, (info) => { events.push({ hook: name, ...info }); }]));
  const client = createV3Client({
    mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, appId: M.appId,
    notifyUrl: 'http://127.0.0.1:9/notify', baseUrl: sim.url, keys, retryDelay: 1, hooks,
    fetch: (url, init) => { sent.push(init.headers.Authorization); return fetch(url, init); },
    ...extra,
  });
  return { client, sent, events };
}
const jsapi = (client, no, opts) => client.jsapiOrder({ description: 'retry', out_trade_no: no, amount: { total: 10 }, payer: { openid: OPENID } }, opts);

before(async () => {
  sim = await startWechatPaySimulator();
  keys = new PlatformKeys({ apiV3Key: M.apiV3Key, store: memoryStore() });
  const { client } = v3Client();
  await jsapi(client, 'PRODWARMUP01'); // downloads the platform certificates once
});
after(async () => { await sim?.close(); });

test('bad input: a timeout ≤ 0 or not a number, retries < 0 or fractional, a hook that is not a function → INVALID_ARGUMENT', async () => {
  const base = { mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, keys, baseUrl: sim.url };
  for (const bad of [{ timeout: 0 }, { timeout: -5 }, { timeout: Number.NaN }, { timeout: '100' }, { retries: -1 }, { retries: 1.5 }, { retryDelay: -1 }, { hooks: { onRequest: 'log' } }, { hooks: { onSend() {} } }]) {
    assert.throws(() => createV3Client({ ...base, ...bad }), (e) => e instanceof WechatPayError && e.code === 'INVALID_ARGUMENT', JSON.stringify(bad));
    assert.throws(() => createV2Client({ appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.url, ...bad }), (e) => e.code === 'INVALID_ARGUMENT');
  }
  const client = createV3Client(base);
  const before = sim.requests.length;
  for (const bad of [{ timeout: 0 }, { timeout: -1 }, { retries: -1 }, { signal: {} }, { idempotent: 'yes' }]) {
    assert.equal((await rejects(client.queryOrder('PRODWARMUP01', bad))).code, 'INVALID_ARGUMENT', JSON.stringify(bad));
  }
  assert.equal(sim.requests.length, before, 'nothing was sent');
});

test('a route that never answers: TIMEOUT (not NETWORK_ERROR) with method, path and elapsed time; each retry is signed afresh', async () => {
  const { client, sent, events } = v3Client();
  sim.hangNext(1);
  const path = '/v3/pay/transactions/out-trade-no/PRODWARMUP01';
  const e = await rejects(client.queryOrder('PRODWARMUP01', { timeout: 150, retries: 0 }));
  assert.ok(e instanceof WechatPayError);
  assert.deepEqual([e.code, e.method, e.path, e.timeout, e.attempts], ['TIMEOUT', 'GET', `${path}?mchid=${M.mchId}`, 150, 1]);
  assert.ok(e.elapsedMs >= 140 && Number.isFinite(e.elapsedMs), `elapsed ${e.elapsedMs}`);
  assert.match(e.message, /^GET \/v3\/pay\/transactions\/out-trade-no\/PRODWARMUP01\?mchid=\d+ timed out after \d+ ms/);
  assert.equal(sim.countRequests('GET', path), 1 + 0, 'the hung request reached the simulator');

  // A GET is safe to repeat: two stalls, then the answer.
  sim.hangNext(2);
  const before = sim.countRequests('GET', path);
  const order = await client.queryOrder('PRODWARMUP01', { timeout: 150 });
  assert.equal(order.out_trade_no, 'PRODWARMUP01');
  assert.equal(sim.countRequests('GET', path) - before, 3);
  const attempts = events.filter((x) => x.path.startsWith(path) && x.hook === 'onError').slice(-2);
  assert.deepEqual(attempts.map((x) => [x.attempt, x.error.code, x.retrying]), [[1, 'TIMEOUT', true], [2, 'TIMEOUT', true]]);
  assert.deepEqual(events.filter((x) => x.hook === 'onResponse').at(-1).attempt, 3);
  const last3 = sent.slice(-3);
  assert.equal(new Set(last3).size, 3, 'three different Authorization headers (new nonce and signature each time)');
  assert.equal(new Set(last3.map((h) => /nonce_str="([^"]+)"/.exec(h)[1])).size, 3);
});

test("the caller's own AbortSignal: ABORTED, not retried; an already aborted signal sends nothing", async () => {
  const { client } = v3Client();
  const path = '/v3/pay/transactions/out-trade-no/PRODWARMUP01';
  sim.hangNext(1);
  const controller = new AbortController();
  const pending = client.queryOrder('PRODWARMUP01', { signal: controller.signal });
  while (sim.countRequests('GET', path) === 0 || !sim.requests.at(-1).hung) await new Promise((r) => setTimeout(r, 5));
  const before = sim.countRequests('GET', path);
  controller.abort();
  const e = await rejects(pending);
  assert.deepEqual([e.code, e.attempts], ['ABORTED', 1]);
  assert.equal(sim.countRequests('GET', path), before, 'no retry after the abort');
  const gone = await rejects(client.queryOrder('PRODWARMUP01', { signal: AbortSignal.abort() }));
  assert.deepEqual([gone.code, gone.attempts], ['ABORTED', 0]);
  assert.equal(sim.countRequests('GET', path), before);
});

test('a dropped response followed by a retry creates one order, not two (v3 jsapi, by out_trade_no)', async () => {
  const { client, events } = v3Client();
  const no = orderNo();
  const created = sim.state.ordersCreated;
  const sentBefore = sim.countRequests('POST', '/v3/pay/transactions/jsapi');
  sim.dropNextResponse(1);
  const { prepay_id: prepayId } = await jsapi(client, no);
  assert.equal(prepayId, sim.state.orders.get(no).prepay_id);
  assert.equal(sim.countRequests('POST', '/v3/pay/transactions/jsapi') - sentBefore, 2, 'delivered twice');
  assert.equal(sim.state.dropped > 0, true);
  assert.equal(sim.state.ordersCreated - created, 1, 'one order');
  const mine = events.filter((x) => x.path === '/v3/pay/transactions/jsapi');
  assert.deepEqual(mine.map((x) => [x.hook, x.attempt, x.error?.code, x.retrying, x.status]), [
    ['onRequest', 1, undefined, undefined, undefined], ['onError', 1, 'NETWORK_ERROR', true, undefined],
    ['onRequest', 2, undefined, undefined, undefined], ['onResponse', 2, undefined, undefined, 200],
  ]);

  // The same with a refund (out_refund_no): one refund.
  await sim.pay(no, { notify: false });
  sim.dropNextResponse(1);
  const refund = await client.refund({ out_trade_no: no, out_refund_no: `R${no}`, amount: { refund: 10, total: 10, currency: 'CNY' } });
  assert.equal(refund.refund_id, sim.state.refunds.get(`R${no}`).refund_id);
  assert.equal(sim.state.orders.get(no).refunded, 10, 'refunded once');
});

test('never repeated: a call marked idempotent: false, and a POST without a merchant number', async () => {
  const { client } = v3Client();
  const no = orderNo();
  sim.dropNextResponse(1);
  const before = sim.countRequests('POST', '/v3/pay/transactions/jsapi');
  const e = await rejects(jsapi(client, no, { idempotent: false }));
  assert.deepEqual([e.code, e.attempts], ['NETWORK_ERROR', 1]);
  assert.equal(sim.countRequests('POST', '/v3/pay/transactions/jsapi') - before, 1);
  assert.equal(sim.state.orders.get(no).trade_state, 'NOTPAY', 'created, response lost, not sent again');

  sim.failNext(500, 'SYSTEM_ERROR', '系统错误', 1);
  const other = await rejects(client.request('POST', '/v3/marketing/favor/users/o1/coupons', { stock_id: '1', appid: M.appId }));
  assert.deepEqual([other.code, other.status, other.attempts], ['SYSTEM_ERROR', 500, 1]);
});

test('429 and 5xx SYSTEM_ERROR are retried (bounded); a 4xx error is not; the final error carries its attempts', async () => {
  const { client } = v3Client();
  const path = '/v3/pay/transactions/out-trade-no/PRODWARMUP01';
  let before = sim.countRequests('GET', path);
  sim.failNext(429, 'FREQUENCY_LIMITED', '频率超限', 1);
  assert.equal((await client.queryOrder('PRODWARMUP01')).trade_state, 'NOTPAY');
  assert.equal(sim.countRequests('GET', path) - before, 2);

  before = sim.countRequests('GET', path);
  sim.failNext(500, 'SYSTEM_ERROR', '系统错误', 5);
  const e = await rejects(client.queryOrder('PRODWARMUP01'));
  assert.deepEqual([e.code, e.status, e.attempts, e.verified], ['SYSTEM_ERROR', 500, 3, true]);
  assert.equal(sim.countRequests('GET', path) - before, 3, 'retries: 2 → three attempts');
  const rest = await rejects(client.queryOrder('PRODWARMUP01', { retries: 1 })); // the two injected errors left
  assert.deepEqual([rest.code, rest.attempts], ['SYSTEM_ERROR', 2]);

  const missing = await rejects(client.queryOrder('PRODNOSUCH0001'));
  assert.deepEqual([missing.code, missing.status, missing.attempts], ['ORDER_NOT_EXIST', 404, 1]);
  const closed = orderNo();
  await jsapi(client, closed);
  sim.dropNextResponse(1);
  assert.equal(await client.closeOrder(closed), null, 'close is repeated: the second close answers 204 too');
  assert.equal(sim.state.orders.get(closed).trade_state, 'CLOSED');
});

test('API v2: a dropped unifiedorder response is retried into one order; a stalled orderquery is TIMEOUT', async () => {
  const events = [];
  const client = createV2Client({
    appId: M.appId, mchId: M.mchId, key: M.v2Key, signType: 'HMAC-SHA256', baseUrl: sim.url, retryDelay: 1,
    hooks: { onRequest: (i) => events.push(['req', i.attempt]), onResponse: (i) => events.push(['res', i.attempt, i.status]), onError: (i) => events.push(['err', i.attempt, i.error.code]) },
  });
  const no = orderNo();
  const created = sim.state.ordersCreated;
  sim.dropNextResponse(1);
  const out = await client.unifiedOrder({ body: 'v2 retry', out_trade_no: no, total_fee: 5, spbill_create_ip: '127.0.0.1', notify_url: 'http://127.0.0.1:9/n', trade_type: 'NATIVE', product_id: 'P1' });
  assert.equal(sim.state.ordersCreated - created, 1);
  assert.equal(out.prepay_id, sim.state.orders.get(no).prepayFields.prepay_id);
  assert.deepEqual(events, [['req', 1], ['err', 1, 'NETWORK_ERROR'], ['req', 2], ['res', 2, 200]]);
  sim.hangNext(1);
  const e = await rejects(client.orderQuery(no, { timeout: 150, retries: 0 }));
  assert.deepEqual([e.code, e.method, e.path, e.attempts], ['TIMEOUT', 'POST', '/pay/orderquery', 1]);
});

test('hooks see method, path, attempt, status, Request-ID and duration — never a key, a signature or a decrypted field', async () => {
  const seen = [];
  const record = (info) => { seen.push(structuredClone(info)); };
  const sent = [];
  const freshKeys = new PlatformKeys({ apiV3Key: M.apiV3Key, store: memoryStore() });
  const client = createV3Client({
    mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, appId: M.appId, keys: freshKeys,
    notifyUrl: 'http://127.0.0.1:9/notify', baseUrl: sim.url, retryDelay: 1, hooks: { onRequest: record, onResponse: record, onError: record },
    fetch: async (url, init) => { sent.push(init.headers.Authorization); const res = await fetch(url, init); return res; },
  });
  const v2client = createV2Client({ appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.url, hooks: { onRequest: record, onResponse: record, onError: record } });
  const no = orderNo();
  sim.dropNextResponse(1);
  await jsapi(client, no); // certificate download (decrypted with the API v3 key) + a retried order
  sim.failNext(400, 'PARAM_ERROR', '参数错误');
  await rejects(client.queryOrder(no));
  await v2client.orderQuery(no).catch(() => {});
  sim.tamperNextResponse();
  await rejects(client.queryOrder(no));

  const first = seen.find((x) => x.path === '/v3/pay/transactions/jsapi' && x.status === 200);
  assert.deepEqual(Object.keys(first).sort(), ['api', 'attempt', 'durationMs', 'method', 'path', 'requestId', 'status']);
  assert.match(first.requestId, /^08[0-9A-F]{32}$/);
  assert.ok(seen.some((x) => x.path === '/v3/certificates' && x.status === 200));
  assert.ok(seen.some((x) => x.error?.code === 'SIGN_MISMATCH'));

  const everything = JSON.stringify(seen);
  const platformCert = M.platformCertificates[0].cert.split('\n').filter((l) => l && !l.startsWith('-----'));
  const privateLines = M.merchantPrivateKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
  const signatures = sent.map((h) => /signature="([^"]+)"/.exec(h)[1]);
  assert.ok(signatures.length >= 5 && privateLines.length > 10 && platformCert.length > 5);
  for (const secret of [M.apiV3Key, M.v2Key, ...privateLines, ...signatures, ...platformCert, 'Authorization', 'WECHATPAY2-SHA256']) {
    assert.ok(!everything.includes(secret), `a hook received ${secret.slice(0, 12)}…`);
  }
  assert.ok(everything.includes(no), 'the scan reads what the hooks received');
});

test('a hook that throws never breaks the request: reported once to onError, or to the console when onError throws too', async () => {
  const errors = [];
  const { client } = v3Client({ hooks: { onRequest: () => { throw new Error('log sink down'); }, onResponse: async () => { throw new Error('metrics down'); }, onError: (i) => errors.push(i) } });
  assert.equal((await client.queryOrder('PRODWARMUP01')).out_trade_no, 'PRODWARMUP01');
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(errors.map((e) => [e.hook, e.error.code, e.error.message, e.attempt]), [
    ['onRequest', 'HOOK_ERROR', 'log sink down', 1], ['onResponse', 'HOOK_ERROR', 'metrics down', 1],
  ]);

  const logged = [];
  const original = console.error;
  console.error = (...args) => logged.push(args.map(String).join(' '));
  try {
    const { client: noisy } = v3Client({ hooks: { onRequest: () => { throw new Error('first'); }, onError: () => { throw new Error('second'); } } });
    assert.equal((await noisy.queryOrder('PRODWARMUP01')).out_trade_no, 'PRODWARMUP01');
    sim.failNext(404, 'ORDER_NOT_EXIST', '订单不存在');
    assert.equal((await rejects(noisy.queryOrder('PRODWARMUP01'))).code, 'ORDER_NOT_EXIST', 'the request error is the one thrown');
  } finally {
    console.error = original;
  }
  assert.equal(logged.length, 3, logged.join('\n'));
  assert.match(logged[0], /onError hook failed.*second/s);
});

test('reconcileOrders: unpaid orders older than N minutes are queried (bounded concurrency, retried) and sorted into paid, closed, pending, not found', async () => {
  let inFlight = 0;
  let most = 0;
  const { client } = v3Client({ hooks: { onRequest: () => { most = Math.max(most, ++inFlight); }, onResponse: () => { inFlight--; }, onError: (i) => { if (!i.hook) inFlight--; } } });
  const [paid, closed, pending, young] = [orderNo(), orderNo(), orderNo(), orderNo()];
  for (const no of [paid, closed, pending, young]) await jsapi(client, no);
  await sim.pay(paid, { notify: false });
  await client.closeOrder(closed);
  const now = Date.now();
  const old = new Date(now - 11 * 60_000).toISOString();
  const extra = Array.from({ length: 6 }, () => ({ outTradeNo: orderNo(), createdAt: now - 3_600_000 })); // never created at WeChat Pay
  const orders = [{ outTradeNo: paid, createdAt: old }, { outTradeNo: closed, createdAt: new Date(old) }, { outTradeNo: pending, createdAt: now - 10 * 60_000 }, { outTradeNo: young, createdAt: now - 60_000 }, ...extra];
  sim.failNext(500, 'SYSTEM_ERROR', '系统繁忙', 1);
  const before = sim.requests.length;
  const report = await reconcileOrders(client, orders, { olderThanMinutes: 10, concurrency: 3, now });
  assert.deepEqual(report.paid.map((x) => [x.outTradeNo, x.tradeState]), [[paid, 'SUCCESS']]);
  assert.equal(report.paid[0].transaction.transaction_id, sim.state.orders.get(paid).transaction_id);
  assert.deepEqual(report.closed.map((x) => [x.outTradeNo, x.tradeState]), [[closed, 'CLOSED']]);
  assert.deepEqual(report.pending.map((x) => [x.outTradeNo, x.tradeState]), [[pending, 'NOTPAY']]);
  assert.deepEqual(report.notFound.map((x) => x.outTradeNo).sort(), extra.map((x) => x.outTradeNo).sort());
  assert.deepEqual([report.failed, report.skipped], [[], [young]]);
  assert.equal(sim.requests.length - before, 9 + 1, 'nine queries, one of them retried after SYSTEM_ERROR');
  assert.equal(most, 3, 'at most three at a time');

  const v2 = createV2Client({ appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.url });
  const v2report = await reconcileOrders(v2, [{ outTradeNo: 'PRODNOSUCHV2', createdAt: 0 }]);
  assert.deepEqual(v2report.notFound.map((x) => x.outTradeNo), ['PRODNOSUCHV2']);
  for (const bad of [[null, []], [client, null], [client, [{ createdAt: 0 }]], [client, [{ outTradeNo: 'X', createdAt: 'yesterday' }]], [client, [], { concurrency: 0 }], [client, [], { olderThanMinutes: -1 }]]) {
    assert.equal((await rejects(reconcileOrders(...bad))).code, 'INVALID_ARGUMENT');
  }
});
