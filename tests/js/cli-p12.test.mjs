// `wechatpay-wasm p12`, spawned from the built package: the PEMs it writes are the ones the
// .p12 was made from (node:crypto compares), and the serial / validity are what node:crypto reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = new URL('../../pkg/dist/cli.mjs', import.meta.url).pathname;
const vectorPath = (p) => new URL(`../vectors/${p}`, import.meta.url).pathname;
const run = (args, env = {}) => {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WECHATPAY_')));
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...base, ...env }, encoding: 'utf8' });
};

test('p12 writes the certificate and key PEMs and prints serial and validity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-p12-'));
  const r = run(['p12', vectorPath('p12/merchant_legacy.p12'), '--mch-id', '1900000001', '--out-dir', dir, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const x509 = new crypto.X509Certificate(readFileSync(vectorPath('v3/cert.pem')));
  assert.equal(out.serialNo, x509.serialNumber);
  assert.equal(out.notAfter, Math.floor(Date.parse(x509.validTo) / 1000));
  assert.equal(new crypto.X509Certificate(readFileSync(join(dir, 'apiclient_cert.pem'))).fingerprint256, x509.fingerprint256);
  const key = crypto.createPrivateKey(readFileSync(join(dir, 'apiclient_key.pem')));
  assert.deepEqual(key.export({ type: 'pkcs8', format: 'der' }), crypto.createPrivateKey(readFileSync(vectorPath('v3/private_pkcs8.pem'))).export({ type: 'pkcs8', format: 'der' }));
  assert.equal(statSync(join(dir, 'apiclient_key.pem')).mode & 0o777, 0o600);
  // Not overwritten without --force.
  const again = run(['p12', vectorPath('p12/merchant_aes.p12'), '--out-dir', dir], { WECHATPAY_P12_PASSWORD: '1900000001' });
  assert.equal(again.status, 2);
  assert.match(again.stderr, /exists: pass --force/);
  const text = run(['p12', vectorPath('p12/merchant_aes.p12'), '--out-dir', dir, '--force'], { WECHATPAY_P12_PASSWORD: '1900000001' });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^serial_no {3}${x509.serialNumber}$`, 'm'));
  assert.match(text.stdout, /^not_after {3}2036-11-19T21:05:07\.000Z$/m);
});

test('p12 errors: wrong password (no password echoed), no password, a PEM certificate prints its facts', () => {
  const wrong = run(['p12', vectorPath('p12/merchant_legacy.p12'), '--mch-id', '1900000777']);
  assert.equal(wrong.status, 3);
  assert.match(wrong.stderr, /P12_PASSWORD/);
  assert.ok(!wrong.stderr.includes('1900000777'));
  assert.equal(run(['p12', vectorPath('p12/merchant_legacy.p12')]).status, 2);
  const pem = run(['p12', vectorPath('v3/cert_highbit.pem'), '--json']);
  assert.equal(pem.status, 0, pem.stderr);
  const x509 = new crypto.X509Certificate(readFileSync(vectorPath('v3/cert_highbit.pem')));
  assert.equal(JSON.parse(pem.stdout).serialNo, x509.serialNumber.replace(/^(00)+(?=.)/, ''));
});
