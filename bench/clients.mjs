// Client benchmark (`make bench`): what the timeout / retry / hook machinery costs per request.
// One verified queryOrder against an in-process fetch that answers a correctly signed response
// (no network, so the machinery is not hidden behind I/O), two ways:
//   without — the work a call did before the machinery: sign, fetch, read, verify, parse;
//   with    — createV3Client's queryOrder: the same, inside the per-attempt timer and
//             AbortController, the retry policy, and three (no-op) hooks.
// Then the machinery alone: runCall around an attempt that does nothing, against calling it directly.
// Not a test: the machine is shared and noisy. The variants alternate in short rounds; the median counts.
import crypto from 'node:crypto';
import { createV3Client, v3 } from 'wechatpay-wasm';
import { TEST_MATERIAL as M } from '../tests/simulator/wechatpay.mjs';
import { runCall, transportPolicy } from '../js/clients/transport.js';

const ROUNDS = Number(process.env.ROUNDS || 15);
const ROUND_MS = Number(process.env.ROUND_MS || 300);

const platform = M.platformCertificates[0];
const platformKey = crypto.createPrivateKey(platform.key);
const body = JSON.stringify({ appid: M.appId, mchid: M.mchId, out_trade_no: 'BENCH0001', trade_state: 'NOTPAY', trade_state_desc: '订单未支付', amount: { total: 1, currency: 'CNY' } });
// One signed response, reused: verification does the same work every time.
const timestamp = String(Math.floor(Date.now() / 1000));
const nonce = crypto.randomBytes(16).toString('hex');
const headers = {
  'Content-Type': 'application/json', 'Request-ID': `08${'A'.repeat(32)}`, 'Wechatpay-Timestamp': timestamp, 'Wechatpay-Nonce': nonce,
  'Wechatpay-Serial': platform.serialNo, 'Wechatpay-Signature': crypto.sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), platformKey).toString('base64'),
};
const stubFetch = async () => new Response(body, { status: 200, headers });

const verifier = v3.createVerifier(platform.cert);
const privateKey = await v3.importPrivateKey(M.merchantPrivateKey);
const path = `/v3/pay/transactions/out-trade-no/BENCH0001?mchid=${M.mchId}`;

async function without() {
  const authorization = await v3.authorization({ mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey, method: 'GET', url: path, body: '', timestamp: String(Math.floor(Date.now() / 1000)) });
  const res = await stubFetch(`https://api.mch.weixin.qq.com${path}`, { method: 'GET', headers: { Authorization: authorization, Accept: 'application/json', 'User-Agent': 'bench' } });
  const text = await res.text();
  const pairs = [...res.headers.entries()];
  await v3.verifyResponse({ verifier, headers: pairs, body: text });
  return JSON.parse(text);
}

let hookCalls = 0;
const count = () => { hookCalls++; };
const client = createV3Client({
  mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey, keys: verifier, fetch: stubFetch,
  timeout: 10_000, retries: 2, hooks: { onRequest: count, onResponse: count, onError: count },
});
const withMachinery = () => client.queryOrder('BENCH0001');

// Both give the same verified answer before speed means anything.
const [a, b] = [await without(), await withMachinery()];
if (JSON.stringify(a) !== JSON.stringify(b) || a.out_trade_no !== 'BENCH0001') throw new Error('the two paths disagree');
if (hookCalls !== 2) throw new Error(`expected onRequest + onResponse, got ${hookCalls} hook calls`);

async function rate(fn, ms) {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 4; i++, n++) await fn();
  }
  return n / ((performance.now() - t0) / 1000);
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

for (let i = 0; i < 50; i++) { await without(); await withMachinery(); }
const samples = { without: [], with: [] };
for (let round = 0; round < ROUNDS; round++) {
  samples.without.push(await rate(without, ROUND_MS));
  samples.with.push(await rate(withMachinery, ROUND_MS));
}
const [w0, w1] = [median(samples.without), median(samples.with)];
console.log(`v3 queryOrder against an in-process signed response, Node ${process.version} (median of ${ROUNDS} alternating rounds of ${ROUND_MS} ms)`);
console.table([
  { variant: 'without (sign, fetch, verify, parse)', 'calls/s': Math.round(w0), 'µs/call': (1e6 / w0).toFixed(1) },
  { variant: 'with timeout + retry policy + 3 hooks', 'calls/s': Math.round(w1), 'µs/call': (1e6 / w1).toFixed(1) },
]);
console.log(`ratio with/without: ${(w0 / w1).toFixed(3)} (time per call); difference ${((1e6 / w1) - (1e6 / w0)).toFixed(1)} µs per call`);

// The machinery alone, where the noise of signing and verifying does not hide it.
const policy = transportPolicy({ timeout: 10_000, retries: 2, hooks: { onRequest: count, onResponse: count, onError: count } });
const info = { api: 'v3', method: 'GET', path, safe: true };
const attempt = async ({ responded }) => { responded(200, 'rid'); return 1; };
const machinery = { direct: () => attempt({ responded() {} }), runCall: () => runCall(policy, info, {}, attempt) };
const micro = { direct: [], runCall: [] };
for (let round = 0; round < ROUNDS; round++) for (const [name, fn] of Object.entries(machinery)) micro[name].push(await rate(fn, 100));
const [d, m] = [median(micro.direct), median(micro.runCall)];
console.log(`the machinery alone (timer, AbortController, retry policy, 3 hooks): ${((1e6 / m) - (1e6 / d)).toFixed(1)} µs per call = ${(100 * ((1e6 / m) - (1e6 / d)) / (1e6 / w0)).toFixed(1)} % of the call without it`);
privateKey.free?.();
verifier.free?.();
