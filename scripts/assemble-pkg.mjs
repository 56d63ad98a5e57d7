// Assembles pkg/ (the npm package) from the wasm-bindgen output in pkg/wasm, js/ and
// pkg-template/. Run by `make build` after wasm-bindgen.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const at = (p) => new URL(p, root);

mkdirSync(at('pkg/dist'), { recursive: true });
// js/ and its folders (js/clients/, js/stores/), keeping the layout so relative imports hold.
for (const entry of readdirSync(at('js'), { recursive: true, withFileTypes: true })) {
  const f = entry.name;
  if (!entry.isFile() || !(f.endsWith('.js') || f.endsWith('.mjs') || f.endsWith('.d.ts'))) continue;
  const rel = `${entry.parentPath ?? entry.path}/${f}`.slice(at('js').pathname.length).replace(/^\//, '');
  mkdirSync(at(`pkg/dist/${rel}`.replace(/[^/]+$/, '')), { recursive: true });
  copyFileSync(at(`js/${rel}`), at(`pkg/dist/${rel}`));
}

// CommonJS: bundle the Node ESM entry; import.meta.url becomes this file's URL.
await build({
  entryPoints: [at('pkg/dist/node.mjs').pathname],
  outfile: at('pkg/dist/node.cjs').pathname,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node16',
  external: ['node:*'],
  define: { 'import.meta.url': '__wechatpay_wasm_url' },
  banner: { js: "const __wechatpay_wasm_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// CommonJS for `wechatpay-wasm/node` too: the file store, with WechatPayError taken from node.cjs
// (not bundled again) so that `instanceof` holds across the two entries, as it does in ESM.
await build({
  entryPoints: [at('pkg/dist/node-stores.js').pathname],
  outfile: at('pkg/dist/node-stores.cjs').pathname,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node16',
  external: ['node:*'],
  plugins: [{
    name: 'shared-errors',
    setup(b) { b.onResolve({ filter: /^\.\/errors\.js$/ }, () => ({ path: './node.cjs', external: true })); },
  }],
  logLevel: 'warning',
});

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(at('Cargo.toml'), 'utf8'))[1];
const pkg = JSON.parse(readFileSync(at('pkg-template/package.json'), 'utf8'));
pkg.version = version;
writeFileSync(at('pkg/package.json'), JSON.stringify(pkg, null, 2) + '\n');
copyFileSync(at('pkg-template/README.md'), at('pkg/README.md'));
// What `files` ships besides the build: the licence and the changelog (its semver policy).
for (const f of ['LICENSE', 'CHANGELOG.md']) copyFileSync(at(f), at(`pkg/${f}`));
