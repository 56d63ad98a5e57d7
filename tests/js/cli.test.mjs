// The `wechatpay-wasm` CLI, spawned from the built package (pkg/dist/cli.mjs, the package's bin),
// on the official vectors: outputs and exit codes (0 ok, 1 failed verification, 2 usage, 3 other).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v2Vectors, referenceSign } from './helpers.mjs';

const CLI = new URL('../../pkg/dist/cli.mjs', import.meta.url).pathname;
const PKG = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
const [md5Vector, hmacVector] = v2Vectors.sign;
const KEY = md5Vector.key;
const QUERY = Object.entries(md5Vector.params).map(([k, v]) => `${k}=${v}`).join('&');
const tmp = mkdtempSync(join(tmpdir(), 'wechatpay-cli-'));

function cli(args, { input = '', env = {} } = {}) {
  const { WECHATPAY_KEY: _drop, ...base } = process.env;
  const r = spawnSync(process.execPath, [CLI, ...args], { input, env: { ...base, ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = (r) => JSON.parse(r.out);

function noKeyIn(r, key = KEY) {
  assert.ok(!r.out.includes(key) && !r.err.includes(key), 'the key never appears in the output');
}

test('the package declares the CLI as its bin', () => {
  // Written as npm normalizes it: `./dist/cli.mjs` makes `npm publish` warn that it corrected the bin.
  assert.deepEqual(PKG.bin, { 'wechatpay-wasm': 'dist/cli.mjs' });
  assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('sign: official MD5 and HMAC-SHA256 from a query string, JSON and XML', () => {
  let r = cli(['sign', '--key', KEY], { input: QUERY });
  assert.deepEqual([r.code, r.out, r.err], [0, `${md5Vector.sign}\n`, '']);

  r = cli(['sign', '--sign-type', 'HMAC-SHA256', '--params', JSON.stringify(md5Vector.params)], { env: { WECHATPAY_KEY: KEY } });
  assert.deepEqual([r.code, r.out], [0, `${hmacVector.sign}\n`]);

  // The signed XML: its own sign field is replaced, not signed.
  r = cli(['sign', '-k', KEY], { input: v2Vectors.signed_xml.xml.replace(md5Vector.sign, 'STALE') });
  assert.deepEqual([r.code, r.out], [0, `${md5Vector.sign}\n`]);
});

test('sign --explain prints stringA and the masked stringSignTemp; --json; --xml', () => {
  let r = cli(['sign', '--key', KEY, '--explain'], { input: QUERY });
  assert.equal(r.code, 0);
  const rows = Object.fromEntries(r.out.trim().split('\n').map((l) => l.split(/\s{2,}/)));
  assert.equal(rows.stringA, md5Vector.string_a);
  assert.equal(rows.stringSignTemp, `${md5Vector.string_a}&key=${'*'.repeat(32)}`);
  assert.equal(rows.sign, md5Vector.sign);
  assert.equal(rows['HMAC-SHA256'], hmacVector.sign);
  noKeyIn(r);

  r = cli(['sign', '--key', KEY, '--json', '-x', '-t', 'HMAC-SHA256'], { input: QUERY });
  assert.deepEqual(json(r), { ok: true, sign: hmacVector.sign, signType: 'HMAC-SHA256', stringA: md5Vector.string_a, stringSignTemp: `${md5Vector.string_a}&key=${'*'.repeat(32)}` });

  r = cli(['sign', '--key', KEY, '--xml', '-t', 'HMAC-SHA256'], { input: QUERY });
  const fields = Object.fromEntries([...r.out.matchAll(/<(\w+)><!\[CDATA\[(.*?)\]\]><\/\1>/g)].map((m) => [m[1], m[2]]));
  assert.equal(fields.sign_type, 'HMAC-SHA256');
  assert.equal(fields.sign, referenceSign({ ...md5Vector.params, sign_type: 'HMAC-SHA256' }, KEY, 'HMAC-SHA256'));
});

test('verify: the official signed XML is OK; a wrong key and an HMAC sign checked as MD5 are explained (exit 1)', () => {
  const xmlFile = join(tmp, 'signed.xml');
  writeFileSync(xmlFile, v2Vectors.signed_xml.xml);
  let r = cli(['verify', '--params', `@${xmlFile}`, '--key', KEY]);
  assert.deepEqual([r.code, r.out], [0, 'OK: the sign matches (MD5)\n']);

  r = cli(['verify', '--key', `${KEY.slice(0, -1)}e`], { input: v2Vectors.signed_xml.xml });
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`^MISMATCH: received ${md5Vector.sign}, expected [0-9A-F]{32} \\(MD5\\)\n`));
  assert.match(r.out, /most likely the key differs/);

  r = cli(['verify', '--key', KEY, '--sign', hmacVector.sign, '--sign-type', 'MD5', '--json'], { input: QUERY });
  assert.equal(r.code, 1);
  const d = json(r);
  assert.equal(d.ok, false);
  assert.equal(d.expected, md5Vector.sign);
  assert.deepEqual(d.causes.map((c) => [c.code, c.signType]), [['SIGN_TYPE', 'HMAC-SHA256']]);
  noKeyIn(r);

  r = cli(['verify', '--key', KEY], { input: QUERY });
  assert.equal(r.code, 1);
  assert.match(r.err, /SIGN_MISSING/);
});

test('paysign: the official mini-program example; App parameters match node:crypto', () => {
  const v = v2Vectors.jsapi_pay_sign[0];
  let r = cli(['paysign', '--app-id', v.input.appId, '--prepay-id', v.input.prepay_id, '--timestamp', v.input.timeStamp,
    '--nonce', v.input.nonceStr, '--sign-type', v.input.signType, '--key', v.key, '--json']);
  assert.equal(r.code, 0);
  assert.deepEqual(json(r), v.output);

  r = cli(['paysign', '--type', 'app', '--app-id', 'wxb4ba3c02aa476ea1', '--partner-id', '1900006771', '--prepay-id', 'prepay_id=wx2016121516420242444321ca0631331346',
    '--timestamp', '1481791342', '--nonce', 'abc', '--key', KEY]);
  assert.equal(r.code, 0);
  const app = JSON.parse(r.out);
  const { sign, ...signed } = app;
  assert.equal(app.prepayid, 'wx2016121516420242444321ca0631331346');
  assert.equal(sign, referenceSign(signed, KEY));

  r = cli(['paysign', '--app-id', 'wx1', '--key', KEY]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--prepay-id is required/);
});

test('decrypt and notify: refund req_info from node:crypto; payment notifications', () => {
  const inner = '<root><out_refund_no><![CDATA[R1]]></out_refund_no><refund_status><![CDATA[SUCCESS]]></refund_status></root>';
  const cipher = createCipheriv('aes-256-ecb', Buffer.from(createHash('md5').update(KEY).digest('hex')), null);
  const reqInfo = Buffer.concat([cipher.update(inner), cipher.final()]).toString('base64');

  let r = cli(['decrypt', '--key', KEY, '--json'], { input: reqInfo });
  assert.deepEqual([r.code, json(r)], [0, { out_refund_no: 'R1', refund_status: 'SUCCESS' }]);
  r = cli(['decrypt', '--key', KEY, '--req-info', reqInfo]);
  assert.deepEqual([r.code, r.out], [0, 'out_refund_no  R1\nrefund_status  SUCCESS\n']);
  const refundXml = `<xml><return_code>SUCCESS</return_code><appid>wx1</appid><req_info><![CDATA[${reqInfo}]]></req_info></xml>`;
  r = cli(['decrypt', '--key', KEY, '--json'], { input: refundXml });
  assert.deepEqual(json(r), { return_code: 'SUCCESS', appid: 'wx1', out_refund_no: 'R1', refund_status: 'SUCCESS' });
  r = cli(['decrypt', '--key', 'wrong'], { input: reqInfo });
  assert.equal(r.code, 1);
  assert.match(r.err, /DECRYPT_FAILED/);
  r = cli(['decrypt', '--key', KEY], { input: '!!not base64!!' });
  assert.equal(r.code, 3);
  assert.match(r.err, /BASE64_INVALID/);

  r = cli(['notify', '--key', KEY, '--json'], { input: v2Vectors.signed_xml.xml });
  assert.equal(r.code, 0);
  assert.equal(json(r).fields.sign, md5Vector.sign);
  r = cli(['notify', '--key', KEY, '--ack'], { input: v2Vectors.signed_xml.xml });
  assert.deepEqual([r.code, r.out], [0, '<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>\n']);
  r = cli(['notify', '--key', KEY, '--json'], { input: refundXml });
  assert.equal(json(r).fields.out_refund_no, 'R1');

  const tampered = v2Vectors.signed_xml.xml.replace('<body>test', '<body>tesT');
  r = cli(['notify', '--key', KEY], { input: tampered });
  assert.equal(r.code, 1);
  assert.match(r.err, /SIGN_MISMATCH/);
  r = cli(['notify', '--key', KEY, '--ack'], { input: tampered });
  assert.equal(r.code, 1);
  assert.match(r.out, /<return_code><!\[CDATA\[FAIL\]\]><\/return_code>/);
  r = cli(['notify', '--key', KEY, '--json'], { input: '<xml><return_code>FAIL</return_code><return_msg>bad</return_msg></xml>' });
  assert.deepEqual([r.code, json(r).error.code], [1, 'NOTIFY_RETURN_FAIL']);
  r = cli(['notify', '--key', KEY], { input: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>' });
  assert.equal(r.code, 3);
  assert.match(r.err, /XML_FORBIDDEN/);
});

test('keys: --key-file (trailing line break ignored), WECHATPAY_KEY, and none (usage error)', () => {
  const keyFile = join(tmp, 'key');
  writeFileSync(keyFile, `${KEY}\n`);
  let r = cli(['sign', '--key-file', keyFile], { input: QUERY });
  assert.deepEqual([r.code, r.out], [0, `${md5Vector.sign}\n`]);
  r = cli(['sign'], { input: QUERY, env: { WECHATPAY_KEY: KEY } });
  assert.deepEqual([r.code, r.out], [0, `${md5Vector.sign}\n`]);
  r = cli(['sign'], { input: QUERY });
  assert.equal(r.code, 2);
  assert.match(r.err, /no API key/);
  r = cli(['sign', '--key-file', join(tmp, 'missing')], { input: QUERY });
  assert.equal(r.code, 2);
});

test('usage errors exit 2; --help and --version exit 0', () => {
  assert.equal(cli([]).code, 2);
  let r = cli(['nope']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command "nope"/);
  r = cli(['sign', '--key', KEY, '--frobnicate'], { input: QUERY });
  assert.equal(r.code, 2);
  r = cli(['sign', '--key', KEY, '--sign-type', 'SHA1'], { input: QUERY });
  assert.equal(r.code, 2);
  r = cli(['sign', '--key', KEY]);
  assert.equal(r.code, 2);
  assert.match(r.err, /no input/);
  r = cli(['sign', '--key', KEY, '--json'], { input: '{"a": {"nested": 1}}' });
  assert.deepEqual([r.code, json(r).error.code], [3, 'INVALID_ARGUMENT']);

  r = cli(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['sign', 'verify', 'paysign', 'decrypt', 'notify']) assert.match(r.out, new RegExp(`^  ${c}\\s`, 'm'));
  r = cli(['verify', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /--sign VALUE/);
  r = cli(['--version']);
  assert.deepEqual([r.code, r.out], [0, `${PKG.version}\n`]);
});
