// Child of bench/bills.mjs: streams the trade bill the simulator at SIM_URL serves next through
// createV3Client in Node, run with a small V8 heap (--max-old-space-size), to show the live
// memory of the stream path stays bounded whatever the bill's size. Prints one JSON line.
import { createV3Client, billAmountToFen } from 'wechatpay-wasm';
import { TEST_MATERIAL as M } from '../tests/simulator/wechatpay.mjs';

const client = createV3Client({ mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, apiV3Key: M.apiV3Key, baseUrl: process.env.SIM_URL });
const t0 = performance.now();
const stream = await client.tradeBillStream({ bill_date: process.env.BILL_DATE, tar_type: 'GZIP' }, { timeout: 300_000, retries: 0 });
let fen = 0;
let peakHeap = 0;
for await (const r of stream) {
  fen += billAmountToFen(r['应结订单金额']);
  if (stream.rows % 4096 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
const m = process.memoryUsage();
console.log(JSON.stringify({ rows: stream.rows, fen, complete: stream.complete, ms: performance.now() - t0, peakHeapUsed: peakHeap, rss: m.rss, arrayBuffers: m.arrayBuffers }));
