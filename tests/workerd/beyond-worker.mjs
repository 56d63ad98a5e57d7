// A Worker using the v3 functions beyond the payment (upload, transfer bills, profit sharing, the
// service-provider client) and receiving their notifications; the test drives it over HTTP.
import { createV3Client, createV3PartnerClient, PlatformKeys, handleV3Notification, ackResponse, WechatPayError } from 'wechatpay-wasm';

let state;
const events = [];

function setup(env) {
  if (state) return state;
  const keys = new PlatformKeys({ apiV3Key: env.WECHATPAY_API_V3_KEY });
  const common = { serialNo: env.WECHATPAY_SERIAL_NO, privateKey: env.WECHATPAY_PRIVATE_KEY, keys, baseUrl: env.WECHATPAY_BASE_URL };
  state = {
    keys,
    v3: createV3Client({ ...common, mchId: env.WECHATPAY_MCHID, appId: env.WECHATPAY_APPID }),
    partner: createV3PartnerClient({ ...common, spMchId: env.WECHATPAY_MCHID, spAppId: env.WECHATPAY_APPID }),
  };
  return state;
}

const fromBase64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const s = setup(env);
    if (url.pathname === '/wxpay/v3' && request.method === 'POST') {
      const result = await handleV3Notification(request, {
        apiV3Key: env.WECHATPAY_API_V3_KEY, keys: s.keys,
        onEvent: (event) => { events.push({ event_type: event.event_type, resource: event.resource }); },
      });
      if (!result.ok) events.push({ error: result.error.code });
      return ackResponse(result.ack);
    }
    if (url.pathname === '/events') return Response.json(events);
    // POST /call { client: 'v3' | 'partner', method, args, file? }: `file` (base64) replaces args[0].
    if (url.pathname === '/call' && request.method === 'POST') {
      const { client, method, args = [], file } = await request.json();
      if (file !== undefined) args[0] = fromBase64(file);
      try {
        return Response.json({ ok: true, result: await s[client][method](...args) });
      } catch (e) {
        if (!(e instanceof WechatPayError)) throw e;
        return Response.json({ ok: false, error: { code: e.code, message: e.message, limit: e.limit } });
      }
    }
    return new Response('not found', { status: 404 });
  },
};
