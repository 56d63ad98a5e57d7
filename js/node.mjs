// Node entry (ESM; the CommonJS build is generated from this file).
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { initSync } from '../wasm/wechatpay_wasm.js';
import { attachInstance } from './errors.js';
import { runtimeFloorError } from './runtime-floor.js';
import { registerMtlsFactory } from './clients/mtls.js';
import { nodeMtlsFetch } from './clients/node-mtls.js';

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

registerMtlsFactory(nodeMtlsFetch);

export * from './core.js';
