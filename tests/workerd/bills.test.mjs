// Reconciliation bills inside real workerd against the simulator: v3 plain / gzip
// (DecompressionStream) / encrypted sub-merchant bills, the stream API, the refusal codes, and
// the v2 downloadBill with its error XML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createV3Client, memoryStore, PlatformKeys } from 'wechatpay-wasm';
import { startWorker } from './harness.mjs';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';

const DAY = 86_400_000;
let shift = -DAY;
let sim;
let worker;
let yesterday;

before(async () => {
  sim = await startWechatPaySimulator({ clock: () => Date.now() + shift });
  yesterday = new Date(Date.now() - DAY + 8 * 3600_000).toISOString().slice(0, 10);
  // Yesterday's orders, made and paid from Node on the simulator's shifted clock.
  const node = createV3Client({
    mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, appId: M.appId, baseUrl: sim.url,
    notifyUrl: 'http://127.0.0.1:9/unused', clock: () => Date.now() + shift,
    keys: new PlatformKeys({ apiV3Key: M.apiV3Key, store: memoryStore(), clock: () => Date.now() + shift }),
  });
  for (const [no, fen] of [['WBILL01', 100], ['WBILL02', 250]]) {
    await node.nativeOrder({ description: 'workerd', out_trade_no: no, amount: { total: fen } });
    await sim.pay(no, { notify: false });
  }
  shift = 0;
  worker = await startWorker(new URL('./bills-worker.mjs', import.meta.url).pathname, {
    bindings: {
      MCHID: M.mchId, APPID: M.appId, SERIAL_NO: M.merchantSerialNo, PRIVATE_KEY: M.merchantPrivateKey,
      API_V3_KEY: M.apiV3Key, V2_KEY: M.v2Key, BASE_URL: sim.url,
    },
  });
});
after(async () => {
  await worker?.dispose();
  await sim?.close();
});

const post = async (path, body) => (await worker.fetch(path, { method: 'POST', body: JSON.stringify(body) })).json();

test('workerd: v3 trade bill plain and gzip, whole and streamed', async () => {
  for (const tar of [undefined, 'GZIP']) {
    const r = await post('/call', { method: 'tradeBill', args: [{ bill_date: yesterday, tar_type: tar }] });
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.deepEqual(r.result.records.map((x) => [x['商户订单号'], x['应结订单金额']]).sort(), [['WBILL01', '1.00'], ['WBILL02', '2.50']]);
    assert.equal(r.result.summary['应结订单总金额'], '3.50');
  }
  const s = await post('/stream', { method: 'tradeBillStream', args: [{ bill_date: yesterday, tar_type: 'GZIP' }] });
  assert.deepEqual([s.ok, s.rows, s.fen, s.complete, s.summary['总交易单数']], [true, 2, 350, true, '2']);
});

test('workerd: refusals keep their codes', async () => {
  for (const [fault, tar, code] of [['hashOfGzip', 'GZIP', 'BILL_HASH_MISMATCH'], ['truncate', undefined, 'BILL_TRUNCATED'], ['cutGzip', 'GZIP', 'BILL_TRUNCATED'],
    ['plainForGzip', 'GZIP', 'BILL_NOT_GZIP'], ['garbage', undefined, 'BILL_INVALID']]) {
    sim.billFault(fault);
    const r = await post('/call', { method: 'tradeBill', args: [{ bill_date: yesterday, tar_type: tar }] });
    assert.equal(r.ok, false, fault);
    assert.equal(r.error.code, code, `${fault}: ${r.error.message}`);
    assert.equal(r.error.isWechatPayError, true);
  }
});

test('workerd: the encrypted sub-merchant fund-flow bill and the v2 bill', async () => {
  const sub = await post('/call', { method: 'subMerchantFundFlowBill', args: [{ sub_mchid: '1900000109', bill_date: yesterday, account_type: 'BASIC', tar_type: 'GZIP' }] });
  assert.equal(sub.ok, true, JSON.stringify(sub.error));
  assert.equal(sub.result.records.length, 2);
  assert.equal(sub.result.summary['收入金额'], '3.50');
  const v2 = await post('/call', { client: 'v2', method: 'downloadBill', args: [{ bill_date: yesterday.replaceAll('-', ''), tar_type: 'GZIP' }] });
  assert.equal(v2.ok, true, JSON.stringify(v2.error));
  assert.equal(v2.result.records.length, 2);
  const none = await post('/call', { client: 'v2', method: 'downloadBill', args: [{ bill_date: '20200101' }] });
  assert.deepEqual([none.ok, none.error.code, none.error.message], [false, 'RETURN_FAIL', 'No Bill Exist']);
});
