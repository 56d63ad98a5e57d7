// Garbage into every public function: each answers with a WechatPayError (or a TypeError for a
// wrong JS type), never a wasm trap, and the instance keeps working afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from 'wechatpay-wasm';
import { v2Vectors, rng, randomText } from './helpers.mjs';

const GARBAGE = ['', '\0', '<xml>', '<xml><a>&#xD800;</a></xml>', ']]>', 'x'.repeat(70000), '中文😀', '%%%', 'AAAA', '==',
  '<!DOCTYPE x>', '-1', 'NaN', ' '];

function callAll(fn, arity, rand) {
  const args = Array.from({ length: arity }, () => GARBAGE[Math.floor(rand() * GARBAGE.length)] + randomText(rand, 8));
  try {
    fn(...args);
  } catch (e) {
    assert.ok(e instanceof api.WechatPayError || e instanceof TypeError, `${fn.name}: ${e?.constructor?.name} ${e?.message}`);
    if (e instanceof api.WechatPayError) assert.match(e.code, /^[A-Z][A-Z0-9_]+$/);
  }
}

test('every v2 function survives garbage, and the instance still signs correctly', () => {
  const rand = rng(1);
  for (let round = 0; round < 200; round++) {
    for (const [name, fn] of Object.entries(api.v2)) {
      callAll(fn, fn.length || 3, rand);
      // Objects with garbage values too.
      if (['sign', 'verify', 'toXml', 'stringToSign', 'signedXml'].includes(name)) {
        const params = { [randomText(rand, 5) || 'a']: randomText(rand, 10), sign: randomText(rand, 4), sign_type: GARBAGE[round % GARBAGE.length] };
        callAll(() => fn(params, 'key'), 0, rand);
      }
    }
    callAll(api.nonce, 1, rand);
  }
  const v = v2Vectors.sign[0];
  assert.equal(api.v2.sign(v.params, v.key, v.sign_type), v.sign);
  assert.equal(api.v2.fromXml(v2Vectors.signed_xml.xml).sign, v.sign);
});
