// Copied by pack.test.mjs into the consumer project (so `wechatpay-wasm` resolves to the installed
// tarball) and run there by each Node of the matrix (16, 18, 20, 22, 24), Deno and Bun, one process each: the
// same checks through the ESM entry (import) and the CommonJS one (require), printed as one JSON
// line. Input: a JSON file (argv[2]) with the vectors, the simulator's URL and node-fetch's path.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const require = createRequire(import.meta.url);
// Node 16 has no fetch; a consumer there passes one to the clients (README runtime table).
const fetch = globalThis.fetch ?? require(input.nodeFetch);

async function checks(pkg) {
  const { v2, v3, nonce, WechatPayError, handleV3Notification, ackResponse, createV3Client, PlatformKeys, memoryStore } = pkg;
  const { md5, hmac, jsapi, signedXml } = input.v2;
  const V = input.v3;
  const out = {
    v2: {
      md5: v2.sign(md5.params, md5.key), hmac: v2.sign(md5.params, md5.key, 'HMAC-SHA256'),
      paySign: v2.jsapiPayParams(jsapi.input.appId, jsapi.input.prepay_id, jsapi.key, 'MD5', jsapi.input.timeStamp, jsapi.input.nonceStr).paySign,
      verified: v2.verify(v2.fromXml(signedXml), md5.key),
      diagnosed: v2.diagnose(md5.params, md5.key, hmac.sign, 'MD5').causes.map((c) => c.code),
    },
    nonce: nonce().length,
  };
  try { v2.fromXml('<!DOCTYPE x><xml/>'); } catch (e) { out.error = [e instanceof WechatPayError, e.code]; }

  // API v3, TEST ONLY vectors: the WebCrypto path and the pure-wasm one.
  const key = await v3.importPrivateKey(input.privateKey);
  const a = V.authorization;
  const authOptions = { mchId: V.mchId, serialNo: V.certificate.serialNo, method: a.method, url: a.url, body: a.body, timestamp: a.timestamp, nonce: a.nonce };
  const verifier = v3.createVerifier(input.certificate);
  const r = V.response;
  const responseHeaders = { 'Wechatpay-Timestamp': r.timestamp, 'Wechatpay-Nonce': r.nonce, 'Wechatpay-Signature': r.signature, 'Wechatpay-Serial': r.serial };
  out.v3 = {
    webcrypto: key.webcrypto,
    authorization: await v3.authorization({ ...authOptions, privateKey: key }),
    authorizationSync: v3.authorizationSync({ ...authOptions, privateKey: input.privateKey }),
    paySign: (await v3.jsapiPayParams(V.jsapi.appId, V.jsapi.prepayId, key, V.jsapi.timeStamp, V.jsapi.nonceStr)).paySign,
    response: await v3.verifyResponse({ verifier, headers: responseHeaders, body: r.body, now: r.now }),
    responseSync: v3.verifyResponseSync({ verifier, headers: responseHeaders, body: r.body, now: r.now }),
    resource: v3.decryptResource({ ciphertext: V.resource.ciphertext, nonce: V.resource.nonce, associated_data: V.resource.associatedData }, V.resource.apiV3Key),
  };

  const n = V.notification;
  const notified = await handleV3Notification({ headers: n.headers, body: n.body }, { apiV3Key: n.apiV3Key, keys: verifier, now: n.now, replayStore: null });
  out.notification = { ok: notified.ok, ack: notified.ack.status, resource: notified.event?.resource };
  // Bad notifications the way the Deno and Bun quick starts get them (a Request, answered with
  // ackResponse): a body altered after signing, and no Wechatpay-* headers. Node 16 has no
  // Request / Response: the { headers, body } form, and the ack as is.
  out.badNotifications = [];
  for (const [headers, body] of [[n.headers, n.body.replace('"summary":"', '"summary":"!')], [{}, n.body]]) {
    const input = globalThis.Request ? new Request('http://127.0.0.1/notify', { method: 'POST', headers, body }) : { headers, body };
    const bad = await handleV3Notification(input, { apiV3Key: n.apiV3Key, keys: verifier, now: n.now, replayStore: null });
    const res = globalThis.Response ? ackResponse(bad.ack) : null;
    const answered = res ? [res.status, res.headers.get('content-type'), await res.text()] : [bad.ack.status, bad.ack.headers['Content-Type'], bad.ack.body];
    out.badNotifications.push([bad.ok, bad.error instanceof WechatPayError && bad.error.code, ...answered]);
  }

  // One client flow against the simulator: a JSAPI order, its pay parameters, the order queried
  // back (every response's signature verified with the downloaded platform certificate).
  const sim = input.simulator;
  const client = createV3Client({
    mchId: sim.mchId, appId: sim.appId, serialNo: sim.serialNo, privateKey: key, baseUrl: sim.url, fetch,
    keys: new PlatformKeys({ apiV3Key: sim.apiV3Key, store: memoryStore() }),
  });
  const outTradeNo = `M${globalThis.Deno ? 'D' : globalThis.Bun ? 'B' : process.versions.node.split('.')[0]}${Date.now()}${nonce(6)}`;
  const { prepay_id: prepayId } = await client.jsapiOrder({
    description: 'runtime matrix', out_trade_no: outTradeNo, notify_url: 'https://example.com/notify', amount: { total: 1 }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  });
  const pay = await client.jsapiPayParams(prepayId);
  const order = await client.queryOrder(outTradeNo);
  out.flow = { prepay: pay.package === `prepay_id=${prepayId}`, signType: pay.signType, state: order.trade_state, outTradeNo: order.out_trade_no === outTradeNo };
  return out;
}

const esm = await checks(await import('wechatpay-wasm'));
const cjs = await checks(require('wechatpay-wasm'));
const runtime = globalThis.Deno ? `deno ${globalThis.Deno.version.deno}` : globalThis.Bun ? `bun ${globalThis.Bun.version}` : `node ${process.version}`;
console.log(JSON.stringify({ runtime, esm, cjs }));
