// Alipay inside real workerd, through the package's `workerd` export condition: the vectors,
// and createAlipayClient with workerd's fetch against the Node gateway simulator on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import crypto from 'node:crypto';
import { startWorker } from './harness.mjs';
import { startAlipaySimulator, signContent, ALIPAY_TEST_MATERIAL as M } from '../simulator/alipay.mjs';

const vectors = JSON.parse(readFileSync(new URL('../vectors/alipay/expected.json', import.meta.url), 'utf8'));
const bare = (pem) => pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');

let worker;
let sim;
before(async () => {
  worker = await startWorker(new URL('./alipay-worker.mjs', import.meta.url).pathname);
  sim = await startAlipaySimulator();
});
after(async () => { await worker?.dispose(); await sim?.close(); });

const post = async (path, body) => (await worker.fetch(path, { method: 'POST', body: JSON.stringify(body) })).json();

test('the Worker bundle is the workerd build and imports no node: module', () => {
  assert.match(worker.code, /from "\.\/wechatpay_wasm_bg\.wasm"/);
  assert.doesNotMatch(worker.code, /from\s*["']node:|require\(["']node:/);
});

test('Alipay vectors inside workerd (keys as PEM and as bare base64)', async () => {
  for (const keys of [
    { appPrivateKey: M.appPrivateKey, alipayPublicKey: M.alipayPublicKey },
    { appPrivateKey: bare(M.appPrivateKey), alipayPublicKey: bare(M.alipayPublicKey) },
  ]) {
    const out = await post('/vectors', keys);
    assert.deepEqual(out.stringToSign, vectors.requests.map((r) => r.stringToSign));
    assert.deepEqual(out.sign, vectors.requests.map((r) => r.sign));
    assert.deepEqual(out.signedQuery, vectors.requests.map((r) => r.signedQuery));
    assert.deepEqual(out.notifications, vectors.notifications.map(() => true));
    assert.equal(out.tamperedNotification, 'SIGN_MISMATCH');
    assert.deepEqual(out.responses, vectors.responses.map((r) => r.node));
    assert.equal(out.tamperedResponse, 'SIGN_MISMATCH');
  }
});

test('createAlipayClient in workerd against the gateway simulator', async () => {
  const out = await post('/client', { appId: M.appId, privateKey: M.appPrivateKey, alipayPublicKey: M.alipayPublicKey, gateway: sim.gateway });
  assert.equal(out.created.code, '10000');
  assert.equal(out.created.out_trade_no, 'WORKERD-1');
  assert.deepEqual([out.queried.trade_status, out.queried.subject], ['WAIT_BUYER_PAY', '工作者 a+b&c']);
  assert.deepEqual(out.failure, { isWechatPayError: true, code: 'ALIPAY_ERROR', alipayCode: '40004', subCode: 'ACQ.TRADE_NOT_EXIST', verified: true });
  // The simulator (node:crypto) verified every request; the App order string verifies too.
  assert.equal(sim.requests.length, 3);
  const order = Object.fromEntries(new URLSearchParams(out.order));
  assert.ok(crypto.verify('sha256', Buffer.from(signContent(order)), M.appPublicKey, Buffer.from(order.sign, 'base64')));
});
