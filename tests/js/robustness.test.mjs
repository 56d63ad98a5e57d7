// Garbage into every public function: each answers with a WechatPayError only (issue 9: never a
// TypeError or a wasm trap), and the instance keeps working afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from 'wechatpay-wasm';
import { v2Vectors, rng, randomText } from './helpers.mjs';

const GARBAGE = ['', '\0', '<xml>', '<xml><a>&#xD800;</a></xml>', ']]>', 'x'.repeat(70000), '中文😀', '%%%', 'AAAA', '==',
  '<!DOCTYPE x>', '-1', 'NaN', ' '];

// wasm-bindgen traps on a non-string where Rust takes &str: the wrappers must check types.
const NON_STRINGS = [0, -1, 1.5, 2 ** 53, NaN, null, undefined, true, {}, [], ['a'], { length: 5 }, new Uint8Array(3), () => 'x'];

function pick(rand) {
  if (rand() < 0.3) return NON_STRINGS[Math.floor(rand() * NON_STRINGS.length)];
  return GARBAGE[Math.floor(rand() * GARBAGE.length)] + randomText(rand, 8);
}

function callAll(fn, arity, rand) {
  const args = Array.from({ length: arity }, () => pick(rand));
  try {
    fn(...args);
  } catch (e) {
    assert.ok(e instanceof api.WechatPayError, `${fn.name}: ${e?.constructor?.name} ${e?.message}`);
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

test('every v3 function survives garbage (the async ones reject), and both paths still give the vectors', async () => {
  const { v3Vectors: E, pems } = await import('./v3-helpers.mjs');
  const rand = rng(3);
  const key = await api.v3.importPrivateKey(pems['private_pkcs8.pem']);
  const publicKey = await api.v3.importPublicKey(pems['cert.pem']);
  const verifier = api.v3.createVerifier(publicKey);
  const freed = api.v3.importPrivateKeySync(pems['private_pkcs1.pem']);
  freed.free();
  const values = () => [GARBAGE[Math.floor(rand() * GARBAGE.length)] + randomText(rand, 8), 42, -1, NaN, 1e300, 10n, null, undefined, true, {}, [],
    [['Wechatpay-Nonce']], ['a', 'b'], new Uint8Array(3), new Date(NaN), Symbol('s'), () => 1, key, publicKey, verifier, freed,
    pems['private_pkcs1.pem'], pems['rsa1024_pkcs8.pem'], pems['ec_pkcs8.pem'], pems['cert.pem'], 'WECHATPAY/SIGNTEST/AA', E.apiV3Key];
  const any = () => { const v = values(); return v[Math.floor(rand() * v.length)]; };
  async function survives(name, fn) {
    try {
      await fn();
    } catch (e) {
      assert.ok(e instanceof api.WechatPayError, `v3.${name}: ${e?.constructor?.name} ${e?.message}`);
      if (e instanceof api.WechatPayError) assert.match(e.code, /^[A-Z][A-Z0-9_]+$/);
    }
  }
  const fields = ['mchId', 'serialNo', 'privateKey', 'method', 'url', 'body', 'timestamp', 'nonce', 'verifier', 'signature', 'serial', 'headers', 'apiV3Key', 'now', 'maxSkew',
    'ciphertext', 'associated_data', 'original_type'];
  for (let round = 0; round < 100; round++) {
    for (const [name, fn] of Object.entries(api.v3)) {
      if (name === 'Verifier') {
        const v = new fn();
        for (const m of ['add', 'remove', 'has', 'ids']) await survives(`Verifier.${m}`, () => v[m](any(), any()));
        await survives('Verifier.size', () => v.size);
        v.free();
        continue;
      }
      await survives(name, () => fn(...Array.from({ length: Math.max(fn.length, 3) }, any)));
      // An options object, garbage in every field (sometimes a real key or verifier).
      const opts = Object.fromEntries(fields.map((f) => [f, any()]));
      await survives(name, () => fn(opts));
      await survives(name, () => fn({ ...opts, privateKey: key, verifier, headers: { 'wechatpay-serial': E.certificate.serialNo, 'wechatpay-timestamp': String(Date.now() / 1000 | 0), 'wechatpay-nonce': 'n', 'wechatpay-signature': opts.signature } }));
    }
  }
  // The same instance, on both paths.
  const a = E.authorization;
  const auth = { mchId: E.mchId, serialNo: E.certificate.serialNo, privateKey: key, method: a.method, url: a.url, body: a.body, timestamp: a.timestamp, nonce: a.nonce };
  assert.equal(await api.v3.authorization(auth), a.header);
  assert.equal(api.v3.authorizationSync(auth), a.header);
  assert.equal(await api.v3.verify({ verifier, ...E.response }), true);
  assert.equal(api.v3.verifySync({ verifier, ...E.response }), true);
  assert.equal(await api.v3.decryptSensitive(E.sensitive.ciphertext, key), E.sensitive.plaintext);
  const n = E.notification;
  assert.deepEqual(api.v3.parseNotificationSync({ headers: n.headers, body: n.body, apiV3Key: n.apiV3Key, verifier, now: n.now }).resource, n.resource);
});

test('every alipay function survives garbage with a WechatPayError only, and still gives the vectors', async () => {
  const dir = new URL('../vectors/alipay/', import.meta.url);
  const { readFileSync } = await import('node:fs');
  const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'));
  const appPrivate = readFileSync(new URL('../vectors/v3/private_pkcs8.pem', import.meta.url), 'utf8');
  const rand = rng(5);
  const handle = api.alipay.importPrivateKey(appPrivate);
  const freed = api.alipay.importPrivateKey(appPrivate);
  freed.free();
  const values = [...NON_STRINGS, 10n, Symbol('s'), new Date(NaN), new URLSearchParams('a=1&a=2'), new Map([[1, 2]]), [[1]], [null], { a: { b: 10n } },
    handle, freed, appPrivate, 'RSA2', 'RSA', 'MD5', 'alipay.trade.query', '{"alipay_trade_query_response":{},"sign":"AA=="}'];
  const any = () => (rand() < 0.5 ? values[Math.floor(rand() * values.length)] : pick(rand));
  for (let round = 0; round < 100; round++) {
    for (const [name, fn] of functionsOf(api.alipay)) {
      try {
        fn(any(), any(), any(), any());
      } catch (e) {
        assert.ok(e instanceof api.WechatPayError, `alipay.${name}: ${e?.constructor?.name} ${e?.message}`);
      }
    }
  }
  const r = expected.requests?.[0] ?? expected.sign?.[0];
  if (r?.params) assert.equal(api.alipay.stringToSign(r.params), r.stringToSign);
  handle.free();
});

// The functions of a namespace, nested ones (alipay.v3.*) included, as [dotted name, function].
function functionsOf(ns, prefix = '') {
  return Object.entries(ns).flatMap(([k, v]) => (typeof v === 'function' ? [[prefix + k, v]]
    : v !== null && typeof v === 'object' ? functionsOf(v, `${prefix}${k}.`) : []));
}
