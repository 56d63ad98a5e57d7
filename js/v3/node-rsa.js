// node:crypto KeyObjects behind the v3 key handles, for the Node entry only (js/node.mjs turns
// this on; every other runtime keeps WebCrypto / wasm). In Node, WebCrypto's sign and verify run
// on the thread pool with a promise per call, which costs more than a 2048-bit verification itself;
// node:crypto's synchronous calls do not. The wasm core still checks every input and builds every
// message and header: only the RSA operation moves. A failure here never surfaces (it could carry
// key details): the caller falls back to the wasm path, which gives the same answer or error.

let nodeCrypto = null;

/** Enables the node:crypto path; `crypto` is node:crypto's module object (looked up per call). */
export function useNodeCrypto(crypto) {
  nodeCrypto = crypto;
}

/** Whether the node:crypto path is on. */
export const nodeRsaEnabled = () => nodeCrypto !== null;

// A view, not a copy, of the DER: zeroing `der` afterwards leaves no copy in JS memory.
const view = (der) => Buffer.from(der.buffer, der.byteOffset, der.byteLength);

/** A private KeyObject from PKCS#8 DER, or null when node:crypto refuses it. */
export function nodePrivateKey(der) {
  try {
    return nodeCrypto.createPrivateKey({ key: view(der), format: 'der', type: 'pkcs8' });
  } catch {
    return null;
  }
}

/** A public KeyObject from SPKI DER, or null. */
export function nodePublicKey(der) {
  try {
    return nodeCrypto.createPublicKey({ key: view(der), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/**
 * SHA256withRSA signature of `message`, or null on any failure. `offload`: sign on the libuv
 * thread pool (other signatures are waiting, so the event loop and a second core stay busy);
 * otherwise synchronously, which is cheaper for one request at a time.
 */
export function nodeSign(keyObject, message, offload) {
  if (!offload) {
    try {
      return nodeCrypto.sign('sha256', message, keyObject);
    } catch {
      return null;
    }
  }
  return new Promise((resolve) => {
    try {
      nodeCrypto.sign('sha256', message, keyObject, (error, signature) => resolve(error ? null : signature));
    } catch {
      resolve(null);
    }
  });
}

/** Whether `signature` is valid for `message`; null when node:crypto fails (→ wasm path). */
export function nodeVerify(keyObject, message, signature) {
  try {
    return nodeCrypto.verify('sha256', message, keyObject, signature);
  } catch {
    return null;
  }
}
