// Cloudflare Workers / workerd entry: Workers import .wasm files as compiled WebAssembly.Module
// (no fetch, no eval, no compiling bytes at run time). The core module is instantiated
// synchronously at startup; the extra one (Alipay, diagnostics, .p12, bills: js/extra.js) is
// imported the same way, but instantiated only by the first call that needs it.
import wasmModule from '../wasm/wechatpay_wasm_bg.wasm';
import extraModule from '../wasm/wechatpay_wasm_extra_bg.wasm';
import { initSync } from '../wasm/wechatpay_wasm.js';
import { attachInstance } from './errors.js';
import { setExtraSource } from './extra.js';

attachInstance(initSync({ module: wasmModule }));
setExtraSource(() => extraModule);

export * from './core.js';
