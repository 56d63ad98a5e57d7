// The npm tarball (`make pack` → build/wechatpay-wasm-<version>.tgz) installed offline into a
// fresh project outside the repository (so nothing can fall back to the repo's node_modules),
// then used as a consumer would: CommonJS, ESM, the bin, TypeScript against the shipped types,
// a workerd Worker, a Chromium page and Vercel's edge runtime (@edge-runtime/vm); and in every
// Node of the runtime table (16, 18, 20, 22, 24: the nodeNN devDependencies), plus Node 16 with
// SIMD turned off, below the floor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import ts from 'typescript';
import { EdgeVM } from '@edge-runtime/vm';
import { v2Vectors } from '../js/helpers.mjs';
import { v3Vectors, readVector } from '../js/v3-helpers.mjs';
import { startWechatPaySimulator, TEST_MATERIAL } from '../simulator/wechatpay.mjs';
import { startWorker } from '../workerd/harness.mjs';
import { serveRepo, launchChromium } from '../browser/harness.mjs';

const REPO = new URL('../../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('pkg/package.json', REPO), 'utf8'));
const TARBALL = new URL(`build/wechatpay-wasm-${version}.tgz`, REPO).pathname;
const TSC = new URL('node_modules/typescript/bin/tsc', REPO).pathname;
const [md5Vector, hmacVector] = v2Vectors.sign;
const jsapi = v2Vectors.jsapi_pay_sign[0];

// What every consumer computes: the official vectors, in JSON.
const PROBE = `
  const p = ${JSON.stringify(md5Vector.params)};
  const k = ${JSON.stringify(md5Vector.key)};
  const j = ${JSON.stringify(jsapi.input)};
  const out = {
    md5: v2.sign(p, k), hmac: v2.sign(p, k, 'HMAC-SHA256'),
    paySign: v2.jsapiPayParams(j.appId, j.prepay_id, ${JSON.stringify(jsapi.key)}, 'MD5', j.timeStamp, j.nonceStr).paySign,
    verified: v2.verify(v2.fromXml(${JSON.stringify(v2Vectors.signed_xml.xml)}), k),
    diagnosed: v2.diagnose(p, k, ${JSON.stringify(hmacVector.sign)}, 'MD5').causes.map((c) => c.code),
    nonce: nonce().length,
  };
  try { v2.fromXml('<!DOCTYPE x><xml/>'); } catch (e) { out.error = [e instanceof WechatPayError, e.code]; }
`;
const EXPECTED = { md5: md5Vector.sign, hmac: hmacVector.sign, paySign: jsapi.output.paySign, verified: true, diagnosed: ['SIGN_TYPE'], nonce: 32, error: [true, 'XML_FORBIDDEN'] };

// The Node matrix: the development runtime (this process's node) and the nodeNN devDependencies.
const NODES = { 16: 'node16', 18: 'node18', 20: null, 22: 'node22', 24: 'node24' };
const nodeBin = (major) => (NODES[major] ? new URL(`node_modules/${NODES[major]}/bin/node`, REPO).pathname : process.execPath);
// Deno and Bun from the binaries their npm packages ship (devDependencies): the installed tarball
// resolved through the consumer project's node_modules, as `npm install` users of both get it.
const DENO = new URL('node_modules/@deno/linux-x64-glibc/deno', REPO).pathname;
const BUN = new URL('node_modules/@oven/bun-linux-x64/bin/bun', REPO).pathname;
const RUNTIMES = [
  ...Object.keys(NODES).map((major) => ({ name: `Node ${major}`, command: nodeBin(major), args: [], version: new RegExp(`^node v${major}\\.`) })),
  { name: 'Deno', command: DENO, args: ['run', '--allow-read', '--allow-env', '--allow-net=127.0.0.1', '--allow-sys'], version: /^deno 2\./ },
  { name: 'Bun', command: BUN, args: [], version: /^bun 1\./ },
];

let dir;
const at = (p) => join(dir, p);
const PKG_DIR = () => at('node_modules/wechatpay-wasm/');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', ...opts });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  assert.ok(existsSync(TARBALL), `${TARBALL} is missing: run \`make pack\``);
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-pack-'));
  writeFileSync(at('package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--no-package-lock', TARBALL]);
  assert.equal(r.code, 0, `npm install of the tarball failed:\n${r.err}`);
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('the tarball holds the package and nothing else', () => {
  const files = run('tar', ['-tzf', TARBALL]).out.trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  assert.deepEqual(files.filter((f) => !/^dist\/(?:(?:clients|stores|v2|v3|alipay|cli|keys)\/)?[\w-]+\.(js|mjs|cjs|d\.ts)$|^wasm\/wechatpay_wasm(_extra)?(_bg)?\.(js|wasm|d\.ts|wasm\.d\.ts)$/.test(f)), ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
  for (const f of ['dist/node.mjs', 'dist/node.cjs', 'dist/workerd.js', 'dist/browser.js', 'dist/index.d.ts', 'dist/cli.mjs', 'dist/clients/transport.js', 'dist/stores/redis.js', 'dist/v3/endpoints.js', 'dist/alipay/v3.js', 'dist/extra.js', 'wasm/wechatpay_wasm_bg.wasm', 'wasm/wechatpay_wasm_extra_bg.wasm', 'wasm/wechatpay_wasm_extra.js']) {
    assert.ok(files.includes(f), `${f} is shipped`);
  }
  const installed = JSON.parse(readFileSync(join(PKG_DIR(), 'package.json'), 'utf8'));
  assert.equal(installed.version, version);
});

test('export conditions resolve to the right files (Node, esbuild, TypeScript)', async () => {
  const require = createRequire(at('index.js'));
  assert.equal(require.resolve('wechatpay-wasm'), join(PKG_DIR(), 'dist/node.cjs'));
  assert.equal(require.resolve('wechatpay-wasm/package.json'), join(PKG_DIR(), 'package.json'));
  const esm = run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('wechatpay-wasm'))"]);
  assert.equal(esm.out.trim(), `file://${join(PKG_DIR(), 'dist/node.mjs')}`);

  // Bundlers: each condition set, as wrangler, a browser bundler and a neutral one resolve it.
  const resolveWith = async (conditions, platform) => {
    let resolved;
    await build({
      stdin: { contents: '', resolveDir: dir }, write: false, bundle: true, platform, conditions, logLevel: 'silent',
      plugins: [{ name: 'probe', setup(b) { b.onStart(async () => { resolved = (await b.resolve('wechatpay-wasm', { kind: 'import-statement', resolveDir: dir })).path; }); } }],
    });
    return resolved.slice(PKG_DIR().length);
  };
  assert.equal(await resolveWith(['workerd', 'worker', 'browser'], 'neutral'), 'dist/workerd.js');
  assert.equal(await resolveWith(['worker'], 'neutral'), 'dist/workerd.js');
  assert.equal(await resolveWith([], 'browser'), 'dist/browser.js');
  assert.equal(await resolveWith([], 'neutral'), 'dist/browser.js');
  assert.equal(await resolveWith([], 'node'), 'dist/node.mjs');

  for (const [moduleResolution, module, importer] of [[ts.ModuleResolutionKind.NodeNext, ts.ModuleKind.NodeNext, 'a.mts'], [ts.ModuleResolutionKind.NodeNext, ts.ModuleKind.NodeNext, 'a.cts'], [ts.ModuleResolutionKind.Bundler, ts.ModuleKind.ESNext, 'a.ts']]) {
    const r = ts.resolveModuleName('wechatpay-wasm', at(importer), { moduleResolution, module }, ts.sys);
    assert.equal(r.resolvedModule?.resolvedFileName, join(PKG_DIR(), 'dist/index.d.ts'), `${importer} with ${ts.ModuleResolutionKind[moduleResolution]}`);
  }

  // The Node-only CLI is reachable from no runtime entry.
  for (const f of ['browser.js', 'workerd.js', 'core.js', 'node.mjs']) {
    assert.doesNotMatch(readFileSync(join(PKG_DIR(), 'dist', f), 'utf8'), /cli\.mjs/);
  }
});

test('CommonJS require and ESM import give the official results', () => {
  writeFileSync(at('use.cjs'), `const { v2, nonce, WechatPayError } = require('wechatpay-wasm');\n${PROBE}\nconsole.log(JSON.stringify(out));`);
  writeFileSync(at('use.mjs'), `import { v2, nonce, WechatPayError } from 'wechatpay-wasm';\n${PROBE}\nconsole.log(JSON.stringify(out));`);
  for (const file of ['use.cjs', 'use.mjs']) {
    const r = run(process.execPath, [file]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), EXPECTED, file);
  }
});

test('wechatpay-wasm/node (the file store) from CommonJS and ESM: resolution, a key read through loadPrivateKey, the same WechatPayError class', () => {
  const require = createRequire(at('index.js'));
  assert.equal(require.resolve('wechatpay-wasm/node'), join(PKG_DIR(), 'dist/node-stores.cjs'));
  const esm = run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('wechatpay-wasm/node'))"]);
  assert.equal(esm.out.trim(), `file://${join(PKG_DIR(), 'dist/node-stores.js')}`);
  for (const importer of ['a.mts', 'a.cts']) {
    const r = ts.resolveModuleName('wechatpay-wasm/node', at(importer), { moduleResolution: ts.ModuleResolutionKind.NodeNext, module: ts.ModuleKind.NodeNext }, ts.sys);
    assert.equal(r.resolvedModule?.resolvedFileName, join(PKG_DIR(), 'dist/node-stores.d.ts'), importer);
  }
  const key = readFileSync(new URL('tests/vectors/v3/private_pkcs8.pem', REPO), 'utf8');
  const body = (store) => `
    const s = fileStore(${JSON.stringify(at('store-'))} + ${JSON.stringify(store)});
    await s.put('apiclient_key.pem', ${JSON.stringify(key)});
    const out = { bits: (await loadPrivateKey(s, 'apiclient_key.pem')).bits, missing: (await s.get('nothing.pem')) === undefined, mode: (statSync(s.dir + '/apiclient_key.pem').mode & 0o777).toString(8) };
    try { await s.get('../escape'); } catch (e) { out.error = [e instanceof WechatPayError, e.code]; }
    console.log(JSON.stringify(out));`;
  writeFileSync(at('store.cjs'), `const { fileStore } = require('wechatpay-wasm/node');
const { loadPrivateKey, WechatPayError } = require('wechatpay-wasm');
const { statSync } = require('node:fs');
(async () => {${body('cjs')}})();`);
  writeFileSync(at('store.mjs'), `import { fileStore } from 'wechatpay-wasm/node';
import { loadPrivateKey, WechatPayError } from 'wechatpay-wasm';
import { statSync } from 'node:fs';
${body('esm')}`);
  for (const file of ['store.cjs', 'store.mjs']) {
    const r = run(process.execPath, [file]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { bits: 2048, missing: true, mode: '600', error: [true, 'INVALID_ARGUMENT'] }, file);
  }
});

test('the installed bin runs', () => {
  const bin = at('node_modules/.bin/wechatpay-wasm');
  assert.ok(statSync(bin).mode & 0o111, 'executable');
  const r = run(bin, ['sign', '--params', JSON.stringify(md5Vector.params)], { env: { ...process.env, WECHATPAY_KEY: md5Vector.key } });
  assert.deepEqual([r.code, r.out], [0, `${md5Vector.sign}\n`]);
  assert.equal(run(bin, ['verify', '--key', 'wrong'], { input: v2Vectors.signed_xml.xml }).code, 1);
});

test('TypeScript (strict, nodenext and bundler resolution) type-checks against the shipped types', () => {
  const source = `import { v2, nonce, WechatPayError, type V2Diagnosis, type V2JsapiPayParams } from 'wechatpay-wasm';
const sign: string = v2.sign({ appid: 'wx1', total_fee: 1, skipped: null }, 'key', 'HMAC-SHA256');
const d: V2Diagnosis = v2.diagnose(new Map([['appid', 'wx1']]), 'key', sign, 'MD5');
const cause: 'SIGN_TYPE' | string = d.causes[0]?.code ?? 'none';
const matches: boolean | null = d.matches;
const pay: V2JsapiPayParams = v2.jsapiPayParams('wx1', 'prepay', 'key');
const n: string = nonce(16);
try { v2.verify({ sign }, 'key'); } catch (e) { if (e instanceof WechatPayError) { const code: string = e.code; console.log(code); } }
// @ts-expect-error: not a v2 sign type
v2.sign({}, 'key', 'SHA1');
// @ts-expect-error: nested values are not fields
v2.sign({ a: { b: 1 } }, 'key');
// @ts-expect-error: no such function
v2.signature({}, 'key');
console.log(cause, matches, pay.paySign, n);
`;
  writeFileSync(at('check.mts'), source);
  writeFileSync(at('check-bundler.ts'), source);
  writeFileSync(at('tsconfig.node.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [] }, files: ['check.mts'] }));
  writeFileSync(at('tsconfig.bundler.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], types: [] }, files: ['check-bundler.ts'] }));
  for (const config of ['tsconfig.node.json', 'tsconfig.bundler.json']) {
    const r = run(process.execPath, [TSC, '-p', config]);
    assert.equal(r.code, 0, `${config}:\n${r.out}${r.err}`);
  }
  // And a real type error is reported (the types are not \`any\`).
  writeFileSync(at('bad.mts'), "import { v2 } from 'wechatpay-wasm';\nconst n: number = v2.sign({}, 'k');\n");
  writeFileSync(at('tsconfig.bad.json'), JSON.stringify({ extends: './tsconfig.node.json', files: ['bad.mts'] }));
  const bad = run(process.execPath, [TSC, '-p', 'tsconfig.bad.json']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.out, /TS2322: Type 'string' is not assignable to type 'number'/);
});

test('a workerd Worker bundled from the installed package', async () => {
  writeFileSync(at('worker.mjs'), `import { v2, nonce, WechatPayError } from 'wechatpay-wasm';
export default { async fetch() {\n${PROBE}\nreturn Response.json(out); } };`);
  const worker = await startWorker(at('worker.mjs'));
  try {
    assert.match(worker.code, /from "\.\/wechatpay_wasm_bg\.wasm"/);
    assert.match(worker.code, /from "\.\/wechatpay_wasm_extra_bg\.wasm"/);
    assert.doesNotMatch(worker.code, /from\s*["']node:|require\(["']node:/);
    assert.deepEqual(await (await worker.fetch('/')).json(), EXPECTED);
  } finally {
    await worker.dispose();
  }
});

test('a Chromium page importing the browser build of the installed package', async () => {
  writeFileSync(at('index.html'), `<!doctype html><meta charset="utf-8">
<script type="importmap">{ "imports": { "wechatpay-wasm": "/node_modules/wechatpay-wasm/dist/browser.js" } }</script>
<script type="module">
import { v2, nonce, WechatPayError } from 'wechatpay-wasm';
${PROBE}
window.out = out;
</script>`);
  const server = await serveRepo({ root: `${dir}/` });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    const wasmRequests = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmRequests.push(new URL(r.url()).pathname); });
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.out, null, { timeout: 20000 }).catch((e) => { throw errors[0] || e; });
    assert.deepEqual(await page.evaluate(() => window.out), EXPECTED);
    // The core module, and the extra one (compiled in parallel, instantiated on first use).
    assert.deepEqual(wasmRequests.sort(), ['/node_modules/wechatpay-wasm/wasm/wechatpay_wasm_bg.wasm', '/node_modules/wechatpay-wasm/wasm/wechatpay_wasm_extra_bg.wasm']);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('Vercel edge runtime (@edge-runtime/vm): the worker build with a precompiled WebAssembly.Module', async () => {
  // Vercel's bundler resolves the edge-light, worker and browser conditions and hands `.wasm`
  // imports over as compiled WebAssembly.Module objects (no run-time compilation from bytes):
  // the same contract as workerd, so the `worker` condition's entry is the one that runs.
  const wasmFiles = [];
  const result = await build({
    stdin: { contents: `import { v2, nonce, WechatPayError } from 'wechatpay-wasm';
addEventListener('fetch', (event) => {\n${PROBE}\nevent.respondWith(Response.json(out)); });`, resolveDir: dir },
    bundle: true, write: false, format: 'iife', platform: 'neutral', conditions: ['edge-light', 'worker', 'browser'], mainFields: ['module', 'main'], logLevel: 'error',
    plugins: [{ name: 'wasm-as-module', setup(b) {
      // Each .wasm import (the core module and the extra one) as its precompiled Module.
      b.onResolve({ filter: /\.wasm$/ }, (args) => { wasmFiles.push(join(args.resolveDir, args.path)); return { path: String(wasmFiles.length - 1), namespace: 'wasm-module' }; });
      b.onLoad({ filter: /.*/, namespace: 'wasm-module' }, (args) => ({ contents: `export default globalThis.__WECHATPAY_WASM_MODULES[${args.path}];`, loader: 'js' }));
    } }],
  });
  assert.deepEqual(wasmFiles, [join(PKG_DIR(), 'wasm/wechatpay_wasm_bg.wasm'), join(PKG_DIR(), 'wasm/wechatpay_wasm_extra_bg.wasm')]);
  const code = result.outputFiles[0].text;
  assert.doesNotMatch(code, /require\(["']node:|from\s*["']node:/);
  // The runtime compiles the module in its own realm (wasm-bindgen checks \`instanceof
  // WebAssembly.Module\`, which a Module from this realm would fail).
  const vm = new EdgeVM({ extend: (context) => Object.assign(context, { __WASM_BYTES: wasmFiles.map((f) => new Uint8Array(readFileSync(f))) }) });
  vm.evaluate('globalThis.__WECHATPAY_WASM_MODULES = __WASM_BYTES.map((b) => new WebAssembly.Module(b)); delete globalThis.__WASM_BYTES;');
  assert.equal(vm.evaluate('typeof require + typeof process'), 'undefinedundefined', 'no Node globals in the edge VM');
  vm.evaluate(code);
  const res = await vm.dispatchFetch('http://127.0.0.1/');
  assert.deepEqual(await res.json(), EXPECTED);
});


test('every Node of the runtime table (16, 18, 20, 22, 24), Deno and Bun, from ESM and CommonJS: the v2 and v3 vectors, a v3 notification, a client flow against the simulator', async () => {
  const V = v3Vectors;
  const sim = await startWechatPaySimulator();
  try {
    writeFileSync(at('matrix-input.json'), JSON.stringify({
      v2: { md5: md5Vector, hmac: hmacVector, jsapi, signedXml: v2Vectors.signed_xml.xml },
      v3: V, privateKey: readVector('private_pkcs8.pem'), certificate: readVector('cert.pem'),
      simulator: { url: sim.url, mchId: TEST_MATERIAL.mchId, appId: TEST_MATERIAL.appId, serialNo: TEST_MATERIAL.merchantSerialNo, apiV3Key: TEST_MATERIAL.apiV3Key },
      nodeFetch: new URL('node_modules/node-fetch/lib/index.js', REPO).pathname,
    }));
    copyFileSync(new URL('runtime-checks.mjs', import.meta.url), at('runtime-checks.mjs'));
    const expected = {
      v2: { md5: md5Vector.sign, hmac: hmacVector.sign, paySign: jsapi.output.paySign, verified: true, diagnosed: ['SIGN_TYPE'] },
      nonce: 32,
      error: [true, 'XML_FORBIDDEN'],
      v3: {
        webcrypto: true, authorization: V.authorization.header, authorizationSync: V.authorization.header, paySign: V.jsapi.paySign,
        response: true, responseSync: true, resource: V.resource.plaintext,
      },
      notification: { ok: true, ack: 204, resource: V.notification.resource },
      // The same codes and acks as the Node quick start and examples/node-server answer.
      badNotifications: [
        [false, 'SIGN_MISMATCH', 401, 'application/json', '{"code":"FAIL","message":"SIGN_MISMATCH"}'],
        [false, 'HEADER_INVALID', 401, 'application/json', '{"code":"FAIL","message":"HEADER_INVALID"}'],
      ],
      flow: { prepay: true, signType: 'RSA', state: 'NOTPAY', outTradeNo: true },
    };
    // One process per runtime, one after the other (async: this process serves the simulator).
    for (const { name, command, args, version } of RUNTIMES) {
      const child = spawn(command, [...args, 'runtime-checks.mjs', 'matrix-input.json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { err += d; });
      const code = await new Promise((resolve) => child.once('close', resolve));
      assert.equal(code, 0, `${name}:\n${err}`);
      const result = JSON.parse(out);
      assert.match(result.runtime, version, name);
      assert.deepEqual(result.esm, expected, `${name}, ESM`);
      assert.deepEqual(result.cjs, expected, `${name}, CommonJS`);
      assert.equal(err, '', `${name} printed no warning`);
    }
  } finally {
    await sim.close();
  }
});

test('below the floor (Node 16 with SIMD turned off): one WechatPayError WASM_UNSUPPORTED naming the proposal and the minimum, from ESM and CommonJS', () => {
  const report = 'console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message, feature: e.feature, cause: e.cause?.name }));';
  writeFileSync(at('floor.cjs'), `try { require('wechatpay-wasm'); } catch (e) { ${report} }`);
  writeFileSync(at('floor.mjs'), `try { await import('wechatpay-wasm'); } catch (e) { ${report} }`);
  const version = run(nodeBin(16), ['--version']).out.trim();
  for (const file of ['floor.cjs', 'floor.mjs']) {
    const r = run(nodeBin(16), ['--no-experimental-wasm-simd', file]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), {
      name: 'WechatPayError', code: 'WASM_UNSUPPORTED', feature: 'fixed-width SIMD (simd128)', cause: 'CompileError',
      message: `Node ${version} does not enable WebAssembly fixed-width SIMD (simd128), which wechatpay-wasm needs: the minimum is Node 16.9, Chromium 93, Firefox 92, Safari 16.4 (see the README's runtime table)`,
    }, file);
  }
});
