// A Worker reconciling bills: POST /call { client, method, args } runs one bill method whole;
// POST /stream { method, args } reads the bill as a stream and returns what it counted.
import { createV3Client, createV2Client, billAmountToFen, WechatPayError } from 'wechatpay-wasm';

let clients;
function setup(env) {
  clients ??= {
    v3: createV3Client({ mchId: env.MCHID, serialNo: env.SERIAL_NO, privateKey: env.PRIVATE_KEY, apiV3Key: env.API_V3_KEY, baseUrl: env.BASE_URL }),
    v2: createV2Client({ appId: env.APPID, mchId: env.MCHID, key: env.V2_KEY, baseUrl: env.BASE_URL }),
  };
  return clients;
}

const failure = (e) => {
  if (!(e instanceof WechatPayError)) throw e;
  return Response.json({ ok: false, error: { code: e.code, message: e.message, isWechatPayError: true } });
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const c = setup(env);
    const { client = 'v3', method, args = [] } = await request.json();
    try {
      if (url.pathname === '/call') return Response.json({ ok: true, result: await c[client][method](...args) });
      if (url.pathname === '/stream') {
        const stream = await c[client][method](...args);
        let rows = 0;
        let fen = 0;
        for await (const r of stream) {
          rows++;
          fen += billAmountToFen(r['应结订单金额']);
        }
        return Response.json({ ok: true, rows, fen, summary: stream.summary, complete: stream.complete });
      }
    } catch (e) {
      return failure(e);
    }
    return new Response('not found', { status: 404 });
  },
};
