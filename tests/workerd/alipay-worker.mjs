// A Worker that runs the Alipay vectors and client inside workerd and reports what it computed.
// Keys arrive in the request (TEST ONLY keys read by the test); the gateway is the Node simulator.
import { alipay, createAlipayClient, WechatPayError } from 'wechatpay-wasm';
import vectors from '../vectors/alipay/expected.json';

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
    return new Response('not found', { status: 404 });
  },
};
