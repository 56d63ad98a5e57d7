// API v2 inside real workerd, through the package's `workerd` export condition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness.mjs';
import { v2Vectors, referenceSign, rng, randomParams } from '../js/helpers.mjs';

let worker;
before(async () => { worker = await startWorker(new URL('./v2-worker.mjs', import.meta.url).pathname); });
after(() => worker?.dispose());

test('the Worker bundle is the workerd build and imports no node: module', () => {
  assert.match(worker.code, /from "\.\/wechatpay_wasm_bg\.wasm"/);
  assert.doesNotMatch(worker.code, /from\s*["']node:|require\(["']node:/);
});

test('official v2 vectors inside workerd', async () => {
  const out = await (await worker.fetch('/')).json();
  assert.deepEqual(out.sign, v2Vectors.sign.map((v) => v.sign));
  assert.equal(out.verified, true);
  assert.deepEqual(out.paySign, v2Vectors.jsapi_pay_sign.map((v) => v.output));
  assert.match(out.nonce, /^[A-Za-z0-9]{32}$/);
  assert.deepEqual(out.xxe, { isWechatPayError: true, code: 'XML_FORBIDDEN' });
});

test('random maps signed inside workerd match node:crypto', async () => {
  const rand = rng(99);
  for (let i = 0; i < 25; i++) {
    const params = randomParams(rand);
    const signType = i % 2 ? 'MD5' : 'HMAC-SHA256';
    const res = await worker.fetch('/sign', { method: 'POST', body: JSON.stringify({ params, key: 'k'.repeat(32), signType }) });
    assert.equal((await res.json()).sign, referenceSign(params, 'k'.repeat(32), signType));
  }
});
