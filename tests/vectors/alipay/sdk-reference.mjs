// alipay-sdk (the npm devDependency) as the independent reference for certificate mode,
// OpenAPI v3 and AES content encryption. Its internal modules are loaded by file path (its
// package exports only the client), and its v3 client is run against a loopback server with
// node:crypto's randomUUID and Date.now pinned, so its authorization header can be compared byte
// for byte. TEST ONLY material throughout.
import http from 'node:http';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sdkDir = require.resolve('alipay-sdk').replace(/index\.js$/, '');
const certUtil = require(`${sdkDir}antcertutil.js`);
const util = require(`${sdkDir}util.js`);
const { AlipaySdk } = require('alipay-sdk');

const file = (name) => readFileSync(new URL(name, import.meta.url), 'utf8');
export const CERTS = Object.freeze({
  app: file('cert/appCertPublicKey_2021000000000001.crt'),
  alipay: file('cert/alipayCertPublicKey_RSA2.crt'),
  root: file('cert/alipayRootCert.crt'),
  rootEcOnly: file('cert/root_ec_e1.crt'),
  appPrivateKey: file('../v3/private_pkcs8.pem'),
  alipayPrivateKey: file('alipay_private_pkcs8.pem'),
});

export const AES_KEY = 'aa4BtZ4tspm2wnXLb1ThQA=='; // 128-bit TEST ONLY content-encryption key
export const AES_PLAINTEXTS = ['', 'a', '0123456789abcdef', '{"out_trade_no":"20261122-1","total_amount":"88.88","subject":"测试商品 😀"}'];
export const V3 = Object.freeze({
  appId: '2021000000000001',
  nonce: 'a1b2c3d4-e5f6-4789-8abc-def012345678',
  timestamp: 1795852800123,
  method: 'POST',
  path: '/v3/alipay/trade/query',
  body: { out_trade_no: '20261122-1', note: '中文 a+b&c=d "q"' },
});

/** The authorization header alipay-sdk's v3 client sends for V3 (nonce and clock pinned). */
export async function sdkV3Authorization({ appCertSn = true } = {}) {
  let seen;
  const server = http.createServer((req, res) => {
    seen = { authorization: req.headers.authorization, rootSn: req.headers['alipay-root-cert-sn'], body: '' };
    req.on('data', (c) => { seen.body += c; });
    req.on('end', () => { res.writeHead(400, { 'content-type': 'application/json' }); res.end('{"code":"x","message":"recorded"}'); });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const config = {
    appId: V3.appId, privateKey: CERTS.appPrivateKey, keyType: 'PKCS8', endpoint: `http://127.0.0.1:${server.address().port}`,
    ...(appCertSn ? { appCertContent: CERTS.app, alipayPublicCertContent: CERTS.alipay, alipayRootCertContent: CERTS.root } : { alipayPublicKey: file('alipay_public_spki.pem') }),
  };
  const sdk = new AlipaySdk(config);
  const [uuid, now] = [crypto.randomUUID, Date.now];
  crypto.randomUUID = () => V3.nonce;
  Date.now = () => V3.timestamp;
  try {
    await sdk.curl(V3.method, V3.path, { body: V3.body }).catch((e) => { if (!seen) throw e; });
  } finally {
    crypto.randomUUID = uuid;
    Date.now = now;
    await new Promise((r) => server.close(r));
  }
  return seen;
}

export async function sdkVectors() {
  const v3 = await sdkV3Authorization();
  const v3NoCert = await sdkV3Authorization({ appCertSn: false });
  return {
    note: 'computed by alipay-sdk 4.14.0 (tests/vectors/alipay/sdk-reference.mjs); TEST ONLY',
    appCertSn: certUtil.getSN(CERTS.app),
    alipayCertSn: certUtil.getSN(CERTS.alipay),
    alipayRootCertSn: certUtil.getSN(CERTS.root, true),
    rootEcOnlySn: certUtil.getSN(CERTS.rootEcOnly, true),
    alipayPublicKey: certUtil.loadPublicKey(CERTS.alipay),
    aes: { key: AES_KEY, vectors: AES_PLAINTEXTS.map((plaintext) => ({ plaintext, ciphertext: util.aesEncryptText(plaintext, AES_KEY) })) },
    v3: { ...V3, body: JSON.stringify(V3.body), authorization: v3.authorization, rootSn: v3.rootSn, sentBody: v3.body, authorizationNoCert: v3NoCert.authorization },
  };
}
