// A Worker that runs the v2 vectors inside workerd and reports what it computed.
import { v2, nonce, WechatPayError } from 'wechatpay-wasm';
import vectors from '../vectors/v2-official.json';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/sign' && request.method === 'POST') {
      const { params, key, signType } = await request.json();
      return Response.json({ sign: v2.sign(params, key, signType) });
    }
    const out = {
      sign: vectors.sign.map((v) => v2.sign(v.params, v.key, v.sign_type)),
      verified: v2.verify(v2.fromXml(vectors.signed_xml.xml), vectors.signed_xml.key),
      paySign: vectors.jsapi_pay_sign.map(({ input: i, key }) => v2.jsapiPayParams(i.appId, i.prepay_id, key, i.signType, i.timeStamp, i.nonceStr)),
      nonce: nonce(),
    };
    try {
      v2.fromXml('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>');
    } catch (e) {
      out.xxe = { isWechatPayError: e instanceof WechatPayError, code: e.code };
    }
    return Response.json(out);
  },
};
