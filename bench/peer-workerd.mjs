// Starts bench/workers/peer-worker.mjs (wechatpay-axios-plugin's lib/ files) in workerd with
// `nodejs_compat`, its require('crypto'|'fs'|'util') bound to workerd's node: modules.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

export async function startPeerWorker() {
  const result = await build({
    entryPoints: [new URL('./workers/peer-worker.mjs', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['main'],
    write: false,
    logLevel: 'warning',
    plugins: [{
      name: 'node-builtins',
      setup(b) {
        // lib/utils.js reads axios's VERSION only (for a User-Agent): Rsa and Formatter never call axios.
        b.onResolve({ filter: /^axios$/ }, () => ({ path: 'axios', namespace: 'axios-version' }));
        b.onLoad({ filter: /.*/, namespace: 'axios-version' }, () => ({ contents: "export const VERSION = 'unused';", loader: 'js' }));
        b.onResolve({ filter: /^(crypto|fs|util)$/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
        b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
          contents: `export * from 'node:${args.path}'; export { default } from 'node:${args.path}';`,
          loader: 'js',
        }));
        b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, external: true }));
      },
    }],
  });
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.mjs', contents: result.outputFiles[0].text }],
    compatibilityDate: '2026-07-01',
    compatibilityFlags: ['nodejs_compat'],
    host: '127.0.0.1',
  });
  await mf.ready;
  return { mf, fetch: (path, init) => mf.dispatchFetch(new URL(path, 'http://127.0.0.1/'), init), dispose: () => mf.dispose() };
}
