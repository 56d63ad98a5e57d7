// API v2 paySign builder: the parameters the WeChat client needs after a unified order, for
// JSAPI / mini-program (wx.requestPayment, WeixinJSBridge) and for the App SDK (PayReq).
import { h, debounce, output, field, select, verdict, keyField, errorText } from '../ui.js';
import { V2_KEY, OFFICIAL } from './v2-common.js';

/** `{ name: 'value', … }` as JS source, one property per line. */
function literal(obj, extra = []) {
  const quote = (v) => `'${String(v).replace(/[\\']/g, (c) => `\\${c}`)}'`;
  const lines = Object.entries(obj).map(([k, v]) => `  ${k}: ${quote(v)},`);
  return `{\n${[...lines, ...extra.map((e) => `  ${e},`)].join('\n')}\n}`;
}

export default {
  id: 'v2-paysign',
  title: 'v2 paySign',
  group: 'API v2',
  description: 'Build signed pay parameters for JSAPI / mini-programs and the App SDK.',

  render(panel, { lib }) {
    const { v2, nonce } = lib;
    const mode = select('v2-pay-mode', [['jsapi', 'JSAPI / mini-program (wx.requestPayment)'], ['app', 'App (PayReq of the open SDK)']]);
    const text = (id, placeholder) => h(`input.mono#${id}`, { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder });
    const appId = text('v2-pay-appid', 'wx…');
    const partnerId = text('v2-pay-partnerid', 'mch_id, e.g. 1900000109');
    const prepayId = text('v2-pay-prepayid', 'wx2017…, from the unified order');
    const timeStamp = text('v2-pay-timestamp', 'Unix seconds');
    const nonceStr = text('v2-pay-nonce', '32 random characters');
    const signType = select('v2-pay-signtype', [['MD5', 'MD5'], ['HMAC-SHA256', 'HMAC-SHA256']]);
    const key = keyField('v2-pay', { ...V2_KEY, onChange: () => update() });

    const regenerate = () => {
      timeStamp.value = String(Math.floor(Date.now() / 1000));
      nonceStr.value = nonce(32);
      update();
    };
    const partnerField = field('partnerId (App)', partnerId);
    const signTypeField = field('signType', signType);

    const ver = verdict('v2-pay-verdict');
    const result = output('v2-pay-result', 'Parameters (JSON)');
    const snippet = output('v2-pay-snippet', 'Client code');
    const stringA = output('v2-pay-string-a', 'stringA');
    const temp = output('v2-pay-temp', 'stringSignTemp (key masked)');

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: 'Pay parameters' })),
        h('div.examples', {}, h('span.help', { text: 'Try:' }),
          h('button.ghost', { type: 'button', text: 'Official mini-program example', onclick: () => {
            const o = OFFICIAL.jsapi;
            mode.value = 'jsapi';
            appId.value = o.appId; prepayId.value = o.prepayId; timeStamp.value = o.timeStamp; nonceStr.value = o.nonceStr; signType.value = 'MD5';
            key.input.value = o.key;
            key.input.dispatchEvent(new Event('input'));
            update();
          } })),
        field('Client', mode),
        field('appId', appId),
        partnerField,
        field('prepay_id', prepayId, { hint: 'A pasted "prepay_id=…" works too.' }),
        h('div.row2', {},
          h('div.field', {}, h('label', { for: timeStamp.id, text: 'timeStamp' }), h('div.input-row', {}, timeStamp,
            h('button.ghost', { type: 'button', text: 'Now', onclick: () => { timeStamp.value = String(Math.floor(Date.now() / 1000)); update(); } }))),
          h('div.field', {}, h('label', { for: nonceStr.id, text: 'nonceStr' }), h('div.input-row', {}, nonceStr,
            h('button.ghost', { type: 'button', text: 'New', onclick: () => { nonceStr.value = nonce(32); update(); } })))),
        signTypeField,
        key.el),
      h('section.card.result', {},
        ver.el,
        h('div.outputs', {}, result.el, snippet.el, stringA.el, temp.el))));

    const update = () => {
      const app = mode.value === 'app';
      partnerField.hidden = !app;
      signTypeField.hidden = app;
      const prepay = prepayId.value.trim().replace(/^prepay_id=/, '');
      for (const o of [result, snippet, stringA, temp]) o.set('');
      if (!appId.value.trim() || !prepay || (app && !partnerId.value.trim())) {
        ver.set('idle', 'Fill in the order', app ? 'appId, partnerId and prepay_id are required.' : 'appId and prepay_id are required.');
        return;
      }
      if (!key.value) {
        ver.set('idle', 'Enter the API key', 'The paySign is signed with the API v2 key.');
        return;
      }
      try {
        let params, signed, sign, code;
        if (app) {
          params = v2.appPayParams(appId.value.trim(), partnerId.value.trim(), prepay, key.value, 'MD5', timeStamp.value.trim(), nonceStr.value.trim());
          ({ sign, ...signed } = params);
          code = `// Android (WXAPIFactory / PayReq)\nPayReq req = new PayReq();\nreq.appId = "${params.appid}";\nreq.partnerId = "${params.partnerid}";\nreq.prepayId = "${params.prepayid}";\nreq.packageValue = "${params.package}";\nreq.nonceStr = "${params.noncestr}";\nreq.timeStamp = "${params.timestamp}";\nreq.sign = "${params.sign}";\napi.sendReq(req);`;
        } else {
          params = v2.jsapiPayParams(appId.value.trim(), prepay, key.value, signType.value, timeStamp.value.trim(), nonceStr.value.trim());
          ({ paySign: sign, ...signed } = params);
          const { appId: _omit, ...mini } = params;
          code = `// mini-program (its own appId is used)\nwx.requestPayment(${literal(mini, ['success(res) {}', 'fail(res) {}'])});\n\n` +
            `// JSAPI, in the WeChat browser\nWeixinJSBridge.invoke('getBrandWCPayRequest', ${literal(params)}, (res) => {});`;
        }
        if (!timeStamp.value.trim()) timeStamp.value = app ? params.timestamp : params.timeStamp;
        if (!nonceStr.value.trim()) nonceStr.value = app ? params.noncestr : params.nonceStr;
        const s = v2.stringToSign(signed, key.value);
        ver.set('ok', `${app ? 'sign' : 'paySign'} ${sign}`, app ? 'MD5 over appid, noncestr, package, partnerid, prepayid, timestamp' : `${params.signType} over appId, nonceStr, package, signType, timeStamp`);
        result.set(JSON.stringify(params, null, 2));
        snippet.set(code);
        stringA.set(s.stringA);
        temp.set(s.stringSignTempMasked);
      } catch (e) {
        ver.set('bad', 'Cannot build the parameters', errorText(e));
      }
    };

    const later = debounce(update);
    for (const input of [appId, partnerId, prepayId, timeStamp, nonceStr]) input.addEventListener('input', later);
    mode.addEventListener('change', update);
    signType.addEventListener('change', update);
    regenerate();
  },
};
