// examples/cloudflare-worker/src/index.js as the test runs it: the same Worker, plus a counter of
// the wasm instances (split-hook.mjs, evaluated before the package) and GET /__wasm-counts to
// read it. The example instantiates the core module only (js/extra.js).
import { counts } from './split-hook.mjs';
import example from '../../examples/cloudflare-worker/src/index.js';

export { WechatPayReplayStore } from '../../examples/cloudflare-worker/src/index.js';

export default {
  scheduled: (...args) => example.scheduled(...args),
  async fetch(request, ...rest) {
    if (new URL(request.url).pathname === '/__wasm-counts') return Response.json(counts);
    return example.fetch(request, ...rest);
  },
};
