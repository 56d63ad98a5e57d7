// Cloudflare Workers / workerd entry: Workers import .wasm files as compiled WebAssembly.Module
// (no fetch, no eval), so the module is instantiated synchronously at startup.
import wasmModule from '../wasm/wechatpay_wasm_bg.wasm';
import { initSync } from '../wasm/wechatpay_wasm.js';
import { attachInstance } from './errors.js';

attachInstance(initSync({ module: wasmModule }));

export * from './core.js';
