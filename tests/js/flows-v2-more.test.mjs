// The rest of API v2 end to end in Node against the simulator (tests/simulator/wechatpay-v2-more.mjs):
// mutual TLS from the .p12 itself, 企业付款 and 现金红包 (unsigned responses by design), and each
// branch of 付款码 micropay's poll-then-reverse flow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { createV2Client, V2_ENDPOINTS, WechatPayError } from 'wechatpay-wasm';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { v2ReferenceSign } from './flow-helpers.mjs';

const vector = (p) => readFileSync(new URL(`../vectors/${p}`, import.meta.url));
let sim;
const caAgent = new Agent({ connect: { ca: M.tls.ca } });
before(async () => { sim = await startWechatPaySimulator({ tls: true }); });
after(async () => { await sim?.close(); await caAgent.close(); });

const client = (extra = {}) => createV2Client({
  appId: M.appId, mchId: M.mchId, key: M.v2Key, baseUrl: sim.httpsUrl,
  fetch: (url, init) => fetch(url, { dispatcher: caAgent, ...init }),
  // The .p12 as WeChat's tool writes it (RC2-40 / 3DES), password = mch_id by default.
  tls: { p12: vector('p12/client_legacy.p12'), ca: M.tls.ca },
  ...extra,
});
const last = () => sim.requests.at(-1);
// No real waiting: the flow's pauses are counted.
const counting = () => { const s = (ms) => { s.calls.push(ms); return Promise.resolve(); }; s.calls = []; return s; };

test('企业付款 over mutual TLS from the .p12: MD5 without sign_type, mch_appid/mchid, an unsigned response accepted, query by partner_trade_no', async () => {
  for (const p12 of ['p12/client_legacy.p12', 'p12/client_aes.p12']) {
    const c = client({ tls: { p12: vector(p12), ca: M.tls.ca } });
    const no = `T${Date.now()}${p12.length}`;
    const paid = await c.transfer({ partner_trade_no: no, openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', amount: 100, desc: '测试付款', spbill_create_ip: '127.0.0.1' });
    assert.equal(paid.result_code, 'SUCCESS');
    assert.equal(paid.partner_trade_no, no);
    assert.match(paid.payment_no, /^10100\d{18}$/);
    assert.equal(paid.sign, undefined, 'the response is unsigned by design');
    assert.equal(last().url, '/mmpaymkttransfers/promotion/transfers');
    const q = await c.transferQuery(no);
    assert.deepEqual([q.status, q.detail_id, q.payment_amount], ['SUCCESS', paid.payment_no, '100']);
  }
});

test('企业付款 refusals: result FAIL is the err_code, a response naming another merchant and a present but wrong sign are refused, no certificate is TLS_REQUIRED', async () => {
  const c = client();
  await assert.rejects(c.transfer({ partner_trade_no: 'TLOW1', openid: 'o1', amount: 10, desc: 'd' }), (e) => e instanceof WechatPayError && e.code === 'AMOUNT_LIMIT');
  await assert.rejects(c.transferQuery('T-NONE'), { code: 'NOT_FOUND' });
  sim.v2More.faults.wrongMchIdNext = 1;
  await assert.rejects(c.transfer({ partner_trade_no: 'TMISMATCH', openid: 'o1', amount: 100, desc: 'd' }), { code: 'RESPONSE_MISMATCH' });
  sim.v2More.faults.signUnsignedNext = 1;
  await assert.rejects(c.transfer({ partner_trade_no: 'TBADSIGN', openid: 'o1', amount: 100, desc: 'd' }), { code: 'SIGN_MISMATCH' });
  const noTls = client({ tls: undefined });
  await assert.rejects(noTls.transfer({ partner_trade_no: 'TNOTLS', openid: 'o1', amount: 100, desc: 'd' }), { code: 'TLS_REQUIRED' });
  // A dispatcher with no client certificate: the simulator (like WeChat Pay) answers return_code FAIL.
  const anonymous = client({ tls: { dispatcher: caAgent } });
  await assert.rejects(anonymous.transfer({ partner_trade_no: 'TANON', openid: 'o1', amount: 100, desc: 'd' }), { code: 'RETURN_FAIL' });
  assert.throws(() => client({ tls: { p12: vector('p12/client_legacy.p12'), password: 'wrong' } }), { code: 'P12_PASSWORD' });
});

test('现金红包: sendRedpack, sendGroupRedpack and gethbinfo with wxappid/mch_id, unsigned responses, retries safe by mch_billno', async () => {
  const c = client();
  const common = { send_name: '商户', re_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', wishing: '恭喜发财', act_name: '测试', remark: '备注' };
  const one = await c.sendRedpack({ ...common, mch_billno: '1900000001202612020001', total_amount: 100, client_ip: '127.0.0.1' });
  assert.equal(one.result_code, 'SUCCESS');
  assert.equal(one.wxappid, M.appId);
  assert.match(one.send_listid, /^1000041701\d{18}$/);
  const group = await c.sendGroupRedpack({ ...common, mch_billno: '1900000001202612020002', total_amount: 300, total_num: 3 });
  assert.equal(group.result_code, 'SUCCESS');
  const info = await c.redpackQuery('1900000001202612020002');
  assert.deepEqual([info.hb_type, info.status, info.detail_id], ['GROUP', 'SENT', group.send_listid]);
  await assert.rejects(c.sendGroupRedpack({ ...common, mch_billno: '1900000001202612020003', total_amount: 300, total_num: 2 }), { code: 'PARAM_ERROR' });
  await assert.rejects(c.redpackQuery('nope'), { code: 'NOT_FOUND' });
});

test('micropay: each documented branch against the simulator', async () => {
  const c = client({ signType: 'HMAC-SHA256' });
  const pay = (no, digit, opts = {}) => {
    const sleep = counting();
    return { sleep, run: c.micropay({ body: '付款码', out_trade_no: no, total_fee: 1, spbill_create_ip: '127.0.0.1', auth_code: `13456789012345678${digit}` }, { sleep, pollInterval: 5000, polls: 4, ...opts }) };
  };
  // 0: paid at once, no polling; the response sign is checked (HMAC-SHA256 here).
  let p = pay('MP0', 0);
  const paid = await p.run;
  assert.equal(paid.trade_type, 'MICROPAY');
  assert.equal(paid.sign, v2ReferenceSign(paid, M.v2Key, 'HMAC-SHA256'));
  assert.deepEqual(p.sleep.calls, []);
  // 1: USERPAYING, then the second query finds it paid.
  p = pay('MP1', 1);
  assert.equal((await p.run).trade_state, 'SUCCESS');
  assert.deepEqual(p.sleep.calls, [5000, 5000]);
  assert.equal(sim.v2More.micropays.get('MP1').reverses, 0);
  // 3: SYSTEMERROR, the query finds it paid.
  p = pay('MP3', 3);
  assert.equal((await p.run).trade_state, 'SUCCESS');
  // 2: never confirmed: 4 queries, then reverse.
  p = pay('MP2', 2);
  await assert.rejects(p.run, (e) => e.code === 'MICROPAY_REVERSED' && e.cause.code === 'USERPAYING');
  assert.deepEqual([sim.v2More.micropays.get('MP2').queries, sim.v2More.micropays.get('MP2').reverses], [4, 1]);
  assert.equal(sim.requests.filter((r) => r.url === '/secapi/pay/reverse').length, 1);
  // 4: SYSTEMERROR and no order; reverse answers SYSTEMERROR, then recall=Y, then succeeds.
  p = pay('MP4', 4);
  await assert.rejects(p.run, { code: 'MICROPAY_REVERSED' });
  assert.equal(sim.v2More.micropays.get('MP4').reverses, 3);
  // 5: the user cancelled: PAYERROR, not reversed.
  await assert.rejects(pay('MP5', 5).run, { code: 'PAYERROR' });
  assert.equal(sim.v2More.micropays.get('MP5').reverses, 0);
  // 6: a final error is thrown at once.
  p = pay('MP6', 6);
  await assert.rejects(p.run, { code: 'AUTHCODEEXPIRE' });
  assert.deepEqual(p.sleep.calls, []);
  // 7: reverse refused: the outcome is unknown, said so.
  await assert.rejects(pay('MP7', 7).run, (e) => e.code === 'MICROPAY_UNRESOLVED' && e.cause.code === 'REVERSE_EXPIRE');
  // Reverse needs mutual TLS: without a certificate the flow cannot reverse.
  const noTls = client({ tls: undefined });
  await assert.rejects(noTls.micropay({ body: 'x', out_trade_no: 'MP8', total_fee: 1, spbill_create_ip: '127.0.0.1', auth_code: '134567890123456782' }, { sleep: counting(), polls: 1 }), (e) => e.code === 'MICROPAY_UNRESOLVED' && e.cause.code === 'TLS_REQUIRED');
});

test('the v2 client covers every tenpay method (node_modules/tenpay), and every table row is a method', async () => {
  const c = client();
  for (const e of V2_ENDPOINTS) assert.equal(typeof c[e.name], 'function', e.name);
  const tenpay = readFileSync(new URL('../../node_modules/tenpay/lib/index.js', import.meta.url), 'utf8');
  const theirs = [...tenpay.matchAll(/^ {2}(?:async )?([a-z]\w*)\(/gm)].map((m) => m[1]).filter((n) => !['constructor', 'log', 'middleware', 'middlewareForExpress', 'getSignkey'].includes(n));
  // tenpay name → ours, where they differ. Bills are v2 bills' work (downloadBill, downloadFundflow).
  const ours = { transfers: 'transfer', transfersQuery: 'transferQuery', queryBank: 'payBankQuery', getPayParams: 'jsapiPayParams', getPayParamsByPrepay: 'jsapiPayParams', getAppParams: 'appPayParams', getAppParamsByPrepay: 'appPayParams', getNativeUrl: 'nativeUrl', sendCoupon: 'sendCoupon', queryCouponInfo: 'queryCouponInfo', downloadFundflow: 'downloadFundFlow' };
  const missing = theirs.filter((n) => !n.startsWith('_') && typeof c[ours[n] ?? n] !== 'function' && !['downloadBill', 'downloadFundflow'].includes(n));
  assert.deepEqual(missing, []);
});

test('nativeUrl: the mode-one link, signed as the spec says (MD5 over appid, mch_id, nonce_str, product_id, time_stamp)', () => {
  const url = client().nativeUrl('P-01', '1414488825', 'abcdef0123');
  const sign = v2ReferenceSign({ appid: M.appId, mch_id: M.mchId, product_id: 'P-01', time_stamp: '1414488825', nonce_str: 'abcdef0123' }, M.v2Key, 'MD5');
  assert.equal(url, `weixin://wxpay/bizpayurl?sign=${sign}&appid=${M.appId}&mch_id=${M.mchId}&product_id=P-01&time_stamp=1414488825&nonce_str=abcdef0123`);
});
