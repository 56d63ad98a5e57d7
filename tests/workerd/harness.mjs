// Runs a test Worker inside real workerd (the binary shipped in the `workerd` npm package, driven
// by miniflare), with wechatpay-wasm resolved through its `workerd` export condition exactly as
// wrangler would bundle it. Requests reach it over 127.0.0.1.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Miniflare } from 'miniflare';

export async function bundleWorker(entry) {
  const wasmPaths = new Set();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'warning',
    plugins: [{
      name: 'wasm-module',
      setup(b) {
        // Workers import .wasm as a WebAssembly.Module: keep the import, ship the file beside
        // (the core module and the extra one, js/workerd.js).
        b.onResolve({ filter: /\.wasm$/ }, (args) => {
          const path = new URL(args.path, `file://${args.resolveDir}/`).pathname;
          wasmPaths.add(path);
          return { path: `./${basename(path)}`, external: true };
        });
      },
    }],
  });
  return { code: result.outputFiles[0].text, wasmPaths: [...wasmPaths] };
}

export async function startWorker(entry, { bindings = {}, ...options } = {}) {
  const { code, wasmPaths } = await bundleWorker(entry);
  const modules = [{ type: 'ESModule', path: 'worker.mjs', contents: code }];
  for (const path of wasmPaths) modules.push({ type: 'CompiledWasm', path: basename(path), contents: readFileSync(path) });
  const mf = new Miniflare({ modules, compatibilityDate: '2026-07-01', bindings, host: '127.0.0.1', ...options });
  const url = await mf.ready; // the Worker's own http://127.0.0.1:PORT (e.g. as a notify_url)
  return {
    code,
    url: url.href.replace(/\/$/, ''),
    mf,
    fetch: (path, init) => mf.dispatchFetch(new URL(path, 'http://127.0.0.1/'), init),
    dispose: () => mf.dispose(),
  };
}
