// The one table `make bench` ends with: every figure of issue 10 next to its target and the
// peer it is measured against, from what bench/*.mjs saved in build/bench/ during this run.
// `--markdown` prints it as the README "Speed" table.
import { loadResults } from './results.mjs';

const cold = loadResults('cold-start');
const size = loadResults('size');
const v3 = loadResults('v3');
const v2 = loadResults('v2');

const x = (r) => `${r.toFixed(2)}×`;
const ms = (v) => `${v.toFixed(2)} ms`;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const rows = [];
/** One figure: `met` is true/false, or undefined where there is no target to meet. */
const row = (area, figure, ours, peer, target, met) => rows.push({ area, figure, ours, peer, target, met: met === undefined ? '' : met ? 'met' : 'NOT met' });

if (cold) {
  const base = cold.trivial.thread.median;
  const first = (stage) => cold[stage].thread.median - base;
  const max = (stage) => cold[stage].thread.max - base;
  row('cold start', `trivial Worker, first request (baseline; ${cold.trivial.samples} fresh isolates)`, ms(base), '', '', undefined);
  row('cold start', 'v3: import PEM from env + 1 Authorization header, first request (median / max, minus baseline)',
    `${ms(first('v3 header'))} / ${ms(max('v3 header'))}`, '', '≤ 8 ms', first('v3 header') <= 8);
  row('cold start', 'v2: 1 MD5 signature, first request (median / max, minus baseline)', `${ms(first('v2 sign'))} / ${ms(max('v2 sign'))}`, '', '≤ 3 ms', first('v2 sign') <= 3);
}
if (size) {
  row('size', 'wasm, every feature: raw / gzip / brotli', `${kb(size.wasm.raw)} / ${kb(size.wasm.gzip)} / ${kb(size.wasm.brotli)}`, '', '≤ 150 KB gzip', size.wasm.gzip <= 150000);
  row('size', 'core wasm (v2 + v3 + notifications; --no-default-features): raw / gzip / brotli',
    `${kb(size.core.raw)} / ${kb(size.core.gzip)} / ${kb(size.core.brotli)}`, '', '≤ 150 KB gzip (split)', size.core.gzip <= 150000);
  row('size', 'Worker example upload (esbuild JS + wasm): raw / gzip / brotli', `${kb(size.worker.raw)} / ${kb(size.worker.gzip)} / ${kb(size.worker.brotli)}`,
    '82–91 KiB gzip (node-v3 / axios-plugin on nodejs_compat, issue 10)', '', undefined);
}
if (v3) {
  row('v3, Node', 'Authorization header, vs node:crypto.sign', x(v3.sign), 'node:crypto 1.00×', '≥ 1.0×', v3.sign >= 1.0);
  row('v3, Node', 'Authorization header, 8 in flight, vs node:crypto.sign', x(v3.sign8), 'node:crypto 1.00×', '≥ 1.0×', v3.sign8 >= 1.0);
  row('v3, Node', 'verify a response, vs crypto.verify', x(v3.verify), 'node:crypto 1.00×', '≥ 0.9×', v3.verify >= 0.9);
  row('v3, workerd', 'CPU per Authorization header (default path)', ms(v3.workerdCpu), `axios-plugin lib/ ${ms(v3.workerdCpuPeer)}`, '≤ peer', v3.workerdCpu <= v3.workerdCpuPeer);
  row('v3, pure wasm', 'Authorization header (…Sync), vs node:crypto.sign', x(v3.wasmSign), 'node:crypto 1.00×', '≥ 0.25×', v3.wasmSign >= 0.25);
  row('v3, pure wasm', 'verify a response (…Sync), vs crypto.verify', x(v3.wasmVerify), 'node:crypto 1.00×', '≥ 0.6×', v3.wasmVerify >= 0.6);
}
if (v2) {
  for (const t of ['MD5', 'HMAC-SHA256']) {
    const r = v2[t].ours / v2[t].tenpay;
    row('v2', `sign ${t}, 11-field order`, `${Math.round(v2[t].ours / 1000)}k/s`, `tenpay ${Math.round(v2[t].tenpay / 1000)}k/s`, '≥ 1.5× tenpay', r >= 1.5);
    rows.at(-1).ours += ` (${x(r)})`;
  }
  const r = v2.fromXml.ours / v2.fromXml.axiosPlugin;
  row('v2', 'fromXml, 21-field notification', `${Math.round(v2.fromXml.ours / 1000)}k/s (${x(r)})`, `axios-plugin ${Math.round(v2.fromXml.axiosPlugin / 1000)}k/s`, '≥ 3× axios-plugin', r >= 3);
}

const missing = ['cold-start', 'size', 'v3', 'v2'].filter((n) => !loadResults(n));
const loads = [['cold-start', cold], ['v3', v3], ['v2', v2]].filter(([, r]) => r?.loadAverage !== undefined)
  .map(([n, r]) => `${n} ${r.loadAverage.toFixed(1)}`).join(', ');
if (process.argv.includes('--markdown')) {
  console.log('| area | figure | ours | peer | target | |\n| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${Object.values(r).join(' | ')} |`);
  if (loads) console.log(`\nLoad average when measured: ${loads}.`);
} else {
  console.log(`Issue 10's figures, this run (Node ${process.version}; see README "Speed")`);
  if (loads) console.log(`load average when measured: ${loads}`);
  console.table(rows);
}
if (missing.length) console.log(`(not measured in this run: ${missing.join(', ')})`);
