// v2.diagnose through the built package: the same logic the debugger page and the CLI use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v2, WechatPayError } from 'wechatpay-wasm';
import { v2Vectors, referenceSign } from './helpers.mjs';

const [md5Vector, hmacVector] = v2Vectors.sign;
const { params, key } = md5Vector;

test('diagnose shows the official intermediates and a match', () => {
  const d = v2.diagnose({ ...params, attach: '', sign: md5Vector.sign }, key);
  assert.equal(d.stringA, md5Vector.string_a);
  assert.equal(d.stringSignTempMasked, `${md5Vector.string_a}&key=${'*'.repeat(32)}`);
  assert.equal(d.md5, md5Vector.sign);
  assert.equal(d.hmacSha256, hmacVector.sign);
  assert.equal(d.matches, true);
  assert.deepEqual(d.fields.slice(-2), [{ name: 'attach', value: '', role: 'empty' }, { name: 'sign', value: md5Vector.sign, role: 'sign' }]);
  assert.ok(!JSON.stringify(d).includes(key), 'no key in the result');
  assert.equal(v2.diagnose(params, key).matches, null);
});

test('diagnose explains an HMAC sign checked as MD5, a wrong key, and an unsigned field', () => {
  const hmacAsMd5 = v2.diagnose(params, key, hmacVector.sign, 'MD5');
  assert.equal(hmacAsMd5.matches, false);
  assert.deepEqual(hmacAsMd5.causes.map((c) => [c.code, c.signType]), [['SIGN_TYPE', 'HMAC-SHA256']]);

  const wrongKey = v2.diagnose(params, key.replace(/d$/, 'e'), md5Vector.sign);
  assert.equal(wrongKey.matches, false);
  assert.deepEqual(wrongKey.causes, []);
  assert.match(wrongKey.summary, /most likely the key differs/);

  const extra = { ...params, attach: 'added later' };
  const d = v2.diagnose(extra, key, referenceSign(params, key));
  assert.deepEqual(d.causes.map((c) => [c.code, c.fields]), [['FIELD_UNSIGNED', ['attach']]]);
});

test('diagnose refuses an unknown sign type with its code', () => {
  assert.throws(() => v2.diagnose(params, key, null, 'SHA1'), (e) => e instanceof WechatPayError && e.code === 'SIGN_TYPE_UNSUPPORTED');
});
