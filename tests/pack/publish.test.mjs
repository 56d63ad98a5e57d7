// What `npm publish` would ship, and installing it the strict ways: `npm publish --dry-run` from
// pkg/ is clean (no warning, no auto-corrected package.json) and ships exactly the expected files
// (those of the tarball `make pack` built); package.json carries the registry metadata; the
// tarball installs offline with `npm ci --ignore-scripts` (from a lockfile) and with pnpm (the
// devDependency; its isolated, symlinked node_modules), and works from CommonJS, ESM and the bin.
// No network: the registry is a closed loopback port and every install is --offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v2Vectors } from '../js/helpers.mjs';

const REPO = new URL('../../', import.meta.url).pathname;
const PKG = join(REPO, 'pkg');
const pkgJson = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
const TARBALL = join(REPO, `build/wechatpay-wasm-${pkgJson.version}.tgz`);
const PNPM = join(REPO, 'node_modules/pnpm/bin/pnpm.cjs');
// A loopback port nothing listens on: npm must not need the registry for any of this.
const REGISTRY = 'http://127.0.0.1:9/';
const [md5Vector] = v2Vectors.sign;

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), 'wechatpay-publish-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', ...options, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...options.env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What the package must ship: every wrapper file of js/ under dist/, the two CommonJS bundles, the wasm-bindgen output, the docs. */
function expectedFiles() {
  const dist = readdirSync(join(REPO, 'js'), { recursive: true })
    .filter((f) => /\.(m?js|d\.ts)$/.test(f))
    .map((f) => `dist/${f.split('\\').join('/')}`);
  const wasm = readdirSync(join(PKG, 'wasm')).map((f) => `wasm/${f}`);
  assert.ok(wasm.includes('wasm/wechatpay_wasm_bg.wasm') && wasm.includes('wasm/wechatpay_wasm.js'), wasm.join());
  return [...dist, 'dist/node.cjs', 'dist/node-stores.cjs', ...wasm, 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'].sort();
}

test('npm publish --dry-run from pkg/ is clean and ships exactly the expected files, those of the packed tarball', () => {
  const r = run('npm', ['publish', '--dry-run', '--json', '--offline', '--registry', REGISTRY, `--${REGISTRY.slice(5)}:_authToken=dry-run`], { cwd: PKG });
  assert.equal(r.code, 0, r.err);
  // Only npm's notices: no "warn" (an auto-corrected package.json, a bad bin path, a missing field).
  const lines = r.err.split('\n').filter(Boolean);
  assert.deepEqual(lines.filter((l) => !l.startsWith('npm notice')), [], r.err);
  const report = JSON.parse(r.out)['wechatpay-wasm'];
  assert.equal(report.id, `wechatpay-wasm@${pkgJson.version}`);
  const published = report.files.map((f) => f.path).sort();
  assert.deepEqual(published, expectedFiles());
  const packed = run('tar', ['-tzf', TARBALL]).out.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')).sort();
  assert.deepEqual(packed, published, 'make pack and npm publish ship the same files');
  assert.ok(report.unpackedSize < 4 * 1024 * 1024, `unpacked ${report.unpackedSize} bytes`);
});

test('package.json has the registry metadata; LICENSE and CHANGELOG.md are shipped', () => {
  const cargo = readFileSync(join(REPO, 'Cargo.toml'), 'utf8');
  assert.equal(pkgJson.license, /^license\s*=\s*"([^"]+)"/m.exec(cargo)[1]);
  assert.equal(pkgJson.version, /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1]);
  assert.deepEqual(pkgJson.repository, { type: 'git', url: 'git+https://github.com/wechatpay-wasm/wechatpay-wasm.git' });
  assert.equal(pkgJson.homepage, 'https://github.com/wechatpay-wasm/wechatpay-wasm#readme');
  assert.deepEqual(pkgJson.bugs, { url: 'https://github.com/wechatpay-wasm/wechatpay-wasm/issues' });
  assert.equal(pkgJson.engines.node, '>=16.9');
  for (const k of ['wechatpay', 'alipay', 'wasm', 'cloudflare-workers']) assert.ok(pkgJson.keywords.includes(k), k);
  assert.equal(readFileSync(join(PKG, 'LICENSE'), 'utf8'), readFileSync(join(REPO, 'LICENSE'), 'utf8'));
  assert.match(readFileSync(join(REPO, 'LICENSE'), 'utf8'), /^MIT License\n/);
  // Keep a Changelog: an Unreleased section, versions as `## [x.y.z] - YYYY-MM-DD`, the standard
  // change types only, and a link for every version heading.
  const changelog = readFileSync(join(PKG, 'CHANGELOG.md'), 'utf8');
  assert.equal(changelog, readFileSync(join(REPO, 'CHANGELOG.md'), 'utf8'));
  assert.match(changelog, /^## \[Unreleased\]$/m);
  assert.match(changelog, /^## Versioning policy$/m);
  assert.match(changelog, /error codes/i);
  for (const [, name] of changelog.matchAll(/^## \[([^\]]+)\]/gm)) {
    if (name !== 'Unreleased') assert.match(name, /^\d+\.\d+\.\d+(-[\w.]+)?$/);
    assert.match(changelog, new RegExp(`^\\[${name.replace(/\./g, '\\.')}\\]: https://`, 'm'), `link for ${name}`);
  }
  for (const [, type] of changelog.matchAll(/^### (.+)$/gm)) assert.ok(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'].includes(type), type);
});

// A consumer project depending on the tarball; checks it from CommonJS, ESM and the bin.
function consumer(name) {
  const root = join(dir, name);
  mkdirSync(root);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, version: '1.0.0', dependencies: { 'wechatpay-wasm': `file:${TARBALL}` } }));
  const probe = `const out = [v2.sign(${JSON.stringify(md5Vector.params)}, ${JSON.stringify(md5Vector.key)}), typeof WechatPayReplayStore];`;
  writeFileSync(join(root, 'probe.cjs'), `const { v2, WechatPayReplayStore } = require('wechatpay-wasm');\n${probe}\nconsole.log(JSON.stringify(out));`);
  writeFileSync(join(root, 'probe.mjs'), `import { v2, WechatPayReplayStore } from 'wechatpay-wasm';\n${probe}\nconsole.log(JSON.stringify(out));`);
  return root;
}

function checkConsumer(root) {
  const expected = `${JSON.stringify([md5Vector.sign, 'function'])}\n`;
  for (const probe of ['probe.cjs', 'probe.mjs']) {
    const r = run(process.execPath, [probe], { cwd: root });
    assert.deepEqual([r.code, r.out, r.err], [0, expected, ''], probe);
  }
  const bin = run(join(root, 'node_modules/.bin/wechatpay-wasm'), ['sign', '--params', JSON.stringify(md5Vector.params)], { cwd: root, env: { WECHATPAY_KEY: md5Vector.key } });
  assert.deepEqual([bin.code, bin.out], [0, `${md5Vector.sign}\n`], bin.err);
}

test('npm ci --ignore-scripts installs the tarball from a lockfile, offline', () => {
  const root = consumer('npm-ci');
  const npm = (args) => run('npm', [...args, '--offline', '--ignore-scripts', '--registry', REGISTRY], { cwd: root });
  const lock = npm(['install', '--package-lock-only']);
  assert.equal(lock.code, 0, lock.err);
  const ci = npm(['ci']);
  assert.equal(ci.code, 0, ci.err);
  const locked = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages['node_modules/wechatpay-wasm'];
  assert.equal(locked.version, pkgJson.version);
  assert.match(locked.integrity, /^sha512-/);
  checkConsumer(root);
});

test('pnpm installs the tarball (isolated, symlinked node_modules), offline', () => {
  const root = consumer('pnpm');
  const env = { XDG_DATA_HOME: join(dir, 'xdg-data'), XDG_CACHE_HOME: join(dir, 'xdg-cache'), XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_STATE_HOME: join(dir, 'xdg-state') };
  const r = run(process.execPath, [PNPM, 'install', '--offline', '--ignore-scripts', '--store-dir', join(dir, 'pnpm-store'), '--registry', REGISTRY, '--reporter', 'append-only'], { cwd: root, env });
  assert.equal(r.code, 0, `${r.out}${r.err}`);
  assert.match(readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8'), /wechatpay-wasm/);
  checkConsumer(root);
});
