// Sizes (`make bench`): the two wasm modules the package ships (`make build`): the core module
// (`--no-default-features`: API v2, v3, notifications), which every entry instantiates and the
// only one a v2 / v3 / notification Worker ever instantiates, and the extra module (every
// feature: Alipay, diagnostics, .p12, bills), instantiated on their first use (js/extra.js). And
// the Cloudflare Worker example bundled as wrangler would (esbuild, `workerd` condition: its JS
// plus the .wasm files it imports, both uploaded), each raw, gzip -9 and brotli (what
// Cloudflare's upload limit counts).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { bundleWorker } from '../tests/workerd/harness.mjs';
import { saveResults } from './results.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const sum = (...all) => Object.fromEntries(Object.keys(all[0]).map((k) => [k, all.reduce((n, s) => n + s[k], 0)]));

const core = sizes(readFileSync(`${root}pkg/wasm/wechatpay_wasm_bg.wasm`));
// The extra module is the full build (a superset): "every feature".
const wasm = sizes(readFileSync(`${root}pkg/wasm/wechatpay_wasm_extra_bg.wasm`));
const { code, wasmPaths } = await bundleWorker(`${root}examples/cloudflare-worker/src/index.js`);
const names = wasmPaths.map((p) => basename(p)).sort();
if (names.join() !== 'wechatpay_wasm_bg.wasm,wechatpay_wasm_extra_bg.wasm') throw new Error(`the Worker example imports ${names.join()}`);
const workerJs = sizes(Buffer.from(code));
const workerWasm = sum(...wasmPaths.map((p) => sizes(readFileSync(p))));
const worker = sum(workerJs, workerWasm);

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
console.log('Sizes (gzip -9, brotli q11)');
console.table([
  { what: 'core wasm module: what a v2 / v3 / notification Worker instantiates (--no-default-features)', ...core },
  { what: 'extra wasm module: every feature, instantiated on first use of Alipay, diagnostics, .p12, bills', ...wasm },
  { what: 'Worker example: esbuild JS', ...workerJs },
  { what: 'Worker example: JS + both wasm files (the upload)', ...worker },
].map(({ what, raw, gzip, brotli }) => ({ what, raw: kb(raw), gzip: kb(gzip), brotli: kb(brotli) })));
saveResults('size', { wasm, core, workerJs, worker });
