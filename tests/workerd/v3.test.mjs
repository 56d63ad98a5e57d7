// API v3 inside real workerd (the `workerd` export condition), on both paths, against the
// TEST ONLY vectors of tests/vectors/v3; and the CPU cost of one Authorization header there
// (reported, not asserted: the machine is shared).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness.mjs';
import { childPids, measureBench } from './cpu.mjs';
import { v3Vectors as E, pems } from '../js/v3-helpers.mjs';

let worker;
const body = JSON.stringify({ pems });
before(async () => { worker = await startWorker(new URL('./v3-worker.mjs', import.meta.url).pathname); });
after(() => worker?.dispose());

test('the v3 Worker bundle is the workerd build and imports no node: module', () => {
  assert.match(worker.code, /from "\.\/wechatpay_wasm_bg\.wasm"/);
  assert.doesNotMatch(worker.code, /from\s*["']node:|require\(["']node:/);
});

test('v3 vectors inside workerd: the default path uses WebCrypto, both paths give expected.json', async () => {
  const out = await (await worker.fetch('/vectors', { method: 'POST', body })).json();
  const headers = [E.authorization.header, E.authorizationGet.header, E.authorization.header, E.authorizationGet.header];
  const j = E.jsapi;
  const a = E.app;
  const jsapi = { appId: j.appId, timeStamp: j.timeStamp, nonceStr: j.nonceStr, package: j.package, signType: 'RSA', paySign: j.paySign };
  const app = { appid: a.appId, partnerid: a.partnerId, prepayid: a.prepayId, package: 'Sign=WXPay', noncestr: a.noncestr, timestamp: a.timestamp, sign: a.sign };
  const notification = (n) => ({ ...n, resource: n.resource });
  const d = out.default;

  assert.deepEqual(out.webcrypto, [true, true]);
  assert.deepEqual(d.authorization, { result: headers, calls: { sign: 4, verify: 0, encrypt: 0, decrypt: 0 } });
  assert.deepEqual(d.jsapi, { result: jsapi, calls: { sign: 1, verify: 0, encrypt: 0, decrypt: 0 } });
  assert.deepEqual(d.app, { result: app, calls: { sign: 1, verify: 0, encrypt: 0, decrypt: 0 } });
  assert.deepEqual(d.verify, { result: true, calls: { sign: 0, verify: 1, encrypt: 0, decrypt: 0 } });
  assert.deepEqual(d.verifyResponse, { result: true, calls: { sign: 0, verify: 1, encrypt: 0, decrypt: 0 } });
  assert.deepEqual(d.notification.calls, { sign: 0, verify: 1, encrypt: 0, decrypt: 0 });
  assert.deepEqual(d.notification.result.resource, E.notification.resource);
  assert.equal(d.notification.result.id, JSON.parse(E.notification.body).id);
  assert.deepEqual(d.decryptSensitive, { result: E.sensitive.plaintext, calls: { sign: 0, verify: 0, encrypt: 0, decrypt: 1 } });
  assert.deepEqual(d.roundTrip, { result: E.sensitive.plaintext, calls: { sign: 0, verify: 0, encrypt: 1, decrypt: 0 } });
  assert.deepEqual(d.tampered.calls, { sign: 0, verify: 1, encrypt: 0, decrypt: 0 });
  assert.equal(d.tampered.result.isWechatPayError, true);
  assert.equal(d.tampered.result.code, 'SIGN_MISMATCH');
  assert.deepEqual([d.probe.code, d.probe.isWechatPayError, d.stale.code], ['SIGNTEST_PROBE', true, 'TIMESTAMP_SKEW']);

  const w = out.wasm;
  assert.deepEqual(w.authorization, headers);
  assert.deepEqual([w.jsapi, w.app, w.verify], [jsapi, app, true]);
  assert.deepEqual(notification(w.notification), d.notification.result);
  assert.equal(w.decryptSensitive, E.sensitive.plaintext);
  assert.deepEqual(w.tampered, d.tampered.result, 'the same error on both paths');

  assert.equal(out.resource, E.resource.plaintext);
  assert.deepEqual(out.certificates, E.certificates.expected.map((c) => c.serialNo));
});

test('CPU time of one Authorization header inside workerd (reported)', async (t) => {
  const [pid] = childPids('workerd');
  assert.ok(pid, 'workerd runs as a child process');
  for (const [path, n] of [['default', 300], ['wasm', 30]]) {
    const m = await measureBench(worker, body, { n, path, pid });
    assert.equal(m.headerLength, E.authorization.header.length, 'the loop made real headers');
    t.diagnostic(`${path} path: ${m.cpuMsPerIteration.toFixed(3)} ms CPU per header (workerd process, /proc, ${n} headers, tick ${m.tickMs} ms); `
      + `wall ${m.wallMsPerIteration.toFixed(3)} ms outside, ${m.insideMsPerIteration.toFixed(3)} ms inside the Worker`);
  }
});
