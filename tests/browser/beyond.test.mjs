// Upload (from a Blob) and a transfer bill with an encrypted field, from a page in real headless
// Chromium. The page's own origin stands in for api.mch.weixin.qq.com: Playwright forwards its
// /v3/ requests to the simulator (WeChat Pay sends no CORS headers; a merchant page would go
// through its own backend the same way).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { openResultsPage } from './harness.mjs';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';

let server, browser, page, sim;
before(async () => {
  sim = await startWechatPaySimulator();
  ({ server, browser, page } = await openResultsPage('/tests/browser/beyond.html', 30000));
  await page.route('**/v3/**', async (route) => {
    const url = new URL(route.request().url());
    route.fulfill({ response: await route.fetch({ url: `${sim.url}${url.pathname}${url.search}` }) });
  });
});
after(async () => { await browser?.close(); await server?.close(); await sim?.close(); });

test('Chromium: uploadImage from a Blob (meta-only signature, checked by the simulator) and a transfer bill with user_name encrypted', async () => {
  const png = crypto.randomBytes(2048);
  const out = await page.evaluate(async ({ m, bytes }) => {
    const { createV3Client, PlatformKeys } = window.wechatpay;
    const client = createV3Client({
      mchId: m.mchId, serialNo: m.merchantSerialNo, privateKey: m.merchantPrivateKey, appId: m.appId,
      keys: new PlatformKeys({ apiV3Key: m.apiV3Key }), baseUrl: location.origin, retries: 0,
    });
    const upload = await client.uploadImage(new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'scan.png');
    const bill = await client.createTransferBill({ out_bill_no: 'CHROMETB01', transfer_scene_id: '1000', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', user_name: '张三', transfer_amount: 100, transfer_remark: 'r' });
    const tooLarge = await client.uploadImage(new Blob([new Uint8Array(2 * 1024 * 1024 + 1)]), 'big.png').catch((e) => e.code);
    return { upload, bill, tooLarge };
  }, { m: { mchId: M.mchId, merchantSerialNo: M.merchantSerialNo, merchantPrivateKey: M.merchantPrivateKey, appId: M.appId, apiV3Key: M.apiV3Key }, bytes: [...png] });
  assert.equal(sim.state.beyond.media.get(out.upload.media_id).sha256, crypto.createHash('sha256').update(png).digest('hex'));
  assert.equal(out.bill.state, 'WAIT_USER_CONFIRM');
  assert.equal(sim.state.beyond.transfers.get('CHROMETB01').user_name, '张三');
  assert.equal(out.tooLarge, 'INPUT_TOO_LARGE');
});
