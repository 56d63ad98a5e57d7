// The default path's one call into the core per request (js/v3/scratch.js, src/wasm/v3.rs
// V3Scratch): arguments packed into one buffer by UTF-16 lengths, the message and header parts
// read back in place. Held to the pure-wasm twins (which pass every string through wasm-bindgen)
// and to node:crypto: the same headers, the same verdicts, the same errors with the same texts,
// whatever the strings hold, across buffer growth, wasm memory growth and the size limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { v3 } from 'wechatpay-wasm';
import { useNodeCrypto } from '../../pkg/dist/v3/node-rsa.js';
import { rng, randomText } from './helpers.mjs';
import { v3Vectors as E, pems, spySubtle, spyNodeCrypto, randomRequest, referenceMessage, parseAuthorization } from './v3-helpers.mjs';

const SERIAL = E.certificate.serialNo;
const nodePrivate = crypto.createPrivateKey(pems['private_pkcs8.pem']);
const key = await v3.importPrivateKey(pems['private_pkcs8.pem']);
const verifier = v3.createVerifier(pems['cert.pem']);

// Every UTF-8 width, surrogate pairs, the separators of the messages and headers themselves.
const TRICKY = ['a', 'Z', '0', '\n', '\r', '\t', ' ', '"', '\\', ',', '=', 'é', '\u07ff', '\u0800', '中', '\uffff', '😀', '\u{10ffff}', '\0', '\u2028'];

async function outcome(fn) {
  try {
    return { ok: await fn() };
  } catch (e) {
    return { code: e.code, message: e.message, name: e.name };
  }
}

function signResponse(timestamp, nonce, body) {
  return crypto.sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), nodePrivate).toString('base64');
}

test('Authorization: random unicode requests give the Sync twin\'s header, signed over the reference message', async () => {
  const rand = rng(0x5c7a7c4);
  const node = spyNodeCrypto(crypto);
  try {
    for (let i = 0; i < 150; i++) {
      const r = randomRequest(rand);
      if (i % 3 === 0) r.body = randomText(rand, 400, TRICKY);
      const o = { mchId: E.mchId, serialNo: SERIAL, privateKey: key, ...r };
      const before = node.count('nodeSign');
      const header = await v3.authorization(o);
      assert.equal(node.count('nodeSign'), before + 1, 'signed by node:crypto, not in wasm');
      assert.equal(header, v3.authorizationSync(o), `case ${i}`);
      const fields = parseAuthorization(header);
      assert.ok(crypto.verify('sha256', Buffer.from(referenceMessage(r)), nodePrivate, Buffer.from(fields.signature, 'base64')), `case ${i}`);
    }
  } finally {
    node.restore();
  }
});

test('Authorization: generated timestamp and nonce are the ones signed and written', async () => {
  const o = { mchId: E.mchId, serialNo: SERIAL, privateKey: key, method: 'POST', url: '/v3/x', body: '{"a":"😀"}' };
  const header = await v3.authorization(o);
  const f = parseAuthorization(header);
  assert.match(f.nonce_str, /^[A-Za-z0-9]{32}$/);
  assert.ok(Math.abs(Number(f.timestamp) - Date.now() / 1000) < 600);
  assert.equal(header, v3.authorizationSync({ ...o, timestamp: f.timestamp, nonce: f.nonce_str }));
  // Only one of the two given.
  const h2 = parseAuthorization(await v3.authorization({ ...o, timestamp: '1554208460' }));
  assert.equal(h2.timestamp, '1554208460');
  const h3 = parseAuthorization(await v3.authorization({ ...o, nonce: 'N😀'.slice(0, 1) }));
  assert.equal(h3.nonce_str, 'N');
});

test('Authorization: every refusal has the Sync twin\'s code and text', async () => {
  const base = { mchId: E.mchId, serialNo: SERIAL, privateKey: key, method: 'POST', url: '/v3/x', body: '{}', timestamp: '1554208460', nonce: 'abc' };
  const cases = [
    { method: 'PO ST' }, { method: '' }, { method: 'GÉT' }, { url: '' }, { url: '/v3/a b' }, { url: '/v3/\n' }, { url: '/v3/😀\u0001' },
    { mchId: '' }, { mchId: '19"00' }, { mchId: '中' }, { serialNo: 'AB\\CD' }, { serialNo: '😀' }, { serialNo: '' },
    { nonce: 'a"b' }, { nonce: 'é' }, { timestamp: '12a' }, { timestamp: '-1' }, { timestamp: '😀' },
  ];
  for (const c of cases) {
    const o = { ...base, ...c };
    const fast = await outcome(() => v3.authorization(o));
    const sync = await outcome(() => v3.authorizationSync(o));
    assert.ok(fast.code, `${JSON.stringify(c)} must be refused`);
    assert.deepEqual(fast, sync, JSON.stringify(c));
  }
});

test('verify: random unicode responses verify; any change fails with the Sync twin\'s error', async () => {
  const rand = rng(0x7e51f1);
  for (let i = 0; i < 120; i++) {
    const timestamp = String(1_554_209_980 + Math.floor(rand() * 100));
    const nonce = randomText(rand, 32, TRICKY).trim() || 'n';
    const body = randomText(rand, 500, TRICKY);
    const signature = signResponse(timestamp, nonce, body);
    const o = { verifier, timestamp, nonce, body, signature, serial: SERIAL, now: 1_554_210_000 };
    assert.equal(await v3.verify(o), true, `case ${i}`);
    // Moving text between the parts keeps the concatenation but not the message.
    const moved = [
      { body: `${body}x` },
      { nonce: `${nonce}${body.slice(0, 1)}`, body: body.slice(1) },
      { nonce: nonce.slice(0, -1), body: `${nonce.slice(-1)}${body}` },
      { timestamp: timestamp.slice(0, -1), nonce: `${timestamp.slice(-1)}${nonce}` },
    ];
    for (const change of moved) {
      const bad = { ...o, ...change };
      if (bad.nonce.trim() === '' || `${bad.timestamp}\n${bad.nonce}\n${bad.body}` === `${timestamp}\n${nonce}\n${body}`) continue;
      const fast = await outcome(() => v3.verify(bad));
      assert.ok(fast.code, `case ${i}: ${JSON.stringify(change)} must fail`);
      assert.deepEqual(fast, await outcome(() => v3.verifySync(bad)), `case ${i}`);
    }
  }
});

test('verify: header checks, in the same order, with the same codes and texts as verifySync', async () => {
  const r = E.response;
  const o = { verifier, ...r, now: r.now };
  const cases = [
    { timestamp: '' }, { timestamp: ' ' }, { timestamp: '15542099.80' }, { timestamp: '１５５４２０９９８０' }, { timestamp: '99999999999999999999999' },
    { nonce: '' }, { nonce: '\u3000' }, { signature: '' }, { signature: 'WECHATPAY/SIGNTEST/abc' }, { signature: '@@@' },
    { serial: '' }, { serial: 'ABCDEF' }, { serial: '😀' }, { now: Number(r.timestamp) + 301 }, { now: Number(r.timestamp) - 301 }, { maxSkew: 0, now: Number(r.timestamp) + 1 },
    { body: `${r.body} ` }, { signature: r.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
  ];
  for (const c of cases) {
    const bad = { ...o, ...c };
    const fast = await outcome(() => v3.verify(bad));
    assert.ok(fast.code, `${JSON.stringify(c)} must fail`);
    assert.deepEqual(fast, await outcome(() => v3.verifySync(bad)), JSON.stringify(c));
  }
  // Accepted spellings: padded header values, another case and leading zeros in the serial, the
  // skew boundary itself.
  for (const c of [{ timestamp: ` ${r.timestamp}\t` }, { nonce: ` ${r.nonce} ` }, { signature: ` ${r.signature}` }, { serial: `00${SERIAL.toLowerCase()}` },
    { serial: `\u3000${SERIAL}` }, { now: Number(r.timestamp) + 300 }, { now: Number(r.timestamp) - 300 }, { maxSkew: 0, now: Number(r.timestamp) }]) {
    assert.equal(await v3.verify({ ...o, ...c }), true, JSON.stringify(c));
    assert.equal(v3.verifySync({ ...o, ...c }), true, JSON.stringify(c));
  }
});

test('verify: a key replaced under the same id is the one used', async () => {
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const v = v3.createVerifier();
  const id = 'PUB_KEY_ID_0000000000000000000000000001';
  v.add(pems['public_spki.pem'], id);
  const r = E.response;
  const o = { verifier: v, ...r, serial: id, now: r.now };
  assert.equal(await v3.verify(o), true);
  v.add(other.publicKey.export({ type: 'spki', format: 'pem' }), id);
  assert.equal((await outcome(() => v3.verify(o))).code, 'SIGN_MISMATCH');
  v.remove(id);
  assert.equal((await outcome(() => v3.verify(o))).code, 'SERIAL_UNKNOWN');
  v.add(pems['public_spki.pem'], id);
  assert.equal(await v3.verify(o), true);
  v.free();
});

test('large arguments: past the scratch limit, across its growth, and across wasm memory growth', async () => {
  const rand = rng(0xb16);
  // 3-byte characters: 21,846 of them need more than 64 KiB; the ASCII ones fit until 64 KiB.
  const sizes = [[10, '中'], [5000, '中'], [21_000, '中'], [22_000, '中'], [60_000, 'a'], [70_000, 'a'], [300_000, '😀'], [100, 'é']];
  for (const [n, c] of sizes) {
    const body = c.repeat(n) + randomText(rand, 20, TRICKY);
    const o = { mchId: E.mchId, serialNo: SERIAL, privateKey: key, method: 'POST', url: '/v3/big', body, timestamp: '1554208460', nonce: 'abc' };
    assert.equal(await v3.authorization(o), v3.authorizationSync(o), `${n} × ${c}`);
    const r = { verifier, timestamp: '1554209980', nonce: 'n', body, signature: signResponse('1554209980', 'n', body), serial: SERIAL, now: 1554209990 };
    assert.equal(await v3.verify(r), true, `${n} × ${c}`);
    assert.deepEqual(await outcome(() => v3.verify({ ...r, body: `${body}.` })), await outcome(() => v3.verifySync({ ...r, body: `${body}.` })));
    // Grow wasm memory between calls (the scratch's views detach): a 3 MB message in the core.
    if (n === 5000) v3.message('POST', '/v3/x', '1', 'n', 'x'.repeat(3_000_000));
  }
});

test('8 in flight (offloaded signatures read a copy of their message): every header right', async () => {
  const requests = Array.from({ length: 16 }, (_, i) => ({ mchId: E.mchId, serialNo: SERIAL, privateKey: key, method: 'POST', url: `/v3/${i}`, body: `{"i":${i},"s":"😀"}`, timestamp: '1554208460', nonce: `n${i}` }));
  const headers = await Promise.all(requests.map((o) => v3.authorization(o)));
  assert.deepEqual(headers, requests.map((o) => v3.authorizationSync(o)));
});

test('the WebCrypto path (other runtimes) writes the same headers through the scratch', async () => {
  useNodeCrypto(null);
  const web = spySubtle();
  try {
    const rand = rng(0xfeed);
    const k = await v3.importPrivateKey(pems['private_pkcs8.pem']);
    for (let i = 0; i < 20; i++) {
      const r = randomRequest(rand);
      r.body = randomText(rand, 200, TRICKY);
      const o = { mchId: E.mchId, serialNo: SERIAL, privateKey: k, ...r };
      assert.equal(await v3.authorization(o), v3.authorizationSync(o), `case ${i}`);
    }
    assert.equal(web.count('sign'), 20);
    // Concurrent: each signs its own message (copied before the await).
    const many = Array.from({ length: 8 }, (_, i) => ({ mchId: E.mchId, serialNo: SERIAL, privateKey: k, method: 'GET', url: `/v3/${i}`, body: '', timestamp: '1', nonce: `n${i}` }));
    assert.deepEqual(await Promise.all(many.map((o) => v3.authorization(o))), many.map((o) => v3.authorizationSync(o)));
    k.free();
  } finally {
    web.restore();
    useNodeCrypto(crypto);
  }
});

test('nonces made by the wrapper: 32 of [A-Za-z0-9], all different, every character about equally often', async () => {
  const o = { mchId: E.mchId, serialNo: SERIAL, privateKey: key, method: 'GET', url: '/v3/x', body: '' };
  const nonces = new Set();
  const counts = new Map();
  for (let i = 0; i < 2000; i++) {
    const n = parseAuthorization(await v3.authorization(o)).nonce_str;
    assert.match(n, /^[A-Za-z0-9]{32}$/);
    nonces.add(n);
    for (const c of n) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  assert.equal(nonces.size, 2000);
  // 64,000 characters over 62: about 1,032 each (σ ≈ 32); ±6σ bounds.
  assert.equal(counts.size, 62);
  for (const [c, n] of counts) assert.ok(n > 840 && n < 1225, `${c}: ${n}`);
});
