// Node entry (ESM; the CommonJS build is generated from this file).
import { readFileSync } from 'node:fs';
import { initSync } from '../wasm/wechatpay_wasm.js';
import { attachInstance } from './errors.js';

attachInstance(initSync({ module: readFileSync(new URL('../wasm/wechatpay_wasm_bg.wasm', import.meta.url)) }));

export * from './core.js';
