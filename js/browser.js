// Browser / generic ESM entry: fetches the .wasm files next to this package (bundlers rewrite the
// URLs). The core module is instantiated here. The extra one (Alipay, diagnostics, .p12, bills:
// js/extra.js) is fetched and compiled at the same time, in parallel, and instantiated only by
// the first call that needs it: the synchronous functions stay synchronous on their first call
// (a browser may not compile a large module synchronously on its main thread). If it cannot be
// loaded (offline, blocked), the core still works and each optional call throws that error.
import init from '../wasm/wechatpay_wasm.js';
import { attachInstance } from './errors.js';
import { setExtraSource } from './extra.js';

async function compileExtra(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`wechatpay-wasm: fetching ${url} answered HTTP ${response.status}`);
  // compileStreaming needs the application/wasm type, which some servers do not send.
  if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/.test(response.headers.get('content-type') ?? '')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

const extraUrl = new URL('../wasm/wechatpay_wasm_extra_bg.wasm', import.meta.url);
const extra = compileExtra(extraUrl).then((module) => () => module, (e) => () => { throw e; });
const [exports, extraSource] = await Promise.all([
  init({ module_or_path: new URL('../wasm/wechatpay_wasm_bg.wasm', import.meta.url) }),
  extra,
]);
attachInstance(exports);
setExtraSource(extraSource);

export * from './core.js';
