// API v3 paySign builder: the parameters the WeChat client needs after an API v3 order, signed
// with the merchant private key (signType RSA) — JSAPI / mini-program (wx.requestPayment,
// WeixinJSBridge) and the App SDK (PayReq) — with the exact message signed, \n shown.
import { h, debounce, output, field, select, verdict, errorText } from '../ui.js';
import { V3_PRIVATE, EXAMPLE, pemField, messageView, autoInput, nowSeconds, exampleKeyPair, mayReplace, literal } from './v3-common.js';

export default {
  id: 'v3-paysign',
  title: 'v3 paySign',
  group: 'API v3',
  description: 'Build RSA-signed pay parameters for JSAPI / mini-programs and the App SDK after an API v3 order.',

  render(panel, { lib }) {
    const { v3, nonce } = lib;
    const mode = select('v3-pay-mode', [['jsapi', 'JSAPI / mini-program (wx.requestPayment)'], ['app', 'App (PayReq of the open SDK)']], 'jsapi');
    const text = (id, placeholder) => h(`input.mono#${id}`, { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder });
    const appId = text('v3-pay-appid', 'wx… (the appid of the order)');
    const partnerId = text('v3-pay-partnerid', 'mchid, e.g. 1900000109');
    const prepayId = text('v3-pay-prepayid', 'wx2017…, from the order response');
    const timeStamp = autoInput('v3-pay-timestamp', { label: 'timeStamp', autoLabel: 'now', auto: nowSeconds, onChange: () => later() });
    const nonceStr = autoInput('v3-pay-nonce', { label: 'nonceStr', autoLabel: 'random', auto: () => nonce(32), onChange: () => later() });
    const key = pemField('v3-pay', { ...V3_PRIVATE, role: 'private', lib, onChange: () => update() });
    const partnerField = field('partnerId (App)', partnerId);

    const ver = verdict('v3-pay-verdict');
    const message = messageView('v3-pay-message', 'Message signed');
    const result = output('v3-pay-result', 'Parameters (JSON)');
    const snippet = output('v3-pay-snippet', 'Client code');

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: 'Pay parameters' })),
        h('div.examples', {}, h('span.help', { text: 'Try:' }),
          h('button.ghost', { type: 'button', text: 'Mini-program (throwaway key)', title: 'Fills a prepay_id; without a key, makes a throwaway RSA key in this page', onclick: async () => {
            mode.value = 'jsapi';
            appId.value = EXAMPLE.appId;
            prepayId.value = 'wx201410272009395522657a690389285100';
            if (!key.key && mayReplace(key, 'merchant private key')) {
              try {
                key.set((await exampleKeyPair()).privatePem);
              } catch (e) {
                ver.set('bad', 'Cannot make an example key', errorText(e));
                return;
              }
            }
            update();
          } })),
        field('Client', mode),
        field('appId', appId),
        partnerField,
        field('prepay_id', prepayId, { hint: 'A pasted "prepay_id=…" works too.' }),
        h('div.row2', {}, timeStamp.el, nonceStr.el),
        key.el),
      h('section.card.result', {},
        ver.el,
        h('div.outputs', {}, message.el, result.el, snippet.el))));

    let generation = 0;
    const update = async () => {
      const mine = ++generation;
      const app = mode.value === 'app';
      partnerField.hidden = !app;
      const prepay = prepayId.value.trim().replace(/^prepay_id=/, '');
      const [a, p, ts, n] = [appId.value.trim(), partnerId.value.trim(), timeStamp.value(), nonceStr.value()];
      for (const o of [result, snippet]) o.set('');
      message.set(a && prepay ? (app ? v3.appMessage(a, ts, n, prepay) : v3.jsapiMessage(a, ts, n, `prepay_id=${prepay}`)) : '',
        { hint: app ? 'appid\\ntimestamp\\nnoncestr\\nprepayid\\n' : 'appId\\ntimeStamp\\nnonceStr\\npackage\\n' });
      if (!a || !prepay || (app && !p)) {
        return ver.set('idle', 'Fill in the order', app ? 'appId, partnerId and prepay_id are required.' : 'appId and prepay_id are required.');
      }
      if (key.error) return ver.set('bad', `The private key is unusable: ${key.error.code}`, key.error.message);
      if (!key.key) return ver.set('idle', 'Paste the merchant private key', 'apiclient_key.pem: the paySign is SHA256withRSA with it (signType RSA).');
      let params;
      try {
        params = app ? await v3.appPayParams(a, p, prepay, key.key, ts, n) : await v3.jsapiPayParams(a, prepay, key.key, ts, n);
      } catch (e) {
        if (mine === generation) ver.set('bad', 'Cannot build the parameters', errorText(e));
        return undefined;
      }
      if (mine !== generation) return undefined;
      // The message again from the values actually signed (the core may have normalized them).
      message.set(app ? v3.appMessage(params.appid, params.timestamp, params.noncestr, params.prepayid)
        : v3.jsapiMessage(params.appId, params.timeStamp, params.nonceStr, params.package),
      { hint: app ? 'appid\\ntimestamp\\nnoncestr\\nprepayid\\n' : 'appId\\ntimeStamp\\nnonceStr\\npackage\\n' });
      result.set(JSON.stringify(params, null, 2));
      if (app) {
        snippet.set(`// Android (WXAPIFactory / PayReq)\nPayReq req = new PayReq();\nreq.appId = "${params.appid}";\nreq.partnerId = "${params.partnerid}";\n` +
          `req.prepayId = "${params.prepayid}";\nreq.packageValue = "${params.package}";\nreq.nonceStr = "${params.noncestr}";\n` +
          `req.timeStamp = "${params.timestamp}";\nreq.sign = "${params.sign}";\napi.sendReq(req);`);
        ver.set('ok', 'App sign (RSA) made', `SHA256withRSA over appid, timestamp, noncestr, prepayid · RSA ${key.key.bits}`);
      } else {
        const { appId: _omit, ...mini } = params;
        snippet.set(`// mini-program (its own appId is used)\nwx.requestPayment(${literal(mini, ['success(res) {}', 'fail(res) {}'])});\n\n` +
          `// JSAPI, in the WeChat browser\nWeixinJSBridge.invoke('getBrandWCPayRequest', ${literal(params)}, (res) => {});`);
        ver.set('ok', 'paySign (RSA) made', `SHA256withRSA over appId, timeStamp, nonceStr, package · RSA ${key.key.bits}`);
      }
      return undefined;
    };

    const later = debounce(update);
    for (const input of [appId, partnerId, prepayId]) input.addEventListener('input', later);
    mode.addEventListener('change', update);
    update();
  },
};
