// The API reference can't drift from the API: every exported function, class, class method, member
// of an exported namespace object (v2, v3, alipay) and method of a client or verifier interface in the shipped
// types (pkg/dist/*.d.ts, what `make docs` renders) carries a JSDoc `@example` with a ```ts block
// importing from 'wechatpay-wasm', and all examples type-check, strict, as one tsc program against
// the built package resolved through its `exports` (so `types` conditions are checked too).
// Also: the Cloudflare Worker example compiles against @cloudflare/workers-types (KV, Durable
// Objects, mTLS Fetcher bindings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { apiItems, examplesOf } from '../../scripts/api-items.mjs';

const REPO = new URL('../../', import.meta.url).pathname;
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const TYPES = ['index.d.ts', 'node-stores.d.ts'].map((f) => join(REPO, 'pkg/dist', f));

const items = TYPES.flatMap((file) => apiItems(ts, file, readFileSync(file, 'utf8')));

function tsc(dir, config) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  const r = spawnSync(process.execPath, [TSC, '-p', '.', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test('the API items are found (the walk over the .d.ts is not empty)', () => {
  const names = new Set(items.map((i) => i.name));
  for (const name of ['v2.sign', 'v3.authorization', 'alipay.sign', 'createV3Client', 'V3Client.jsapiOrder', 'V3Verifier.add', 'PlatformKeys', 'PlatformKeys.refresh', 'handleV3Notification', 'fileStore', 'WechatPayError']) {
    assert.ok(names.has(name), `${name} is an API item`);
  }
  assert.ok(items.length > 80, `${items.length} items`);
});

test('every exported function, class and method has a ```ts @example importing from wechatpay-wasm', () => {
  const missing = items.filter((i) => !examplesOf(i).some((code) => /from 'wechatpay-wasm(\/node)?'/.test(code))).map((i) => i.name);
  assert.deepEqual(missing, [], `no @example (a \`\`\`ts block importing from 'wechatpay-wasm'): ${missing.join(', ')}`);
});

test('every @example type-checks (strict, nodenext) against the built package types', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-doc-examples-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(REPO, 'pkg'), join(dir, 'node_modules/wechatpay-wasm'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const files = [];
    for (const item of items) {
      examplesOf(item).forEach((code, n) => {
        const file = `${item.name.replace(/\W/g, '_')}_${n}.ts`;
        // Each example is its own module (top-level await allowed), named after its item.
        writeFileSync(join(dir, file), `${code}\nexport {};\n`);
        files.push(file);
      });
    }
    assert.ok(files.length >= items.length);
    // One deliberately wrong file in the same program (one tsc run): the check is not vacuous.
    writeFileSync(join(dir, 'wrong.ts'), "import { v2 } from 'wechatpay-wasm';\nconst n: number = v2.sign({ a: '1' }, 'key');\nexport {};\n");
    const r = tsc(dir, {
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom', 'dom.iterable'], types: [] },
      files: [...files, 'wrong.ts'],
    });
    const errors = r.out.split('\n').filter((l) => /error TS/.test(l));
    assert.deepEqual(errors.filter((l) => !l.startsWith('wrong.ts')), [], `examples that do not type-check (file = item name):\n${r.out}`);
    assert.equal(errors.length, 1, r.out);
    assert.match(errors[0], /^wrong\.ts\(2,7\): error TS2322/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Cloudflare Worker example compiles against @cloudflare/workers-types (KVNamespace, DurableObjectNamespace, Fetcher)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-worker-types-'));
  try {
    mkdirSync(join(dir, 'node_modules/@cloudflare'), { recursive: true });
    symlinkSync(join(REPO, 'pkg'), join(dir, 'node_modules/wechatpay-wasm'));
    symlinkSync(join(REPO, 'node_modules/@cloudflare/workers-types'), join(dir, 'node_modules/@cloudflare/workers-types'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const worker = join(REPO, 'examples/cloudflare-worker');
    const config = {
      compilerOptions: {
        // Not strict: the example is plain JavaScript (implicit any); calls into the package and the
        // bindings' types are still checked.
        strict: false, noEmit: true, allowJs: true, checkJs: true, module: 'esnext', moduleResolution: 'bundler',
        customConditions: ['workerd'], target: 'es2022', lib: ['es2022'], types: ['@cloudflare/workers-types'], typeRoots: [join(dir, 'node_modules')],
      },
      files: [join(worker, 'src/env.d.ts'), join(worker, 'src/index.js')],
    };
    // In the same program: the three binding types used as documented, and deliberately swapped.
    writeFileSync(join(dir, 'bindings.ts'), `import { createV2Client, durableReplayStore, kvStore } from 'wechatpay-wasm';
declare const env: { KV: KVNamespace; REPLAY: DurableObjectNamespace; CERT: Fetcher };
kvStore(env.KV);
durableReplayStore(env.REPLAY);
createV2Client({ appId: 'wx1', mchId: '10000100', key: 'key', tls: env.CERT });
`);
    writeFileSync(join(dir, 'wrong.ts'), `import { durableReplayStore, kvStore } from 'wechatpay-wasm';
declare const env: { KV: KVNamespace; REPLAY: DurableObjectNamespace };
durableReplayStore(env.KV);
kvStore(env.REPLAY);
`);
    const r = tsc(dir, { ...config, files: [...config.files, 'bindings.ts', 'wrong.ts'] });
    const errors = r.out.split('\n').filter((l) => /error TS/.test(l));
    assert.deepEqual(errors.filter((l) => !l.startsWith('wrong.ts')), [], r.out);
    assert.deepEqual(errors.map((l) => l.slice(0, l.indexOf(':'))), ['wrong.ts(3,20)', 'wrong.ts(4,9)'], r.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
