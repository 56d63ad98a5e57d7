// Cold start (`make bench`): the CPU of the first request of a fresh workerd isolate, stage by
// stage (bench/workers/cold-worker.mjs), a new workerd per sample. CPU is each workerd thread's
// se.sum_exec_runtime from /proc/<pid>/task/<tid>/sched (µs resolution; /proc/<pid>/stat ticks
// are 10 ms) read before and after the request: "request thread" is the thread that did the
// most (the isolate's), "all threads" adds V8's background compilation.
// Run alone: `node bench/cold-start.mjs` (SAMPLES=n, default 10).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../tests/workerd/harness.mjs';
import { childPids } from '../tests/workerd/cpu.mjs';
import { pems, v3Vectors } from '../tests/js/v3-helpers.mjs';
import { saveResults } from './results.mjs';

const WORKER = fileURLToPath(new URL('./workers/cold-worker.mjs', import.meta.url));

/** ms of CPU per thread of `pid`, by tid. */
function threadCpu(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const m = /se\.sum_exec_runtime\s*:\s*([\d.]+)/.exec(readFileSync(`/proc/${pid}/task/${tid}/sched`, 'utf8'));
      if (m) out.set(tid, Number(m[1]));
    } catch { /* the thread ended */ }
  }
  return out;
}

async function sample(stage) {
  const before = new Set(childPids('workerd'));
  const worker = await startWorker(WORKER, {
    bindings: { STAGE: stage, WECHATPAY_PRIVATE_KEY: pems['private_pkcs8.pem'], WECHATPAY_SERIAL_NO: v3Vectors.certificate.serialNo, WECHATPAY_API_KEY: '192006250b4c09247ec02edce69f6a2d' },
  });
  try {
    const [pid] = childPids('workerd').filter((p) => !before.has(p));
    // Let startup's background work (module compilation) settle before the request.
    await new Promise((r) => setTimeout(r, 300));
    const t0 = threadCpu(pid);
    const res = await worker.fetch('/');
    const text = await res.text();
    const t1 = threadCpu(pid);
    if (res.status !== 200) throw new Error(`${stage}: ${text}`);
    let all = 0;
    let top = 0;
    for (const [tid, ms] of t1) {
      const d = ms - (t0.get(tid) ?? 0);
      all += d;
      top = Math.max(top, d);
    }
    return { thread: top, all, text };
  } finally {
    await worker.dispose();
  }
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

export const STAGES = ['trivial', 'wasm call', 'parse key', 'import key', 'v3 header', 'v3 header, pure wasm', 'v2 sign'];

/** { stage: { thread: {median, max}, all: {median, max}, samples } } over `samples` fresh isolates per stage. */
export async function coldStart({ samples = Number(process.env.SAMPLES || 10), stages = STAGES } = {}) {
  const runs = Object.fromEntries(stages.map((s) => [s, []]));
  // Stages alternate sample by sample, so load from elsewhere hits them alike.
  for (let i = 0; i < samples; i++) for (const s of stages) runs[s].push(await sample(s));
  const v3Header = runs['v3 header']?.[0]?.text;
  if (v3Header !== undefined && !v3Header.startsWith('WECHATPAY2-SHA256-RSA2048 mchid="1900009191"')) throw new Error(`no header: ${v3Header}`);
  return Object.fromEntries(stages.map((s) => {
    const t = runs[s].map((r) => r.thread);
    const a = runs[s].map((r) => r.all);
    return [s, { thread: { median: median(t), max: Math.max(...t) }, all: { median: median(a), max: Math.max(...a) }, samples: runs[s].length }];
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await coldStart();
  const base = r.trivial.thread.median;
  console.log(`First request of a fresh workerd isolate, CPU ms (median / max of ${r.trivial.samples} isolates per stage)`);
  console.table(Object.entries(r).map(([stage, m]) => ({
    stage,
    'request thread': `${m.thread.median.toFixed(2)} / ${m.thread.max.toFixed(2)}`,
    'minus trivial': (m.thread.median - base).toFixed(2),
    'all threads': `${m.all.median.toFixed(2)} / ${m.all.max.toFixed(2)}`,
  })));
  saveResults('cold-start', r);
}
