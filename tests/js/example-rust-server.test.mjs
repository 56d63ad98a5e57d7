// examples/rust-server (the Rust crate used by a Rust merchant server: tiny_http + ureq) as a
// merchant runs it: built by cargo (incremental; `cargo test` already built it in `make test`),
// a child process configured by environment variables, listening on 127.0.0.1 on a random port
// (PORT=0), against the WeChat Pay simulator, which posts its notifications to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { v3PaySignValid } from './flow-helpers.mjs';
import { spawnLogged } from './logged-process.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const BINARY = join(ROOT, 'target/debug/examples/rust-server');
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

let sim;
let dir;
let server;

async function startServer(env) {
  const s = spawnLogged(BINARY, [], { PATH: process.env.PATH, PORT: '0', ...env });
  const first = await Promise.race([s.logged('listening').then((l) => ({ listening: l })), s.exited.then((e) => ({ exited: e }))]);
  if (first.exited) return Object.assign(s, { exit: first.exited });
  s.url = first.listening.url;
  return s;
}

const baseEnv = () => ({
  WECHATPAY_MCH_ID: M.mchId,
  WECHATPAY_APP_ID: M.appId,
  WECHATPAY_SERIAL_NO: M.merchantSerialNo,
  WECHATPAY_API_V3_KEY: M.apiV3Key,
  WECHATPAY_PRIVATE_KEY_FILE: join(dir, 'apiclient_key.pem'),
  WECHATPAY_BASE_URL: sim.url,
});

async function payOrder(amount, description = 'Image形象店-深圳腾大-QQ公仔') {
  const res = await fetch(`${server.url}/pay`, { method: 'POST', body: JSON.stringify({ amount, description, openid: OPENID }) });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

before(async () => {
  const build = spawnSync('cargo', ['build', '--quiet', '--example', 'rust-server'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  sim = await startWechatPaySimulator();
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-rust-server-'));
  writeFileSync(join(dir, 'apiclient_key.pem'), M.merchantPrivateKey, { mode: 0o600 });
  server = await startServer(baseEnv());
  assert.ok(server.url, `the server did not start: ${server.stderr}`);
});
after(async () => {
  if (server?.child.exitCode === null) await server.stop();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('refuses to start without configuration, naming what is missing', async () => {
  const bare = await startServer({ WECHATPAY_PRIVATE_KEY_FILE: join(dir, 'apiclient_key.pem') });
  assert.equal(bare.exit.code, 1);
  assert.match(bare.stderr, /not configured: WECHATPAY_MCH_ID/);
});

test('downloads and verifies the platform certificates, then POST /pay: a JSAPI order and wx.requestPayment parameters whose paySign verifies (node:crypto)', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual((await server.logged('certificates')).serials, [M.platformCertificates[0].serialNo]);
  const { outTradeNo, requestPayment } = await payOrder(888);
  const order = sim.state.orders.get(outTradeNo);
  assert.ok(order, 'the order exists in the simulator');
  assert.deepEqual(
    [order.api, order.trade_type, order.trade_state, order.amount.total, order.payer.openid, order.notify_url],
    ['v3', 'JSAPI', 'NOTPAY', 888, OPENID, `${server.url}/notify`],
  );
  assert.deepEqual([requestPayment.appId, requestPayment.package, requestPayment.signType], [M.appId, `prepay_id=${order.prepay_id}`, 'RSA']);
  assert.match(requestPayment.timeStamp, /^\d{10}$/);
  assert.match(requestPayment.nonceStr, /^[A-Za-z0-9]{32}$/);
  assert.equal(v3PaySignValid(requestPayment, M.merchantCertificate), true);
  assert.equal(v3PaySignValid({ ...requestPayment, package: `${requestPayment.package}x` }, M.merchantCertificate), false, 'the check can fail');
});

test('payment notification: 204 and processed once; the redelivery is acked 204 as a duplicate', async () => {
  const { outTradeNo } = await payOrder(1, '一分钱');
  const { order, delivery } = await sim.pay(outTradeNo);
  assert.deepEqual([delivery.status, delivery.responseBody, delivery.ok], [204, '', true]);
  const processed = await server.logged('notification-processed', (l) => l.id === delivery.id);
  assert.deepEqual([processed.outTradeNo, processed.transactionId], [outTradeNo, order.transaction_id]);
  const again = await sim.redeliver();
  assert.deepEqual([again.status, again.responseBody], [204, '']);
  await server.logged('notification-duplicate', (l) => l.id === delivery.id);
});

test('bad notifications get the same FAIL acks as the Node handler: tampered 401 SIGN_MISMATCH, no headers 401 HEADER_INVALID, a body changed after signing 401', async () => {
  const { outTradeNo } = await payOrder(30, 'tamper');
  sim.tamperNextResponse();
  const { delivery } = await sim.pay(outTradeNo);
  assert.deepEqual([delivery.status, JSON.parse(delivery.responseBody)], [401, { code: 'FAIL', message: 'SIGN_MISMATCH' }]);

  const bare = await fetch(`${server.url}/notify`, { method: 'POST', body: '{}' });
  assert.deepEqual([bare.status, await bare.json()], [401, { code: 'FAIL', message: 'HEADER_INVALID' }]);

  // The genuine notification is accepted; the same with one byte appended is not.
  const n = sim.paymentNotification(outTradeNo);
  const res = await fetch(`${server.url}/notify`, { method: 'POST', headers: n.headers, body: n.body });
  assert.equal(res.status, 204, 'the genuine redelivery of the tampered one is accepted');
  const signedJunk = await fetch(`${server.url}/notify`, { method: 'POST', headers: n.headers, body: `${n.body} ` });
  assert.deepEqual([signedJunk.status, await signedJunk.json()], [401, { code: 'FAIL', message: 'SIGN_MISMATCH' }]);
});

test('a new platform certificate: the first response signed with it makes the server download them once more; its notifications then verify', async () => {
  const downloads = sim.state.certificateDownloads;
  sim.rotateCertificate();
  const { outTradeNo } = await payOrder(5, 'rotation');
  assert.equal(sim.state.certificateDownloads, downloads + 1);
  const serials = (await server.logged('certificates', (l) => l.serials.length === 2)).serials;
  assert.deepEqual(serials.sort(), M.platformCertificates.map((p) => p.serialNo).sort());
  const { delivery } = await sim.pay(outTradeNo);
  assert.deepEqual([delivery.status, delivery.ok, delivery.headers['Wechatpay-Serial']], [204, true, M.platformCertificates[1].serialNo], delivery.responseBody);
  assert.equal(sim.state.certificateDownloads, downloads + 1);
});
