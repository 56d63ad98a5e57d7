// A Worker that runs the Alipay vectors and client inside workerd and reports what it computed.
// Keys arrive in the request (TEST ONLY keys read by the test); the gateway is the Node simulator.
import { alipay, createAlipayClient, WechatPayError } from 'wechatpay-wasm';
import vectors from '../vectors/alipay/expected.json';
import sdkVectors from '../vectors/alipay/sdk-vectors.json';

const codeOf = (fn) => {
  try { fn(); return 'none'; } catch (e) { return e instanceof WechatPayError ? e.code : `not a WechatPayError: ${e}`; }
};

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const input = await request.json();
    if (url.pathname === '/vectors') {
      const { appPrivateKey, alipayPublicKey } = input;
      const n = vectors.notifications[0];
      const r = vectors.responses[1];
      return Response.json({
        stringToSign: vectors.requests.map((v) => alipay.stringToSign(v.params)),
        sign: vectors.requests.map((v) => alipay.sign(v.params, appPrivateKey, v.signType)),
        signedQuery: vectors.requests.map((v) => alipay.signedQuery(v.params, appPrivateKey, v.signType)),
        notifications: vectors.notifications.map((v) => alipay.verifyNotification(v.formBody, alipayPublicKey)),
        tamperedNotification: codeOf(() => alipay.verifyNotification({ ...n.params, total_amount: '0.01' }, alipayPublicKey)),
        responses: vectors.responses.map((v) => alipay.verifyResponse(v.body, v.method, alipayPublicKey, v.signType)),
        tamperedResponse: codeOf(() => alipay.verifyResponse(r.body.replace('88.88', '0.01'), r.method, alipayPublicKey)),
      });
    }
    if (url.pathname === '/client') {
      const c = createAlipayClient(input); // fetch: workerd's own, to the simulator on 127.0.0.1
      const created = await c.execute('alipay.trade.precreate', { out_trade_no: 'WORKERD-1', total_amount: '9.99', subject: '工作者 a+b&c' });
      const queried = await c.execute('alipay.trade.query', { out_trade_no: 'WORKERD-1' });
      let failure;
      try { await c.execute('alipay.trade.query', { out_trade_no: 'NOPE' }); } catch (e) {
        failure = { isWechatPayError: e instanceof WechatPayError, code: e.code, alipayCode: e.alipayCode, subCode: e.subCode, verified: e.verified };
      }
      return Response.json({ created, queried, failure, order: c.sdkExecute('alipay.trade.app.pay', { out_trade_no: 'A', total_amount: '1', subject: 's' }) });
    }
    if (url.pathname === '/cert-v3') {
      // Certificate mode, AES and v3: the alipay-sdk vectors, then a client against the simulator.
      const { certs, appPrivateKey, client } = input;
      const v = sdkVectors.v3;
      const c = createAlipayClient(client);
      const no = 'WORKERD-V3';
      const encrypted = await c.execute('alipay.trade.precreate', { out_trade_no: 'WORKERD-AES', total_amount: '1.00', subject: '加密' }, undefined, { encrypt: true });
      const created = await c.request('POST', '/v3/alipay/trade/precreate', { out_trade_no: no, total_amount: '2.00', subject: 'v3' }, { encrypt: true });
      const queried = await c.request('POST', '/v3/alipay/trade/query', { out_trade_no: no });
      let stale; // the test made the simulator's next v3 response 10 minutes old
      try { await c.request('POST', '/v3/alipay/trade/query', { out_trade_no: no }); } catch (e) { stale = e.code; }
      return Response.json({
        appCertSn: alipay.certSn(certs.app),
        alipayCertSn: alipay.certSn(certs.alipay),
        rootCertSn: alipay.rootCertSn(certs.root),
        ecOnly: codeOf(() => alipay.rootCertSn(certs.rootEcOnly)),
        aes: sdkVectors.aes.vectors.map((a) => alipay.aesEncrypt(a.plaintext, sdkVectors.aes.key)),
        authorization: alipay.v3.authorization({ appId: v.appId, appCertSn: sdkVectors.appCertSn, nonce: v.nonce, timestamp: v.timestamp, method: v.method, url: v.path, body: v.body }, appPrivateKey),
        encrypted, created, queried, stale,
      });
    }
    return new Response('not found', { status: 404 });
  },
};
