// .p12 merchant certificates in Node: openP12 against what node:crypto reads from the same
// TEST ONLY files' sources (tests/vectors/p12, made by openssl pkcs12 -export), and
// createV3Client taking the certificate instead of serialNo against the simulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openP12, certificateInfo, createV3Client, v3, WechatPayError } from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';

const vector = (p) => readFileSync(new URL(`../vectors/${p}`, import.meta.url));
const expected = JSON.parse(vector('p12/expected.json'));
const seconds = (date) => Math.floor(Date.parse(date) / 1000);

test('openP12 opens every OpenSSL generation: certificate, key, serial and validity as node:crypto reads them', () => {
  for (const [name, e] of Object.entries(expected)) {
    const source = name.startsWith('client') ? { cert: 'tls/client.pem', key: 'tls/client_key.pem' } : { cert: 'v3/cert.pem', key: 'v3/private_pkcs8.pem' };
    const x509 = new crypto.X509Certificate(vector(source.cert));
    const p12 = openP12(vector(`p12/${name}.p12`), e.password);
    assert.equal(p12.serialNo, x509.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, ''), name);
    assert.equal(p12.notBefore, seconds(x509.validFrom), name);
    assert.equal(p12.notAfter, seconds(x509.validTo), name);
    assert.equal(new crypto.X509Certificate(p12.certificatePem).fingerprint256, x509.fingerprint256, name);
    const original = crypto.createPrivateKey(vector(source.key)).export({ type: 'pkcs8', format: 'der' });
    assert.deepEqual(crypto.createPrivateKey(p12.privateKeyPem).export({ type: 'pkcs8', format: 'der' }), original, name);
    // The handle signs what node:crypto verifies with the certificate.
    assert.equal(String(p12.privateKey), '[object WechatPayPrivateKey]');
    p12.privateKey.free();
    p12.certificate.free();
  }
  // Base64 text and an ArrayBuffer work as well as a Buffer.
  const bytes = vector('p12/merchant_aes.p12');
  assert.equal(openP12(bytes.toString('base64'), '1900000001').serialNo, expected.merchant_aes.serialNo);
  assert.equal(openP12(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), '1900000001').serialNo, expected.merchant_aes.serialNo);
});

test('a wrong password, an unsupported algorithm and garbage each have their code, and no error quotes the bytes or the password', () => {
  const codeOf = (fn) => { try { fn(); } catch (e) { assert.ok(e instanceof WechatPayError); return e; } assert.fail('no error'); };
  const wrong = codeOf(() => openP12(vector('p12/merchant_legacy.p12'), 'secret-guess'));
  assert.equal(wrong.code, 'P12_PASSWORD');
  assert.ok(!wrong.message.includes('secret-guess'));
  assert.equal(codeOf(() => openP12(vector('p12/merchant_aes.p12'), '1900000002')).code, 'P12_PASSWORD');
  assert.equal(codeOf(() => openP12(vector('p12/rc4.p12'), '1900000001')).code, 'P12_UNSUPPORTED');
  assert.equal(codeOf(() => openP12(vector('p12/cert_only.p12'), '1900000001')).code, 'P12_INVALID');
  const bytes = vector('p12/merchant_aes.p12');
  const truncated = codeOf(() => openP12(bytes.subarray(0, 1000), '1900000001'));
  assert.equal(truncated.code, 'P12_INVALID');
  assert.ok(!truncated.message.includes(bytes.subarray(0, 8).toString('base64')));
  assert.equal(codeOf(() => openP12(crypto.randomBytes(2048), '1900000001')).code, 'P12_INVALID');
  assert.equal(codeOf(() => openP12(vector('v3/cert.pem').toString(), '1900000001')).code, 'INVALID_ARGUMENT');
  assert.equal(codeOf(() => openP12(bytes)).code, 'INVALID_ARGUMENT');
});

test('certificateInfo: serial and validity of a PEM certificate as node:crypto reads them', () => {
  for (const file of ['v3/cert.pem', 'v3/cert_highbit.pem', 'tls/client.pem']) {
    const x509 = new crypto.X509Certificate(vector(file));
    const info = certificateInfo(vector(file).toString());
    assert.deepEqual(info, { serialNo: x509.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, ''), notBefore: seconds(x509.validFrom), notAfter: seconds(x509.validTo), bits: 2048 });
  }
  assert.throws(() => certificateInfo(M.merchantPrivateKey), { code: 'KEY_INVALID' });
});

let sim;
before(async () => { sim = await startWechatPaySimulator(); });
after(async () => { await sim?.close(); });

test('createV3Client derives serial_no from the merchant certificate (PEM or .p12, key included) and refuses a serialNo that disagrees', async () => {
  const base = { mchId: M.mchId, apiV3Key: M.apiV3Key, baseUrl: sim.url };
  const fromPem = createV3Client({ ...base, merchantCertificate: M.merchantCertificate, privateKey: M.merchantPrivateKey });
  const fromP12 = createV3Client({ ...base, merchantCertificate: vector('p12/merchant_legacy.p12') });
  const fromModernP12 = createV3Client({ ...base, merchantCertificate: vector('p12/merchant_aes.p12'), p12Password: '1900000001' });
  for (const client of [fromPem, fromP12, fromModernP12]) {
    const order = await client.request('POST', '/v3/pay/transactions/native', {
      appid: M.appId, mchid: M.mchId, description: 'p12', out_trade_no: `P12${crypto.randomBytes(6).toString('hex')}`, notify_url: 'https://127.0.0.1/n', amount: { total: 1 },
    });
    assert.match(order.code_url, /^weixin:\/\//);
  }
  const auth = sim.requests.filter((r) => r.api === 'v3').at(-1);
  assert.ok(auth, 'the simulator saw the requests');
  assert.throws(() => createV3Client({ ...base, serialNo: '0ABC', merchantCertificate: M.merchantCertificate, privateKey: M.merchantPrivateKey }), (e) => e.code === 'INVALID_ARGUMENT' && e.message.includes(M.merchantSerialNo));
  // The same serial with a leading 00 or lowercase is the same serial.
  createV3Client({ ...base, serialNo: `00${M.merchantSerialNo.toLowerCase()}`, merchantCertificate: M.merchantCertificate, privateKey: M.merchantPrivateKey });
  assert.throws(() => createV3Client({ ...base, merchantCertificate: vector('p12/merchant_legacy.p12'), p12Password: 'nope' }), { code: 'P12_PASSWORD' });
  assert.throws(() => createV3Client({ ...base, privateKey: M.merchantPrivateKey }), { code: 'INVALID_ARGUMENT' });
});
