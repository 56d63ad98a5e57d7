// The CLI's Alipay commands (alipay-sign, alipay-verify), spawned from the built package
// (pkg/dist/cli.mjs), on the vectors of tests/vectors/alipay (made with Node crypto): outputs and
// exit codes (0 ok, 1 failed verification, 2 usage, 3 other).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pems, pemBody } from './v3-helpers.mjs';

const CLI = new URL('../../pkg/dist/cli.mjs', import.meta.url).pathname;
const ALIPAY_DIR = new URL('../vectors/alipay/', import.meta.url);
const A = JSON.parse(readFileSync(new URL('expected.json', ALIPAY_DIR), 'utf8'));
const alipayKeyFile = (name) => new URL(A.keys[name], ALIPAY_DIR).pathname;

function cli(args, { input = '', env = {} } = {}) {
  const { ALIPAY_PRIVATE_KEY: _a, ALIPAY_PUBLIC_KEY: _b, ...base } = process.env;
  const r = spawnSync(process.execPath, [CLI, ...args], { input, env: { ...base, ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = (r) => JSON.parse(r.out);

test('alipay-sign: the request vectors (JSON and query string) give the Node-crypto signs and signed queries', () => {
  for (const v of A.requests) {
    const key = alipayKeyFile('appPrivateKey');
    let r = cli(['alipay-sign', '--key-file', key, '--sign-type', v.signType], { input: JSON.stringify(v.params) });
    assert.deepEqual([r.code, r.out], [0, `${v.sign}\n`], v.name);
    r = cli(['alipay-sign', '--key-file', key, '-t', v.signType, '--query', '--json', '--explain', '--params', new URLSearchParams(v.params).toString()]);
    assert.deepEqual(json(r), { ok: true, sign: v.sign, signType: v.signType, query: v.signedQuery, stringToSign: v.stringToSign }, v.name);
  }
  const bare = pemBody(pems['private_pkcs8.pem']);
  const r = cli(['alipay-sign'], { input: JSON.stringify(A.requests[0].params), env: { ALIPAY_PRIVATE_KEY: bare } });
  assert.deepEqual([r.code, r.out], [0, `${A.requests[0].sign}\n`]);
  assert.equal(cli(['alipay-sign', '--key-file', alipayKeyFile('appPrivateKey'), '-t', 'RSA3'], { input: '{"a":"1"}' }).code, 2);
});

test('alipay-verify: notifications and gateway responses verify (exit 0); tampered ones are SIGN_MISMATCH (exit 1)', () => {
  const pub = alipayKeyFile('alipayPublicKey');
  for (const n of A.notifications) {
    const r = cli(['alipay-verify', '--key-file', pub, '--explain'], { input: n.formBody });
    assert.equal(r.code, 0, `${n.name}: ${r.err}`);
    assert.equal(r.out, `OK: the notification is signed by Alipay (${n.signType})\nstringToSign  ${n.content}\n`);
  }
  const n = A.notifications[0];
  let r = cli(['alipay-verify', '--key-file', pub, '--explain'], { input: n.formBody.replace('total_amount=88.88', 'total_amount=0.01') });
  assert.equal(r.code, 1);
  assert.match(r.err, /SIGN_MISMATCH/);
  assert.match(r.err, /stringToSign {2}.*total_amount=0\.01/);
  r = cli(['alipay-verify', '--key-file', alipayKeyFile('appPublicKey')], { input: n.formBody });
  assert.equal(r.code, 1, 'the app\'s own public key is not Alipay\'s');

  for (const v of A.responses) {
    r = cli(['alipay-verify', '--key-file', pub, '--method', v.method, '--sign-type', v.signType, '--json'], { input: v.body });
    assert.equal(r.code, 0, `${v.name}: ${r.err}`);
    assert.deepEqual(json(r).response, v.node, v.name);
  }
  const failure = A.responses.find((v) => v.node.code === '40004');
  r = cli(['alipay-verify', '--key-file', pub, '--method', failure.method], { input: failure.body });
  assert.match(r.out, /^OK: the alipay\.trade\.query response is signed by Alipay \(Alipay answered 40004 ACQ\.TRADE_NOT_EXIST\)\n/);
  const spaced = A.responses[1];
  r = cli(['alipay-verify', '--key-file', pub, '--method', spaced.method], { input: spaced.body.replace('"code" : "10000"', '"code":"10000"') });
  assert.deepEqual([r.code, /SIGN_MISMATCH/.test(r.err)], [1, true]);
  r = cli(['alipay-verify'], { input: n.formBody });
  assert.equal(r.code, 2);
});

test('--help lists the Alipay commands', () => {
  const r = cli(['--help']);
  for (const c of ['alipay-sign', 'alipay-verify']) assert.match(r.out, new RegExp(`^  ${c}\\s`, 'm'));
  assert.match(cli(['alipay-verify', '--help']).out, /--key-file VALUE +the Alipay public key/);
});
