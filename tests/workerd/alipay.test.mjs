// Alipay inside real workerd, through the package's `workerd` export condition: the vectors,
// and createAlipayClient with workerd's fetch against the Node gateway simulator on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import crypto from 'node:crypto';
import { startWorker } from './harness.mjs';
import { startAlipaySimulator, signContent, ALIPAY_TEST_MATERIAL as M } from '../simulator/alipay.mjs';
import { CERT_MATERIAL as C } from '../simulator/alipay-cert-v3.mjs';
import { CERTS } from '../vectors/alipay/sdk-reference.mjs';

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

test('certificate mode, AES and OpenAPI v3 in workerd: alipay-sdk vectors and the simulator', async () => {
  const sdk = JSON.parse(readFileSync(new URL('../vectors/alipay/sdk-vectors.json', import.meta.url), 'utf8'));
  const before = sim.requests.length;
  sim.v3Next({ timestampOffsetMs: -600_000 }, { skip: 2 }); // the third v3 call's response is 10 minutes old
  const client = { appId: M.appId, privateKey: M.appPrivateKey, appCert: C.appCert, alipayCert: C.alipayCert, alipayRootCert: C.alipayRootCert, encryptKey: C.encryptKey, gateway: sim.gateway, v3Endpoint: sim.v3Endpoint };
  const out = await post('/cert-v3', { certs: CERTS, appPrivateKey: M.appPrivateKey, client });
  assert.deepEqual([out.appCertSn, out.alipayCertSn, out.rootCertSn], [sdk.appCertSn, sdk.alipayCertSn, sdk.alipayRootCertSn]);
  assert.equal(out.ecOnly, 'ALIPAY_CERT_NO_RSA');
  assert.deepEqual(out.aes, sdk.aes.vectors.map((a) => a.ciphertext));
  assert.equal(out.authorization, sdk.v3.authorization);
  assert.deepEqual([out.encrypted.code, out.encrypted.out_trade_no], ['10000', 'WORKERD-AES']);
  assert.equal(sim.requests[before].params.encrypt_type, 'AES');
  assert.equal(sim.requests[before].params.app_cert_sn, sdk.appCertSn);
  assert.deepEqual([out.created.status, out.created.data.out_trade_no], [200, 'WORKERD-V3']);
  assert.equal(out.queried.data.trade_status, 'WAIT_BUYER_PAY');
  assert.equal(out.stale, 'TIMESTAMP_SKEW');
});
