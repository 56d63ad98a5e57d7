// The extra wasm module: Alipay, diagnostics, .p12 and bills (the Cargo features the core module
// leaves out, README "Speed"). It is a second module with its own wasm-bindgen glue, memory and
// handles, instantiated synchronously on the first call that needs it, so that a Worker doing
// v2 / v3 / notifications never instantiates it (nor, in Node, reads it).
//
// Each entry says where the module comes from (`setExtraSource`): Node reads the file, workerd
// imports it as a compiled WebAssembly.Module, the browser entry compiles it in the background.
// Handles of one instance cannot be used with the other: keys cross as bytes (js/v3.js
// `extraPrivateKey` / `extraPublicKey`).
import * as glue from '../wasm/wechatpay_wasm_extra.js';
import { attachInstance } from './errors.js';

let source;
let ready = false;

/**
 * Called once by each entry: `load()` returns the extra module (a WebAssembly.Module, or its
 * bytes) synchronously, or throws why it cannot (the error is thrown to the caller, every time).
 */
export function setExtraSource(load) {
  source = load;
}

/** The extra module's exports (wasm-bindgen glue), instantiated on the first call. */
export function extra() {
  if (ready) return glue;
  if (typeof source !== 'function') throw new Error('wechatpay-wasm: the extra wasm module has no source (import the package through one of its entries)');
  const module = source();
  attachInstance(glue.initSync({ module }));
  ready = true;
  return glue;
}
