// Reconciliation bills end to end in Node against the simulator (tests/simulator/wechatpay-bills.mjs):
// v3 trade / fund-flow / encrypted sub-merchant bills, v2 downloadbill / downloadfundflow, plain
// and gzip, and every refusal code. The hash rule (SHA-1 of the bill after gzip decompression,
// unsigned download) is checked with node:crypto alone, without this package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { Agent } from 'undici';
import { createV3Client, createV2Client, parseBill, billAmountToFen, memoryStore, PlatformKeys, WechatPayError } from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { rejects } from './flow-helpers.mjs';

const DAY = 86_400_000;
let shift = -DAY; // orders are made and paid "yesterday", then the clock comes back to today
let sim;
let client;
let yesterday; // yyyy-MM-dd, Beijing time
const paid = new Map(); // out_trade_no → fen
const caAgent = new Agent({ connect: { ca: M.tls.ca } });
const mtlsAgent = new Agent({ connect: { ca: M.tls.ca, cert: M.tls.clientCert, key: M.tls.clientKey } });

before(async () => {
  sim = await startWechatPaySimulator({ tls: true, clock: () => Date.now() + shift });
  yesterday = new Date(Date.now() - DAY + 8 * 3600_000).toISOString().slice(0, 10);
  client = createV3Client({
    mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, appId: M.appId, baseUrl: sim.url,
    notifyUrl: 'http://127.0.0.1:9/unused', keys: new PlatformKeys({ apiV3Key: M.apiV3Key, store: memoryStore(), clock: () => Date.now() + shift }),
    clock: () => Date.now() + shift,
  });
  for (const [no, fen] of [['BILL0001', 1], ['BILL0002', 1234], ['BILL0003', 99999]]) {
    await client.nativeOrder({ description: '账单,测试', out_trade_no: no, amount: { total: fen } });
    await sim.pay(no, { notify: false });
    paid.set(no, fen);
  }
  await client.nativeOrder({ description: 'unpaid', out_trade_no: 'BILL0004', amount: { total: 5 } });
  const v2 = createV2Client({ appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.url });
  await v2.unifiedOrder({ body: 'v2 bill', out_trade_no: 'BILLV2001', total_fee: 88, spbill_create_ip: '127.0.0.1', trade_type: 'NATIVE', product_id: 'P1', notify_url: 'http://127.0.0.1:9/unused' });
  await sim.pay('BILLV2001', { notify: false });
  paid.set('BILLV2001', 88);
  shift = 0;
});

after(async () => {
  await sim.close();
  await Promise.all([caAgent, mtlsAgent].map((a) => a.close()));
});

function checkTradeBill(bill) {
  assert.equal(bill.columns[0], '交易时间');
  assert.equal(bill.records.length, paid.size);
  for (const r of bill.records) {
    assert.equal(typeof r['应结订单金额'], 'string');
    assert.equal(billAmountToFen(r['应结订单金额']), paid.get(r['商户订单号']), r['商户订单号']);
    assert.equal(r['商户号'], M.mchId);
  }
  assert.equal(bill.records.find((r) => r['商户订单号'] === 'BILL0001')['商品名称'], '账单,测试');
  assert.equal(bill.summary['总交易单数'], String(paid.size));
  assert.equal(bill.summary['应结订单总金额'], '1013.22');
}

test('v3 trade bill: apply (verified) + unsigned download, plain and gzip, SHA-1 checked', async () => {
  const plain = await client.tradeBill({ bill_date: yesterday, bill_type: 'ALL' });
  checkTradeBill(plain);
  assert.equal(plain.hashType, 'SHA1');
  assert.equal(plain.hashValue, crypto.createHash('sha1').update(sim.tradeBillText(yesterday)).digest('hex'));
  const gz = await client.tradeBill({ bill_date: yesterday, tar_type: 'GZIP' });
  checkTradeBill(gz);
  assert.deepEqual(gz.records, plain.records);
  const download = sim.requests.filter((r) => r.url.startsWith('/v3/billdownload/file'));
  assert.equal(download.length, 2);
  assert.ok(download.every((r) => r.status === 200));
});

test('the hash rule with node:crypto alone: hash_value covers the bill after gunzip; the download is unsigned and needs Authorization', async () => {
  const key = crypto.createPrivateKey(M.merchantPrivateKey);
  const authorization = (url) => {
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = crypto.randomBytes(16).toString('hex');
    const signature = crypto.sign('sha256', Buffer.from(`GET\n${url}\n${ts}\n${nonce}\n\n`), key).toString('base64');
    return `WECHATPAY2-SHA256-RSA2048 mchid="${M.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${ts}",serial_no="${M.merchantSerialNo}"`;
  };
  const applyUrl = `/v3/bill/tradebill?bill_date=${yesterday}&tar_type=GZIP`;
  const res = await fetch(sim.url + applyUrl, { headers: { Authorization: authorization(applyUrl), Accept: 'application/json', 'User-Agent': 'test' } });
  assert.equal(res.status, 200);
  assert.ok(res.headers.get('wechatpay-signature'), 'the apply response is signed');
  const apply = await res.json();
  const target = new URL(apply.download_url);
  const path = target.pathname + target.search;
  const unauthorized = await fetch(sim.url + path);
  assert.equal(unauthorized.status, 401);
  const dl = await fetch(sim.url + path, { headers: { Authorization: authorization(path) } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('wechatpay-signature'), null, 'bill downloads are not signed');
  const gzipBytes = Buffer.from(await dl.arrayBuffer());
  const sha1 = (b) => crypto.createHash('sha1').update(b).digest('hex');
  assert.equal(sha1(zlib.gunzipSync(gzipBytes)), apply.hash_value);
  assert.notEqual(sha1(gzipBytes), apply.hash_value);
});

test('v3 refusals: each has its own code, and nothing is returned half-parsed', async () => {
  const cases = [
    ['hashOfGzip', { tar_type: 'GZIP' }, 'BILL_HASH_MISMATCH'],
    ['corrupt', {}, 'BILL_HASH_MISMATCH'],
    ['truncate', {}, 'BILL_TRUNCATED'],
    ['truncate', { tar_type: 'GZIP' }, 'BILL_TRUNCATED'],
    ['cutGzip', { tar_type: 'GZIP' }, 'BILL_TRUNCATED'],
    ['plainForGzip', { tar_type: 'GZIP' }, 'BILL_NOT_GZIP'],
    ['garbage', {}, 'BILL_INVALID'],
  ];
  for (const [fault, extra, code] of cases) {
    sim.billFault(fault);
    const e = await rejects(client.tradeBill({ bill_date: yesterday, ...extra }));
    assert.ok(e instanceof WechatPayError, fault);
    assert.equal(e.code, code, `${fault}: ${e.message}`);
  }
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  assert.equal((await rejects(client.tradeBill({ bill_date: today }))).code, 'NO_STATEMENT_EXIST');
  assert.equal((await rejects(client.tradeBill({ bill_date: '20261201' }))).code, 'INVALID_ARGUMENT');
  assert.equal((await rejects(client.tradeBill({ bill_date: yesterday, tar_type: 'ZIP' }))).code, 'INVALID_ARGUMENT');
});

test('v3 stream: records one by one, summary after the loop; a stream is read once', async () => {
  const stream = await client.tradeBillStream({ bill_date: yesterday, tar_type: 'GZIP' });
  const seen = [];
  for await (const r of stream) seen.push(r['商户订单号']);
  assert.deepEqual(seen.sort(), [...paid.keys()].sort());
  assert.equal(stream.complete, true);
  assert.equal(stream.summary['总交易单数'], String(paid.size));
  assert.equal((await rejects(stream.collect())).code, 'INVALID_ARGUMENT');
  // A failing stream throws from the loop after the records it already gave.
  sim.billFault('corrupt');
  const bad = await client.tradeBillStream({ bill_date: yesterday });
  const e = await rejects((async () => { for await (const r of bad) assert.ok(r); })());
  assert.equal(e.code, 'BILL_HASH_MISMATCH');
  assert.equal(bad.complete, false);
});

test('v3 fund-flow bill and the encrypted sub-merchant bill (two AES-GCM files, key RSA-OAEP to the merchant)', async () => {
  const expected = parseBill(sim.fundFlowBillText(yesterday));
  assert.equal(expected.records.length, paid.size);
  const fund = await client.fundFlowBill({ bill_date: yesterday, account_type: 'BASIC' });
  assert.deepEqual(fund.records, expected.records);
  assert.equal(fund.summary['收入金额'], '1013.22');
  for (const tar of [undefined, 'GZIP']) {
    const sub = await client.subMerchantFundFlowBill({ sub_mchid: '1900000109', bill_date: yesterday, account_type: 'BASIC', tar_type: tar });
    assert.deepEqual(sub.records, expected.records);
    assert.deepEqual(sub.summary, expected.summary);
  }
  sim.billFault('corrupt');
  assert.equal((await rejects(client.subMerchantFundFlowBill({ sub_mchid: '1900000109', bill_date: yesterday }))).code, 'DECRYPT_FAILED');
});

test('v2 downloadBill / downloadFundFlow: plain and gzip bills, error XML as RETURN_FAIL, mutual TLS', async () => {
  const v2 = createV2Client({ appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.url });
  const date = yesterday.replaceAll('-', '');
  for (const tar of [undefined, 'GZIP']) checkTradeBill(await v2.downloadBill({ bill_date: date, tar_type: tar }));
  const none = await rejects(v2.downloadBill({ bill_date: '20200101' }));
  assert.equal(none.code, 'RETURN_FAIL');
  assert.equal(none.message, 'No Bill Exist');
  assert.equal(none.errorCode, '20002');
  sim.billFault('plainForGzip');
  assert.equal((await rejects(v2.downloadBill({ bill_date: date, tar_type: 'GZIP' }))).code, 'BILL_NOT_GZIP');
  sim.billFault('garbage');
  assert.equal((await rejects(v2.downloadBill({ bill_date: date }))).code, 'BILL_INVALID');
  assert.equal((await rejects(v2.downloadFundFlow({ bill_date: date }))).code, 'TLS_REQUIRED');
  const tls = createV2Client({
    appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.httpsUrl,
    fetch: (url, init) => fetch(url, { dispatcher: caAgent, ...init }), tls: { dispatcher: mtlsAgent },
  });
  const fund = await tls.downloadFundFlow({ bill_date: date, tar_type: 'GZIP' });
  assert.deepEqual(fund.records, parseBill(sim.fundFlowBillText(yesterday)).records);
  const wrongKey = createV2Client({ appId: M.appId, mchId: M.mchId, key: 'WRONGv2apiKey0123456789abcdef012', baseUrl: sim.url });
  const e = await rejects(wrongKey.downloadBill({ bill_date: date }));
  assert.equal(e.code, 'RETURN_FAIL');
  assert.equal(e.message, '签名错误');
});

test('parseBill and billAmountToFen', () => {
  const bill = parseBill('a,b\r\n`1,`x,y\r\nn\r\n`1\r\n');
  assert.deepEqual(bill.records, [{ a: '1', b: 'x,y' }]);
  assert.deepEqual(bill.summary, { n: '1' });
  assert.equal(assertCode(() => parseBill('a,b\r\n`1\r\n')), 'BILL_INVALID');
  assert.equal(assertCode(() => parseBill('a,b\r\n`1,`2\r\n')), 'BILL_TRUNCATED');
  assert.deepEqual(['0.01', '12.3', '-5.00', '0.00000', '7'].map(billAmountToFen), [1, 1230, -500, 0, 700]);
  assert.equal(assertCode(() => billAmountToFen('0.001')), 'INVALID_ARGUMENT');
  assert.equal(assertCode(() => billAmountToFen(1.5)), 'INVALID_ARGUMENT');
});

function assertCode(fn) {
  try { fn(); } catch (e) { assert.ok(e instanceof WechatPayError); return e.code; }
  throw new Error('expected a throw');
}
