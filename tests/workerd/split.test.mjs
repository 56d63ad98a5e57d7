// The two wasm modules inside real workerd: a v2 / v3 / notification flow never instantiates
// the extra module (both are imported as compiled modules: workerd cannot compile bytes at run
// time), and each optional area works on its first call in a fresh isolate, with key handles
// crossing between the instances. Values checked against node:crypto and the vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startWorker } from './harness.mjs';
import { v3Vectors as E, pems } from '../js/v3-helpers.mjs';

const P12 = JSON.parse(readFileSync(new URL('../vectors/p12/expected.json', import.meta.url), 'utf8')).merchant_aes;
const body = JSON.stringify({
  pems, E,
  p12: { base64: readFileSync(new URL('../vectors/p12/merchant_aes.p12', import.meta.url)).toString('base64'), password: P12.password },
});
const entry = new URL('./split-worker.mjs', import.meta.url).pathname;
const coreOnly = { compiled: { core: 0, extra: 0 }, instantiated: { core: 1, extra: 0 } };
const both = { compiled: { core: 0, extra: 0 }, instantiated: { core: 1, extra: 1 } };

/** A fresh workerd running `steps` in order. */
async function run(steps) {
  const worker = await startWorker(entry);
  try {
    const out = [];
    for (const step of steps) {
      const res = await worker.fetch(`/${step}`, { method: 'POST', body });
      const json = await res.json();
      assert.equal(res.status, 200, json.error);
      out.push(json);
    }
    return { worker, out };
  } finally {
    await worker.dispose();
  }
}

test('workerd: the bundle imports both modules; a v2 / v3 / notification flow never instantiates the extra one', async () => {
  const { worker, out: [first, second] } = await run(['core', 'core']);
  assert.match(worker.code, /from "\.\/wechatpay_wasm_bg\.wasm"/);
  assert.match(worker.code, /from "\.\/wechatpay_wasm_extra_bg\.wasm"/);
  for (const { result, counts } of [first, second]) {
    assert.deepEqual(counts, coreOnly);
    assert.equal(result.v2Sign, '9A0A8659F005D6984697E2CA0A9CF3B7');
    assert.deepEqual(result.v2Handled, [true, 'T1']);
    assert.equal(result.authorization, E.authorization.header);
    assert.equal(result.authorizationSync, E.authorization.header);
    assert.deepEqual(result.verifyResponse, [true, true]);
    assert.deepEqual(result.v3Handled, [true, E.notification.resource]);
    assert.equal(result.jsapi, E.jsapi.paySign);
  }
});

test('workerd: each optional area works on first use in a fresh isolate, the extra module instantiated once', async () => {
  const { out: [core, alipay, p12, v2diagnose, v3diagnose, bills, alipayAgain] } = await run(['core', 'alipay', 'p12', 'v2diagnose', 'v3diagnose', 'bills', 'alipay']);
  assert.deepEqual(core.counts, coreOnly);
  for (const step of [alipay, p12, v2diagnose, v3diagnose, bills, alipayAgain]) assert.deepEqual(step.counts, both);
  const reference = createSign('RSA-SHA256').update(alipay.result.stringToSign).sign(pems['private_pkcs8.pem'], 'base64');
  assert.deepEqual(alipay.result.signs, [reference, reference, reference]);
  assert.equal(alipay.result.v3WithAlipayKey, E.authorization.header);
  assert.deepEqual(alipay.result.verified, [true, true, true]);
  assert.deepEqual(alipayAgain.result, alipay.result);
  assert.equal(p12.result.serialNo, P12.serialNo);
  assert.equal(p12.result.authorization, E.authorization.header);
  assert.equal(p12.result.authorizationSync, E.authorization.header);
  assert.deepEqual(v2diagnose.result, { good: true, bad: false });
  assert.deepEqual(v3diagnose.result.request, [true, ['CERTIFICATE_NOT_YET_VALID']]);
  assert.deepEqual(v3diagnose.result.verification, ['CERTIFICATE_NOT_YET_VALID']);
  assert.equal(bills.result.fen, 1);
  assert.deepEqual(bills.result.records, [{ 交易时间: '2026-12-01 10:00:00', 商户订单号: 'T1', 总金额: '0.01' }]);
});

test('workerd: p12 as the very first call of an isolate', async () => {
  const { out: [p12] } = await run(['p12']);
  assert.deepEqual(p12.counts, both);
  assert.equal(p12.result.authorization, E.authorization.header);
});
