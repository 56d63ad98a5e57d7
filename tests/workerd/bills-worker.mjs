// A Worker reconciling bills: POST /call { client, method, args } runs one bill method whole;
// POST /stream { method, args } reads the bill as a stream and returns what it counted.
// POST /decompression-stream { bill_date } (bench/bills.mjs): the gzip trade bill downloaded by
// hand and only piped through the runtime's DecompressionStream, for comparison.
import { createV3Client, createV2Client, billAmountToFen, v3, WechatPayError } from 'wechatpay-wasm';

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
      if (url.pathname === '/decompression-stream') {
        const apply = await c.v3.request('GET', `/v3/bill/tradebill?bill_date=${args[0]}&tar_type=GZIP`, undefined, { timeout: 300_000, retries: 0 });
        const target = new URL(apply.download_url);
        const authorization = await v3.authorization({ mchId: env.MCHID, serialNo: env.SERIAL_NO, privateKey: env.PRIVATE_KEY, method: 'GET', url: target.pathname + target.search, body: '' });
        const res = await fetch(new URL(target.pathname + target.search, env.BASE_URL), { headers: { Authorization: authorization } });
        const reader = res.body.pipeThrough(new DecompressionStream('gzip')).getReader();
        let bytes = 0;
        for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
        return Response.json({ ok: true, bytes });
      }
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
