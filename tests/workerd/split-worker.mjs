// The two wasm modules inside workerd (js/workerd.js imports both as compiled modules): each
// request runs one step of tests/js/split-scenarios.mjs ('core' or an optional area) and returns
// its result with the compilations / instantiations counted so far. The data (TEST ONLY PEMs,
// vectors, a .p12) arrive in the request body.
import { counts } from './split-hook.mjs';
import * as api from 'wechatpay-wasm';
import { coreFlow, optional } from '../js/split-scenarios.mjs';

export default {
  async fetch(request) {
    const step = new URL(request.url).pathname.slice(1);
    const data = await request.json();
    try {
      const result = step === 'core' ? await coreFlow(api, data) : await optional[step](api, data);
      return Response.json({ result, counts });
    } catch (e) {
      return Response.json({ error: `${e?.code ?? ''} ${e?.stack ?? e}` }, { status: 500 });
    }
  },
};
