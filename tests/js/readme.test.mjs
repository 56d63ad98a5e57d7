// The README's quick starts are code a merchant pastes: they must at least bundle against the
// built package (every import exists, `wechatpay-wasm/node` only in the Node one) and parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { bundleWorker } from '../workerd/harness.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const block = (firstLine) => {
  const m = new RegExp('```js\\n(' + firstLine.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') + '\\n[\\s\\S]*?)```').exec(readme);
  assert.ok(m, `README block starting with ${firstLine}`);
  return m[1];
};
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
