// v3 benchmark (`make bench`): Authorization headers/s and response verifications/s for
// node:crypto, our default path (RSA in WebCrypto) and our pure-wasm path, in one run, as ratios
// to node:crypto; then the CPU time of one Authorization header inside workerd.
// Not a test: the machine is shared and noisy. Implementations alternate in short rounds and the
// median round counts, so a burst of load from elsewhere hits all of them alike.
import crypto from 'node:crypto';
import { v3 } from 'wechatpay-wasm';
import { v3Vectors as E, pems } from '../tests/js/v3-helpers.mjs';
import { startWorker } from '../tests/workerd/harness.mjs';
import { childPids, measureBench } from '../tests/workerd/cpu.mjs';
import { startPeerWorker } from './peer-workerd.mjs';
import { saveResults } from './results.mjs';

const ROUNDS = Number(process.env.ROUNDS || 5);
const ROUND_MS = Number(process.env.ROUND_MS || 600);

// The TEST ONLY key of tests/vectors/v3.
const nodePrivate = crypto.createPrivateKey(pems['private_pkcs8.pem']);
const nodePublic = crypto.createPublicKey(pems['public_spki.pem']);
const key = await v3.importPrivateKey(pems['private_pkcs8.pem']);
const verifier = v3.createVerifier(pems['cert.pem']);
const a = E.authorization;
const r = E.response;

// Node's Authorization header, written the way an SDK on node:crypto does it.
function nodeAuthorization({ method, url, body, timestamp, nonce }) {
  const signature = crypto.sign('sha256', Buffer.from(`${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`), nodePrivate).toString('base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${E.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${E.certificate.serialNo}"`;
}
function nodeVerify({ timestamp, nonce, body, signature }) {
  if (!crypto.verify('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), nodePublic, Buffer.from(signature, 'base64'))) throw new Error('bad');
  return true;
}
const request = (i) => ({ mchId: E.mchId, serialNo: E.certificate.serialNo, privateKey: key, method: a.method, url: a.url, body: a.body, timestamp: a.timestamp, nonce: `${a.nonce.slice(0, 24)}${String(i).padStart(8, '0')}` });

// Correctness first: all three agree (PKCS#1 v1.5 is deterministic) before speed means anything.
const headers = [nodeAuthorization(request(0)), await v3.authorization(request(0)), v3.authorizationSync(request(0))];
if (new Set(headers).size !== 1) throw new Error(`the implementations disagree:\n${headers.join('\n')}`);
if (nodeAuthorization(a) !== a.header || (await v3.authorization({ ...request(0), nonce: a.nonce })) !== a.header) throw new Error('expected.json mismatch');
if (!(nodeVerify(r) && (await v3.verify({ verifier, ...r })) && v3.verifySync({ verifier, ...r }))) throw new Error('verification failed');

async function rate(fn, ms) {
  let n = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 4; i++, n++) await fn(n);
  }
  return n / ((performance.now() - t0) / 1000);
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

async function compare(title, impls) {
  for (const fn of Object.values(impls)) for (let i = 0; i < 20; i++) await fn(i); // warm up
  const samples = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(impls)) samples[name].push(await rate(fn, ROUND_MS));
  }
  const base = median(samples['node:crypto']);
  return Object.entries(samples).map(([name, xs]) => ({ bench: title, implementation: name, 'ops/s': Math.round(median(xs)), 'vs node:crypto': `${(median(xs) / base).toFixed(2)}x` }));
}

const rows = [
  ...(await compare('Authorization header', {
    'node:crypto': (i) => nodeAuthorization(request(i)),
    'ours, default (node:crypto in Node)': (i) => v3.authorization(request(i)),
    'ours, pure wasm (…Sync)': (i) => v3.authorizationSync(request(i)),
  })),
  ...(await compare('verify response', {
    'node:crypto': () => nodeVerify(r),
    'ours, default (node:crypto in Node)': () => v3.verify({ verifier, ...r }),
    'ours, pure wasm (…Sync)': () => v3.verifySync({ verifier, ...r }),
  })),
];
// Throughput when a server has several requests in flight: WebCrypto in Node signs on the libuv
// thread pool, so it can use more than one core (node:crypto's sign blocks the event loop).
const inFlight = await compare('Authorization header, 8 in flight', {
  'node:crypto': (i) => nodeAuthorization(request(i)),
  'ours, default (node:crypto in Node)': (i) => Promise.all(Array.from({ length: 8 }, (_, j) => v3.authorization(request(i * 8 + j)))).then(() => {}),
});
// Each call of the in-flight variant makes 8 headers.
inFlight[1]['ops/s'] *= 8;
inFlight[1]['vs node:crypto'] = `${(inFlight[1]['ops/s'] / inFlight[0]['ops/s']).toFixed(2)}x`;
rows.push(...inFlight);
console.log(`API v3 in Node ${process.version} (median of ${ROUNDS} alternating rounds of ${ROUND_MS} ms; RSA-2048 TEST ONLY key)`);
console.table(rows);

// workerd: CPU per header, read from the workerd process (see tests/workerd/cpu.mjs), ours and
// wechatpay-axios-plugin's lib/ on nodejs_compat (bench/workers/peer-worker.mjs).
const body = JSON.stringify({ pems });
const cpu = [];
const perHeader = {};
for (const [name, start, path, n] of [
  ['default (WebCrypto)', () => startWorker(new URL('../tests/workerd/v3-worker.mjs', import.meta.url).pathname), 'default', 1000],
  ['pure wasm (…Sync)', () => startWorker(new URL('../tests/workerd/v3-worker.mjs', import.meta.url).pathname), 'wasm', 60],
  ['wechatpay-axios-plugin lib/ (nodejs_compat)', startPeerWorker, 'peer', 1000],
]) {
  const before = new Set(childPids('workerd'));
  const worker = await start();
  try {
    const [pid] = childPids('workerd').filter((p) => !before.has(p));
    const m = await measureBench(worker, body, { n, path, pid });
    if (m.headerLength !== a.header.length) throw new Error(`${name}: the Worker made no real headers`);
    perHeader[path] = m.cpuMsPerIteration;
    cpu.push({ implementation: name, headers: n, 'CPU ms/header (workerd, /proc)': m.cpuMsPerIteration.toFixed(3),
      'wall ms/header (inside Worker)': m.insideMsPerIteration.toFixed(3) });
  } finally {
    await worker.dispose();
  }
}
console.log('One Authorization header inside workerd (CPU from /proc/<workerd>/stat over N headers minus a 0-header request; tick 10 ms)');
console.table(cpu);
key.free();
verifier.free();

const ratio = (bench, impl) => {
  const all = [...rows, ...inFlight].filter((r) => r.bench === bench);
  return all.find((r) => r.implementation === impl)['ops/s'] / all.find((r) => r.implementation === 'node:crypto')['ops/s'];
};
saveResults('v3', {
  sign: ratio('Authorization header', 'ours, default (node:crypto in Node)'),
  sign8: ratio('Authorization header, 8 in flight', 'ours, default (node:crypto in Node)'),
  verify: ratio('verify response', 'ours, default (node:crypto in Node)'),
  wasmSign: ratio('Authorization header', 'ours, pure wasm (…Sync)'),
  wasmVerify: ratio('verify response', 'ours, pure wasm (…Sync)'),
  workerdCpu: perHeader.default,
  workerdCpuWasm: perHeader.wasm,
  workerdCpuPeer: perHeader.peer,
});
