// API v3 request: the Authorization header (WECHATPAY2-SHA256-RSA2048) of a method, URL and body,
// with the exact message signed (METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n, every \n shown).
import { h, debounce, output, field, select, verdict, errorText } from '../ui.js';
import { V3_PRIVATE, EXAMPLE, pemField, messageView, autoInput, nowSeconds, beijing, exampleKeyPair, mayReplace, whyPanel } from './v3-common.js';

const EXAMPLE_BODY = JSON.stringify({
  appid: EXAMPLE.appId, mchid: EXAMPLE.mchId, description: 'Image形象店-深圳腾大-QQ公仔', out_trade_no: '1217752501201407033233368018',
  notify_url: 'https://www.weixin.qq.com/wxpay/pay.php', amount: { total: 100, currency: 'CNY' }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
});
const API = 'https://api.mch.weixin.qq.com';

const shellQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

export default {
  id: 'v3-request',
  title: 'v3 request',
  group: 'API v3',
  description: 'Sign an API v3 request: the exact message, its SHA256withRSA signature and the Authorization header; paste the header you sent to find out why WeChat Pay says SIGN_ERROR.',

  render(panel, { lib }) {
    const { v3, nonce } = lib;
    const text = (id, placeholder) => h(`input.mono#${id}`, { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder });
    const method = select('v3-req-method', ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [m, m]), 'POST');
    const url = text('v3-req-url', '/v3/pay/transactions/jsapi (path and query; a full URL works too)');
    const body = h('textarea.mono#v3-req-body', { rows: 7, spellcheck: 'false', placeholder: '{"appid": "wx…", …}  (empty for GET)' });
    const timestamp = autoInput('v3-req-timestamp', { label: 'Timestamp', autoLabel: 'now', auto: nowSeconds, onChange: () => later() });
    const nonceIn = autoInput('v3-req-nonce', { label: 'Nonce', autoLabel: 'random', auto: () => nonce(32), onChange: () => later() });
    const mchId = text('v3-req-mchid', 'e.g. 1900000001');
    const serial = text('v3-req-serial', 'the merchant API certificate serial (40 hex)');
    const key = pemField('v3-req', { ...V3_PRIVATE, role: 'private', lib, onChange: () => update() });
    const sent = h('textarea.mono#v3-req-sent', { rows: 4, spellcheck: 'false',
      placeholder: 'WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"' });
    const answer = h('textarea.mono#v3-req-answer', { rows: 2, spellcheck: 'false',
      placeholder: '{"code":"SIGN_ERROR","detail":{"sign_information":{…}}}  (optional)' });
    const why = h('div#v3-req-why-slot');

    const ver = verdict('v3-req-verdict');
    const message = messageView('v3-req-message', 'Message signed: METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n');
    const signature = output('v3-req-signature', 'Signature (base64 SHA256withRSA)');
    const header = output('v3-req-authorization', 'Authorization header');
    const curl = output('v3-req-curl', 'curl');

    const example = async () => {
      method.value = 'POST';
      url.value = '/v3/pay/transactions/jsapi';
      body.value = EXAMPLE_BODY;
      mchId.value = EXAMPLE.mchId;
      serial.value = EXAMPLE.serialNo;
      if (!key.key && mayReplace(key, 'merchant private key')) {
        ver.set('idle', 'Making a throwaway RSA-2048 key in this page…');
        try {
          key.set((await exampleKeyPair()).privatePem);
        } catch (e) {
          ver.set('bad', 'Cannot make an example key', errorText(e));
          return;
        }
      }
      update();
    };

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: 'Request' })),
        h('div.examples', {}, h('span.help', { text: 'Try:' }),
          h('button.ghost', { type: 'button', text: 'JSAPI order (throwaway key)', title: 'Fills an order; without a key, makes a throwaway RSA key in this page', onclick: example })),
        h('div.row-method', {}, field('Method', method), field('URL', url)),
        field('Body', body, { hint: 'The exact bytes you send: the signature covers them (re-serialized JSON does not match).' }),
        h('div.row2', {}, timestamp.el, nonceIn.el),
        h('div.row2', {}, field('mchid', mchId), field('serial_no', serial, { hint: 'openssl x509 -in apiclient_cert.pem -noout -serial' })),
        key.el,
        field('Authorization header you sent (to diagnose)', sent,
          { hint: 'WeChat Pay answered SIGN_ERROR? Paste the header your code sent, with the method, URL and body above: each check and the mistake that reproduces its signature show up on the right.' }),
        field('WeChat Pay\'s answer (optional)', answer, { hint: 'The body of its 401: detail.sign_information says what WeChat Pay received.' })),
      h('section.card.result', {},
        ver.el, why,
        h('div.outputs', {}, message.el, signature.el, header.el, curl.el))));

    // The header sent, checked against these inputs: the timestamp and nonce come from it.
    const diagnose = (inputs) => {
      why.replaceChildren();
      const authorization = sent.value.trim();
      if (!authorization || !inputs.url) return;
      // No "now": a pasted header is usually an old capture, so its age says nothing.
      const d = v3.diagnoseRequest({ method: inputs.method, url: inputs.url, body: inputs.body, authorization,
        privateKey: key.key ?? undefined, serialNo: inputs.serialNo || undefined, wechatpayError: answer.value.trim() || undefined });
      why.replaceChildren(whyPanel('v3-req-why', d, lib));
    };

    let generation = 0;
    const update = async () => {
      const mine = ++generation;
      const inputs = { method: method.value, url: url.value.trim(), body: body.value, mchId: mchId.value.trim(), serialNo: serial.value.trim() };
      diagnose(inputs);
      const ts = timestamp.value();
      const n = nonceIn.value();
      let msg = '';
      try {
        msg = inputs.url ? v3.message(inputs.method, inputs.url, ts, n, inputs.body) : '';
      } catch (e) {
        msg = '';
        ver.set('bad', 'Cannot build the message', errorText(e));
      }
      message.set(msg, { hint: msg ? `${new TextEncoder().encode(msg).length} bytes` : '' });
      signature.set('');
      header.set('');
      curl.set('');
      if (!inputs.url) return ver.set('idle', 'Enter the URL to start', 'Or try the example. Nothing you type leaves this page.');
      if (!msg) return undefined;
      if (!inputs.mchId || !inputs.serialNo) return ver.set('idle', 'Enter mchid and serial_no', 'They go into the Authorization header.');
      if (key.error) return ver.set('bad', `The private key is unusable: ${key.error.code}`, key.error.message);
      if (!key.key) return ver.set('idle', 'Paste the merchant private key', 'apiclient_key.pem (PKCS#8 or PKCS#1). It stays in this page.');
      let auth;
      try {
        auth = await v3.authorization({ ...inputs, privateKey: key.key, timestamp: ts, nonce: n });
      } catch (e) {
        if (mine === generation) ver.set('bad', 'Cannot sign', errorText(e));
        return undefined;
      }
      if (mine !== generation) return undefined;
      const sig = /signature="([^"]*)"/.exec(auth)?.[1] ?? '';
      signature.set(sig, { hint: `RSA ${key.key.bits}` });
      header.set(auth, { highlight: true });
      const target = inputs.url.startsWith('/') ? `${API}${inputs.url}` : inputs.url;
      curl.set([`curl -X ${inputs.method} ${shellQuote(target)}`, `  -H ${shellQuote(`Authorization: ${auth}`)}`, `  -H 'Accept: application/json'`,
        ...(inputs.body ? [`  -H 'Content-Type: application/json'`, `  --data-binary ${shellQuote(inputs.body)}`] : [])].join(' \\\n'));
      ver.set('ok', 'Authorization header signed', `timestamp ${ts} (${beijing(ts)}) · nonce ${n}\nSend it within 5 minutes of the timestamp, with a fresh nonce for every request.`);
      return undefined;
    };
    const later = debounce(update);
    for (const el of [url, body, mchId, serial, sent, answer]) el.addEventListener('input', later);
    method.addEventListener('change', update);
    update();
  },
};
