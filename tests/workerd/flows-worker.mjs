// A merchant Worker, written as the README's Cloudflare quick start suggests: clients built from
// env (keys from bindings, platform certificates cached in KV), notification handlers with a
// Durable Object replay store, the v2 refund over an mTLS certificate binding (env.MTLS). The
// test drives it over HTTP (passing notify_url = this Worker's URL) and the simulator delivers
// notifications to it.
import {
  createV3Client, createV2Client, PlatformKeys, handleV3Notification, handleV2Notification, ackResponse,
  envStore, kvStore, loadPrivateKey, durableReplayStore, WechatPayError,
} from 'wechatpay-wasm';

// The Durable Object class the replay store needs must be exported by the Worker.
export { WechatPayReplayStore } from 'wechatpay-wasm';

let state;
const events = [];

async function setup(env) {
  if (state) return state;
  const secrets = envStore(env);
  const keys = new PlatformKeys({ apiV3Key: env.WECHATPAY_API_V3_KEY, store: kvStore(env.WECHATPAY_KV, { prefix: 'wechatpay/' }) });
  const v3client = createV3Client({
    mchId: env.WECHATPAY_MCHID, serialNo: env.WECHATPAY_SERIAL_NO, appId: env.WECHATPAY_APPID,
    privateKey: await loadPrivateKey(secrets, 'WECHATPAY_PRIVATE_KEY'), keys,
    baseUrl: env.WECHATPAY_BASE_URL,
  });
  const v2client = createV2Client({
    appId: env.WECHATPAY_APPID, mchId: env.WECHATPAY_MCHID, key: env.WECHATPAY_V2_KEY, signType: 'HMAC-SHA256',
    baseUrl: env.WECHATPAY_BASE_URL, tls: env.MTLS,
  });
  state = { keys, v3client, v2client, replay: durableReplayStore(env.WECHATPAY_REPLAY) };
  return state;
}

function errorJson(e) {
  if (!(e instanceof WechatPayError)) throw e;
  return { code: e.code, message: e.message, status: e.status, requestId: e.requestId, isWechatPayError: true, attempts: e.attempts, method: e.method, path: e.path, elapsedMs: e.elapsedMs };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const s = await setup(env);

    if (url.pathname === '/wxpay/v3' && request.method === 'POST') {
      const result = await handleV3Notification(request, {
        apiV3Key: env.WECHATPAY_API_V3_KEY, keys: s.keys, replayStore: s.replay,
        onEvent: (event) => { events.push({ api: 'v3', id: event.id, event_type: event.event_type, resource: event.resource }); },
      });
      if (!result.ok) events.push({ api: 'v3', error: result.error.code });
      else if (result.duplicate) events.push({ api: 'v3', duplicate: result.id });
      return ackResponse(result.ack);
    }
    if (url.pathname === '/wxpay/v2' && request.method === 'POST') {
      const result = await handleV2Notification(request, {
        key: env.WECHATPAY_V2_KEY, signType: 'HMAC-SHA256', mchId: env.WECHATPAY_MCHID, replayStore: s.replay,
        onEvent: (event, info) => { events.push({ api: 'v2', type: info.type, id: info.id, event }); },
      });
      if (!result.ok) events.push({ api: 'v2', error: result.error.code });
      else if (result.duplicate) events.push({ api: 'v2', duplicate: result.id });
      return ackResponse(result.ack);
    }
    if (url.pathname === '/events') return Response.json(events);
    if (url.pathname === '/keys') return Response.json({ ids: s.keys.ids(), downloads: s.keys.downloads, cached: await env.WECHATPAY_KV.get('wechatpay/wechatpay-platform-certificates-1900000001') });

    // POST /call { client: 'v3' | 'v2', method, args }: runs one client method.
    if (url.pathname === '/call' && request.method === 'POST') {
      const { client, method, args = [] } = await request.json();
      const c = client === 'v2' ? s.v2client : s.v3client;
      try {
        return Response.json({ ok: true, result: await c[method](...args) });
      } catch (e) {
        return Response.json({ ok: false, error: errorJson(e) });
      }
    }
    return new Response('not found', { status: 404 });
  },
};
