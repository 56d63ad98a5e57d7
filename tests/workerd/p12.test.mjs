// .p12 merchant certificates and the rest of API v2 inside real workerd (p12-worker.mjs): what
// openP12 returns there is compared with node:crypto on the files' sources; the v2 calls go
// through an mTLS certificate binding (a Node service binding presenting the TEST ONLY client
// certificate to the simulator's TLS port), as Workers do mutual TLS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { startWorker } from './harness.mjs';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';

const vector = (p) => readFileSync(new URL(`../vectors/${p}`, import.meta.url));
const mtlsAgent = new Agent({ connect: { ca: M.tls.ca, cert: M.tls.clientCert, key: M.tls.clientKey } });
const bindingCalls = [];
let sim;
let worker;

before(async () => {
  sim = await startWechatPaySimulator({ tls: true });
  worker = await startWorker(new URL('./p12-worker.mjs', import.meta.url).pathname, {
    serviceBindings: {
      MTLS: async (request) => {
        bindingCalls.push(new URL(request.url).pathname);
        const target = request.url.replace(sim.url, sim.httpsUrl);
        const res = await fetch(target, { method: request.method, headers: { 'Content-Type': request.headers.get('content-type') }, body: await request.text(), dispatcher: mtlsAgent });
        return new Response(await res.text(), { status: res.status });
      },
    },
  });
});
after(async () => { await worker?.dispose(); await sim?.close(); await mtlsAgent.close(); });

const post = async (path, body) => {
  const res = await worker.fetch(path, { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text);
};

test('openP12 in workerd: both generations give the certificate and key node:crypto reads from their sources; each bad input its code', async () => {
  const files = ['merchant_legacy', 'merchant_aes'].map((n) => ({ b64: vector(`p12/${n}.p12`).toString('base64'), password: '1900000001' }));
  const out = await post('/p12', { files, rc4: vector('p12/rc4.p12').toString('base64'), pem: M.merchantCertificate, appId: M.appId, mchId: M.mchId });
  const x509 = new crypto.X509Certificate(M.merchantCertificate);
  const der = crypto.createPrivateKey(M.merchantPrivateKey).export({ type: 'pkcs8', format: 'der' });
  for (const o of out.opened) {
    assert.equal(o.serialNo, x509.serialNumber);
    assert.equal(o.notAfter, Math.floor(Date.parse(x509.validTo) / 1000));
    assert.equal(new crypto.X509Certificate(o.certificatePem).fingerprint256, x509.fingerprint256);
    assert.deepEqual(crypto.createPrivateKey(o.privateKeyPem).export({ type: 'pkcs8', format: 'der' }), der);
  }
  assert.equal(out.info.serialNo, x509.serialNumber);
  assert.deepEqual([out.wrongPassword, out.unsupported, out.truncated, out.p12Tls], ['P12_PASSWORD', 'P12_UNSUPPORTED', 'P12_INVALID', 'INVALID_ARGUMENT']);
});

test('createV3Client in workerd takes the .p12 instead of serialNo and privateKey; the simulator accepts the derived serial', async () => {
  const out = await post('/v3', { p12: vector('p12/merchant_legacy.p12').toString('base64'), mchId: M.mchId, appId: M.appId, apiV3Key: M.apiV3Key, baseUrl: sim.url });
  assert.equal(out.serialNo, M.merchantSerialNo);
  assert.match(out.codeUrl, /^weixin:\/\/wxpay\/bizpayurl\?pr=/);
});

test('企业付款, 现金红包 and micropay in workerd through the mTLS binding', async () => {
  const out = await post('/v2', { appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.url });
  assert.deepEqual(out.transfer, ['SUCCESS', 'WORKERD-T1', null]);
  assert.equal(out.query, 'SUCCESS');
  assert.equal(out.redpack, 'SUCCESS');
  assert.equal(out.reversed, 'MICROPAY_REVERSED');
  assert.deepEqual(out.polls, [5000, 5000]);
  assert.equal(out.paid, 'SUCCESS');
  assert.deepEqual(bindingCalls, ['/mmpaymkttransfers/promotion/transfers', '/mmpaymkttransfers/gettransferinfo', '/mmpaymkttransfers/sendredpack', '/secapi/pay/reverse']);
});
