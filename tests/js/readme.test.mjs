// The README's quick starts are code a merchant pastes: they must at least bundle against the
// built package (every import exists, `wechatpay-wasm/node` only in the Node one) and parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { bundleWorker } from '../workerd/harness.mjs';
import { parseToml } from '../workerd/wrangler-toml.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const fenced = (lang, firstLine) => {
  const m = new RegExp('```' + lang + '\\n(' + firstLine.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') + '\\n[\\s\\S]*?)```').exec(readme);
  assert.ok(m, `README ${lang} block starting with ${firstLine}`);
  return m[1];
};
const block = (firstLine) => fenced('js', firstLine);
const dir = mkdtempSync(join(tmpdir(), 'readme-'));
symlinkSync(new URL('../../node_modules', import.meta.url).pathname, join(dir, 'node_modules'));

test('README Node quick start bundles for Node against the package (imports exist)', async () => {
  const file = join(dir, 'server.mjs');
  writeFileSync(file, block('// server.mjs — npm install wechatpay-wasm'));
  const out = await build({
    entryPoints: [file], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent',
    external: ['node:*'],
  });
  assert.match(out.outputFiles[0].text, /createV3Client|PlatformKeys/);
});

test('README Worker quick start bundles for workerd with no node: import and exports the Durable Object class', async () => {
  const file = join(dir, 'index.js');
  writeFileSync(file, block('// src/index.js'));
  const { code } = await bundleWorker(file);
  assert.doesNotMatch(code, /from\s*["']node:|require\(["']node:|import\(["']node:/);
  assert.match(code, /export\s*\{[^}]*\bWechatPayReplayStore\b[^}]*\}/);
  assert.match(code, /export\s*\{[^}]*\bdefault\b/);
});

test('README Deno and Bun quick starts bundle against the package (imports exist, no node: import)', async () => {
  for (const [first, specifier] of [['// notify-deno.js — deno run --allow-read --allow-env --allow-net notify-deno.js', 'npm:wechatpay-wasm'], ['// notify-bun.js — bun add wechatpay-wasm && bun notify-bun.js', 'wechatpay-wasm']]) {
    const file = join(dir, first.includes('deno') ? 'notify-deno.mjs' : 'notify-bun.mjs');
    // Deno's npm: specifier is the npm package; esbuild resolves it as the bare name.
    writeFileSync(file, block(first).replace(`'${specifier}'`, "'wechatpay-wasm'"));
    const out = await build({ entryPoints: [file], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent', external: ['node:*'] });
    assert.match(out.outputFiles[0].text, /handleV3Notification|ackResponse/, first);
  }
});

// The quick starts are the short form of examples/node-server and examples/cloudflare-worker
// (tested against the simulator): they link there and use the same variable names, and the
// README's wrangler.toml has the example's bindings.
test('the quick starts link to the examples and read the variables the examples are configured with', () => {
  const examples = [
    ['// server.mjs — npm install wechatpay-wasm', 'examples/node-server/', ['server.mjs', 'README.md']],
    ['// src/index.js', 'examples/cloudflare-worker/', ['src/index.js', 'wrangler.toml']],
  ];
  for (const [first, path, files] of examples) {
    assert.ok(readme.includes(`](${path})`), `README links to ${path}`);
    const source = files.map((f) => readFileSync(new URL(`../../${path}${f}`, import.meta.url), 'utf8')).join('\n');
    const names = [...new Set([...block(first).matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]))];
    assert.ok(names.length >= 5, `${path}: ${names}`);
    for (const name of names) assert.ok(source.includes(name), `${name} (README quick start) is used by ${path}`);
  }
});

test("the README's wrangler.toml matches examples/cloudflare-worker/wrangler.toml", () => {
  const fromReadme = parseToml(fenced('toml', '# wrangler.toml'));
  const example = parseToml(readFileSync(new URL('../../examples/cloudflare-worker/wrangler.toml', import.meta.url), 'utf8'));
  for (const key of ['main', 'compatibility_date', 'kv_namespaces', 'durable_objects', 'migrations']) {
    assert.deepEqual(fromReadme[key], example[key], key);
  }
  assert.match(block('// src/index.js'), /env\.WECHATPAY_KV\b[\s\S]*env\.WECHATPAY_REPLAY\b/);
});
