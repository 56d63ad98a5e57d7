#!/usr/bin/env node
// Generates the TEST ONLY keys and certificates of tests/vectors/simulator/ (the simulated WeChat
// Pay platform) and tests/vectors/tls/ (mutual TLS for the v2 refund endpoint) with Node's crypto
// and the OpenSSL CLI. Only missing files are made, unless --new-keys is given. See README.md.
//
//   node tests/vectors/simulator/generate.mjs [--new-keys]
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const tlsDir = join(dir, '../tls');
const newKeys = process.argv.includes('--new-keys');
const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const need = (path) => newKeys || !existsSync(path);

function rsaKey(path) {
  if (need(path)) {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  return path;
}

// Self-signed platform certificates, as WeChat Pay's /v3/certificates serves them (the serial is
// the Wechatpay-Serial the responses carry).
const platform = [
  ['platform1', '3B9F1A4C6D2E8F70112233445566778899AABBCC'],
  ['platform2', '6C1E7A2B3D4F5061728394A5B6C7D8E9F0A1B2C3'],
];
for (const [name, serial] of platform) {
  const key = rsaKey(join(dir, `${name}_key.pem`));
  const cert = join(dir, `${name}_cert.pem`);
  if (need(cert)) {
    openssl('req', '-x509', '-new', '-sha256', '-days', '3650', '-key', key, '-set_serial', `0x${serial}`,
      '-subj', `/C=CN/O=wechatpay-wasm TEST ONLY/CN=TEST ONLY simulated WeChat Pay platform (${name})`, '-out', cert);
  }
}
// Public-key mode (微信支付公钥, id PUB_KEY_ID_…): a bare key pair.
const pubPrivate = rsaKey(join(dir, 'pubkey_private.pem'));
if (need(join(dir, 'pubkey.pem'))) {
  writeFileSync(join(dir, 'pubkey.pem'), crypto.createPublicKey(readFileSync(pubPrivate)).export({ type: 'spki', format: 'pem' }));
}
// A key nobody trusts: the simulator's "wrong platform key" control signs with it.
rsaKey(join(dir, 'wrong_key.pem'));

// ---- mutual TLS (tests/vectors/tls) ----
const t = (name) => join(tlsDir, name);
rsaKey(t('ca_key.pem'));
if (need(t('ca.pem'))) {
  openssl('req', '-x509', '-new', '-sha256', '-days', '3650', '-key', t('ca_key.pem'), '-set_serial', '1',
    '-subj', '/CN=wechatpay-wasm TEST ONLY CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', t('ca.pem'));
}
function issued(name, subject, ext, serial) {
  const key = rsaKey(t(`${name}_key.pem`));
  if (!need(t(`${name}.pem`))) return;
  const tmp = mkdtempSync(join(tmpdir(), 'wxtls-'));
  try {
    openssl('req', '-new', '-key', key, '-subj', subject, '-out', join(tmp, 'csr.pem'));
    writeFileSync(join(tmp, 'ext.cnf'), ext);
    openssl('x509', '-req', '-sha256', '-days', '3650', '-in', join(tmp, 'csr.pem'), '-CA', t('ca.pem'),
      '-CAkey', t('ca_key.pem'), '-set_serial', String(serial), '-extfile', join(tmp, 'ext.cnf'), '-out', t(`${name}.pem`));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
// The simulator's HTTPS server, and the merchant's API certificate (CN = mch_id, as WeChat Pay
// issues them) that /secapi/ requires.
issued('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n', 2);
issued('client', '/O=wechatpay-wasm TEST ONLY/OU=TEST ONLY merchant/CN=1900000001', 'extendedKeyUsage=clientAuth\n', 3);
// A client certificate from no trusted CA: the simulator must refuse it.
const rogueKey = rsaKey(t('rogue_key.pem'));
if (need(t('rogue.pem'))) {
  openssl('req', '-x509', '-new', '-sha256', '-days', '3650', '-key', rogueKey, '-set_serial', '4',
    '-subj', '/O=TEST ONLY rogue/CN=1900000001', '-out', t('rogue.pem'));
}
console.log('TEST ONLY material in', dir, 'and', tlsDir);
