// Bill benchmark (`make bench`): what a 100 MB trade bill, downloaded gzip, costs in workerd.
// The simulator serves one bill of BILL_MB megabytes (default 100, uncompressed; ~330k rows of
// the 27 trade-bill columns); a Worker (tests/workerd/bills-worker.mjs) applies for it, downloads
// it, gunzips, hashes (SHA-1) and parses it inside wasm chunk by chunk, and sums the amounts row by
// row — the stream API, as a Worker should read a big bill.
// Reported: wall time of the request, workerd's CPU time (/proc), and workerd's peak resident
// memory (VmHWM) before and after, which bounds what the bill added. Not a test: the machine is
// shared and noisy, so the numbers are indicative.
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startWorker } from '../tests/workerd/harness.mjs';
import { childPids, cpuMs } from '../tests/workerd/cpu.mjs';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../tests/simulator/wechatpay.mjs';
import { TRADE_COLUMNS, TRADE_SUMMARY, billText, yuan } from '../tests/simulator/wechatpay-bills.mjs';

const BILL_MB = Number(process.env.BILL_MB || 100);
const mb = (bytes) => (bytes / 1048576).toFixed(1);
const vm = (pid, key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

// The bill: rows like a real ALL bill until BILL_MB megabytes.
const rows = [];
let size = 0;
let fen = 0;
for (let i = 0; size < BILL_MB * 1048576; i++) {
  const amount = 1 + (i * 7919) % 100000;
  fen += amount;
  const r = [`2026-12-01 ${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
    M.appId, M.mchId, '0', '', `4200002026120100${String(i).padStart(12, '0')}`, `BENCH${String(i).padStart(12, '0')}`, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    'JSAPI', 'SUCCESS', 'OTHERS', 'CNY', yuan(amount), '0.00', '0', '0', '0.00', '0.00', '', '', '商品名称，用于基准测试', 'attach', '0.00600', '0.60%', yuan(amount), '0.00', ''];
  rows.push(r);
  size += r.reduce((s, c) => s + Buffer.byteLength(c) + 2, 0);
}
const text = billText(TRADE_COLUMNS, rows, TRADE_SUMMARY, [String(rows.length), yuan(fen), '0.00', '0.00', '0.00000', yuan(fen), '0.00']);
rows.length = 0;
console.log(`bill: ${mb(Buffer.byteLength(text))} MB uncompressed, served gzip`);

const sim = await startWechatPaySimulator();
const worker = await startWorker(new URL('../tests/workerd/bills-worker.mjs', import.meta.url).pathname, {
  bindings: { MCHID: M.mchId, APPID: M.appId, SERIAL_NO: M.merchantSerialNo, PRIVATE_KEY: M.merchantPrivateKey, API_V3_KEY: M.apiV3Key, V2_KEY: M.v2Key, BASE_URL: sim.url },
});
try {
  const [pid] = childPids('workerd');
  const date = new Date(Date.now() - 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  // The apply waits while the simulator gzips and hashes the big bill: a long timeout, no retry.
  const stream = (args) => worker.fetch('/stream', { method: 'POST', body: JSON.stringify({ method: 'tradeBillStream', args: [args, { timeout: 300_000, retries: 0 }] }) }).then((r) => r.json());
  // Warm-up: a small bill (platform certificates, wasm, the code paths).
  const warm = await stream({ bill_date: date, tar_type: 'GZIP' });
  if (!warm.ok) throw new Error(JSON.stringify(warm.error));
  const before = { hwm: vm(pid, 'VmHWM'), rss: vm(pid, 'VmRSS') };
  sim.nextTradeBill(text);
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  const out = await stream({ bill_date: date, tar_type: 'GZIP' });
  const wall = performance.now() - t0;
  const cpu = cpuMs(pid) - cpu0;
  if (!out.ok) throw new Error(JSON.stringify(out.error));
  const after = { hwm: vm(pid, 'VmHWM'), rss: vm(pid, 'VmRSS') };
  const ok = out.complete && out.fen === fen && out.summary['应结订单总金额'] === yuan(fen);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${out.rows} rows, ${yuan(out.fen)} yuan summed in the Worker, SHA-1 verified`);
  console.log(`time: ${(wall / 1000).toFixed(1)} s wall for apply + download + gunzip + SHA-1 + parse (${(Buffer.byteLength(text) / 1048576 / (wall / 1000)).toFixed(1)} MB/s), workerd CPU ${(cpu / 1000).toFixed(1)} s (the simulator gzips in this Node process, before)`);
  console.log(`memory: workerd peak RSS ${mb(before.hwm)} MB before → ${mb(after.hwm)} MB after (+${mb(after.hwm - before.hwm)} MB); RSS now ${mb(after.rss)} MB`);
  if (!ok) process.exitCode = 1;

  // For comparison, in a fresh workerd: the same download only through DecompressionStream.
  const plainWorker = await startWorker(new URL('../tests/workerd/bills-worker.mjs', import.meta.url).pathname, {
    bindings: { MCHID: M.mchId, APPID: M.appId, SERIAL_NO: M.merchantSerialNo, PRIVATE_KEY: M.merchantPrivateKey, API_V3_KEY: M.apiV3Key, V2_KEY: M.v2Key, BASE_URL: sim.url },
  });
  try {
    const pid2 = childPids('workerd').find((p) => p !== pid);
    const warm2 = await plainWorker.fetch('/stream', { method: 'POST', body: JSON.stringify({ method: 'tradeBillStream', args: [{ bill_date: date, tar_type: 'GZIP' }] }) }).then((r) => r.json());
    if (!warm2.ok) throw new Error(JSON.stringify(warm2.error));
    const hwm0 = vm(pid2, 'VmHWM');
    sim.nextTradeBill(text);
    const ds = await plainWorker.fetch('/decompression-stream', { method: 'POST', body: JSON.stringify({ args: [date] }) }).then((r) => r.json());
    if (!ds.ok) throw new Error(JSON.stringify(ds.error));
    console.log(`for comparison, DecompressionStream alone (no hash, no parse): ${mb(ds.bytes)} MB out, workerd peak RSS ${mb(hwm0)} → ${mb(vm(pid2, 'VmHWM'))} MB (+${mb(vm(pid2, 'VmHWM') - hwm0)} MB)`);
  } finally {
    await plainWorker.dispose();
  }

  // The same stream in Node under a 48 MB V8 heap: it completes, so what the bill needs live is
  // bounded (local workerd runs without the 128 MB cap, so its peak RSS is the measure there).
  sim.nextTradeBill(text);
  const HEAP_MB = 48;
  // Asynchronously: the simulator answering the child runs in this process.
  const { stdout } = await promisify(execFile)(process.execPath, [`--max-old-space-size=${HEAP_MB}`, new URL('./bills-heap.mjs', import.meta.url).pathname], {
    env: { ...process.env, SIM_URL: sim.url, BILL_DATE: date }, encoding: 'utf8', maxBuffer: 1 << 20,
  });
  const child = JSON.parse(stdout.trim().split('\n').at(-1));
  const childOk = child.complete && child.fen === fen;
  console.log(`${childOk ? 'ok  ' : 'FAIL'} Node with --max-old-space-size=${HEAP_MB}: ${child.rows} rows in ${(child.ms / 1000).toFixed(1)} s, peak V8 heap used ${mb(child.peakHeapUsed)} MB, RSS at the end ${mb(child.rss)} MB`);
  if (!childOk) process.exitCode = 1;
} finally {
  await worker.dispose();
  await sim.close();
}
