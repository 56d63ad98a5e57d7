// `wechatpay-wasm diagnose-v3 request|response` spawned from the built package: mistakes made with
// node:crypto on the TEST ONLY vectors, their codes in --json, the EN/ZH lines of --explain, and
// the exit codes (0 every check passes, 1 a finding of severity error, 2 usage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSign } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v3Vectors as E, pems, pemBody } from './v3-helpers.mjs';

const CLI = new URL('../../pkg/dist/cli.mjs', import.meta.url).pathname;
const V3 = new URL('../vectors/v3/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'wechatpay-cli-diagnose-'));
const file = (name, text) => { const p = join(tmp, name); writeFileSync(p, text); return p; };
const lines = (...parts) => parts.map((p) => `${p}\n`).join('');
const rsaSign = (message) => createSign('RSA-SHA256').update(message, 'utf8').sign(pems['private_pkcs8.pem'], 'base64');

function cli(args, input = '') {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WECHATPAY_')));
  const r = spawnSync(process.execPath, [CLI, ...args], { input, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const codes = (r) => JSON.parse(r.out).findings.filter((f) => f.severity !== 'info').map((f) => f.code);

test('diagnose-v3 request: the vector header passes; signed without its query is URL_QUERY_DROPPED', () => {
  const g = E.authorizationGet;
  const base = ['diagnose-v3', 'request', '--url', g.url, '--key-file', `${V3}private_pkcs8.pem`, '--cert', `${V3}cert.pem`];
  let r = cli([...base, '--authorization', g.header, '--json']);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).verified, true);
  assert.deepEqual(codes(r), []);

  const signed = lines('GET', g.url.split('?')[0], g.timestamp, g.nonce, '');
  const wrong = g.header.replace(/signature="[^"]*"/, `signature="${rsaSign(signed)}"`);
  r = cli([...base, '--authorization', `@${file('auth.txt', `${wrong}\n`)}`, '--json']);
  assert.equal(r.code, 1);
  assert.deepEqual(codes(r), ['URL_QUERY_DROPPED']);
  r = cli([...base, '--authorization', wrong, '--explain']);
  assert.equal(r.code, 1);
  assert.match(r.out, /^FAILED: URL_QUERY_DROPPED: /);
  assert.match(r.out, /ERROR URL_QUERY_DROPPED: the signature covers the URL without its query/);
  assert.match(r.out, /签名时 URL 漏掉了查询参数/);
  assert.ok(r.out.includes(`      ${g.url.split('?')[0]}\\n`), 'the message that was signed, line by line');
  assert.ok(!r.out.includes(pemBody(pems['private_pkcs8.pem']).slice(0, 40)));
});

test('diagnose-v3 request: a body re-serialized after signing, and a wrong serial without any key', () => {
  const a = E.authorization;
  const pretty = JSON.stringify(JSON.parse(a.body), null, 2);
  let r = cli(['diagnose-v3', 'request', '--method', 'POST', '--url', a.url, '--body', pretty, '--authorization', a.header, '--key-file', `${V3}private_pkcs1.pem`, '--json']);
  assert.equal(r.code, 1);
  assert.deepEqual(codes(r), ['BODY_RESERIALIZED']);
  r = cli(['diagnose-v3', 'request', '--url', a.url, '--body', a.body, '--serial', `0${E.certificate.serialNo}`, '--authorization', a.header, '--json']);
  assert.deepEqual([r.code, codes(r)], [1, ['SERIAL_LEADING_ZERO']]);
});

test('diagnose-v3 response: a re-serialized notification body, from standard input', () => {
  const N = E.notification;
  const raw = JSON.stringify(JSON.parse(N.body), null, 2);
  // A time at which the TEST ONLY certificate is valid (the vector's own timestamp is older).
  const ts = String(E.certificate.notBefore + 3600);
  const headers = { ...N.headers, 'Wechatpay-Timestamp': ts, 'Wechatpay-Signature': rsaSign(lines(ts, N.headers['Wechatpay-Nonce'], raw)) };
  const headerFile = file('headers.txt', Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n'));
  const keyFile = file('apiv3.key', `${N.apiV3Key}\n`);
  const args = ['diagnose-v3', 'response', '--headers', `@${headerFile}`, '--cert', `${V3}cert.pem`, '--now', ts, '--api-v3-key-file', keyFile];
  let r = cli([...args, '--json'], JSON.stringify(JSON.parse(raw)));
  assert.equal(r.code, 1, r.err);
  assert.deepEqual(codes(r), ['BODY_RESERIALIZED']);
  assert.equal(JSON.parse(r.out).checks.find((c) => c.name === 'decrypt').verdict, 'pass');
  r = cli([...args, '--explain'], raw);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^OK: the signature verifies and every check passes/);
  assert.ok(!r.out.includes(N.apiV3Key));
});

test('diagnose-v3 without request|response is a usage error', () => {
  const r = cli(['diagnose-v3', '--url', '/v3/x']);
  assert.equal(r.code, 2);
  assert.match(r.err, /diagnose-v3 request … or diagnose-v3 response/);
});
