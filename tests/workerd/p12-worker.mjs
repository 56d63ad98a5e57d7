// .p12 and the rest of API v2 inside workerd: openP12 on bytes from a binding, createV3Client
// deriving serial_no from the .p12, and 企业付款 / 现金红包 / micropay through the mTLS binding.
import { openP12, certificateInfo, createV3Client, createV2Client, WechatPayError } from 'wechatpay-wasm';

const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const codeOf = async (fn) => {
  try { await fn(); return null; } catch (e) { return e instanceof WechatPayError ? e.code : `not a WechatPayError: ${e}`; }
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const input = await request.json();
    if (url.pathname === '/p12') {
      const opened = input.files.map(({ b64, password }) => {
        const p = openP12(bytes(b64), password);
        p.privateKey.free();
        p.certificate.free();
        return { serialNo: p.serialNo, notBefore: p.notBefore, notAfter: p.notAfter, certificatePem: p.certificatePem, privateKeyPem: p.privateKeyPem };
      });
      return Response.json({
        opened,
        info: certificateInfo(input.pem),
        wrongPassword: await codeOf(() => openP12(bytes(input.files[0].b64), 'wrong')),
        unsupported: await codeOf(() => openP12(bytes(input.rc4), input.files[0].password)),
        truncated: await codeOf(() => openP12(bytes(input.files[0].b64).subarray(0, 100), input.files[0].password)),
        // A .p12 cannot be a Worker's client certificate: an mTLS binding is.
        p12Tls: await codeOf(() => createV2Client({ appId: input.appId, mchId: input.mchId, key: 'k', tls: { p12: bytes(input.files[0].b64) } })),
      });
    }
    if (url.pathname === '/v3') {
      const client = createV3Client({ mchId: input.mchId, merchantCertificate: bytes(input.p12), apiV3Key: input.apiV3Key, baseUrl: input.baseUrl });
      const order = await client.nativeOrder({ appid: input.appId, mchid: input.mchId, description: 'workerd p12', out_trade_no: 'WORKERD-P12-1', notify_url: 'https://127.0.0.1/n', amount: { total: 1 } });
      return Response.json({ serialNo: client.serialNo, codeUrl: order.code_url });
    }
    if (url.pathname === '/v2') {
      const client = createV2Client({ appId: input.appId, mchId: input.mchId, key: input.key, baseUrl: input.baseUrl, tls: env.MTLS });
      const transfer = await client.transfer({ partner_trade_no: 'WORKERD-T1', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', amount: 100, desc: 'workerd' });
      const query = await client.transferQuery('WORKERD-T1');
      const redpack = await client.sendRedpack({ mch_billno: 'WORKERD-R1', send_name: 's', re_openid: 'o1', total_amount: 100, wishing: 'w', client_ip: '127.0.0.1', act_name: 'a', remark: 'r' });
      const polls = [];
      const reversed = await codeOf(() => client.micropay({ body: 'b', out_trade_no: 'WORKERD-M2', total_fee: 1, spbill_create_ip: '127.0.0.1', auth_code: '134567890123456782' }, { polls: 2, sleep: async (ms) => { polls.push(ms); } }));
      const paid = await client.micropay({ body: 'b', out_trade_no: 'WORKERD-M1', total_fee: 1, spbill_create_ip: '127.0.0.1', auth_code: '134567890123456781' }, { polls: 3, sleep: async () => {} });
      return Response.json({ transfer: [transfer.result_code, transfer.partner_trade_no, transfer.sign ?? null], query: query.status, redpack: redpack.result_code, reversed, polls, paid: paid.trade_state });
    }
    return new Response('not found', { status: 404 });
  },
};
