// Sizes (`make bench`): the wasm module as shipped (every feature), the core module a Worker
// needs (`cargo build --no-default-features`: API v2, v3, notifications; built into
// target/core-module/, the same wasm-bindgen + wasm-opt steps as the Makefile), and the
// Cloudflare Worker example bundled as wrangler would (esbuild, `workerd` condition: its JS plus
// the wasm it imports), each raw, gzip -9 and brotli (what Cloudflare's upload limit counts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
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

function coreModule() {
  const run = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  run('cargo', ['build', '--quiet', '--release', '--target', 'wasm32-unknown-unknown', '--no-default-features'], { CARGO_TARGET_DIR: 'target/core-module' });
  mkdirSync(`${root}build/core-module`, { recursive: true });
  run('wasm-bindgen', ['--target', 'web', '--out-dir', 'build/core-module', '--out-name', 'wechatpay_wasm', 'target/core-module/wasm32-unknown-unknown/release/wechatpay_wasm.wasm']);
  const features = ['--enable-simd', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue'];
  run('node_modules/.bin/wasm-opt', ['-O3', ...features, 'build/core-module/wechatpay_wasm_bg.wasm', '-o', 'build/core-module/wechatpay_wasm_bg.wasm']);
  return readFileSync(`${root}build/core-module/wechatpay_wasm_bg.wasm`);
}

const wasm = sizes(readFileSync(`${root}pkg/wasm/wechatpay_wasm_bg.wasm`));
const core = sizes(coreModule());
const { code, wasmPaths } = await bundleWorker(`${root}examples/cloudflare-worker/src/index.js`);
const workerJs = sizes(Buffer.from(code));
const workerWasm = sizes(readFileSync(wasmPaths[0]));
const worker = Object.fromEntries(Object.keys(workerJs).map((k) => [k, workerJs[k] + workerWasm[k]]));

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
console.log('Sizes (gzip -9, brotli q11)');
console.table([
  { what: 'wasm module, every feature (pkg/wasm)', ...wasm },
  { what: 'core wasm module (--no-default-features: v2 + v3 + notifications)', ...core },
  { what: 'Worker example: esbuild JS', ...workerJs },
  { what: 'Worker example: JS + wasm (the upload)', ...worker },
].map(({ what, raw, gzip, brotli }) => ({ what, raw: kb(raw), gzip: kb(gzip), brotli: kb(brotli) })));
saveResults('size', { wasm, core, workerJs, worker });
