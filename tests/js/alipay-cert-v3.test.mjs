// Alipay certificate mode, AES content encryption and OpenAPI v3: against alipay-sdk (the
// npm devDependency, run live: certificate SNs, the v3 authorization header with nonce and clock
// pinned, AES) and against the gateway simulator (tests/simulator/alipay.mjs +
// alipay-cert-v3.mjs, node:crypto), TEST ONLY material throughout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { alipay, createAlipayClient, WechatPayError } from 'wechatpay-wasm';
import { startAlipaySimulator, signNotification, ALIPAY_TEST_MATERIAL as M } from '../simulator/alipay.mjs';
import { CERT_MATERIAL as C, aesEncrypt as simEncrypt } from '../simulator/alipay-cert-v3.mjs';
import { sdkVectors, sdkV3Authorization, CERTS, V3, AES_KEY, AES_PLAINTEXTS } from '../vectors/alipay/sdk-reference.mjs';

const require = createRequire(import.meta.url);
const sdkUtil = require(`${require.resolve('alipay-sdk').replace(/index\.js$/, '')}util.js`);
const committed = JSON.parse(readFileSync(new URL('../vectors/alipay/sdk-vectors.json', import.meta.url), 'utf8'));

let sim;
before(async () => { sim = await startAlipaySimulator(); });
after(() => sim?.close());

function throwsCode(fn, code) {
  assert.throws(fn, (e) => e instanceof WechatPayError && e.code === code, `expected ${code}`);
}
async function rejection(promise) {
  try { await promise; } catch (e) { assert.ok(e instanceof WechatPayError, `not a WechatPayError: ${e?.stack ?? e}`); return e; }
  assert.fail('expected a rejection');
}

const certClient = (options = {}) => createAlipayClient({
  appId: M.appId, privateKey: M.appPrivateKey, appCert: C.appCert, alipayCert: C.alipayCert, alipayRootCert: C.alipayRootCert,
  encryptKey: C.encryptKey, gateway: sim.gateway, v3Endpoint: sim.v3Endpoint, ...options,
});
const keyClient = (options = {}) => createAlipayClient({
  appId: M.appId, privateKey: M.appPrivateKey, alipayPublicKey: M.alipayPublicKey, encryptKey: C.encryptKey,
  gateway: sim.gateway, v3Endpoint: sim.v3Endpoint, ...options,
});

test('the committed alipay-sdk vectors are what alipay-sdk computes now', async () => {
  assert.deepEqual(await sdkVectors(), committed);
});

test('certificate SNs equal alipay-sdk\'s (non-ASCII DNs, a comma in a value, leaf + intermediate file, RSA roots only)', () => {
  assert.equal(alipay.certSn(CERTS.app), committed.appCertSn);
  assert.equal(alipay.certSn(CERTS.alipay), committed.alipayCertSn);
  assert.equal(alipay.rootCertSn(CERTS.root), committed.alipayRootCertSn);
  assert.equal(alipay.certSn(new TextEncoder().encode(CERTS.app)), committed.appCertSn); // bytes as read from a file
  // alipay-sdk sends an empty SN for a bundle without RSA certificates; we refuse it.
  assert.equal(committed.rootEcOnlySn, '');
  throwsCode(() => alipay.rootCertSn(CERTS.rootEcOnly), 'ALIPAY_CERT_NO_RSA');
  for (const bad of ['', 'garbage', CERTS.app.slice(0, 300), CERTS.app.replace(/M/g, 'N')]) {
    assert.throws(() => alipay.certSn(bad), (e) => e instanceof WechatPayError && ['KEY_INVALID', 'INVALID_ARGUMENT'].includes(e.code) && !e.message.includes('MII'));
  }
});

test('the v3 authorization header equals alipay-sdk\'s byte for byte (nonce and clock pinned)', async () => {
  for (const withCert of [true, false]) {
    const sdk = await sdkV3Authorization({ appCertSn: withCert });
    const ours = alipay.v3.authorization({
      appId: V3.appId, appCertSn: withCert ? committed.appCertSn : undefined, nonce: V3.nonce, timestamp: V3.timestamp,
      method: V3.method, url: V3.path, body: sdk.body,
    }, CERTS.appPrivateKey);
    assert.equal(ours, sdk.authorization);
    if (withCert) assert.equal(sdk.rootSn, committed.alipayRootCertSn);
  }
});

test('AES content encryption equals alipay-sdk\'s (crypto-js) and node:crypto both ways', () => {
  for (const plaintext of [...AES_PLAINTEXTS, 'x'.repeat(1000)]) {
    const ours = alipay.aesEncrypt(plaintext, AES_KEY);
    assert.equal(ours, sdkUtil.aesEncryptText(plaintext, AES_KEY));
    assert.equal(ours, simEncrypt(plaintext));
    assert.equal(alipay.aesDecrypt(ours, AES_KEY), plaintext);
    assert.equal(sdkUtil.aesDecryptText(ours, AES_KEY), plaintext);
  }
  assert.equal(alipay.aesEncrypt({ a: '中' }, AES_KEY), sdkUtil.aesEncrypt({ a: '中' }, AES_KEY));
  const other = crypto.randomBytes(16).toString('base64');
  throwsCode(() => alipay.aesDecrypt(alipay.aesEncrypt('{"a":1}', AES_KEY), other), 'DECRYPT_FAILED');
  throwsCode(() => alipay.aesDecrypt('not base64!', AES_KEY), 'BASE64_INVALID');
  throwsCode(() => alipay.aesEncrypt('x', 'AAAA'), 'KEY_INVALID');
});

test('certificate mode: execute sends both SNs, the gateway verifies with the app certificate, the response names the Alipay certificate', async () => {
  const c = certClient();
  assert.deepEqual([c.appCertSn, c.alipayCertSn, c.alipayRootCertSn], [C.appCertSn, C.alipayCertSn, C.alipayRootCertSn]);
  const out = await c.execute('alipay.trade.precreate', { out_trade_no: 'CERT-1', total_amount: '1.00', subject: '证书模式' });
  assert.equal(out.code, '10000');
  const req = sim.requests.at(-1);
  assert.equal(req.params.app_cert_sn, C.appCertSn);
  assert.equal(req.params.alipay_root_cert_sn, C.alipayRootCertSn);
  assert.ok(new URLSearchParams(req.query).has('app_cert_sn'), 'SNs are common parameters (URL)');
  // Alipay rotated its certificate: the response names another SN.
  sim.tamperNext((body) => body.replace(C.alipayCertSn, '0'.repeat(32)));
  const err = await rejection(c.execute('alipay.trade.query', { out_trade_no: 'CERT-1' }));
  assert.equal(err.code, 'ALIPAY_CERT_SN_MISMATCH');
  assert.match(err.message, new RegExp(C.alipayCertSn));
  // The simulator refuses a wrong root SN (a bundle edited by hand): a verified ALIPAY_ERROR.
  const wrongRoot = await rejection(certClient({ alipayRootCert: readFileSync(new URL('../vectors/alipay/cert/root_rsa_r1.crt', import.meta.url), 'utf8') })
    .execute('alipay.trade.query', { out_trade_no: 'CERT-1' }));
  assert.deepEqual([wrongRoot.code, wrongRoot.subCode, wrongRoot.verified], ['ALIPAY_ERROR', 'isv.alipay-root-cert-sn-invalid', true]);
});

test('certificate mode: notifications verify with the Alipay certificate\'s key; another alipay_cert_sn is refused', () => {
  const c = certClient();
  const n = signNotification({ app_id: M.appId, out_trade_no: 'CERT-1', trade_status: 'TRADE_SUCCESS', total_amount: '1.00' });
  assert.equal(c.verifyNotification(n), true);
  assert.equal(c.verifyNotification(new URLSearchParams(n).toString()), true);
  const withSn = signNotification({ app_id: M.appId, out_trade_no: 'CERT-1', alipay_cert_sn: C.alipayCertSn });
  assert.equal(c.verifyNotification(withSn), true);
  const rotated = signNotification({ app_id: M.appId, out_trade_no: 'CERT-1', alipay_cert_sn: 'f'.repeat(32) });
  throwsCode(() => c.verifyNotification(rotated), 'ALIPAY_CERT_SN_MISMATCH');
  throwsCode(() => c.verifyNotification({ ...n, total_amount: '9.00' }), 'SIGN_MISMATCH');
});

test('certificate mode needs its three files, and not a public key as well', () => {
  const base = { appId: M.appId, privateKey: M.appPrivateKey };
  throwsCode(() => createAlipayClient({ ...base, appCert: C.appCert }), 'INVALID_ARGUMENT');
  throwsCode(() => createAlipayClient({ ...base, appCert: C.appCert, alipayCert: C.alipayCert, alipayRootCert: C.alipayRootCert, alipayPublicKey: M.alipayPublicKey }), 'INVALID_ARGUMENT');
  throwsCode(() => createAlipayClient({ ...base, appCert: C.appCert, alipayCert: C.alipayCert, alipayRootCert: CERTS.rootEcOnly }), 'ALIPAY_CERT_NO_RSA');
  throwsCode(() => createAlipayClient({ ...base, appCert: 'garbage', alipayCert: C.alipayCert, alipayRootCert: C.alipayRootCert }), 'KEY_INVALID');
});

test('AES: execute encrypts biz_content (encrypt_type=AES, signed after encryption) and decrypts the verified response', async () => {
  for (const c of [keyClient(), certClient()]) {
    const no = `AES-${crypto.randomUUID()}`;
    const out = await c.execute('alipay.trade.precreate', { out_trade_no: no, total_amount: '2.00', subject: '加密 a+b' }, undefined, { encrypt: true });
    assert.deepEqual([out.code, out.out_trade_no], ['10000', no]);
    const req = sim.requests.at(-1);
    assert.equal(req.params.encrypt_type, 'AES');
    assert.doesNotMatch(req.params.biz_content, /out_trade_no/);
    assert.equal(JSON.parse(sdkUtil.aesDecryptText(req.params.biz_content, AES_KEY)).out_trade_no, no);
    // The encrypted response node was verified over its quoted ciphertext (the simulator's rule).
    const q = await c.execute('alipay.trade.query', { out_trade_no: no }, undefined, { encrypt: true });
    assert.equal(q.subject, '加密 a+b');
    // Business failures come in clear and are still ALIPAY_ERROR.
    const err = await rejection(c.execute('alipay.trade.query', { out_trade_no: 'NONE' }, undefined, { encrypt: true }));
    assert.deepEqual([err.code, err.subCode, err.verified], ['ALIPAY_ERROR', 'ACQ.TRADE_NOT_EXIST', true]);
  }
  const noKey = createAlipayClient({ appId: M.appId, privateKey: M.appPrivateKey, alipayPublicKey: M.alipayPublicKey, gateway: sim.gateway });
  await assert.rejects(noKey.execute('alipay.trade.query', { out_trade_no: 'x' }, undefined, { encrypt: true }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.equal(keyClient().decrypt(simEncrypt('{"a":"中"}')), '{"a":"中"}');
});

test('v3 request: public-key and certificate mode, plain and encrypted, against the simulator', async () => {
  for (const [c, cert] of [[keyClient(), false], [certClient(), true]]) {
    for (const encrypt of [false, true]) {
      const no = `V3-${crypto.randomUUID()}`;
      const created = await c.request('POST', '/v3/alipay/trade/precreate', { out_trade_no: no, total_amount: '3.00', subject: 'v3 测试' }, { encrypt });
      assert.equal(created.status, 200);
      assert.equal(created.data.out_trade_no, no);
      const rec = sim.requests.at(-1);
      assert.equal(rec.auth.fields.app_cert_sn, cert ? C.appCertSn : undefined);
      assert.equal(rec.encrypted, encrypt);
      assert.match(created.traceId, /^trace\d+$/);
      const q = await c.request('post', '/v3/alipay/trade/query', { out_trade_no: no }, { encrypt });
      assert.deepEqual([q.data.trade_status, q.data.subject], ['WAIT_BUYER_PAY', 'v3 测试']);
    }
  }
});

test('v3 response refusals: each their own code', async () => {
  const c = certClient();
  const body = { out_trade_no: 'V3-NONE' };
  const notFound = await rejection(c.request('POST', '/v3/alipay/trade/query', body));
  assert.deepEqual([notFound.code, notFound.alipayCode, notFound.status, notFound.verified], ['ALIPAY_ERROR', 'ACQ.TRADE_NOT_EXIST', 404, true]);
  await c.request('POST', '/v3/alipay/trade/precreate', { out_trade_no: 'V3-R', total_amount: '1', subject: 's' });
  const cases = [
    [{ timestampOffsetMs: -301_000 }, 'TIMESTAMP_SKEW'],
    [{ timestampOffsetMs: 3_600_000 }, 'TIMESTAMP_SKEW'],
    [{ dropSignature: true }, 'SIGN_MISSING'],
    [{ alterBody: (t) => t.replace('V3-R', 'V3-X') }, 'SIGN_MISMATCH'],
    [{ alipaySn: 'a'.repeat(32) }, 'ALIPAY_CERT_SN_MISMATCH'],
  ];
  for (const [next, code] of cases) {
    sim.v3Next(next);
    const err = await rejection(c.request('POST', '/v3/alipay/trade/query', { out_trade_no: 'V3-R' }));
    assert.equal(err.code, code, JSON.stringify(Object.keys(next)));
  }
  // A wider window accepts what the default refuses.
  sim.v3Next({ timestampOffsetMs: -301_000 });
  assert.equal((await certClient({ maxSkew: 600 }).request('POST', '/v3/alipay/trade/query', { out_trade_no: 'V3-R' })).status, 200);
  // Signed with the wrong app key: the simulator's signed 401.
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  const badSig = await rejection(keyClient({ privateKey: other }).request('POST', '/v3/alipay/trade/query', body));
  assert.deepEqual([badSig.code, badSig.alipayCode, badSig.status, badSig.verified], ['ALIPAY_ERROR', 'invalid-signature', 401, true]);
  // Unknown app: Alipay cannot sign; reported unverified.
  const unknown = await rejection(keyClient({ appId: '2021999999999999' }).request('POST', '/v3/alipay/trade/query', body));
  assert.deepEqual([unknown.code, unknown.alipayCode, unknown.verified], ['ALIPAY_ERROR', 'invalid-app-id', false]);
  await assert.rejects(c.request('GET', '/v3/x', { a: 1 }), (e) => e.code === 'INVALID_ARGUMENT');
  await assert.rejects(c.request('POST', 'v3/x', {}), (e) => e.code === 'INVALID_ARGUMENT');
});

test('alipay.v3.verifyResponse and signContent stand alone', () => {
  const ts = String(Date.now());
  const body = '{"a":"中"}';
  const sig = crypto.sign('sha256', Buffer.from(`${ts}\nn1\n${body}\n`), M.alipayPrivateKey).toString('base64');
  const headers = { 'Alipay-Timestamp': ts, 'alipay-nonce': 'n1', 'alipay-signature': sig };
  assert.equal(alipay.v3.verifyResponse({ headers, body }, M.alipayPublicKey), true);
  assert.equal(alipay.v3.verifyResponse({ headers: new Headers(headers), body }, C.alipayCert), true);
  throwsCode(() => alipay.v3.verifyResponse({ headers, body: `${body} ` }, M.alipayPublicKey), 'SIGN_MISMATCH');
  throwsCode(() => alipay.v3.verifyResponse({ headers: { ...headers, 'alipay-signature': undefined }, body }, M.alipayPublicKey), 'SIGN_MISSING');
  throwsCode(() => alipay.v3.verifyResponse({ headers, body, now: Number(ts) + 301_000 }, M.alipayPublicKey), 'TIMESTAMP_SKEW');
  throwsCode(() => alipay.v3.verifyResponse({ headers: { ...headers, 'Alipay-Timestamp': 'x' }, body }, M.alipayPublicKey), 'HEADER_INVALID');
  assert.equal(alipay.v3.signContent({ appId: '1', nonce: 'n', timestamp: 5, method: 'GET', url: '/v3/a?b=1', appAuthToken: 't' }),
    'app_id=1,nonce=n,timestamp=5\nGET\n/v3/a?b=1\n\nt\n');
});
