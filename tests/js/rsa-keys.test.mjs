// The RSA-2048 engine (src/keys/mont.rs, crt.rs) on 200 freshly generated keys, each in both
// prime orders: as OpenSSL makes it (p > q) and with its primes swapped (p < q; q⁻¹ mod p
// recomputed). Every Authorization header, from the pure-wasm path (…Sync) and the default path
// (WebCrypto), carries the signature node:crypto (OpenSSL) makes: PKCS#1 v1.5 is deterministic,
// so they must be byte-identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { v3 } from 'wechatpay-wasm';
import { rng, randomText } from './helpers.mjs';
import { parseAuthorization, spyNodeCrypto, spySubtle } from './v3-helpers.mjs';

const KEYS = 200;
const generateKeyPair = promisify(crypto.generateKeyPair);

const int = (b64url) => BigInt(`0x${Buffer.from(b64url, 'base64url').toString('hex') || '0'}`);
const b64url = (n) => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
};

/** `a⁻¹ mod m` (extended Euclid), for coprime `a` and `m`. */
function modInverse(a, m) {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const quotient = r0 / r1;
    [r0, r1] = [r1, r0 - quotient * r1];
    [s0, s1] = [s1, s0 - quotient * s1];
  }
  assert.equal(r0, 1n);
  return ((s0 % m) + m) % m;
}

/** The same key with p and q exchanged (OpenSSL makes p > q, so this one has p < q): dp/dq follow their primes, qi = q⁻¹ mod p is new. */
function swapPrimes(privateKey) {
  const jwk = privateKey.export({ format: 'jwk' });
  const [p, q] = [int(jwk.q), int(jwk.p)];
  const swapped = crypto.createPrivateKey({
    key: { ...jwk, p: jwk.q, q: jwk.p, dp: jwk.dq, dq: jwk.dp, qi: b64url(modInverse(q, p)) },
    format: 'jwk',
  });
  // OpenSSL writes what it was given: the exported key really has its primes exchanged.
  const back = swapped.export({ format: 'jwk' });
  assert.ok(int(back.p) === p && int(back.q) === q && back.qi === b64url(modInverse(q, p)));
  return swapped;
}

const primeOrder = (privateKey) => {
  const { p, q } = privateKey.export({ format: 'jwk' });
  return int(p) > int(q) ? 'p > q' : 'p < q';
};

test(`signatures of ${KEYS} fresh RSA-2048 keys × both prime orders equal node:crypto's on both paths`, async () => {
  // Generated on libuv's thread pool (generateKeyPair is asynchronous), so on every core, while
  // this thread signs with the keys already made.
  const started = performance.now();
  const pending = Array.from({ length: KEYS }, () => generateKeyPair('rsa', { modulusLength: 2048 }));
  const rand = rng(0x9_2026);
  const spy = spySubtle();
  // In Node the default path signs with node:crypto (a KeyObject behind the handle).
  const nodeSpy = spyNodeCrypto(crypto);
  const orders = { 'p > q': 0, 'p < q': 0 };
  let signatures = 0;
  try {
    for (const [k, generated] of pending.entries()) {
      const { privateKey } = await generated;
      for (const nodeKey of [privateKey, swapPrimes(privateKey)]) {
        orders[primeOrder(nodeKey)]++;
        // Both PEM forms the package takes: PKCS#8 and PKCS#1.
        const pem = nodeKey.export({ type: k % 2 ? 'pkcs1' : 'pkcs8', format: 'pem' });
        const wasmOnly = v3.importPrivateKeySync(pem, { webcrypto: false });
        const withWebCrypto = await v3.importPrivateKey(pem);
        try {
          for (let i = 0; i < 2; i++) {
            const request = {
              mchId: '1900000001', serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
              method: 'POST', url: '/v3/pay/transactions/jsapi',
              body: randomText(rand, 200, ['a', 'Z', '0', '{', '}', '"', ':', ',', ' ', '中', '😀']),
              timestamp: String(1_700_000_000 + k), nonce: `n${k}x${i}`,
            };
            const { method, url, timestamp, nonce, body } = request;
            const expected = crypto.sign('sha256', Buffer.from(`${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`), nodeKey).toString('base64');
            const where = `key #${k} (${primeOrder(nodeKey)}), message ${i}`;
            const signs = () => [spy.count('sign'), nodeSpy.count('nodeSign')];
            const [sign, nodeSign] = signs();
            assert.equal(parseAuthorization(v3.authorizationSync({ ...request, privateKey: wasmOnly })).signature, expected, `pure wasm, ${where}`);
            assert.deepEqual(signs(), [sign, nodeSign], 'the …Sync path never reaches WebCrypto or node:crypto');
            assert.equal(parseAuthorization(await v3.authorization({ ...request, privateKey: withWebCrypto })).signature, expected, `default path, ${where}`);
            assert.deepEqual(signs(), [sign, nodeSign + 1], 'the default path signed with node:crypto');
            signatures += 2;
          }
        } finally {
          wasmOnly.free();
          withWebCrypto.free();
        }
      }
    }
  } finally {
    spy.restore();
    nodeSpy.restore();
  }
  assert.deepEqual(orders, { 'p > q': KEYS, 'p < q': KEYS });
  assert.equal(signatures, KEYS * 8);
  console.log(`# ${KEYS} keys generated and ${signatures} signatures compared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
