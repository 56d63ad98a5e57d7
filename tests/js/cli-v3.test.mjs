// The CLI's API v3 commands (authorization, verify-v3, decrypt-v3, paysign --v3), spawned from the
// built package (pkg/dist/cli.mjs), on the TEST ONLY vectors of tests/vectors/v3: outputs and exit
// codes (0 ok, 1 failed verification, 2 usage, 3 other). Expected values come from the vectors (Node crypto /
// OpenSSL) or from node:crypto here, never from the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v3Vectors as E, pems, pemBody, referenceMessage, parseAuthorization } from './v3-helpers.mjs';

const CLI = new URL('../../pkg/dist/cli.mjs', import.meta.url).pathname;
const V3 = new URL('../vectors/v3/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'wechatpay-cli-v3-'));
const N = E.notification;
const SERIAL = E.certificate.serialNo;
const PUB_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';

const ENV_NAMES = ['WECHATPAY_KEY', 'WECHATPAY_PRIVATE_KEY', 'WECHATPAY_MCHID', 'WECHATPAY_SERIAL_NO', 'WECHATPAY_API_V3_KEY'];
function cli(args, { input = '', env = {} } = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !ENV_NAMES.includes(k)));
  const r = spawnSync(process.execPath, [CLI, ...args], { input, env: { ...base, ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = (r) => JSON.parse(r.out);
const file = (name, text) => { const p = join(tmp, name); writeFileSync(p, text); return p; };
const headerLines = (h) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\n');
/** The message of an --explain output: its indented lines, each ending in a visible \n. */
function explained(out) {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith('message ('));
  assert.ok(start >= 0, `an explained message in: ${out}`);
  const own = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith('  ')) break;
    assert.match(l, /\\n$/, 'every line ends in a visible \\n');
    own.push(`${l.slice(2, -2)}\n`);
  }
  return own.join('');
}
const noPrivateKeyIn = (r) => assert.ok(!r.out.includes(pemBody(pems['private_pkcs8.pem']).slice(0, 40)) && !r.err.includes(pemBody(pems['private_pkcs8.pem']).slice(0, 40)));

const AUTH = ['authorization', '--mchid', E.mchId, '--serial', SERIAL];

test('authorization: the POST and GET vectors give expected.json\'s headers (body from stdin, --body, @FILE)', () => {
  const a = E.authorization;
  const fixed = ['--timestamp', a.timestamp, '--nonce', a.nonce];
  let r = cli([...AUTH, '--key-file', `${V3}private_pkcs8.pem`, '--method', 'POST', '--url', a.url, ...fixed], { input: a.body });
  assert.deepEqual([r.code, r.out, r.err], [0, `${a.header}\n`, '']);
  r = cli([...AUTH, '--key-file', `${V3}private_pkcs1.pem`, '--url', a.url, '--body', a.body, ...fixed]); // POST because of --body
  assert.deepEqual([r.code, r.out], [0, `${a.header}\n`]);
  r = cli([...AUTH, '--key-file', `${V3}private_pkcs8.pem`, '--url', a.url, '--body', `@${file('body.json', a.body)}`, ...fixed]);
  assert.deepEqual([r.code, r.out], [0, `${a.header}\n`]);

  const g = E.authorizationGet;
  r = cli([...AUTH, '--key-file', `${V3}private_pkcs1.pem`, '--url', `https://api.mch.weixin.qq.com${g.url}`, '--timestamp', g.timestamp, '--nonce', g.nonce]);
  assert.deepEqual([r.code, r.out], [0, `${g.header}\n`]);
  // From the environment: WECHATPAY_PRIVATE_KEY (the PEM), WECHATPAY_MCHID, WECHATPAY_SERIAL_NO.
  r = cli(['authorization', '--url', g.url, '--method', 'get', '--timestamp', g.timestamp, '--nonce', g.nonce],
    { env: { WECHATPAY_PRIVATE_KEY: pems['private_pkcs8.pem'], WECHATPAY_MCHID: E.mchId, WECHATPAY_SERIAL_NO: SERIAL } });
  assert.deepEqual([r.code, r.out], [0, `${g.header}\n`]);
});

test('authorization --explain shows the message with a visible \\n per line; --json; defaults verify under node:crypto', () => {
  const a = E.authorization;
  let r = cli([...AUTH, '--key-file', `${V3}private_pkcs8.pem`, '--url', a.url, '--body', a.body, '--timestamp', a.timestamp, '--nonce', a.nonce, '--explain']);
  assert.equal(r.code, 0);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines[0], 'message (each \\n is a line feed, part of what is signed):');
  assert.deepEqual(lines.slice(1, 6), [`  POST\\n`, `  ${a.url}\\n`, `  ${a.timestamp}\\n`, `  ${a.nonce}\\n`, `  ${a.body}\\n`]);
  assert.equal(explained(r.out), a.message);
  assert.equal(lines[6], `signature: ${a.signature}`);
  assert.equal(lines[7], `Authorization: ${a.header}`);
  noPrivateKeyIn(r);

  // The GET message's empty body is a line of its own: a bare \n.
  r = cli([...AUTH, '--key-file', `${V3}private_pkcs8.pem`, '--url', E.authorizationGet.url, '--timestamp', a.timestamp, '--nonce', a.nonce, '-x']);
  assert.equal(explained(r.out), E.authorizationGet.message);
  assert.match(r.out, /\n {2}\\n\nsignature: /);

  r = cli([...AUTH, '--key-file', `${V3}private_pkcs8.pem`, '--url', a.url, '--body', a.body, '--json']);
  assert.equal(r.code, 0);
  const out = json(r);
  const h = parseAuthorization(out.authorization);
  assert.ok(Math.abs(Number(out.timestamp) - Date.now() / 1000) < 60, 'timestamp defaults to now');
  assert.match(out.nonce, /^[A-Za-z0-9]{32}$/);
  assert.deepEqual([h.timestamp, h.nonce_str, h.signature, h.mchid, h.serial_no], [out.timestamp, out.nonce, out.signature, E.mchId, SERIAL]);
  const message = referenceMessage({ method: 'POST', url: a.url, timestamp: out.timestamp, nonce: out.nonce, body: a.body });
  assert.equal(out.message, message);
  assert.ok(crypto.verify('sha256', Buffer.from(message), pems['public_spki.pem'], Buffer.from(out.signature, 'base64')));
});

test('authorization: a bad PEM is KEY_INVALID (exit 3), a small key KEY_TOO_SMALL; missing flags are usage errors (exit 2)', () => {
  const a = E.authorization;
  let r = cli([...AUTH, '--key-file', file('bad.pem', '-----BEGIN PRIVATE KEY-----\nnot base64!!\n-----END PRIVATE KEY-----\n'), '--url', a.url]);
  assert.equal(r.code, 3);
  assert.match(r.err, /^wechatpay-wasm authorization: KEY_INVALID: /);
  r = cli([...AUTH, '--key-file', `${V3}cert.pem`, '--url', a.url, '--json']);
  assert.deepEqual([r.code, json(r).error.code], [3, 'KEY_INVALID']);
  r = cli([...AUTH, '--key-file', `${V3}rsa1024_pkcs8.pem`, '--url', a.url]);
  assert.equal(r.code, 3);
  assert.match(r.err, /KEY_TOO_SMALL/);

  r = cli([...AUTH, '--key-file', `${V3}private_pkcs8.pem`]);
  assert.deepEqual([r.code, /--url is required/.test(r.err)], [2, true]);
  r = cli(['authorization', '--serial', SERIAL, '--key-file', `${V3}private_pkcs8.pem`, '--url', a.url]);
  assert.deepEqual([r.code, /--mchid is required/.test(r.err)], [2, true]);
  r = cli([...AUTH, '--url', a.url]);
  assert.deepEqual([r.code, /no private key/.test(r.err)], [2, true]);
  r = cli([...AUTH, '--key-file', `${V3}private_pkcs8.pem`, '--url', a.url, '--method', 'TRACE']);
  assert.equal(r.code, 2);
  r = cli([...AUTH, '--key-file', join(tmp, 'missing.pem'), '--url', a.url]);
  assert.equal(r.code, 2);
});

const notifyArgs = (extra = []) => ['verify-v3', '--headers', `@${file('n-headers.txt', headerLines(N.headers))}`, '--cert', `${V3}cert.pem`, ...extra];

test('verify-v3: the vector notification and response verify (exit 0); headers as lines, JSON or curl output', () => {
  let r = cli(notifyArgs(['--now', String(N.now)]), { input: N.body });
  const skew = N.now - Number(N.headers['Wechatpay-Timestamp']);
  assert.deepEqual([r.code, r.out], [0, `OK: signature valid (serial ${SERIAL}, timestamp ${N.headers['Wechatpay-Timestamp']}, skew +${skew} s)\n`]);

  const lower = JSON.stringify(Object.fromEntries(Object.entries(N.headers).map(([k, v]) => [k.toLowerCase(), v])));
  r = cli(['verify-v3', '--headers', lower, '--body', `@${file('n-body.json', N.body)}`, '--cert', `${V3}cert_highbit.pem`, '--cert', `${V3}cert.pem`, '--now', new Date(N.now * 1000).toISOString(), '--json']);
  assert.equal(r.code, 0);
  assert.deepEqual(json(r), { ok: true, serial: SERIAL, timestamp: Number(N.headers['Wechatpay-Timestamp']), skew });

  const res = E.response;
  const curl = `HTTP/1.1 200 OK\nServer: nginx\nWechatpay-Nonce: ${res.nonce}\nWechatpay-Signature: ${res.signature}\nWechatpay-Timestamp: ${res.timestamp}\nWechatpay-Serial: ${res.serial}\nRequest-ID: 08F0A0`;
  r = cli(['verify-v3', '--headers', curl, '--cert', `${V3}cert.pem`, '--now', String(res.now), '--explain'], { input: res.body });
  assert.equal(r.code, 0);
  assert.equal(explained(r.out), res.message);
});

test('verify-v3: one character changed is SIGN_MISMATCH, the old capture against the clock TIMESTAMP_SKEW (exit 1); --max-skew', () => {
  const tampered = N.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESs"');
  let r = cli(notifyArgs(['--now', String(N.now), '--explain']), { input: tampered });
  assert.equal(r.code, 1);
  assert.match(r.err, /^wechatpay-wasm verify-v3: SIGN_MISMATCH: /);
  assert.equal(explained(r.err), `${N.headers['Wechatpay-Timestamp']}\n${N.headers['Wechatpay-Nonce']}\n${tampered}\n`, '--explain shows the message checked');
  r = cli(notifyArgs(['--now', String(N.now), '--json']), { input: tampered });
  assert.deepEqual([r.code, json(r).ok, json(r).error.code], [1, false, 'SIGN_MISMATCH']);

  r = cli(notifyArgs(), { input: N.body });
  assert.equal(r.code, 1);
  assert.match(r.err, /TIMESTAMP_SKEW/);
  const ts = Number(N.headers['Wechatpay-Timestamp']);
  r = cli(notifyArgs(['--now', String(ts + 301)]), { input: N.body });
  assert.deepEqual([r.code, /TIMESTAMP_SKEW/.test(r.err)], [1, true]);
  r = cli(notifyArgs(['--now', String(ts + 301), '--max-skew', '400']), { input: N.body });
  assert.equal(r.code, 0);
});

test('verify-v3: public-key mode (PUB_KEY_ID), unknown serial, SIGNTEST probe and a missing header (exit 1)', () => {
  const res = E.response;
  const ts = String(res.now);
  const signature = crypto.sign('sha256', Buffer.from(`${ts}\n${res.nonce}\n${res.body}\n`), pems['private_pkcs8.pem']).toString('base64');
  const headers = { 'Wechatpay-Timestamp': ts, 'Wechatpay-Nonce': res.nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': PUB_KEY_ID };
  const base = ['verify-v3', '--headers', JSON.stringify(headers), '--body', res.body, '--now', ts, '--public-key', `${V3}public_spki.pem`];
  let r = cli([...base, '--public-key-id', PUB_KEY_ID]);
  assert.deepEqual([r.code, r.out], [0, `OK: signature valid (serial ${PUB_KEY_ID}, timestamp ${ts}, skew +0 s)\n`]);
  r = cli([...base, '--public-key-id', 'PUB_KEY_ID_0000000000000000000000000000']);
  assert.deepEqual([r.code, /SERIAL_UNKNOWN/.test(r.err)], [1, true]);
  r = cli(base);
  assert.deepEqual([r.code, /--public-key needs --public-key-id/.test(r.err)], [2, true]);

  r = cli(['verify-v3', '--headers', headerLines({ ...N.headers, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/x' }), '--cert', `${V3}cert.pem`, '--now', String(N.now)], { input: N.body });
  assert.deepEqual([r.code, /SIGNTEST_PROBE/.test(r.err)], [1, true]);
  const { 'Wechatpay-Nonce': _drop, ...missing } = N.headers;
  r = cli(['verify-v3', '--headers', headerLines(missing), '--cert', `${V3}cert.pem`, '--now', String(N.now), '--json'], { input: N.body });
  assert.deepEqual([r.code, json(r).error.code], [1, 'HEADER_INVALID']);

  r = cli(['verify-v3', '--headers', headerLines(N.headers)], { input: N.body });
  assert.deepEqual([r.code, /--cert FILE or --public-key/.test(r.err)], [2, true]);
  r = cli(notifyArgs(['--now', 'yesterday-ish']), { input: N.body });
  assert.equal(r.code, 2);
  r = cli(['verify-v3', '--headers', headerLines(N.headers), '--cert', `${V3}private_pkcs8.pem`], { input: N.body });
  assert.deepEqual([r.code, /KEY_INVALID/.test(r.err)], [3, true]);
});

test('verify-v3 with an API v3 key also decrypts the notification: expected.json\'s resource', () => {
  const keyFile = file('apiv3.txt', `${N.apiV3Key}\n`);
  let r = cli(notifyArgs(['--now', String(N.now), '--api-v3-key-file', keyFile, '--json']), { input: N.body });
  assert.equal(r.code, 0);
  const { event } = json(r);
  assert.deepEqual(event.resource, N.resource);
  assert.equal(event.event_type, JSON.parse(N.body).event_type);
  r = cli(notifyArgs(['--now', String(N.now), '--api-v3-key', `${N.apiV3Key.slice(0, -1)}X`]), { input: N.body });
  assert.deepEqual([r.code, /DECRYPT_FAILED/.test(r.err)], [1, true]);
  assert.ok(!r.err.includes(N.apiV3Key.slice(0, -1)), 'the API v3 key is not echoed');
});

test('decrypt-v3: the resource vector and a notification body give the plaintext; a wrong key is DECRYPT_FAILED (exit 1)', () => {
  const res = E.resource;
  const resource = { algorithm: 'AEAD_AES_256_GCM', ciphertext: res.ciphertext, nonce: res.nonce, associated_data: res.associatedData };
  let r = cli(['decrypt-v3', '--api-v3-key', res.apiV3Key], { input: JSON.stringify(resource) });
  assert.deepEqual([r.code, r.out], [0, `${res.plaintext}\n`]);
  r = cli(['decrypt-v3', '--json', '--params', `@${file('notification.json', N.body)}`], { env: { WECHATPAY_API_V3_KEY: N.apiV3Key } });
  assert.equal(r.code, 0);
  assert.deepEqual(json(r).resource, N.resource);
  r = cli(['decrypt-v3', '--api-v3-key-file', file('k', `${res.apiV3Key.replace(/.$/, 'X')}\n`)], { input: JSON.stringify(resource) });
  assert.deepEqual([r.code, /DECRYPT_FAILED/.test(r.err)], [1, true]);
  r = cli(['decrypt-v3', '--api-v3-key', res.apiV3Key, '--json'], { input: JSON.stringify({ ...resource, ciphertext: '!!!not base64' }) });
  assert.deepEqual([r.code, json(r).error.code], [3, 'BASE64_INVALID']);
  r = cli(['decrypt-v3'], { input: JSON.stringify(resource) });
  assert.deepEqual([r.code, /no API v3 key/.test(r.err)], [2, true]);
  r = cli(['decrypt-v3', '--api-v3-key', res.apiV3Key], { input: '{"id": "no resource"}' });
  assert.equal(r.code, 2);
});

test('paysign --v3: the JSAPI and App vectors, with the signed message under --explain', () => {
  const j = E.jsapi;
  let r = cli(['paysign', '--v3', '--app-id', j.appId, '--prepay-id', j.package, '--timestamp', j.timeStamp, '--nonce', j.nonceStr, '--key-file', `${V3}private_pkcs8.pem`, '--json']);
  assert.equal(r.code, 0);
  assert.deepEqual(json(r), { appId: j.appId, timeStamp: j.timeStamp, nonceStr: j.nonceStr, package: j.package, signType: 'RSA', paySign: j.paySign });
  r = cli(['paysign', '--v3', '--app-id', j.appId, '--prepay-id', j.prepayId, '--timestamp', j.timeStamp, '--nonce', j.nonceStr, '--explain'],
    { env: { WECHATPAY_PRIVATE_KEY: pems['private_pkcs1.pem'] } });
  assert.equal(r.code, 0);
  assert.equal(explained(r.out), j.message);
  assert.equal(JSON.parse(r.out.slice(0, r.out.indexOf('\nmessage'))).paySign, j.paySign);

  const a = E.app;
  r = cli(['paysign', '--v3', '--type', 'app', '--app-id', a.appId, '--partner-id', a.partnerId, '--prepay-id', a.prepayId, '--timestamp', a.timestamp, '--nonce', a.noncestr,
    '--key-file', `${V3}private_pkcs1.pem`, '--json', '--explain']);
  assert.equal(r.code, 0);
  assert.deepEqual(json(r), { appid: a.appId, partnerid: a.partnerId, prepayid: a.prepayId, package: 'Sign=WXPay', noncestr: a.noncestr, timestamp: a.timestamp, sign: a.sign, message: a.message });

  r = cli(['paysign', '--v3', '--app-id', j.appId, '--prepay-id', j.prepayId, '--key-file', `${V3}private_pkcs8.pem`, '--sign-type', 'MD5']);
  assert.deepEqual([r.code, /always signed with RSA/.test(r.err)], [2, true]);
  // Without --v3 the same flags are API v2 (the key file is the API key): an MD5 paySign.
  r = cli(['paysign', '--app-id', j.appId, '--prepay-id', j.prepayId, '--key', '192006250b4c09247ec02edce69f6a2d', '--json']);
  assert.equal(json(r).signType, 'MD5');
});

test('--help lists the v3 commands; each command\'s help describes its own --key-file', () => {
  let r = cli(['--help']);
  for (const c of ['authorization', 'verify-v3', 'decrypt-v3']) assert.match(r.out, new RegExp(`^  ${c}\\s`, 'm'));
  r = cli(['authorization', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /--key-file VALUE +the merchant private key, apiclient_key\.pem/);
  assert.doesNotMatch(r.out, /read the API key from this file/);
  assert.match(cli(['verify-v3', '--help']).out, /--public-key-id VALUE/);
});
