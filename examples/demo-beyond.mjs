// Part of `make demo` (imported at the end of demo.mjs): beyond the payment, against the local
// WeChat Pay simulator (127.0.0.1, TEST ONLY keys): one image upload (the signature covers the
// meta JSON only) and one transfer bill (user_name encrypted, Wechatpay-Serial set) up to its
// MCHTRANSFER.BILL.FINISHED notification.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createV3Client, PlatformKeys, handleV3Notification } from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../tests/simulator/wechatpay.mjs';

const say = (title) => console.log(`\n== ${title}`);
let failed = false;
const check = (ok, text) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
  if (!ok) failed = true;
};

const sim = await startWechatPaySimulator();
const keys = new PlatformKeys({ apiV3Key: M.apiV3Key });
const received = [];
const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const result = await handleV3Notification({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }, { apiV3Key: M.apiV3Key, keys });
  received.push(result);
  res.writeHead(result.ack.status, result.ack.headers);
  res.end(result.ack.body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

try {
  const client = createV3Client({ mchId: M.mchId, serialNo: M.merchantSerialNo, privateKey: M.merchantPrivateKey, appId: M.appId, keys, baseUrl: sim.url });

  say('API v3: an image upload (multipart; the signature covers the meta JSON only)');
  const image = readFileSync(new URL('../docs/debugger.png', import.meta.url)); // the README's screenshot
  const { media_id: mediaId } = await client.uploadImage(image, 'debugger.png');
  const stored = sim.state.beyond.media.get(mediaId);
  console.log(`uploaded debugger.png (${image.length} bytes): media_id ${mediaId}`);
  check(stored?.size === image.length, `the simulator verified the meta-only signature and the file's SHA-256 ${stored?.sha256.slice(0, 16)}…`);

  say('API v3: a transfer bill (商家转账) with the payee\'s name encrypted');
  const notifyUrl = `http://127.0.0.1:${server.address().port}/wxpay/v3`;
  const bill = await client.createTransferBill({
    out_bill_no: `DEMOTB${Date.now()}`, transfer_scene_id: '1000', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    user_name: '张三', transfer_amount: 200, transfer_remark: '活动奖励', notify_url: notifyUrl,
  });
  console.log(`transfer bill ${bill.transfer_bill_no}: ${bill.state}`);
  check(sim.state.beyond.transfers.get(bill.out_bill_no)?.user_name === '张三', 'user_name: RSA-OAEP with the platform certificate, Wechatpay-Serial set; the simulator decrypted it');
  const confirm = client.requestMerchantTransferParams(bill);
  console.log('wx.requestMerchantTransfer', { ...confirm, package: `${confirm.package.slice(0, 24)}…` });
  await sim.finishTransfer(bill.out_bill_no);
  const event = received.at(-1)?.event;
  check(event?.event_type === 'MCHTRANSFER.BILL.FINISHED' && event.resource.state === 'SUCCESS', `notification ${event?.event_type}: ${event?.resource.out_bill_no} ${event?.resource.state}`);
  check((await client.queryTransferBill({ out_bill_no: bill.out_bill_no })).state === 'SUCCESS', 'query by out_bill_no: SUCCESS');
} finally {
  await new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
  await sim.close();
}
if (failed) process.exitCode = 1;
