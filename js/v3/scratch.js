// The v3 default path's one call into the core per request (src/wasm/v3.rs `V3Scratch`).
// wasm-bindgen's string passing allocates in wasm per argument, wraps each result in a class
// registered with a FinalizationRegistry and decodes strings back with TextDecoder: for one
// Authorization header or one verification that was five to seven crossings and a dozen
// allocations around the RSA step. Here the arguments are encoded straight into a buffer the
// core owns (`TextEncoder.encodeInto`, lengths beside them), one call checks them with the very
// functions of the ordinary exports (same errors) and writes the message, the decoded signature
// or the header's two ASCII halves into an output buffer the wrapper reads in place.
//
// Synchronous use only: every caller reads what it needs (or copies it) before its first await,
// so one buffer serves every request of the process.
import * as wasm from '../../wasm/wechatpay_wasm.js';

const encoder = new TextEncoder();
const ABSENT = 0xffffffff;

// The input never grows past this: larger arguments take the ordinary exports, whose copies are
// freed when the call returns, so one large body does not pin three times its size for good.
const MAX_INPUT = 64 * 1024;

class Scratch {
  constructor() {
    this.handle = new wasm.V3Scratch();
    this.views();
  }

  // (Re)creates the views: at start, after `reserve`, and after wasm memory grew (growth
  // detaches the old ArrayBuffer, leaving views of length 0).
  views() {
    const buffer = wasm.wasmMemory().buffer;
    const h = this.handle;
    this.input = new Uint8Array(buffer, h.inputPtr(), h.inputCapacity());
    this.output = new Uint8Array(buffer, h.outputPtr(), h.outputCapacity());
    // wasm memory is little-endian whatever the host is: DataViews, not Uint32Arrays.
    this.lengths = new DataView(buffer, h.lengthsPtr(), 32);
    this.results = new DataView(buffer, h.resultsPtr(), 16);
  }

  fresh() {
    if (this.input.byteLength === 0) this.views();
  }

  /**
   * Encodes `args` (well-formed strings, or undefined for an absent optional) as one string, with
   * each one's length in UTF-16 code units and the total in UTF-8 bytes (src/wasm/v3.rs
   * `scratch_args` cuts them apart again). False when they would need more than MAX_INPUT bytes.
   */
  write(args) {
    this.fresh();
    let joined = '';
    for (let i = 0; i < args.length; i++) {
      const s = args[i];
      this.lengths.setUint32(4 * i, s === undefined ? ABSENT : s.length, true);
      if (s !== undefined) joined += s;
    }
    let { read, written } = encoder.encodeInto(joined, this.input);
    if (read < joined.length) {
      const needed = written + (joined.length - read) * 3; // at most 3 UTF-8 bytes per UTF-16 unit
      if (needed > MAX_INPUT) return false;
      this.handle.reserve(needed);
      this.views();
      ({ written } = encoder.encodeInto(joined, this.input));
    }
    this.lengths.setUint32(28, written, true);
    return true;
  }

  /** Length `i` of what the last call wrote into the output. */
  length(i) {
    return this.results.getUint32(4 * i, true);
  }
}

let cached = null;

/**
 * Runs `fn(scratch)`. After a failure that is not a WechatPayError (a trap, which can leave the
 * handle borrowed) the scratch is dropped, so the next call starts from a fresh one.
 */
export function withScratch(fn) {
  const scratch = (cached ??= new Scratch());
  try {
    return fn(scratch);
  } catch (e) {
    if (!(e && e.name === 'WechatPayError') && cached === scratch) {
      cached = null;
      try { scratch.handle.free(); } catch { /* borrowed by the trapped call: dropped */ }
    }
    throw e;
  }
}

const decoder = new TextDecoder();

/** The text of output bytes [from, to) (header parts: printable ASCII by the core's checks). */
export function textOf(scratch, from, to) {
  return decoder.decode(scratch.output.subarray(from, to));
}
