// wechatpay-axios-plugin's own lib/ files (Rsa, Formatter) on workerd's `nodejs_compat`: the
// peer of bench/v3.mjs's CPU per Authorization header, with the same /bench request as
// tests/workerd/v3-worker.mjs. The TEST ONLY PEM arrives in the request body.
import Rsa from 'wechatpay-axios-plugin/lib/rsa.js';
import Formatter from 'wechatpay-axios-plugin/lib/formatter.js';
import E from '../../tests/vectors/v3/expected.json';

let key;

function header(nonce) {
  const a = E.authorization;
  const signature = Rsa.sign(Formatter.request(a.method, a.url, a.timestamp, nonce, a.body), key);
  return Formatter.authorization(E.mchId, nonce, signature, a.timestamp, E.certificate.serialNo);
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const { pems } = await request.json();
    key ??= Rsa.from(pems['private_pkcs8.pem']);
    const n = Number(url.searchParams.get('n') || 0);
    const a = E.authorization;
    const t0 = performance.now();
    let last = '';
    for (let i = 0; i < n; i++) last = header(`${a.nonce.slice(0, 24)}${String(i).padStart(8, '0')}`);
    // The vector's own nonce: the peer must make the very signature ours makes (its header
    // orders the fields differently).
    const signature = (h) => /signature="([^"]+)"/.exec(h)[1];
    if (signature(header(a.nonce)) !== signature(a.header)) return new Response('the peer signs differently', { status: 500 });
    return Response.json({ n, insideMs: performance.now() - t0, headerLength: last.length });
  },
};
