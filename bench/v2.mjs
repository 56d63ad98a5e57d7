// v2 benchmark (`make bench`): ops/s for ours and the Node-only peers in one run, as ratios.
// Not a test: the machine is shared and noisy; compare ratios within a run, not across runs.
import { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { v2 } from 'wechatpay-wasm';
import { saveResults } from './results.mjs';

const require = createRequire(import.meta.url);
const Tenpay = require('tenpay');
const { Hash, Transformer } = require('wechatpay-axios-plugin');

const KEY = '192006250b4c09247ec02edce69f6a2d';
// An 11-field unified order, as a merchant sends it.
const ORDER = {
  appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', nonce_str: 'ibuaiVcKdpRxkhJA', body: '腾讯充值中心-QQ会员充值',
  out_trade_no: '20150806125346', total_fee: '888', spbill_create_ip: '123.12.12.123',
  notify_url: 'https://www.weixin.qq.com/wxpay/pay.php', trade_type: 'JSAPI', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  attach: '支付测试',
};
const NOTIFICATION = v2.signedXml({
  appid: 'wx2421b1c4370ec43b', attach: '支付测试', bank_type: 'CFT', fee_type: 'CNY', is_subscribe: 'Y', mch_id: '10000100',
  nonce_str: '5d2b6c2a8db53831f7eda20af46e531c', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', out_trade_no: '1409811653',
  result_code: 'SUCCESS', return_code: 'SUCCESS', sub_mch_id: '10000100', time_end: '20140903131540', total_fee: '1',
  coupon_fee_0: '10', coupon_count: '1', coupon_type: 'CASH', coupon_id: '10000', trade_type: 'JSAPI', transaction_id: '1004400740201409030005092168',
}, KEY);

const tenpay = new Tenpay({ appid: ORDER.appid, mchid: ORDER.mch_id, partnerKey: KEY });

const ROUNDS = Number(process.env.ROUNDS || 5);
const ROUND_MS = Number(process.env.ROUND_MS || 300);

function rate(fn, ms) {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  while (performance.now() < end) for (let i = 0; i < 200; i++, n++) fn();
  return n / ((performance.now() - t0) / 1000);
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/**
 * ops/s of each implementation: they alternate in short rounds and the median round counts, so
 * a burst of load from elsewhere hits all of them alike (one long run each skewed the ratios).
 */
function opsPerSec(impls) {
  for (const fn of Object.values(impls)) for (let i = 0; i < 2000; i++) fn(); // warm up the JIT
  const samples = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(impls)) samples[name].push(rate(fn, ROUND_MS));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
}

// Correctness first: all three must agree before their speed means anything.
for (const t of ['MD5', 'HMAC-SHA256']) {
  const ours = v2.sign(ORDER, KEY, t);
  if (ours !== tenpay._getSign(ORDER, t) || ours !== Hash.sign(t, ORDER, KEY)) throw new Error(`peers disagree on ${t}`);
}

const rows = [];
const figures = {};
for (const t of ['MD5', 'HMAC-SHA256']) {
  const { ours, ten, axios } = opsPerSec({ ours: () => v2.sign(ORDER, KEY, t), ten: () => tenpay._getSign(ORDER, t), axios: () => Hash.sign(t, ORDER, KEY) });
  figures[t] = { ours, tenpay: ten };
  rows.push({ bench: `sign ${t} (11 fields)`, 'wechatpay-wasm': Math.round(ours), tenpay: Math.round(ten), 'wechatpay-axios-plugin': Math.round(axios),
    'vs tenpay': `${(ours / ten).toFixed(2)}x`, 'vs axios-plugin': `${(ours / axios).toFixed(2)}x` });
}
const { ours: oursXml, axios: axiosXml } = opsPerSec({ ours: () => v2.fromXml(NOTIFICATION), axios: () => Transformer.toObject(NOTIFICATION) });
rows.push({ bench: 'fromXml (notification, 21 fields)', 'wechatpay-wasm': Math.round(oursXml), tenpay: '-', 'wechatpay-axios-plugin': Math.round(axiosXml),
  'vs tenpay': '-', 'vs axios-plugin': `${(oursXml / axiosXml).toFixed(2)}x` });
figures.fromXml = { ours: oursXml, axiosPlugin: axiosXml };
saveResults('v2', figures);
const { ours: oursNotify } = opsPerSec({ ours: () => v2.parseNotification(NOTIFICATION, KEY) });
rows.push({ bench: 'parseNotification (XML + verify)', 'wechatpay-wasm': Math.round(oursNotify), tenpay: '-', 'wechatpay-axios-plugin': '-', 'vs tenpay': '-', 'vs axios-plugin': '-' });
console.table(rows);

const wasm = readFileSync(new URL('../pkg/wasm/wechatpay_wasm_bg.wasm', import.meta.url));
console.log(`wasm size: ${statSync(new URL('../pkg/wasm/wechatpay_wasm_bg.wasm', import.meta.url)).size} bytes raw, ${gzipSync(wasm, { level: 9 }).length} bytes gzipped`);
