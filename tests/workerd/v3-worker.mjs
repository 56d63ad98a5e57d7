// A Worker that runs the API v3 vectors inside workerd on both paths and reports what it
// computed, plus a loop of Authorization headers for measuring CPU time (bench/v3.mjs).
// The TEST ONLY PEMs of tests/vectors/v3 arrive in the request body.
import { v3, WechatPayError } from 'wechatpay-wasm';
import E from '../vectors/v3/expected.json';

// Counts WebCrypto calls, to show which path ran.
const calls = { sign: 0, verify: 0, encrypt: 0, decrypt: 0 };
for (const name of Object.keys(calls)) {
  const original = crypto.subtle[name];
  crypto.subtle[name] = function (...args) {
    calls[name]++;
    return original.apply(this, args);
  };
}

async function counted(fn) {
  const before = { ...calls };
  const result = await fn();
  return { result, calls: Object.fromEntries(Object.keys(calls).map((k) => [k, calls[k] - before[k]])) };
}

async function failure(fn) {
  try {
    await fn();
    return null;
  } catch (e) {
    return { isWechatPayError: e instanceof WechatPayError, code: e.code, message: e.message };
  }
}

const auth = (a, privateKey) => ({ mchId: E.mchId, serialNo: E.certificate.serialNo, privateKey, method: a.method, url: a.url, body: a.body, timestamp: a.timestamp, nonce: a.nonce });

async function vectors(pems) {
  const keys = [await v3.importPrivateKey(pems['private_pkcs8.pem']), await v3.importPrivateKey(pems['private_pkcs1.pem'])];
  const verifier = v3.createVerifier(pems['cert.pem']);
  const publicKey = await v3.importPublicKey(pems['public_spki.pem']);
  const r = E.response;
  const n = E.notification;
  const j = E.jsapi;
  const a = E.app;
  const out = { webcrypto: keys.map((k) => k.webcrypto), default: {}, wasm: {} };

  const d = out.default;
  d.authorization = await counted(async () => {
    const headers = [];
    for (const k of keys) for (const v of [E.authorization, E.authorizationGet]) headers.push(await v3.authorization(auth(v, k)));
    return headers;
  });
  d.jsapi = await counted(() => v3.jsapiPayParams(j.appId, j.prepayId, keys[0], j.timeStamp, j.nonceStr));
  d.app = await counted(() => v3.appPayParams(a.appId, a.partnerId, a.prepayId, keys[1], a.timestamp, a.noncestr));
  d.verify = await counted(() => v3.verify({ verifier, ...r }));
  d.verifyResponse = await counted(() => v3.verifyResponse({
    verifier, body: r.body, now: r.now,
    headers: new Headers({ 'Wechatpay-Timestamp': r.timestamp, 'Wechatpay-Nonce': r.nonce, 'Wechatpay-Signature': r.signature, 'Wechatpay-Serial': r.serial }),
  }));
  d.notification = await counted(() => v3.parseNotification({ headers: new Headers(n.headers), body: n.body, apiV3Key: n.apiV3Key, verifier, now: n.now }));
  d.decryptSensitive = await counted(() => v3.decryptSensitive(E.sensitive.ciphertext, keys[0]));
  d.roundTrip = await counted(async () => v3.decryptSensitiveSync(await v3.encryptSensitive(E.sensitive.plaintext, publicKey), keys[1]));
  d.tampered = await counted(() => failure(() => v3.verify({ verifier, ...r, body: `${r.body} ` })));
  d.probe = await failure(() => v3.verify({ verifier, ...r, signature: `WECHATPAY/SIGNTEST/${r.signature}` }));
  d.stale = await failure(() => v3.verify({ verifier, ...r, now: r.now + 301 }));

  const w = out.wasm;
  w.authorization = [];
  for (const k of keys) for (const v of [E.authorization, E.authorizationGet]) w.authorization.push(v3.authorizationSync(auth(v, k)));
  w.jsapi = v3.jsapiPayParamsSync(j.appId, j.prepayId, keys[0], j.timeStamp, j.nonceStr);
  w.app = v3.appPayParamsSync(a.appId, a.partnerId, a.prepayId, keys[1], a.timestamp, a.noncestr);
  w.verify = v3.verifySync({ verifier, ...r });
  w.notification = v3.parseNotificationSync({ headers: n.headers, body: n.body, apiV3Key: n.apiV3Key, verifier, now: n.now });
  w.decryptSensitive = v3.decryptSensitiveSync(E.sensitive.ciphertext, keys[0]);
  w.tampered = await failure(() => v3.verifySync({ verifier, ...r, body: `${r.body} ` }));

  out.resource = v3.decryptResource({ ciphertext: E.resource.ciphertext, nonce: E.resource.nonce, associated_data: E.resource.associatedData }, E.resource.apiV3Key);
  out.certificates = v3.decryptCertificates(E.certificates.body, E.certificates.apiV3Key).map((c) => c.serial_no);
  for (const k of keys) k.free();
  publicKey.free();
  verifier.free();
  return out;
}

// Keys live across requests, as a real Worker would keep them (module scope).
let benchKey;

async function bench(pems, n, path) {
  benchKey ??= await v3.importPrivateKey(pems['private_pkcs8.pem']);
  const a = E.authorization;
  const t0 = performance.now();
  let last = '';
  for (let i = 0; i < n; i++) {
    const o = { ...auth(a, benchKey), nonce: `${a.nonce.slice(0, 24)}${String(i).padStart(8, '0')}` };
    last = path === 'wasm' ? v3.authorizationSync(o) : await v3.authorization(o);
  }
  return { n, path, insideMs: performance.now() - t0, headerLength: last.length };
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const { pems } = await request.json();
    if (url.pathname === '/vectors') return Response.json(await vectors(pems));
    if (url.pathname === '/bench') {
      const n = Number(url.searchParams.get('n') || 0);
      return Response.json(await bench(pems, n, url.searchParams.get('path') || 'default'));
    }
    return new Response('not found', { status: 404 });
  },
};
