// examples/cloud-function/ in the cloud-function runtimes merchants choose, Node 16 and 18 (the
// node16 / node18 devDependencies): tests/js/cloud-function-host.cjs hosts its two functions as
// CloudBase does (HTTP trigger → integration-request event, callFunction → event with userInfo)
// against the WeChat Pay simulator, which posts its notifications through that trigger.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { startWechatPaySimulator, TEST_MATERIAL as M } from '../simulator/wechatpay.mjs';
import { v3PaySignValid } from './flow-helpers.mjs';
import { spawnLogged } from './logged-process.mjs';

const HOST = new URL('./cloud-function-host.cjs', import.meta.url).pathname;
const NODES = { 16: 'node16', 18: 'node18' };
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

let sim;
before(async () => { sim = await startWechatPaySimulator(); });
after(async () => { await sim?.close(); });

async function startHost(version) {
  const bin = new URL(`../../node_modules/${NODES[version]}/bin/node`, import.meta.url).pathname;
  const env = {
    PATH: process.env.PATH,
    WECHATPAY_MCH_ID: M.mchId, WECHATPAY_APP_ID: M.appId, WECHATPAY_SERIAL_NO: M.merchantSerialNo,
    WECHATPAY_API_V3_KEY: M.apiV3Key, WECHATPAY_PRIVATE_KEY: M.merchantPrivateKey, WECHATPAY_BASE_URL: sim.url,
  };
  const host = spawnLogged(bin, [HOST], env, { waits: 300, stopOnExit: true });
  Object.assign(host, {
    async invoke(name, event) {
      const res = await fetch(`${host.url}/invoke/${name}`, { method: 'POST', body: JSON.stringify(event) });
      const reply = await res.json();
      assert.equal(reply.threw, undefined, `${name}.main threw`);
      return reply.result;
    },
  });
  const listening = await host.logged('listening');
  host.url = listening.url;
  assert.equal(listening.node.split('.')[0], `v${version}`);
  return host;
}

// A notification as the HTTP trigger passes it: lowercase header names, the body as sent.
function triggerEvent({ headers, body }, extra = {}) {
  return {
    path: '/notify', httpMethod: 'POST', headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    queryStringParameters: {}, requestContext: { requestId: 'recorded', envId: 'env-test', appId: 123456789, uin: 123456789 },
    body, isBase64Encoded: false, ...extra,
  };
}
const failBody = (code) => JSON.stringify({ code: 'FAIL', message: code });

for (const version of Object.keys(NODES)) {
  test(`cloud functions in Node ${version}: JSAPI order → wx.requestPayment parameters, payment notification through the HTTP trigger, once`, async () => {
    const host = await startHost(version);
    try {
      const paid = await host.invoke('pay', { amount: 888, description: 'Image形象店-深圳腾大-QQ公仔', userInfo: { appId: M.appId, openId: OPENID } });
      assert.equal(paid.error, undefined, JSON.stringify(paid));
      const rp = paid.requestPayment;
      assert.deepEqual(Object.keys(rp).sort(), ['appId', 'nonceStr', 'package', 'paySign', 'signType', 'timeStamp']);
      assert.equal(rp.appId, M.appId);
      assert.equal(rp.signType, 'RSA');
      assert.equal(rp.package, `prepay_id=${sim.state.orders.get(paid.outTradeNo).prepay_id}`);
      assert.ok(v3PaySignValid(rp, M.merchantCertificate), 'paySign verifies with the merchant certificate');
      assert.equal(sim.state.orders.get(paid.outTradeNo).payer.openid, OPENID);

      const { delivery } = await sim.pay(paid.outTradeNo);
      assert.equal(delivery.status, 204, delivery.responseBody);
      const record = await host.logged('paid', (l) => l.outTradeNo === paid.outTradeNo);
      assert.equal(record.amount, 888);
      assert.equal(record.openid, OPENID);
      assert.match(record.transactionId, /^42000\d{23}$/);

      const again = await sim.redeliver();
      assert.equal(again.status, 204);
      await host.logged('notification-duplicate', (l) => l.id === record.id);
      assert.equal(host.logs.filter((l) => l.event === 'paid').length, 1, 'processed once');

      // Recorded shapes sent straight to main: a plain-text body is accepted as well.
      const fresh = await host.invoke('pay', { amount: 1, description: 'x', userInfo: { appId: M.appId, openId: OPENID } });
      await sim.pay(fresh.outTradeNo, { notify: false });
      const n = sim.paymentNotification(fresh.outTradeNo);
      assert.deepEqual(await host.invoke('notify', triggerEvent(n)), { isBase64Encoded: false, statusCode: 204, headers: {}, body: '' });
    } finally {
      await host.stop();
    }
  });

  test(`cloud functions in Node ${version}: bad events get the error ack or error result, main never throws`, async () => {
    const host = await startHost(version);
    try {
      const order = await host.invoke('pay', { amount: 2, description: 'y', userInfo: { appId: M.appId, openId: OPENID } });
      await sim.pay(order.outTradeNo, { notify: false });
      const n = sim.paymentNotification(order.outTradeNo);
      const json = { 'Content-Type': 'application/json' };
      const cases = [
        [triggerEvent(n, { body: '%%% not base64 %%%', isBase64Encoded: true }), 400, 'BASE64_INVALID'],
        [triggerEvent(n, { body: Buffer.from(n.body).toString('base64').slice(1), isBase64Encoded: true }), 400, 'BASE64_INVALID'],
        [triggerEvent(n, { body: undefined }), 400, 'BODY_MISSING'],
        [triggerEvent(n, { body: '' }), 400, 'BODY_MISSING'],
        [triggerEvent(n, { httpMethod: 'GET' }), 405, 'METHOD_NOT_ALLOWED'],
        [triggerEvent(n, { body: Buffer.from(n.body.replace('"summary":"', '"summary":"!')).toString('base64'), isBase64Encoded: true }), 401, 'SIGN_MISMATCH'],
        [triggerEvent({ headers: {}, body: n.body }), 401, 'HEADER_INVALID'],
        [triggerEvent(n, { body: 'not json' }), 401, 'SIGN_MISMATCH'],
      ];
      for (const [event, statusCode, code] of cases) {
        assert.deepEqual(await host.invoke('notify', event), { isBase64Encoded: false, statusCode, headers: json, body: failBody(code) }, code);
      }
      assert.equal(host.logs.filter((l) => l.event === 'paid').length, 0);
      // The genuine one still goes through afterwards.
      assert.equal((await host.invoke('notify', triggerEvent(n, { body: Buffer.from(n.body).toString('base64'), isBase64Encoded: true }))).statusCode, 204);

      assert.deepEqual(await host.invoke('pay', { amount: 1, description: 'z' }), { error: { code: 'NO_OPENID', message: 'call this function from the mini-program (wx.cloud.callFunction)' } });
      assert.equal((await host.invoke('pay', { amount: -1, description: 'z', userInfo: { openId: OPENID } })).error.code, 'INVALID_REQUEST');
      assert.equal((await host.invoke('pay', { amount: 1, description: 'z', userInfo: { openId: OPENID } }).then((r) => r.error)), undefined);
    } finally {
      await host.stop();
    }
  });
}

// The README's quick start is the short form of this example: it bundles for Node against the
// package (every require exists) and reads the variables the example is configured with.
test('the README cloud-function quick start bundles against the package and matches the example', async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes('](examples/cloud-function/)'), 'README links to the example');
  const block = /```js\n(\/\/ notify\/index\.js[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README has the notify quick start');
  const out = await build({
    stdin: { contents: block, resolveDir: new URL('../../', import.meta.url).pathname, loader: 'js' },
    bundle: true, write: false, format: 'cjs', platform: 'node', target: 'node16', logLevel: 'silent', external: ['node-fetch'],
  });
  assert.match(out.outputFiles[0].text, /handleV3Notification/);
  const example = ['notify/index.js', 'pay/index.js', 'cloudbaserc.json'].map((f) => readFileSync(new URL(`../../examples/cloud-function/${f}`, import.meta.url), 'utf8')).join('\n');
  const names = [...new Set([...block.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]))];
  assert.ok(names.length >= 4, String(names));
  for (const name of names) assert.ok(example.includes(name), `${name} is used by the example`);
  assert.match(readme, /Nodejs16\.13/);
  assert.match(example, /"runtime": "Nodejs16\.13"/);
});
