// The v2 signing hot path. wasm-bindgen's string passing allocates in wasm per argument and
// decodes the result with TextDecoder, which costs more than MD5 itself; here the packed fields
// are encoded straight into a buffer the signer owns and the hex is read back from its output.
import * as wasm from '../wasm/wechatpay_wasm.js';
import { checkInput, invalidArgument } from './errors.js';

const encoder = new TextEncoder();

// The signer's buffer never grows past this: a larger input is signed through the ordinary
// string-passing export, whose copy is freed when the call returns, so one large call does not
// pin three times its size in wasm memory for the rest of the process.
const MAX_BUFFER = 64 * 1024;

export class FastSigner {
  constructor(key) {
    this.key = key;
    this.handle = new wasm.V2Signer(key);
    this.views();
  }

  // (Re)creates the views: needed at start, after the input grows, and after wasm memory grows
  // (growth detaches the old ArrayBuffer, leaving views of length 0).
  views() {
    const buffer = wasm.wasmMemory().buffer;
    this.input = new Uint8Array(buffer, this.handle.inputPtr(0), this.handle.inputCapacity());
    this.output = new Uint8Array(buffer, this.handle.outputPtr(), 64);
    this.output32 = this.output.subarray(0, 32); // MD5's hex: made once, not per call
  }

  /**
   * Hex signature of `packed` holding `count` fields; `type` 0 = MD5, 1 = HMAC-SHA256. `packed`
   * has passed checkInput's size check but not its well-formedness check: that runs here only
   * when the encoded bytes hold U+FFFD, which is what encodeInto makes of a lone surrogate.
   */
  sign(packed, count, type) {
    if (this.input.byteLength === 0) this.views();
    let { read, written } = encoder.encodeInto(packed, this.input);
    if (read < packed.length) {
      const needed = packed.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
      if (needed > MAX_BUFFER) return wasm.v2Sign(checkInput(packed, 'params'), count, this.key, type === 1 ? 'HMAC-SHA256' : 'MD5');
      this.handle.inputPtr(needed);
      this.views();
      ({ written } = encoder.encodeInto(packed, this.input));
    }
    let length = this.handle.signInput(written, count, type, false);
    if (length === 1) {
      checkInput(packed, 'params'); // a lone surrogate throws; a real U+FFFD is signed
      length = this.handle.signInput(written, count, type, true);
    }
    // 0: the NUL separators do not match `count`, i.e. a NUL inside a name or value.
    if (length === 0) throw invalidArgument('field names and values must not contain NUL');
    if (this.output.byteLength === 0) this.views();
    return String.fromCharCode.apply(null, length === 64 ? this.output : this.output32);
  }

  free() {
    this.handle.free();
  }
}

let cached = null;

/** The signer for `key`, reusing the last one while the key stays the same. */
export function signerFor(key) {
  if (cached === null || cached.key !== key) {
    const old = cached;
    cached = null;
    try { old?.free(); } catch { /* a signer left borrowed by a trap: dropped, not freed */ }
    cached = new FastSigner(key);
  }
  return cached;
}

/**
 * Signs with the cached signer; after a failure that is not a WechatPayError (a trap) the signer
 * is dropped, so the next call starts from a fresh one instead of a poisoned object.
 */
export function fastSign(key, packed, count, type) {
  const signer = signerFor(key);
  try {
    return signer.sign(packed, count, type);
  } catch (e) {
    if (!(e && e.name === 'WechatPayError') && cached === signer) {
      cached = null;
      // Freed when the trap left it unborrowed (it hit the one-shot path); else it stays leaked.
      try { signer.free(); } catch { /* borrowed by the trapped call: unusable, dropped */ }
    }
    throw e;
  }
}
