// API v3 through the built package (node condition), on both paths: the default (async, RSA in
// WebCrypto) and the pure-wasm Sync twins. Expected values come from tests/vectors/v3 (made by
// Node crypto and OpenSSL) and from node:crypto itself, never from the code under test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { inspect } from 'node:util';
import { v3, WechatPayError } from 'wechatpay-wasm';
import { rng, randomText } from './helpers.mjs';
import { v3Vectors as E, pems, pemBody, spySubtle, spyNodeCrypto, withoutSubtle, randomRequest, referenceMessage, parseAuthorization, randomAlnum } from './v3-helpers.mjs';

const SERIAL = E.certificate.serialNo;
const PUB_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
const nodePrivate = crypto.createPrivateKey(pems['private_pkcs8.pem']);
const nodePublic = crypto.createPublicKey(pems['public_spki.pem']);

// The two paths behind one async interface.
const PATHS = {
  webcrypto: v3,
  wasm: {
    authorization: async (o) => v3.authorizationSync(o),
    verify: async (o) => v3.verifySync(o),
    verifyResponse: async (o) => v3.verifyResponseSync(o),
    parseNotification: async (o) => v3.parseNotificationSync(o),
    jsapiPayParams: async (...a) => v3.jsapiPayParamsSync(...a),
    appPayParams: async (...a) => v3.appPayParamsSync(...a),
    encryptSensitive: async (...a) => v3.encryptSensitiveSync(...a),
    decryptSensitive: async (...a) => v3.decryptSensitiveSync(...a),
  },
};

let spy, keys, publicKey, verifier;
before(async () => {
  // In Node the default path signs and verifies with node:crypto (WebCrypto elsewhere, and for
  // RSA-OAEP): both spies count into one table.
  const web = spySubtle();
  const node = spyNodeCrypto(crypto);
  spy = { calls: { ...web.calls, ...node.calls }, snapshots: { ...web.snapshots, ...node.snapshots },
    count: (n) => (n in web.calls ? web.count(n) : node.count(n)), restore: () => { web.restore(); node.restore(); } };
  keys = { pkcs8: await v3.importPrivateKey(pems['private_pkcs8.pem']), pkcs1: await v3.importPrivateKey(pems['private_pkcs1.pem']) };
  publicKey = await v3.importPublicKey(pems['public_spki.pem']);
  verifier = v3.createVerifier(pems['cert.pem']);
  verifier.add(publicKey, PUB_KEY_ID);
});
after(() => spy.restore());

/** The error `fn` throws or rejects with; fails when it succeeds. */
async function failure(fn) {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}

/** Runs `fn` and returns how many times each subtle method was called meanwhile. */
async function counting(fn) {
  const before = Object.fromEntries(Object.keys(spy.calls).map((n) => [n, spy.count(n)]));
  const result = await fn();
  return { result, calls: Object.fromEntries(Object.keys(spy.calls).map((n) => [n, spy.count(n) - before[n]])) };
}

const authArgs = (a, privateKey) => ({ mchId: E.mchId, serialNo: SERIAL, privateKey, method: a.method, url: a.url, body: a.body, timestamp: a.timestamp, nonce: a.nonce });
const responseHeaders = (r) => ({ 'Wechatpay-Timestamp': r.timestamp, 'Wechatpay-Nonce': r.nonce, 'Wechatpay-Signature': r.signature, 'Wechatpay-Serial': r.serial });

test('Authorization vectors: both paths, both key forms, byte-identical and equal to expected.json', async () => {
  for (const key of Object.values(keys)) {
    for (const a of [E.authorization, E.authorizationGet]) {
      const { result: viaWebCrypto, calls } = await counting(() => v3.authorization(authArgs(a, key)));
      assert.deepEqual([calls.nodeSign, calls.sign], [1, 0], 'the default path signs with node:crypto in Node');
      const { result: viaWasm, calls: wasmCalls } = await counting(() => v3.authorizationSync(authArgs(a, key)));
      assert.deepEqual([wasmCalls.nodeSign, wasmCalls.sign], [0, 0]);
      assert.equal(viaWebCrypto, a.header);
      assert.equal(viaWasm, a.header);
      assert.equal(v3.message(a.method, a.url, a.timestamp, a.nonce, a.body), a.message);
    }
  }
});

test('pay parameter vectors (JSAPI paySign, App sign): both paths byte-identical and equal to expected.json', async () => {
  const j = E.jsapi;
  const a = E.app;
  const jsapi = { appId: j.appId, timeStamp: j.timeStamp, nonceStr: j.nonceStr, package: j.package, signType: 'RSA', paySign: j.paySign };
  const app = { appid: a.appId, partnerid: a.partnerId, prepayid: a.prepayId, package: 'Sign=WXPay', noncestr: a.noncestr, timestamp: a.timestamp, sign: a.sign };
  for (const [name, path] of Object.entries(PATHS)) {
    for (const key of Object.values(keys)) {
      const { result, calls } = await counting(() => path.jsapiPayParams(j.appId, j.prepayId, key, j.timeStamp, j.nonceStr));
      assert.deepEqual(result, jsapi, name);
      assert.equal(calls.nodeSign, name === 'webcrypto' ? 1 : 0);
      assert.deepEqual(await path.appPayParams(a.appId, a.partnerId, a.prepayId, key, a.timestamp, a.noncestr), app, name);
    }
    // Generated timeStamp / nonceStr: the signature covers them (checked with node:crypto).
    const p = await path.jsapiPayParams(j.appId, j.prepayId, keys.pkcs8);
    assert.match(p.nonceStr, /^[A-Za-z0-9]{32}$/);
    assert.ok(Math.abs(Number(p.timeStamp) - Date.now() / 1000) < 600);
    const msg = `${j.appId}\n${p.timeStamp}\n${p.nonceStr}\nprepay_id=${j.prepayId}\n`;
    assert.ok(crypto.verify('sha256', Buffer.from(msg), nodePublic, Buffer.from(p.paySign, 'base64')), name);
  }
});

test('response and notification vectors verify on both paths, headers in every accepted form', async () => {
  const r = E.response;
  const h = responseHeaders(r);
  const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  const forms = [h, lower, new Headers(h), new Map(Object.entries(lower)), Object.entries(h), Object.fromEntries(Object.entries(lower).map(([k, v]) => [k, [v]]))];
  for (const [name, path] of Object.entries(PATHS)) {
    const { result, calls } = await counting(() => path.verify({ verifier, ...r, now: r.now }));
    assert.equal(result, true);
    assert.deepEqual([calls.nodeVerify, calls.verify], [name === 'webcrypto' ? 1 : 0, 0], name);
    // The same key under its PUB_KEY_ID (public-key mode), and serials in other spellings.
    assert.equal(await path.verify({ verifier, ...r, serial: PUB_KEY_ID, now: r.now }), true);
    assert.equal(await path.verify({ verifier, ...r, serial: `00${SERIAL.toLowerCase()}`, now: new Date(r.now * 1000) }), true);
    for (const headers of forms) {
      assert.equal(await path.verifyResponse({ verifier, headers, body: r.body, now: r.now }), true, `${name} ${inspect(headers).slice(0, 40)}`);
    }

    const n = E.notification;
    for (const headers of [n.headers, new Headers(n.headers)]) {
      const out = await path.parseNotification({ headers, body: n.body, apiV3Key: n.apiV3Key, verifier, now: n.now });
      const envelope = JSON.parse(n.body);
      assert.deepEqual(out, {
        id: envelope.id, create_time: envelope.create_time, event_type: envelope.event_type, resource_type: envelope.resource_type,
        summary: envelope.summary, original_type: envelope.resource.original_type, resource: n.resource,
      }, name);
    }
  }
});

test('resources, certificates and sensitive-field vectors', async () => {
  const res = E.resource;
  assert.equal(v3.decryptResource({ ciphertext: res.ciphertext, nonce: res.nonce, associated_data: res.associatedData }, res.apiV3Key), res.plaintext);
  const enc = v3.encryptResource(res.plaintext, res.apiV3Key, { nonce: res.nonce, associated_data: res.associatedData, original_type: 'transaction' });
  assert.deepEqual(enc, { algorithm: 'AEAD_AES_256_GCM', ciphertext: res.ciphertext, nonce: res.nonce, associated_data: res.associatedData, original_type: 'transaction' });
  const fresh = v3.encryptResource('{}', res.apiV3Key);
  assert.match(fresh.nonce, /^[A-Za-z0-9]{12}$/);
  assert.equal(fresh.associated_data, '');
  assert.equal(v3.decryptResource(fresh, res.apiV3Key), '{}');

  const certs = v3.decryptCertificates(E.certificates.body, E.certificates.apiV3Key);
  assert.deepEqual(certs, E.certificates.expected.map((c) => ({ serial_no: c.serialNo, effective_time: c.effectiveTime, expire_time: c.expireTime, certificate_pem: c.certificatePem })));

  for (const [name, path] of Object.entries(PATHS)) {
    const { result, calls } = await counting(() => path.decryptSensitive(E.sensitive.ciphertext, keys.pkcs1));
    assert.equal(result, E.sensitive.plaintext, name);
    assert.equal(calls.decrypt, name === 'webcrypto' ? 1 : 0);
  }
  assert.equal(v3.responseMessage(E.response.timestamp, E.response.nonce, E.response.body), E.response.message);
});

test('jsapiMessage / appMessage: the strings the pay signs cover, as expected.json has them', () => {
  const j = E.jsapi;
  const a = E.app;
  assert.equal(v3.jsapiMessage(j.appId, j.timeStamp, j.nonceStr, j.package), j.message);
  assert.equal(v3.appMessage(a.appId, a.timestamp, a.noncestr, a.prepayId), a.message);
  assert.equal(v3.jsapiMessage(j.appId, Number(j.timeStamp), j.nonceStr, j.package), j.message, 'a number timestamp is its text');
  // What the signatures cover: node:crypto verifies the vectors' signs over these strings.
  assert.ok(crypto.verify('sha256', Buffer.from(v3.jsapiMessage(j.appId, j.timeStamp, j.nonceStr, j.package)), nodePublic, Buffer.from(j.paySign, 'base64')));
  assert.ok(crypto.verify('sha256', Buffer.from(v3.appMessage(a.appId, a.timestamp, a.noncestr, a.prepayId)), nodePublic, Buffer.from(a.sign, 'base64')));
  assert.throws(() => v3.appMessage(a.appId, a.timestamp, {}, a.prepayId), (e) => e instanceof WechatPayError && e.code === 'INVALID_ARGUMENT');
});

test('key import: every PEM form, certificate fields, and typed refusals', async () => {
  for (const [file, serialNo, c] of [['cert.pem', SERIAL, E.certificate], ['cert_highbit.pem', E.certificateHighBit.serialNo, E.certificateHighBit]]) {
    const k = await v3.importPublicKey(pems[file]);
    assert.deepEqual([k.bits, k.serialNo, k.notBefore, k.notAfter], [2048, serialNo, c.notBefore, c.notAfter]);
    assert.equal(k.webcrypto, true);
    k.free();
  }
  for (const file of ['public_spki.pem', 'public_pkcs1.pem']) {
    const k = v3.importPublicKeySync(pems[file]);
    assert.deepEqual([k.bits, k.serialNo, k.notBefore, k.notAfter], [2048, undefined, undefined, undefined]);
    k.free();
  }
  assert.deepEqual([keys.pkcs1.bits, keys.pkcs1.webcrypto], [2048, true]);

  const cases = [
    [v3.importPrivateKey, 'rsa1024_pkcs8.pem', 'KEY_TOO_SMALL'], [v3.importPublicKey, 'rsa1024_spki.pem', 'KEY_TOO_SMALL'],
    [v3.importPrivateKey, 'ec_pkcs8.pem', 'KEY_INVALID'], [v3.importPrivateKey, 'ec_sec1.pem', 'KEY_INVALID'],
    [v3.importPublicKey, 'ec_spki.pem', 'KEY_INVALID'], [v3.importPrivateKey, 'public_spki.pem', 'KEY_INVALID'],
    [v3.importPrivateKey, 'cert.pem', 'KEY_INVALID'], [v3.importPublicKey, 'private_pkcs8.pem', 'KEY_INVALID'],
  ];
  for (const [fn, file, code] of cases) {
    for (const f of [fn, fn === v3.importPrivateKey ? v3.importPrivateKeySync : v3.importPublicKeySync]) {
      const e = await failure(() => f(pems[file]));
      assert.ok(e instanceof WechatPayError, `${file}: ${e}`);
      assert.equal(e.code, code, `${file}: ${e.message}`);
    }
  }
  assert.equal((await failure(() => v3.importPrivateKey(42))).code, 'INVALID_ARGUMENT');
  assert.equal((await failure(() => v3.importPrivateKey(pems['private_pkcs8.pem'], 'yes'))).code, 'INVALID_ARGUMENT');
});

test('keys: a node:crypto KeyObject (sign / verify) and WebCrypto keys (OAEP), from PKCS#8/SPKI DER, the DER copies zeroed', async () => {
  const { result: key, calls } = await counting(() => v3.importPrivateKey(pems['private_pkcs1.pem']));
  assert.deepEqual([calls.createPrivateKey, calls.importKey], [1, 0]);
  const [{ key: der, format, type }] = spy.calls.createPrivateKey.at(-1);
  assert.deepEqual([format, type], ['der', 'pkcs8']);
  assert.ok(der instanceof Uint8Array && der.length > 1000 && der.every((b) => b === 0), 'the JS view of the DER is zeroed after import');
  // What node:crypto received (from a PKCS#1 PEM) is the standard PKCS#8 encoding of the key, as
  // OpenSSL writes it.
  assert.deepEqual(spy.snapshots.createPrivateKey.at(-1), nodePrivate.export({ type: 'pkcs8', format: 'der' }));
  // The OAEP key is made lazily, on the first decryptSensitive, from a new (also zeroed) DER.
  const { calls: c2 } = await counting(() => v3.decryptSensitive(E.sensitive.ciphertext, key));
  assert.equal(c2.importKey, 1);
  const oaep = spy.calls.importKey.at(-1);
  assert.deepEqual([oaep[0], oaep[2], oaep[3], oaep[4]], ['pkcs8', { name: 'RSA-OAEP', hash: 'SHA-1' }, false, ['decrypt']]);
  assert.ok(oaep[1].every((b) => b === 0));
  assert.deepEqual(Buffer.from(spy.snapshots.importKey.at(-1)[1]), nodePrivate.export({ type: 'pkcs8', format: 'der' }));
  const { calls: c3 } = await counting(() => v3.decryptSensitive(E.sensitive.ciphertext, key));
  assert.equal(c3.importKey, 0, 'imported once per handle');
  const { calls: c4 } = await counting(() => v3.authorization(authArgs(E.authorization, key)));
  assert.deepEqual([c4.createPrivateKey, c4.nodeSign], [0, 1], 'one KeyObject per handle');
  // A public key: the standard SPKI, once per handle.
  const { result: pub, calls: c5 } = await counting(() => v3.importPublicKey(pems['public_pkcs1.pem']));
  assert.deepEqual([c5.createPublicKey, c5.importKey], [1, 0]);
  assert.deepEqual(spy.snapshots.createPublicKey.at(-1), nodePublic.export({ type: 'spki', format: 'der' }));
  const v = v3.createVerifier();
  const { calls: c6 } = await counting(() => v.add(pub, 'PUB_KEY_ID_0114232134912410000000000000000'));
  assert.equal(c6.createPublicKey, 0);
  v.free();
  // { webcrypto: false } keeps every operation with the key in wasm: no KeyObject either.
  const wasmOnly = await v3.importPrivateKey(pems['private_pkcs8.pem'], { webcrypto: false });
  const { result: header, calls: c7 } = await counting(() => v3.authorization(authArgs(E.authorization, wasmOnly)));
  assert.equal(header, E.authorization.header);
  assert.deepEqual([c7.createPrivateKey, c7.nodeSign, c7.sign], [0, 0, 0]);
  for (const k of [key, pub, wasmOnly]) k.free();
});

test('differential: 200 random requests — ours verify under node:crypto, node:crypto\'s verify under ours, on both paths', async () => {
  const rand = rng(20261123);
  const requests = Array.from({ length: 200 }, () => randomRequest(rand));
  // The default path runs 10 at a time, as a server would.
  for (let i = 0; i < requests.length; i += 10) {
    const batch = requests.slice(i, i + 10);
    const headers = await Promise.all(batch.map((q) => v3.authorization({ mchId: E.mchId, serialNo: SERIAL, privateKey: keys.pkcs8, ...q })));
    batch.forEach((q, j) => {
      const sync = v3.authorizationSync({ mchId: E.mchId, serialNo: SERIAL, privateKey: keys.pkcs1, ...q });
      assert.equal(headers[j], sync, `request ${i + j}: paths differ`);
      const h = parseAuthorization(headers[j]);
      assert.deepEqual([h.mchid, h.nonce_str, h.timestamp, h.serial_no], [E.mchId, q.nonce, q.timestamp, SERIAL]);
      const message = Buffer.from(referenceMessage(q), 'utf8');
      assert.equal(v3.message(q.method, q.url, q.timestamp, q.nonce, q.body), referenceMessage(q));
      assert.ok(crypto.verify('sha256', message, nodePublic, Buffer.from(h.signature, 'base64')), `request ${i + j}: ${JSON.stringify(q)}`);
    });
  }
  for (const [k, q] of requests.entries()) {
    const now = Number(q.timestamp);
    const signature = crypto.sign('sha256', Buffer.from(`${q.timestamp}\n${q.nonce}\n${q.body}\n`, 'utf8'), nodePrivate).toString('base64');
    for (const [name, path] of Object.entries(PATHS)) {
      assert.equal(await path.verify({ verifier, timestamp: q.timestamp, nonce: q.nonce, body: q.body, signature, serial: SERIAL, now }), true, `${name} ${k}`);
    }
  }
});

test('differential: RSA-OAEP sensitive fields cross between node:crypto and both paths', async () => {
  const rand = rng(77);
  const alphabet = ['张', '三', 'a', '1', ' ', '😀', 'é', '-', 'X'];
  for (let i = 0; i < 30; i++) {
    let plaintext = randomText(rand, 60, alphabet);
    while (Buffer.byteLength(plaintext) > 214) plaintext = plaintext.slice(0, -1);
    const fromNode = crypto.publicEncrypt({ key: nodePublic, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(plaintext)).toString('base64');
    for (const [name, path] of Object.entries(PATHS)) {
      assert.equal(await path.decryptSensitive(fromNode, keys.pkcs8), plaintext, `${name} decrypts node:crypto's`);
      const { result: ours, calls } = await counting(() => path.encryptSensitive(plaintext, i % 2 ? publicKey : pems['cert.pem']));
      assert.equal(calls.encrypt, name === 'webcrypto' ? 1 : 0);
      const back = crypto.privateDecrypt({ key: nodePrivate, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(ours, 'base64'));
      assert.equal(back.toString(), plaintext, `node:crypto decrypts ${name}'s`);
    }
  }
  const tooLong = 'x'.repeat(215);
  for (const [name, path] of Object.entries(PATHS)) {
    const e = await failure(() => path.encryptSensitive(tooLong, publicKey));
    assert.equal(e.code, 'INVALID_ARGUMENT', name);
    assert.match(e.message, /215 bytes .*at most 214/);
  }
});

test('differential: AEAD_AES_256_GCM resources from node:crypto decrypt, ours decrypt in node:crypto', () => {
  const rand = rng(31);
  for (let i = 0; i < 100; i++) {
    const apiV3Key = randomAlnum(rand, 32);
    const nonce = randomAlnum(rand, 12);
    const ad = randomText(rand, 20);
    const plaintext = JSON.stringify({ i, text: randomText(rand, 200) });
    const c = crypto.createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
    c.setAAD(Buffer.from(ad));
    const ciphertext = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]).toString('base64');
    assert.equal(v3.decryptResource({ algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: ad }, apiV3Key), plaintext);
    const ours = v3.encryptResource(plaintext, apiV3Key, { nonce, associated_data: ad });
    assert.equal(ours.ciphertext, ciphertext, 'AES-GCM is deterministic for a given nonce');
  }
  const res = E.resource;
  const wrong = (over) => failure(() => v3.decryptResource({ ciphertext: res.ciphertext, nonce: res.nonce, associated_data: res.associatedData, ...over }, over.key ?? res.apiV3Key));
  return Promise.all([
    wrong({ associated_data: 'refund' }).then((e) => assert.equal(e.code, 'DECRYPT_FAILED')),
    wrong({ key: 'x'.repeat(32) }).then((e) => assert.equal(e.code, 'DECRYPT_FAILED')),
    wrong({ key: 'short' }).then((e) => assert.equal(e.code, 'KEY_INVALID')),
    wrong({ ciphertext: '%%%' }).then((e) => assert.equal(e.code, 'BASE64_INVALID')),
    wrong({ nonce: 'x' }).then((e) => assert.equal(e.code, 'DECRYPT_FAILED')),
  ]);
});

/** Replaces the character at `at` by another one of the same kind (digit / base64 / text). */
function flip(s, at) {
  const c = s[at];
  const other = /\d/.test(c) ? String((Number(c) + 1) % 10) : c === 'A' ? 'B' : 'A';
  return s.slice(0, at) + other + s.slice(at + 1);
}

test('verification rejects each tampering with its own code, identically on both paths', async () => {
  const r = E.response;
  const base = { verifier, timestamp: r.timestamp, nonce: r.nonce, body: r.body, signature: r.signature, serial: r.serial, now: r.now };
  const cases = [
    ['body: one byte changed', { body: flip(r.body, 5) }, 'SIGN_MISMATCH'],
    ['body: one byte appended', { body: `${r.body} ` }, 'SIGN_MISMATCH'],
    ['timestamp: one digit changed (still in the window)', { timestamp: flip(r.timestamp, r.timestamp.length - 1) }, 'SIGN_MISMATCH'],
    ['nonce: one byte changed', { nonce: flip(r.nonce, 0) }, 'SIGN_MISMATCH'],
    ['signature: one base64 character changed', { signature: flip(r.signature, 10) }, 'SIGN_MISMATCH'],
    ['signature: truncated', { signature: r.signature.slice(4) }, 'SIGN_MISMATCH'],
    ['stale timestamp', { now: r.now + 301 }, 'TIMESTAMP_SKEW'],
    ['timestamp from the future', { now: Number(r.timestamp) - 301 }, 'TIMESTAMP_SKEW'],
    ['a tighter window', { now: r.now + 10, maxSkew: 5 }, 'TIMESTAMP_SKEW'],
    ['unknown serial', { serial: 'ABCDEF0123' }, 'SERIAL_UNKNOWN'],
    ['SIGNTEST probe', { signature: `WECHATPAY/SIGNTEST/${r.signature}` }, 'SIGNTEST_PROBE'],
    ['signature not base64', { signature: 'not base64!' }, 'HEADER_INVALID'],
    ['timestamp not digits', { timestamp: '12:00' }, 'HEADER_INVALID'],
    ['empty nonce', { nonce: '' }, 'HEADER_INVALID'],
  ];
  for (const [what, change, code] of cases) {
    const errors = {};
    for (const [name, path] of Object.entries(PATHS)) {
      const { result: e, calls } = await counting(() => failure(() => path.verify({ ...base, ...change })));
      assert.ok(e instanceof WechatPayError, `${name} ${what}: ${e}`);
      assert.equal(e.name, 'WechatPayError');
      assert.equal(e.code, code, `${name} ${what}: ${e.message}`);
      // Only a signature that reaches the RSA step costs a WebCrypto verification.
      assert.equal(calls.nodeVerify, name === 'webcrypto' && code === 'SIGN_MISMATCH' ? 1 : 0, `${name} ${what}`);
      errors[name] = e.message;
    }
    assert.equal(errors.webcrypto, errors.wasm, `${what}: the same message on both paths`);
  }
  // The same through headers, and notifications: the signature is checked before anything else.
  const n = E.notification;
  const notify = { headers: n.headers, body: n.body, apiV3Key: n.apiV3Key, verifier, now: n.now };
  const headerCases = [
    [{ headers: { ...n.headers, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/xyz' } }, 'SIGNTEST_PROBE'],
    [{ headers: { ...n.headers, 'Wechatpay-Serial': 'ABC' } }, 'SERIAL_UNKNOWN'],
    [{ headers: Object.fromEntries(Object.entries(n.headers).slice(1)) }, 'HEADER_INVALID'],
    [{ body: n.body.replace('TRANSACTION', 'TRANSACTIOM') }, 'SIGN_MISMATCH'],
    [{ body: `${n.body}\n` }, 'SIGN_MISMATCH'],
    [{ now: n.now + 3600 }, 'TIMESTAMP_SKEW'],
    [{ apiV3Key: n.apiV3Key.replace('T', 'X') }, 'DECRYPT_FAILED'],
    [{ apiV3Key: 'short' }, 'KEY_INVALID'],
    [{ headers: 'x' }, 'INVALID_ARGUMENT'],
    [{ headers: [['Wechatpay-Nonce']] }, 'JSON_INVALID'],
  ];
  for (const [change, code] of headerCases) {
    const messages = new Set();
    for (const [name, path] of Object.entries(PATHS)) {
      const e = await failure(() => path.parseNotification({ ...notify, ...change }));
      assert.ok(e instanceof WechatPayError);
      assert.equal(e.code, code, `${name} ${JSON.stringify(change).slice(0, 80)}: ${e.message}`);
      messages.add(e.message);
      if (code !== 'DECRYPT_FAILED' && code !== 'KEY_INVALID') {
        const v = await failure(() => path.verifyResponse({ ...notify, ...change }));
        assert.equal(v.code, code);
        messages.add(v.message);
      }
    }
    assert.equal(messages.size, 1, `one message for ${code}: ${[...messages].join(' | ')}`);
  }
});

test('argument errors are WechatPayErrors with the same code and message on both paths', async () => {
  const a = E.authorization;
  const cases = [
    [{ ...authArgs(a, keys.pkcs8), mchId: '' }, 'INVALID_ARGUMENT'],
    [{ ...authArgs(a, keys.pkcs8), serialNo: 'a"b' }, 'INVALID_ARGUMENT'],
    [{ ...authArgs(a, keys.pkcs8), timestamp: 'now' }, 'INVALID_ARGUMENT'],
    [{ ...authArgs(a, keys.pkcs8), method: '' }, 'INVALID_ARGUMENT'],
    [{ ...authArgs(a, keys.pkcs8), body: { a: 1 } }, 'INVALID_ARGUMENT'],
    [{ ...authArgs(a, 42) }, 'INVALID_ARGUMENT'],
    [{ ...authArgs(a, pems['public_spki.pem']) }, 'KEY_INVALID'],
    [{ ...authArgs(a, pems['rsa1024_pkcs8.pem']) }, 'KEY_TOO_SMALL'],
  ];
  for (const [args, code] of cases) {
    const e1 = await failure(() => v3.authorization(args));
    const e2 = await failure(() => v3.authorizationSync(args));
    for (const e of [e1, e2]) {
      assert.ok(e instanceof WechatPayError, String(e));
      assert.equal(e.code, code, e.message);
    }
    assert.equal(e1.message, e2.message);
  }
  for (const fn of [v3.authorization, v3.verify, v3.verifyResponse, v3.parseNotification]) {
    assert.equal((await failure(() => fn('x'))).code, 'INVALID_ARGUMENT');
    assert.equal((await failure(() => fn(null))).code, 'INVALID_ARGUMENT');
  }
  assert.equal((await failure(() => v3.verify({ ...E.response, verifier: {} }))).code, 'INVALID_ARGUMENT');
  assert.equal((await failure(() => v3.verify({ ...E.response, verifier, now: 'yesterday' }))).code, 'INVALID_ARGUMENT');
  assert.equal((await failure(() => v3.jsapiPayParams('', 'p', keys.pkcs8))).code, 'INVALID_ARGUMENT');
  assert.equal((await failure(() => v3.appPayParams('a', 'b', 'c', keys.pkcs8, '1.5'))).code, 'INVALID_ARGUMENT');
  for (const path of Object.values(PATHS)) {
    assert.equal((await failure(() => path.decryptSensitive('%%%', keys.pkcs8))).code, 'BASE64_INVALID');
    const tampered = Buffer.from(E.sensitive.ciphertext, 'base64');
    tampered[7] ^= 1;
    const e = await failure(() => path.decryptSensitive(tampered.toString('base64'), keys.pkcs8));
    assert.deepEqual([e.code, e.message], ['DECRYPT_FAILED', 'decryption failed: RSA-OAEP: wrong private key or corrupted ciphertext']);
  }
});

test('the private key never appears in errors, inspect(), JSON or String()', async () => {
  const pem = pems['private_pkcs8.pem'];
  const secrets = [pemBody(pem), pemBody(pems['private_pkcs1.pem'])];
  const lines = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  const corrupted = [
    pem.replace(lines[3], lines[3].replace(/[A-Z]/, '!')),
    pem.replace(lines[5], `${lines[5]}=`),
    pem.slice(0, pem.length / 2),
    pem.replace('-----END PRIVATE KEY-----', ''),
    pem.replace('BEGIN PRIVATE KEY', 'BEGIN PUBLIC KEY').replace('END PRIVATE KEY', 'END PUBLIC KEY'),
    pem.replace(lines[2], lines[2].split('').reverse().join('')),
    lines.join(''),
  ];
  const errors = [];
  for (const text of corrupted) {
    errors.push(await failure(() => v3.importPrivateKey(text)));
    errors.push(await failure(() => v3.authorization({ ...authArgs(E.authorization, text) })));
    errors.push(await failure(() => v3.importPublicKey(text)));
    errors.push(await failure(() => v3.decryptSensitiveSync(E.sensitive.ciphertext, text)));
  }
  errors.push(await failure(() => v3.importPublicKey(pem)));
  errors.push(await failure(() => v3.authorization({ ...authArgs(E.authorization, pem), mchId: pem })));
  errors.push(await failure(() => v3.decryptSensitive('AAAA', keys.pkcs8)));
  const freed = await v3.importPrivateKey(pem);
  freed.free();
  errors.push(await failure(() => v3.authorization(authArgs(E.authorization, freed))));
  errors.push(await failure(() => v3.jsapiPayParamsSync('a', 'b', freed)));
  for (const e of errors) {
    assert.ok(e instanceof WechatPayError, String(e));
    for (const secret of secrets) {
      // No 16-character run of the key's base64 anywhere in the message.
      for (let i = 0; i + 16 <= secret.length; i += 4) assert.ok(!e.message.includes(secret.slice(i, i + 16)), `${e.code}: ${e.message.slice(0, 120)}`);
    }
  }
  assert.deepEqual([...new Set(errors.map((e) => e.code))].sort(), ['DECRYPT_FAILED', 'INVALID_ARGUMENT', 'KEY_INVALID']);
  for (const shown of [inspect(keys.pkcs8, { showHidden: true, depth: 5 }), JSON.stringify(keys.pkcs8), String(keys.pkcs8), Object.keys(keys.pkcs8).join()]) {
    for (const secret of secrets) assert.ok(!shown.includes(secret.slice(100, 116)), shown);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(keys.pkcs8)), { type: 'private', bits: 2048 });
});

test('without crypto.subtle the async API runs the wasm core and gives the same results', async () => {
  const before = spy.count('sign') + spy.count('verify') + spy.count('decrypt') + spy.count('importKey');
  await withoutSubtle(async () => {
    const key = await v3.importPrivateKey(pems['private_pkcs8.pem']);
    assert.equal(key.webcrypto, false);
    assert.equal(keys.pkcs8.webcrypto, false, 'a handle made with WebCrypto falls back too');
    for (const k of [key, keys.pkcs8]) {
      assert.equal(await v3.authorization(authArgs(E.authorization, k)), E.authorization.header);
      assert.equal((await v3.jsapiPayParams(E.jsapi.appId, E.jsapi.prepayId, k, E.jsapi.timeStamp, E.jsapi.nonceStr)).paySign, E.jsapi.paySign);
      assert.equal(await v3.decryptSensitive(E.sensitive.ciphertext, k), E.sensitive.plaintext);
    }
    const v = v3.createVerifier(pems['cert.pem']);
    assert.equal(await v3.verify({ verifier: v, ...E.response }), true);
    assert.equal(await v3.verify({ verifier, ...E.response }), true);
    assert.equal((await failure(() => v3.verify({ verifier, ...E.response, body: 'x' }))).code, 'SIGN_MISMATCH');
    const n = E.notification;
    assert.deepEqual((await v3.parseNotification({ headers: n.headers, body: n.body, apiV3Key: n.apiV3Key, verifier: v, now: n.now })).resource, n.resource);
    const ct = await v3.encryptSensitive('张三', publicKey);
    assert.equal(v3.decryptSensitiveSync(ct, key), '张三');
    key.free();
  });
  assert.equal(spy.count('sign') + spy.count('verify') + spy.count('decrypt') + spy.count('importKey'), before, 'no WebCrypto call');
  assert.equal(keys.pkcs8.webcrypto, true);
});

test('{ webcrypto: false } keeps a key on the wasm path', async () => {
  const key = await v3.importPrivateKey(pems['private_pkcs8.pem'], { webcrypto: false });
  const pub = await v3.importPublicKey(pems['cert.pem'], { webcrypto: false });
  const v = v3.createVerifier(pub);
  const { result, calls } = await counting(async () => [
    await v3.authorization(authArgs(E.authorization, key)),
    await v3.verify({ verifier: v, ...E.response }),
    await v3.decryptSensitive(E.sensitive.ciphertext, key),
    v3.decryptSensitiveSync(await v3.encryptSensitive('x', pub), keys.pkcs8),
  ]);
  assert.deepEqual(result, [E.authorization.header, true, E.sensitive.plaintext, 'x']);
  assert.deepEqual(calls, { sign: 0, verify: 0, encrypt: 0, decrypt: 0, importKey: 0, nodeSign: 0, nodeVerify: 0, createPrivateKey: 0, createPublicKey: 0 });
  assert.equal(key.webcrypto, false);
});

test('Verifier: add, ids, has, remove and replace keep the WebCrypto keys in step', async () => {
  const r = E.response;
  const args = (v, serial = r.serial) => ({ verifier: v, ...r, serial });
  const v = new v3.Verifier();
  assert.equal(v.size, 0);
  assert.equal(v.add(pems['cert.pem']), SERIAL);
  assert.equal(v.add(pems['cert_highbit.pem'], E.certificateHighBit.serialNo.toLowerCase()), E.certificateHighBit.serialNo.toLowerCase());
  assert.deepEqual(v.ids(), [SERIAL, E.certificateHighBit.serialNo.toLowerCase()]);
  assert.ok(v.has(`0${SERIAL.toLowerCase()}`));
  assert.equal(v.add(publicKey, 'PUB_KEY_ID_1'), 'PUB_KEY_ID_1');
  assert.equal((await failure(() => v.add(pems['public_spki.pem']))).code, 'INVALID_ARGUMENT', 'a bare key needs an id');
  assert.equal((await failure(() => v.add(pems['cert.pem'], 'ABCDEF'))).code, 'INVALID_ARGUMENT', 'a certificate under another serial');
  assert.equal((await failure(() => v.add(pems['private_pkcs8.pem'], 'x'))).code, 'KEY_INVALID');
  assert.equal((await failure(() => v.add(7))).code, 'INVALID_ARGUMENT');
  for (const path of Object.values(PATHS)) assert.equal(await path.verify(args(v, 'PUB_KEY_ID_1')), true);

  // Another key under the same id: every path now sees a mismatch; the right key again: valid.
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' });
  v.add(other, 'PUB_KEY_ID_1');
  for (const path of Object.values(PATHS)) assert.equal((await failure(() => path.verify(args(v, 'PUB_KEY_ID_1')))).code, 'SIGN_MISMATCH');
  v.add(pems['public_pkcs1.pem'], 'PUB_KEY_ID_1');
  for (const path of Object.values(PATHS)) assert.equal(await path.verify(args(v, 'PUB_KEY_ID_1')), true);

  assert.equal(v.remove(SERIAL.toLowerCase()), true);
  assert.equal(v.remove(SERIAL), false);
  assert.equal(v.has(SERIAL), false);
  for (const path of Object.values(PATHS)) {
    const e = await failure(() => path.verify(args(v)));
    assert.equal(e.code, 'SERIAL_UNKNOWN');
    assert.match(e.message, /PUB_KEY_ID_1/, 'lists the known ids');
  }
  v.free();
  assert.equal((await failure(() => v3.verify(args(v)))).code, 'INVALID_ARGUMENT');
  assert.equal((await failure(() => v.ids())).code, 'INVALID_ARGUMENT');
});

test('freed handles refuse with INVALID_ARGUMENT; PEM strings work in place of handles', async () => {
  const key = v3.importPrivateKeySync(pems['private_pkcs8.pem']);
  const pub = v3.importPublicKeySync(pems['public_spki.pem']);
  // Sync-made handles get their WebCrypto key on first async use.
  const { result, calls } = await counting(() => v3.authorization(authArgs(E.authorization, key)));
  assert.equal(result, E.authorization.header);
  assert.deepEqual([calls.createPrivateKey, calls.nodeSign], [1, 1]);
  key.free();
  key.free();
  pub.free();
  for (const fn of [() => v3.authorization(authArgs(E.authorization, key)), () => v3.authorizationSync(authArgs(E.authorization, key)),
    () => key.bits, () => v3.encryptSensitive('x', pub), () => v3.createVerifier(pub)]) {
    const e = await failure(fn);
    assert.ok(e instanceof WechatPayError);
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.match(e.message, /freed/);
  }
  for (const path of Object.values(PATHS)) {
    assert.equal(await path.authorization(authArgs(E.authorization, pems['private_pkcs1.pem'])), E.authorization.header);
    assert.equal(await path.decryptSensitive(await path.encryptSensitive('中文', pems['public_pkcs1.pem']), pems['private_pkcs8.pem']), '中文');
  }
  assert.throws(() => new v3.Verifier().add({}), WechatPayError);
});
