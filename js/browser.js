// Browser / generic ESM entry: fetches the .wasm next to this package (bundlers rewrite the URL).
import init from '../wasm/wechatpay_wasm.js';
import { attachInstance } from './errors.js';

attachInstance(await init({ module_or_path: new URL('../wasm/wechatpay_wasm_bg.wasm', import.meta.url) }));

export * from './core.js';
