// Part of `make demo` (imported at the end of demo.mjs): the day's reconciliation against the
// local WeChat Pay simulator (TEST ONLY keys). Yesterday the shop sold and WeChat Pay settled
// some orders; this morning it downloads yesterday's trade bill (API v3, gzip), checks its SHA-1
// against hash_value, parses it and matches it against its own order book.
import { createV3Client, PlatformKeys, memoryStore, billAmountToFen } from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../tests/simulator/wechatpay.mjs';

const DAY = 86_400_000;
let shift = -DAY; // the simulator's clock: yesterday while the orders are made and paid
const clock = () => Date.now() + shift;
const sim = await startWechatPaySimulator({ clock });
let failed = false;
try {
  console.log('\n== API v3: the day\'s reconciliation (yesterday\'s trade bill, simulator)');
  const client = createV3Client({
    mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, appId: M.appId, baseUrl: sim.url,
    notifyUrl: 'https://merchant.example/wxpay/v3', clock, keys: new PlatformKeys({ apiV3Key: M.apiV3Key, store: memoryStore(), clock }),
  });
  // The shop's own order book for yesterday: what it believes was sold, in fen.
  const stamp = Date.now().toString(36).toUpperCase();
  const book = [['A', 1280, true], ['B', 350, true], ['C', 9900, true], ['D', 480, false], ['E', 2000, false]]
    .map(([k, fen, paysInWeChat]) => ({ outTradeNo: `DEMO${stamp}${k}`, fen, paysInWeChat }));
  for (const o of book) {
    await client.nativeOrder({ description: '对账演示', out_trade_no: o.outTradeNo, amount: { total: o.fen } });
    if (o.paysInWeChat) await sim.pay(o.outTradeNo, { notify: false });
  }
  // A payment the shop never recorded (its order was lost on the shop's side).
  await client.nativeOrder({ description: '对账演示', out_trade_no: `DEMO${stamp}X`, amount: { total: 66 } });
  await sim.pay(`DEMO${stamp}X`, { notify: false });
  shift = 0;

  const date = new Date(Date.now() - DAY + 8 * 3600_000).toISOString().slice(0, 10); // yesterday in Beijing
  const stream = await client.tradeBillStream({ bill_date: date, bill_type: 'ALL', tar_type: 'GZIP' });
  const billed = new Map();
  for await (const r of stream) billed.set(r['商户订单号'], billAmountToFen(r['应结订单金额']));
  console.log(`bill ${date}: ${stream.rows} rows, SHA-1 ${stream.hashValue} verified (over the bill after gunzip; the download itself is unsigned)`);
  console.log(`summary: ${Object.entries(stream.summary).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const matched = book.filter((o) => billed.get(o.outTradeNo) === o.fen);
  const missing = book.filter((o) => !billed.has(o.outTradeNo));
  const wrongAmount = book.filter((o) => billed.has(o.outTradeNo) && billed.get(o.outTradeNo) !== o.fen);
  const unknown = [...billed.keys()].filter((no) => !book.some((o) => o.outTradeNo === no));
  for (const o of matched) console.log(`matched  ${o.outTradeNo}  ${o.fen} fen`);
  for (const o of missing) console.log(`missing  ${o.outTradeNo}  ${o.fen} fen  (in the shop's book, not in WeChat Pay's bill: unpaid)`);
  for (const o of wrongAmount) console.log(`MISMATCH ${o.outTradeNo}  book ${o.fen} fen, bill ${billed.get(o.outTradeNo)} fen`);
  for (const no of unknown) console.log(`unknown  ${no}  ${billed.get(no)} fen  (paid in WeChat Pay, not in the shop's book)`);
  const expected = matched.length === 3 && missing.length === 2 && wrongAmount.length === 0 && unknown.length === 1 && stream.complete;
  console.log(`${expected ? 'ok  ' : 'FAIL'} reconciliation: ${matched.length} matched, ${missing.length} missing, ${unknown.length} unknown`);
  if (!expected) failed = true;

  sim.billFault('corrupt');
  try {
    await client.tradeBill({ bill_date: date });
    console.log('FAIL a changed download was accepted');
    failed = true;
  } catch (e) {
    console.log(`a download changed after hashing is refused: ${e.code}`);
  }
} finally {
  await sim.close();
}
if (failed) process.exitCode = 1;
