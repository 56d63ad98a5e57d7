// Bills in real headless Chromium, from the package's browser build: the parser on the
// simulator's bill text, plain and through the page's DecompressionStream.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { openResultsPage } from './harness.mjs';
import { billText, yuan } from '../simulator/wechatpay-bills.mjs';

let server, browser, page;
before(async () => { ({ server, browser, page } = await openResultsPage('/tests/browser/bills.html', 20000)); });
after(async () => { await browser?.close(); await server?.close(); });

const rows = Array.from({ length: 50 }, (_, i) => [`2026-12-01 10:00:${String(i).padStart(2, '0')}`, `ORDER${i}`, `商品,${i}`, yuan(i * 37 + 1)]);
const text = billText(['交易时间', '商户订单号', '商品名称', '应结订单金额'], rows, ['总交易单数'], ['50']);

test('parseBill in Chromium: records keyed by the original columns, amounts as text', async () => {
  const bill = await page.evaluate((t) => window.parse(t), text);
  assert.deepEqual(bill.records.map((r) => [r['交易时间'], r['商户订单号'], r['商品名称'], r['应结订单金额']]), rows);
  assert.deepEqual(bill.summary, { 总交易单数: '50' });
  const gz = await page.evaluate((b) => window.parseGzip(b), [...zlib.gzipSync(text)]);
  assert.deepEqual(gz, bill);
  assert.deepEqual(await page.evaluate((rs) => rs.map((r) => window.fen(r[3])), rows), rows.map((_, i) => i * 37 + 1));
  assert.deepEqual(await page.evaluate((t) => window.failure(t), text.slice(0, text.length - 10)), { isWechatPayError: true, code: 'BILL_TRUNCATED' });
  assert.deepEqual(await page.evaluate(() => window.failure('a,b\r\n`1\r\n')), { isWechatPayError: true, code: 'BILL_INVALID' });
});
