// API v2 paySign builder: the parameters the WeChat client needs after a unified order, for
// JSAPI / mini-program (wx.requestPayment, WeixinJSBridge) and for the App SDK (PayReq).
import { h, debounce, output, field, select, verdict, keyField, errorText } from '../ui.js';
import { V2_KEY, OFFICIAL } from './v2-common.js';
import { tr } from '../i18n.js';

const TEXT = {
  en: {
    title: 'v2 paySign',
    description: 'Build signed pay parameters for JSAPI / mini-programs and the App SDK.',
    modeJsapi: 'JSAPI / mini-program (wx.requestPayment)', modeApp: 'App (PayReq of the open SDK)',
    partnerPlaceholder: 'mch_id, e.g. 1900000109', prepayPlaceholder: 'wx2017…, from the unified order',
    timestampPlaceholder: 'Unix seconds', noncePlaceholder: '32 random characters',
    parameters: 'Parameters (JSON)', clientCode: 'Client code', temp: 'stringSignTemp (key masked)',
    payParameters: 'Pay parameters', tryLabel: 'Try:', exampleOfficial: 'Official mini-program example',
    client: 'Client', prepayHint: 'A pasted "prepay_id=…" works too.', now: 'Now', newNonce: 'New',
    fillOrder: 'Fill in the order', appRequired: 'appId, partnerId and prepay_id are required.', jsapiRequired: 'appId and prepay_id are required.',
    enterKey: 'Enter the API key', enterKeyHint: 'The paySign is signed with the API v2 key.',
    appOver: 'MD5 over appid, noncestr, package, partnerid, prepayid, timestamp',
    jsapiOver: (type) => `${type} over appId, nonceStr, package, signType, timeStamp`,
    cannotBuild: 'Cannot build the parameters',
  },
  zh: {
    title: 'v2 paySign',
    description: '为 JSAPI / 小程序和 App SDK 生成已签名的支付参数。',
    modeJsapi: 'JSAPI / 小程序（wx.requestPayment）', modeApp: 'App（开放平台 SDK 的 PayReq）',
    partnerPlaceholder: 'mch_id，如 1900000109', prepayPlaceholder: 'wx2017…，统一下单返回',
    timestampPlaceholder: 'Unix 秒数', noncePlaceholder: '32 位随机字符',
    parameters: '参数（JSON）', clientCode: '客户端代码', temp: 'stringSignTemp（密钥已遮盖）',
    payParameters: '支付参数', tryLabel: '试试：', exampleOfficial: '官方小程序示例',
    client: '客户端', prepayHint: '也可以直接粘贴 "prepay_id=…"。', now: '现在', newNonce: '重新生成',
    fillOrder: '填写订单信息', appRequired: 'appId、partnerId 和 prepay_id 为必填项。', jsapiRequired: 'appId 和 prepay_id 为必填项。',
    enterKey: '输入 API 密钥', enterKeyHint: 'paySign 使用 API v2 密钥签名。',
    appOver: '对 appid、noncestr、package、partnerid、prepayid、timestamp 做 MD5 签名',
    jsapiOver: (type) => `对 appId、nonceStr、package、signType、timeStamp 做 ${type} 签名`,
    cannotBuild: '无法生成参数',
  },
};

/** `{ name: 'value', … }` as JS source, one property per line. */
function literal(obj, extra = []) {
  const quote = (v) => `'${String(v).replace(/[\\']/g, (c) => `\\${c}`)}'`;
  const lines = Object.entries(obj).map(([k, v]) => `  ${k}: ${quote(v)},`);
  return `{\n${[...lines, ...extra.map((e) => `  ${e},`)].join('\n')}\n}`;
}

export default {
  id: 'v2-paysign',
  group: 'API v2',
  TEXT,

  render(panel, { lib }) {
    const T = tr(TEXT);
    const { v2, nonce } = lib;
    const mode = select('v2-pay-mode', [['jsapi', T.modeJsapi], ['app', T.modeApp]]);
    const text = (id, placeholder) => h(`input.mono#${id}`, { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder });
    const appId = text('v2-pay-appid', 'wx…');
    const partnerId = text('v2-pay-partnerid', T.partnerPlaceholder);
    const prepayId = text('v2-pay-prepayid', T.prepayPlaceholder);
    const timeStamp = text('v2-pay-timestamp', T.timestampPlaceholder);
    const nonceStr = text('v2-pay-nonce', T.noncePlaceholder);
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
    const result = output('v2-pay-result', T.parameters);
    const snippet = output('v2-pay-snippet', T.clientCode);
    const stringA = output('v2-pay-string-a', 'stringA');
    const temp = output('v2-pay-temp', T.temp);

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: T.payParameters })),
        h('div.examples', {}, h('span.help', { text: T.tryLabel }),
          h('button.ghost', { type: 'button', text: T.exampleOfficial, onclick: () => {
            const o = OFFICIAL.jsapi;
            mode.value = 'jsapi';
            appId.value = o.appId; prepayId.value = o.prepayId; timeStamp.value = o.timeStamp; nonceStr.value = o.nonceStr; signType.value = 'MD5';
            key.input.value = o.key;
            key.input.dispatchEvent(new Event('input'));
            update();
          } })),
        field(T.client, mode),
        field('appId', appId),
        partnerField,
        field('prepay_id', prepayId, { hint: T.prepayHint }),
        h('div.row2', {},
          h('div.field', {}, h('label', { for: timeStamp.id, text: 'timeStamp' }), h('div.input-row', {}, timeStamp,
            h('button.ghost', { type: 'button', text: T.now, onclick: () => { timeStamp.value = String(Math.floor(Date.now() / 1000)); update(); } }))),
          h('div.field', {}, h('label', { for: nonceStr.id, text: 'nonceStr' }), h('div.input-row', {}, nonceStr,
            h('button.ghost', { type: 'button', text: T.newNonce, onclick: () => { nonceStr.value = nonce(32); update(); } })))),
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
        ver.set('idle', T.fillOrder, app ? T.appRequired : T.jsapiRequired);
        return;
      }
      if (!key.value) {
        ver.set('idle', T.enterKey, T.enterKeyHint);
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
        ver.set('ok', `${app ? 'sign' : 'paySign'} ${sign}`, app ? T.appOver : T.jsapiOver(params.signType));
        result.set(JSON.stringify(params, null, 2));
        snippet.set(code);
        stringA.set(s.stringA);
        temp.set(s.stringSignTempMasked);
      } catch (e) {
        ver.set('bad', T.cannotBuild, errorText(e));
      }
    };

    const later = debounce(update);
    for (const input of [appId, partnerId, prepayId, timeStamp, nonceStr]) input.addEventListener('input', later);
    mode.addEventListener('change', update);
    signType.addEventListener('change', update);
    regenerate();
  },
};
