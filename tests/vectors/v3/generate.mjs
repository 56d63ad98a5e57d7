#!/usr/bin/env node
// Generates the TEST ONLY keys and certificates of this folder (only those missing, or all with
// --new-keys) and recomputes expected.json with Node's crypto and the OpenSSL CLI, independently
// of the Rust code under test. See README.md for every field.
//
//   node tests/vectors/v3/generate.mjs [--new-keys]
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const file = (name) => join(dir, name);
const read = (name) => readFileSync(file(name), 'utf8');
const newKeys = process.argv.includes('--new-keys');

function once(name, make) {
  if (newKeys || !existsSync(file(name))) writeFileSync(file(name), make());
}

// ---- keys (TEST ONLY) ----
if (newKeys || !existsSync(file('private_pkcs8.pem'))) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  writeFileSync(file('private_pkcs8.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
}
const privateKey = crypto.createPrivateKey(read('private_pkcs8.pem'));
const publicKey = crypto.createPublicKey(privateKey);
once('private_pkcs1.pem', () => privateKey.export({ type: 'pkcs1', format: 'pem' }));
once('public_spki.pem', () => publicKey.export({ type: 'spki', format: 'pem' }));
once('public_pkcs1.pem', () => publicKey.export({ type: 'pkcs1', format: 'pem' }));
once('rsa1024_pkcs8.pem', () =>
  crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
once('rsa1024_spki.pem', () =>
  crypto.createPublicKey(read('rsa1024_pkcs8.pem')).export({ type: 'spki', format: 'pem' }));
once('ec_pkcs8.pem', () =>
  crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
once('ec_sec1.pem', () => crypto.createPrivateKey(read('ec_pkcs8.pem')).export({ type: 'sec1', format: 'pem' }));
once('ec_spki.pem', () => crypto.createPublicKey(read('ec_pkcs8.pem')).export({ type: 'spki', format: 'pem' }));

// Self-signed certificates with the same key: one with WeChat Pay's documented example serial,
// one whose serial has its top bit set (DER then prepends a 00 byte that must not show).
const certs = {
  'cert.pem': '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  'cert_highbit.pem': 'F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4',
};
for (const [name, serial] of Object.entries(certs)) {
  if (newKeys || !existsSync(file(name))) {
    execFileSync('openssl', [
      'req', '-x509', '-new', '-sha256', '-days', '3650', '-key', file('private_pkcs8.pem'),
      '-subj', '/C=CN/O=wechatpay-wasm TEST ONLY/CN=TEST ONLY platform certificate',
      '-set_serial', `0x${serial}`, '-out', file(name),
    ]);
  }
}

// ---- expected values ----
const b64 = (buf) => Buffer.from(buf).toString('base64');
const signB64 = (message) => b64(crypto.sign('sha256', Buffer.from(message, 'utf8'), privateKey));

function certInfo(name) {
  const pem = read(name);
  // OpenSSL prints the dates; Date.parse reads its "Mon DD HH:MM:SS YYYY GMT" form.
  const out = execFileSync('openssl', ['x509', '-noout', '-serial', '-startdate', '-enddate', '-in', file(name)], {
    encoding: 'utf8',
  });
  const field = (k) => out.split('\n').find((l) => l.startsWith(`${k}=`)).slice(k.length + 1).trim();
  // WeChat Pay form: uppercase hex without leading 00 bytes.
  const serialNo = field('serial').toUpperCase().replace(/^(00)+(?=.)/, '');
  if (serialNo !== certs[name]) throw new Error(`${name}: serial ${serialNo} != ${certs[name]}`);
  const x509 = new crypto.X509Certificate(pem);
  if (!x509.publicKey.equals(publicKey)) throw new Error(`${name}: not the test key`);
  return {
    file: name,
    serialNo,
    notBefore: Date.parse(field('notBefore')) / 1000,
    notAfter: Date.parse(field('notAfter')) / 1000,
  };
}

const rfc3339Beijing = (unix) => new Date((unix + 8 * 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, '+08:00');

function aesGcm(plaintext, nonce, associatedData, key) {
  const c = crypto.createCipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'));
  c.setAAD(Buffer.from(associatedData, 'utf8'));
  return b64(Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]));
}

const mchId = '1900000001';
const timestamp = '1554208460';
const nonce = '593BEC0C930BF1AFEB40B4A08C8FB242';
const apiV3Key = 'TESTONLYapiV3key0123456789abcdef';
if (Buffer.byteLength(apiV3Key) !== 32) throw new Error('API v3 key must be 32 bytes');
const certificate = certInfo('cert.pem');
const certificateHighBit = certInfo('cert_highbit.pem');

function authorization(method, url, body) {
  const message = `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
  const signature = signB64(message);
  const header =
    `WECHATPAY2-SHA256-RSA2048 mchid="${mchId}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${certificate.serialNo}"`;
  return { method, url, timestamp, nonce, body, message, signature, header };
}

const postBody = JSON.stringify({
  appid: 'wxd678efh567hg6787', mchid: mchId, description: 'Image形象店-深圳腾大-QQ公仔',
  out_trade_no: '1217752501201407033233368018', notify_url: 'https://www.weixin.qq.com/wxpay/pay.php',
  amount: { total: 100, currency: 'CNY' }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
});

// A response as WeChat Pay would sign it (the test key plays the platform's role).
const responseBody = JSON.stringify({ prepay_id: 'wx26112221580621e9b071c00d9e093b0000' });
const responseTimestamp = '1554209980';
const responseNonce = 'c5ac7061fccab6bf3e254dcf98995b8c';
const responseMessage = `${responseTimestamp}\n${responseNonce}\n${responseBody}\n`;

const jsapi = { appId: 'wxd678efh567hg6787', prepayId: 'wx201410272009395522657a690389285100',
  timeStamp: '1414561699', nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS' };
jsapi.package = `prepay_id=${jsapi.prepayId}`;
jsapi.message = `${jsapi.appId}\n${jsapi.timeStamp}\n${jsapi.nonceStr}\n${jsapi.package}\n`;
jsapi.paySign = signB64(jsapi.message);

const app = { appId: 'wx8888888888888888', partnerId: '1900000109', prepayId: 'WX1217752501201407033233368018',
  timestamp: '1412000000', noncestr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS' };
app.message = `${app.appId}\n${app.timestamp}\n${app.noncestr}\n${app.prepayId}\n`;
app.sign = signB64(app.message);

const resourcePlain = JSON.stringify({
  mchid: mchId, appid: 'wxd678efh567hg6787', out_trade_no: '1217752501201407033233368018',
  transaction_id: '1217752501201407033233368018', trade_type: 'JSAPI', trade_state: 'SUCCESS',
  trade_state_desc: '支付成功', success_time: '2018-06-08T10:34:56+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }, amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
});
const resource = { apiV3Key, nonce: 'fdasflkja484', associatedData: 'transaction', plaintext: resourcePlain };
resource.ciphertext = aesGcm(resource.plaintext, resource.nonce, resource.associatedData, apiV3Key);

const notificationBody = JSON.stringify({
  id: 'EV-2018022511223320873', create_time: '2015-05-20T13:29:35+08:00', resource_type: 'encrypt-resource',
  event_type: 'TRANSACTION.SUCCESS', summary: '支付成功',
  resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: resource.ciphertext,
    associated_data: resource.associatedData, nonce: resource.nonce },
});
const notificationTimestamp = '1554209981';
const notificationNonce = 'fdasfwqewlkja484';
const notification = {
  now: Number(notificationTimestamp) + 10,
  headers: {
    'Wechatpay-Timestamp': notificationTimestamp,
    'Wechatpay-Nonce': notificationNonce,
    'Wechatpay-Signature': signB64(`${notificationTimestamp}\n${notificationNonce}\n${notificationBody}\n`),
    'Wechatpay-Serial': certificate.serialNo,
  },
  body: notificationBody,
  apiV3Key,
  resource: JSON.parse(resourcePlain),
};

const sensitive = { plaintext: '张三 TEST ONLY' };
sensitive.ciphertext = b64(crypto.publicEncrypt(
  { key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
  Buffer.from(sensitive.plaintext, 'utf8')));

const certificateEntries = [certificate, certificateHighBit].map((c, i) => ({
  serialNo: c.serialNo,
  effectiveTime: rfc3339Beijing(c.notBefore),
  expireTime: rfc3339Beijing(c.notAfter),
  certificatePem: read(c.file),
  nonce: `certnonce00${i}`,
}));
const certificatesBody = JSON.stringify({
  data: certificateEntries.map((c) => ({
    serial_no: c.serialNo, effective_time: c.effectiveTime, expire_time: c.expireTime,
    encrypt_certificate: { algorithm: 'AEAD_AES_256_GCM', nonce: c.nonce, associated_data: 'certificate',
      ciphertext: aesGcm(c.certificatePem, c.nonce, 'certificate', apiV3Key) },
  })),
});

const expected = {
  comment: 'TEST ONLY vectors made by tests/vectors/v3/generate.mjs with Node crypto and the OpenSSL CLI. See README.md.',
  mchId,
  apiV3Key,
  certificate,
  certificateHighBit,
  authorization: authorization('POST', '/v3/pay/transactions/jsapi', postBody),
  authorizationGet: authorization('GET', '/v3/certificates?limit=1', ''),
  response: {
    timestamp: responseTimestamp, nonce: responseNonce, body: responseBody, serial: certificate.serialNo,
    message: responseMessage, signature: signB64(responseMessage), now: Number(responseTimestamp) + 5,
  },
  jsapi,
  app,
  resource,
  sensitive,
  certificates: { apiV3Key, body: certificatesBody, expected: certificateEntries.map(({ nonce: _, ...c }) => c) },
  notification,
};
writeFileSync(file('expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
console.log(`wrote ${file('expected.json')}`);
