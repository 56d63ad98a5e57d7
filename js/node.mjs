// Node entry (ESM; the CommonJS build is generated from this file).
import { readFileSync } from 'node:fs';
import nodeCrypto, { webcrypto } from 'node:crypto';
import { initSync } from '../wasm/wechatpay_wasm.js';
import { attachInstance } from './errors.js';
import { setExtraSource } from './extra.js';
import { runtimeFloorError } from './runtime-floor.js';
import { registerMtlsFactory } from './clients/mtls.js';
import { nodeMtlsFetch } from './clients/node-mtls.js';
import { useNodeCrypto } from './v3/node-rsa.js';

// Node 16 and 18 have WebCrypto only as node:crypto's `webcrypto` (the global `crypto` came in
// Node 19); the wasm's random numbers and the default v3 path read the global. Defined as Node 19+
// defines it, and only where it is missing.
if (globalThis.crypto === undefined) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, writable: true, configurable: true, enumerable: false });
}

try {
  attachInstance(initSync({ module: readFileSync(new URL('../wasm/wechatpay_wasm_bg.wasm', import.meta.url)) }));
} catch (e) {
  throw runtimeFloorError(e, `Node ${process.version}`) ?? e;
}
// The extra module (Alipay, diagnostics, .p12, bills: js/extra.js) is read and compiled only on
// the first call that needs it.
setExtraSource(() => readFileSync(new URL('../wasm/wechatpay_wasm_extra_bg.wasm', import.meta.url)));

registerMtlsFactory(nodeMtlsFetch);
// v3 sign / verify on node:crypto KeyObjects (js/v3/node-rsa.js). Deno and Bun also resolve this
// entry through the `node` export condition; their node:crypto emulations keep WebCrypto there.
if (globalThis.Deno === undefined && process.versions?.bun === undefined) useNodeCrypto(nodeCrypto);

export * from './core.js';
