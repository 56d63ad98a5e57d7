// The RSA-2048 fast path (src/keys/mont.rs, crt.rs) as built for wasm — with the simd128 inner
// loops, which the host `cargo test` never runs — against Node's crypto (OpenSSL): PKCS#1 v1.5
// is deterministic, so signatures must be byte-identical. Uses the raw wasm-bindgen exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { initSync, PrivateKey, PublicKey, rsaSignSha256, rsaVerifySha256 } from '../../pkg/wasm/wechatpay_wasm.js';

initSync({ module: readFileSync(new URL('../../pkg/wasm/wechatpay_wasm_bg.wasm', import.meta.url)) });

test('rsaSignSha256 / rsaVerifySha256 match Node crypto on 2 fresh RSA-2048 keys × 50 random messages', () => {
  for (let k = 0; k < 2; k++) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const priv = new PrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const pub = new PublicKey(publicKey.export({ type: 'spki', format: 'pem' }));
    for (let i = 0; i < 50; i++) {
      const message = crypto.randomBytes(crypto.randomInt(0, 200)).toString('base64');
      const expected = crypto.sign('sha256', Buffer.from(message), privateKey).toString('base64');
      assert.equal(rsaSignSha256(priv, message), expected);
      assert.equal(rsaVerifySha256(pub, message, expected), true);
      assert.equal(rsaVerifySha256(pub, `${message}x`, expected), false);
    }
    priv.free();
    pub.free();
  }
});
