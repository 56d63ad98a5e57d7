// The cold-start Worker of bench/cold-start.mjs: on its FIRST request a fresh isolate does what
// env.STAGE names, so that each stage's first-request CPU (minus the stage before it) is the
// cost of one cause. The key is the TEST ONLY PEM of tests/vectors/v3, passed as a secret
// binding as a merchant's Worker gets it.
import { v2, v3 } from 'wechatpay-wasm';

const ORDER = {
  appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', nonce_str: 'ibuaiVcKdpRxkhJA', body: 'QQ会员充值',
  out_trade_no: '20150806125346', total_fee: '888', spbill_create_ip: '123.12.12.123',
  notify_url: 'https://www.weixin.qq.com/wxpay/pay.php', trade_type: 'JSAPI', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
};

const STAGES = {
  // Baseline: the same bundle (wasm instantiated at startup), nothing called.
  trivial: async () => 'ok',
  // One cheap wasm call: the first call into the module.
  'wasm call': async () => v3.responseMessage('1', 'n', '{}'),
  // The PEM parsed by the core only (no WebCrypto).
  'parse key': async (env) => { v3.importPrivateKeySync(env.WECHATPAY_PRIVATE_KEY); return 'ok'; },
  // Parsed and imported into WebCrypto.
  'import key': async (env) => { await v3.importPrivateKey(env.WECHATPAY_PRIVATE_KEY); return 'ok'; },
  // The whole first v3 request: import the key, make one Authorization header.
  'v3 header': async (env) => {
    const privateKey = await v3.importPrivateKey(env.WECHATPAY_PRIVATE_KEY);
    return v3.authorization({ mchId: '1900009191', serialNo: env.WECHATPAY_SERIAL_NO, privateKey, method: 'POST', url: '/v3/pay/transactions/jsapi', body: '{}' });
  },
  // The same signed in wasm (`…Sync`): the pure-wasm engine's cold cost.
  'v3 header, pure wasm': async (env) => {
    const privateKey = v3.importPrivateKeySync(env.WECHATPAY_PRIVATE_KEY, { webcrypto: false });
    return v3.authorizationSync({ mchId: '1900009191', serialNo: env.WECHATPAY_SERIAL_NO, privateKey, method: 'POST', url: '/v3/pay/transactions/jsapi', body: '{}' });
  },
  // A v2 first request: one MD5 signature.
  'v2 sign': async (env) => v2.sign(ORDER, env.WECHATPAY_API_KEY, 'MD5'),
};

export default {
  async fetch(request, env) {
    const stage = STAGES[env.STAGE];
    if (!stage) return new Response(`unknown stage ${env.STAGE}`, { status: 500 });
    return new Response(await stage(env));
  },
};
