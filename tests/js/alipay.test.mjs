// Alipay through the built package (node condition), against the Node-crypto vectors
// (tests/vectors/alipay), Alipay's own Node SDK (the alipay-sdk devDependency) and a random
// differential with node:crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AlipaySdk } from 'alipay-sdk';
import * as pkg from 'wechatpay-wasm';
import { rng, randomText } from './helpers.mjs';

const { alipay, createAlipayClient, WechatPayError } = pkg;
const dir = new URL('../vectors/alipay/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'));
const keyText = (name) => readFileSync(new URL(vectors.keys[name], dir), 'utf8');
const APP_PRIVATE = keyText('appPrivateKey');
const APP_PRIVATE_PKCS1 = keyText('appPrivateKeyPkcs1');
const APP_PUBLIC = keyText('appPublicKey');
const ALIPAY_PRIVATE = keyText('alipayPrivateKey');
const ALIPAY_PUBLIC = keyText('alipayPublicKey');
const bare = (pem) => pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');

function captureError(fn) {
  try { fn(); } catch (e) { return e; }
  assert.fail('expected a WechatPayError');
}
const codeOf = (fn) => {
  const e = captureError(fn);
  assert.ok(e instanceof WechatPayError, `not a WechatPayError: ${e}`);
  return e.code;
};

// ---- vectors ------------------------------------------------------------------------------

test('request vectors: stringToSign, RSA2 and legacy RSA sign, signedQuery; every key form', () => {
  const handle = alipay.importPrivateKey(bare(APP_PRIVATE_PKCS1));
  for (const key of [APP_PRIVATE, APP_PRIVATE_PKCS1, bare(APP_PRIVATE), handle]) {
    for (const r of vectors.requests) {
      assert.equal(alipay.stringToSign(r.params), r.stringToSign, r.name);
      assert.equal(alipay.sign(r.params, key, r.signType), r.sign, r.name);
      assert.equal(alipay.signedQuery(r.params, key, r.signType), r.signedQuery, r.name);
    }
  }
  handle.free();
});

test('a field map may be a Map or URLSearchParams; biz_content may be an object', () => {
  const r = vectors.requests[0];
  assert.equal(alipay.sign(new Map(Object.entries(r.params)), APP_PRIVATE), r.sign);
  assert.equal(alipay.sign(new URLSearchParams(r.params), APP_PRIVATE), r.sign);
  const withObject = { ...r.params, biz_content: JSON.parse(r.params.biz_content) };
  assert.equal(alipay.stringToSign(withObject), r.stringToSign);
  // Numbers as their text, null/undefined like empty values (not signed).
  assert.equal(alipay.stringToSign({ b: 2, a: null, c: undefined, d: '' }), 'b=2');
});

test('notification vectors: object, URLSearchParams and the raw form body; sign_type present or not', () => {
  for (const n of vectors.notifications) {
    assert.equal(alipay.notificationStringToSign(n.params), n.content, n.name);
    assert.equal(alipay.verifyNotification(n.params, ALIPAY_PUBLIC), true, n.name);
    assert.equal(alipay.verifyNotification(new URLSearchParams(n.formBody), bare(ALIPAY_PUBLIC)), true);
    assert.equal(alipay.verifyNotification(n.formBody, ALIPAY_PUBLIC), true);
  }
});

test('tampered notifications are rejected with typed errors', () => {
  const n = vectors.notifications[0];
  for (const k of Object.keys(n.params)) {
    if (k === 'sign' || k === 'sign_type' || n.params[k] === '') continue;
    assert.equal(codeOf(() => alipay.verifyNotification({ ...n.params, [k]: `${n.params[k]}1` }, ALIPAY_PUBLIC)), 'SIGN_MISMATCH', k);
  }
  const err = captureError(() => alipay.verifyNotification({ ...n.params, total_amount: '0.01' }, ALIPAY_PUBLIC));
  assert.equal(err.code, 'SIGN_MISMATCH');
  assert.match(err.message, /total_amount=0\.01/, 'the message shows the signed content');
  assert.equal(codeOf(() => alipay.verifyNotification({ ...n.params, extra: 'x' }, ALIPAY_PUBLIC)), 'SIGN_MISMATCH');
  assert.equal(codeOf(() => alipay.verifyNotification({ ...n.params, sign_type: 'RSA' }, ALIPAY_PUBLIC)), 'SIGN_MISMATCH');
  assert.equal(codeOf(() => alipay.verifyNotification({ ...n.params, sign: undefined }, ALIPAY_PUBLIC)), 'SIGN_MISSING');
  assert.equal(codeOf(() => alipay.verifyNotification({ ...n.params, sign_type: 'HMAC' }, ALIPAY_PUBLIC)), 'SIGN_TYPE_UNSUPPORTED');
  assert.equal(codeOf(() => alipay.verifyNotification(n.params, APP_PUBLIC)), 'SIGN_MISMATCH', 'the app key is not the Alipay key');
  const { sign_type: _, ...withoutType } = n.params;
  assert.equal(alipay.verifyNotification(withoutType, ALIPAY_PUBLIC), true);
  // A field given twice (possible in a form body) is refused, not guessed.
  assert.equal(codeOf(() => alipay.verifyNotification(`${n.formBody}&total_amount=0.01`, ALIPAY_PUBLIC)), 'INVALID_ARGUMENT');
});

test('response vectors verify byte for byte and parse in body order; tampering is caught', () => {
  for (const r of vectors.responses) {
    const node = alipay.verifyResponse(r.body, r.method, ALIPAY_PUBLIC, r.signType);
    assert.deepEqual(node, r.node, r.name);
    assert.deepEqual(Object.keys(node), Object.keys(JSON.parse(r.content)), 'key order of the body');
    const at = r.body.indexOf(r.content);
    const reserialised = r.body.slice(0, at) + JSON.stringify(r.node) + r.body.slice(at + r.content.length);
    if (JSON.stringify(r.node) !== r.content) {
      assert.equal(codeOf(() => alipay.verifyResponse(reserialised, r.method, ALIPAY_PUBLIC, r.signType)), 'SIGN_MISMATCH', r.name);
    }
    const other = r.signType === 'RSA2' ? 'RSA' : 'RSA2';
    assert.equal(codeOf(() => alipay.verifyResponse(r.body, r.method, ALIPAY_PUBLIC, other)), 'SIGN_MISMATCH');
    assert.equal(codeOf(() => alipay.verifyResponse(r.body.replace('"msg"', '"msg" '), r.method, ALIPAY_PUBLIC, r.signType)), 'SIGN_MISMATCH');
  }
  const r = vectors.responses[1];
  assert.equal(codeOf(() => alipay.verifyResponse(r.body.replace('88.88', '0.01'), r.method, ALIPAY_PUBLIC)), 'SIGN_MISMATCH');
  assert.equal(codeOf(() => alipay.verifyResponse(r.body.slice(0, -5), r.method, ALIPAY_PUBLIC)), 'JSON_INVALID');
  assert.equal(codeOf(() => alipay.verifyResponse(r.body, 'alipay.trade.refund', ALIPAY_PUBLIC)), 'JSON_INVALID');
  assert.equal(codeOf(() => alipay.verifyResponse(r.body, 'alipay trade', ALIPAY_PUBLIC)), 'INVALID_ARGUMENT');
  assert.equal(codeOf(() => alipay.verifyResponse(JSON.parse(r.body), r.method, ALIPAY_PUBLIC)), 'INVALID_ARGUMENT');
});

test('errors: sign types, keys, names', () => {
  const p = { app_id: '1', method: 'alipay.trade.query' };
  assert.equal(codeOf(() => alipay.sign(p, APP_PRIVATE, 'MD5')), 'SIGN_TYPE_UNSUPPORTED');
  assert.equal(codeOf(() => alipay.sign(p, APP_PUBLIC)), 'KEY_INVALID');
  assert.equal(codeOf(() => alipay.sign(p, 'not a key')), 'KEY_INVALID');
  assert.equal(codeOf(() => alipay.sign(p, undefined)), 'INVALID_ARGUMENT');
  assert.equal(codeOf(() => alipay.verifyNotification({ ...p, sign: 'AA==' }, ALIPAY_PRIVATE)), 'KEY_INVALID');
  assert.equal(codeOf(() => alipay.stringToSign({ a: 'x\0y' })), 'INVALID_ARGUMENT');
  assert.equal(codeOf(() => alipay.stringToSign(42)), 'INVALID_ARGUMENT');
  assert.equal(alipay.timestamp(new Date(Date.UTC(2026, 10, 22, 16, 0, 5))), '2026-11-23 00:00:05');
  const e = captureError(() => alipay.sign(p, APP_PRIVATE.replace('MII', 'MIJ')));
  assert.ok(!e.message.includes(APP_PRIVATE.split('\n')[1]), 'errors never quote key material');
});

test('v3 key handles work too, when the v3 layer is in the package', async (t) => {
  if (typeof pkg.v3?.importPrivateKey !== 'function') return t.skip('no v3.importPrivateKey in this build');
  const priv = await pkg.v3.importPrivateKey(APP_PRIVATE);
  const pub = await pkg.v3.importPublicKey(ALIPAY_PUBLIC);
  const r = vectors.requests[0];
  assert.equal(alipay.sign(r.params, priv), r.sign);
  assert.equal(alipay.verifyNotification(vectors.notifications[0].params, pub), true);
  priv.free();
  assert.equal(codeOf(() => alipay.sign(r.params, priv)), 'INVALID_ARGUMENT');
  pub.free();
});

// ---- against Alipay's Node SDK (alipay-sdk) -------------------------------------------------

const sdk = new AlipaySdk({ appId: vectors.appId, privateKey: APP_PRIVATE, keyType: 'PKCS8', alipayPublicKey: ALIPAY_PUBLIC });
const SPECIAL_BIZ = { out_trade_no: 'T+1 2&3=4%5', total_amount: '88.88', subject: '测试 a+b&c=d 100% ~!*\'() "q" é😀', body: 'x/y?z#w' };

// `k=v&…` → [[k, v]] with the raw (still encoded) text, and the decoded map.
const rawPairs = (q) => q.split('&').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]);

test('alipay-sdk sdkExecute (App order string): same sign, same encoding of every field', () => {
  const orderString = sdk.sdkExecute('alipay.trade.app.pay', { bizContent: SPECIAL_BIZ, notifyUrl: 'https://merchant.example/n?a=1&b=2' });
  const theirs = rawPairs(orderString);
  const params = Object.fromEntries(theirs.map(([k, v]) => [k, decodeURIComponent(v)]));
  assert.ok(params.biz_content.includes('T+1 2&3=4%5'), params.biz_content);
  const { sign, ...unsigned } = params;
  assert.equal(alipay.sign(unsigned, APP_PRIVATE), sign);
  // Ours lists the fields sorted and sign last; theirs in insertion order: compare as sets of
  // encoded pairs (the encoding of each value must be identical).
  const ours = rawPairs(alipay.signedQuery(unsigned, APP_PRIVATE));
  const sorted = (pairs) => pairs.map(([k, v]) => `${k}=${v}`).sort();
  assert.deepEqual(sorted(ours), sorted(theirs));
  assert.equal(ours.at(-1)[0], 'sign');
});

test('alipay-sdk sdkExecute with the legacy RSA sign type', () => {
  const legacy = new AlipaySdk({ appId: vectors.appId, privateKey: APP_PRIVATE, keyType: 'PKCS8', signType: 'RSA', alipayPublicKey: ALIPAY_PUBLIC });
  const params = Object.fromEntries(rawPairs(legacy.sdkExecute('alipay.trade.app.pay', { bizContent: SPECIAL_BIZ })).map(([k, v]) => [k, decodeURIComponent(v)]));
  assert.equal(params.sign_type, 'RSA');
  const { sign, ...unsigned } = params;
  assert.equal(alipay.sign(unsigned, APP_PRIVATE, 'RSA'), sign);
  assert.notEqual(alipay.sign(unsigned, APP_PRIVATE, 'RSA2'), sign);
});

test('alipay-sdk pageExecute GET URL: our sign over its parameters is its sign', () => {
  const url = new URL(sdk.pageExecute('alipay.trade.page.pay', 'GET', {
    bizContent: { ...SPECIAL_BIZ, product_code: 'FAST_INSTANT_TRADE_PAY' }, returnUrl: 'https://merchant.example/r?x=1 2',
  }));
  const params = Object.fromEntries(url.searchParams);
  const { sign, ...unsigned } = params;
  assert.equal(alipay.sign(unsigned, APP_PRIVATE), sign);
});

// alipay-sdk signs empty values too (`body=`), where Alipay's rules and its Java SDK drop them:
// compare on the non-empty fields, and check that the difference is only that.
const nonEmpty = (params) => Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ''));

test('alipay-sdk checkNotifySignV2 accepts the vector notifications and rejects tampered ones', () => {
  for (const n of vectors.notifications) {
    assert.ok(Object.values(n.params).includes(''), 'the vectors hold an empty field');
    assert.equal(sdk.checkNotifySignV2(nonEmpty(n.params)), true, n.name);
    assert.equal(sdk.checkNotifySignV2({ ...nonEmpty(n.params), total_amount: '0.01' }), false);
    assert.equal(sdk.checkNotifySignV2({ ...n.params }), false, 'alipay-sdk signs empty values');
  }
});

test('alipay-sdk accepts a notification whose sign we made (with the "Alipay" key), and so do we', () => {
  const fields = nonEmpty(vectors.notifications[0].params);
  delete fields.sign;
  delete fields.sign_type;
  fields.subject = SPECIAL_BIZ.subject;
  const signed = { ...fields, sign_type: 'RSA2', sign: alipay.sign(fields, ALIPAY_PRIVATE) };
  assert.equal(sdk.checkNotifySignV2({ ...signed }), true);
  assert.equal(alipay.verifyNotification(signed, ALIPAY_PUBLIC), true);
});

test('alipay-sdk checkResponseSign agrees on the compact response bodies', () => {
  for (const r of vectors.responses.filter((r) => r.signType === 'RSA2' && !r.body.startsWith('{ '))) {
    const name = r.body.startsWith('{"error_response"') ? 'error_response' : `${r.method.replaceAll('.', '_')}_response`;
    assert.doesNotThrow(() => sdk.checkResponseSign(r.body, name, JSON.parse(r.body).sign), r.name);
    assert.deepEqual(alipay.verifyResponse(r.body, r.method, ALIPAY_PUBLIC), r.node);
    const tampered = r.body.replace('"msg":"', '"msg":"X');
    assert.throws(() => sdk.checkResponseSign(tampered, name, JSON.parse(r.body).sign));
    assert.equal(codeOf(() => alipay.verifyResponse(tampered, r.method, ALIPAY_PUBLIC)), 'SIGN_MISMATCH');
  }
});

// ---- random differential with node:crypto -------------------------------------------------------

const byteOrder = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));
function referenceContent(params) {
  return Object.keys(params).filter((k) => k !== 'sign' && params[k] !== '').sort(byteOrder).map((k) => `${k}=${params[k]}`).join('&');
}

test('differential: 200 random maps, RSA2 sign, string to sign and signed query as node:crypto', () => {
  const rand = rng(20261123);
  const key = alipay.importPrivateKey(APP_PRIVATE);
  const NAME = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789.'.split('');
  for (let i = 0; i < 200; i++) {
    const params = {};
    const n = 1 + Math.floor(rand() * 12);
    for (let j = 0; j < n; j++) params[NAME[Math.floor(rand() * 26)] + randomText(rand, 10, NAME)] = rand() < 0.1 ? '' : randomText(rand, 30);
    const content = referenceContent(params);
    assert.equal(alipay.stringToSign(params), content, JSON.stringify(params));
    const sign = crypto.sign('sha256', Buffer.from(content), APP_PRIVATE).toString('base64');
    assert.equal(alipay.sign(params, key), sign);
    const query = [...Object.keys(params).filter((k) => params[k] !== '').sort(byteOrder), 'sign']
      .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(k === 'sign' ? sign : params[k])}`).join('&');
    assert.equal(alipay.signedQuery(params, key), query);
  }
  key.free();
});

// ---- garbage in -----------------------------------------------------------------------------

test('every alipay function survives garbage (WechatPayError or TypeError), and the instance still signs the vectors', () => {
  const rand = rng(6);
  const GARBAGE = ['', '\0', '{', '{"alipay_a_response":', '{"error_response":{},"sign":"AA=="}', 'x'.repeat(70000), '中文😀', '%%%', 'AAAA',
    '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----', 'RSA2', 'RSA', ' ', '\ud800', 'a=1&a=2', '[]'];
  const g = () => GARBAGE[Math.floor(rand() * GARBAGE.length)] + randomText(rand, 8);
  const priv = alipay.importPrivateKey(APP_PRIVATE);
  const pub = alipay.importPublicKey(ALIPAY_PUBLIC);
  const attempt = (name, fn) => {
    try { fn(); } catch (e) {
      assert.ok(e instanceof WechatPayError || e instanceof TypeError, `${name}: ${e?.constructor?.name} ${e?.message}`);
      if (e instanceof WechatPayError) assert.match(e.code, /^[A-Z][A-Z0-9_]+$/);
    }
  };
  for (let round = 0; round < 120; round++) {
    const params = { [g() || 'a']: g(), sign: g(), sign_type: GARBAGE[round % GARBAGE.length] };
    for (const [name, fn] of functionsOf(alipay)) {
      attempt(name, () => fn(g(), g(), g(), g()));
      attempt(name, () => fn(params, name.startsWith('verify') ? pub : priv, ['RSA2', 'RSA', g()][round % 3]));
    }
    attempt('verifyResponse', () => alipay.verifyResponse(g(), 'alipay.a', pub));
    attempt('createAlipayClient', () => createAlipayClient({ appId: g(), privateKey: round % 2 ? priv : g(), gateway: g() }).sdkExecute(g(), g(), params));
  }
  priv.free();
  pub.free();
  const r = vectors.requests[1];
  assert.equal(alipay.sign(r.params, APP_PRIVATE, r.signType), r.sign);
  assert.equal(alipay.verifyNotification(vectors.notifications[0].params, ALIPAY_PUBLIC), true);
});

// The functions of a namespace, nested ones (alipay.v3.*) included, as [dotted name, function].
function functionsOf(ns, prefix = '') {
  return Object.entries(ns).flatMap(([k, v]) => (typeof v === 'function' ? [[prefix + k, v]]
    : v !== null && typeof v === 'object' ? functionsOf(v, `${prefix}${k}.`) : []));
}
