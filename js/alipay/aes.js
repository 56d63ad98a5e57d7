// Alipay content encryption (接口内容加密, encrypt_type=AES): AES-CBC, zero IV, PKCS#7, base64,
// under the base64 key the open platform shows. The cipher runs in the Rust core (src/alipay/aes.rs).
import { extra } from '../extra.js';
import { invalidArgument, rethrow } from '../errors.js';

function keyText(key) {
  if (typeof key !== 'string' || key === '') throw invalidArgument('the AES content-encryption key must be its base64 text');
  return key;
}

/** Encrypts text (an object is JSON-encoded first) and returns base64. */
export function aesEncrypt(plaintext, key) {
  let text;
  if (typeof plaintext === 'string') text = plaintext;
  else if (plaintext !== null && typeof plaintext === 'object') {
    try { text = JSON.stringify(plaintext); } catch { throw invalidArgument('the plaintext cannot be serialized as JSON (a BigInt or a cycle?)'); }
  }
  if (typeof text !== 'string') throw invalidArgument('the plaintext must be a string or an object (JSON-encoded)');
  try { return extra().alipayAesEncrypt(text, keyText(key)); } catch (e) { rethrow(e); }
}

/** Decrypts base64 ciphertext to text. DECRYPT_FAILED for a wrong key or altered ciphertext. */
export function aesDecrypt(ciphertext, key) {
  if (typeof ciphertext !== 'string') throw invalidArgument('the ciphertext must be its base64 text');
  try { return extra().alipayAesDecrypt(ciphertext, keyText(key)); } catch (e) { rethrow(e); }
}
