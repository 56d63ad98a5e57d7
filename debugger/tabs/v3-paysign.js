// API v3 paySign builder: the parameters the WeChat client needs after an API v3 order, signed
// with the merchant private key (signType RSA) — JSAPI / mini-program (wx.requestPayment,
// WeixinJSBridge) and the App SDK (PayReq) — with the exact message signed, \n shown.
import { h, debounce, output, field, select, verdict, errorText, errorDetail } from '../ui.js';
import { tr } from '../i18n.js';
import { V3_PRIVATE, EXAMPLE, pemField, messageView, autoInput, nowSeconds, exampleKeyPair, mayReplace, literal } from './v3-common.js';

const TEXT = {
  en: {
    title: 'v3 paySign',
    description: 'Build RSA-signed pay parameters for JSAPI / mini-programs and the App SDK after an API v3 order.',
    modeJsapi: 'JSAPI / mini-program (wx.requestPayment)', modeApp: 'App (PayReq of the open SDK)',
    appIdPlaceholder: 'wx… (the appid of the order)', partnerPlaceholder: 'mchid, e.g. 1900000109', prepayPlaceholder: 'wx2017…, from the order response',
    now: 'now', random: 'random',
    message: 'Message signed', parameters: 'Parameters (JSON)', clientCode: 'Client code',
    payParameters: 'Pay parameters', tryLabel: 'Try:', example: 'Mini-program (throwaway key)',
    exampleTitle: 'Fills a prepay_id; without a key, makes a throwaway RSA key in this page',
    privateKeyWhat: 'merchant private key', cannotMakeKey: 'Cannot make an example key',
    client: 'Client', prepayHint: 'A pasted "prepay_id=…" works too.',
    fillOrder: 'Fill in the order', appRequired: 'appId, partnerId and prepay_id are required.', jsapiRequired: 'appId and prepay_id are required.',
    keyUnusable: (code) => `The private key is unusable: ${code}`,
    pasteKey: 'Paste the merchant private key', pasteKeyHint: 'apiclient_key.pem: the paySign is SHA256withRSA with it (signType RSA).',
    cannotBuild: 'Cannot build the parameters',
    appMade: 'App sign (RSA) made', appOver: (bits) => `SHA256withRSA over appid, timestamp, noncestr, prepayid · RSA ${bits}`,
    jsapiMade: 'paySign (RSA) made', jsapiOver: (bits) => `SHA256withRSA over appId, timeStamp, nonceStr, package · RSA ${bits}`,
  },
  zh: {
    title: 'v3 paySign',
    description: '在 API v3 下单后，为 JSAPI / 小程序和 App SDK 生成 RSA 签名的支付参数。',
    modeJsapi: 'JSAPI / 小程序（wx.requestPayment）', modeApp: 'App（开放平台 SDK 的 PayReq）',
    appIdPlaceholder: 'wx…（下单时的 appid）', partnerPlaceholder: 'mchid，如 1900000109', prepayPlaceholder: 'wx2017…，下单应答返回',
    now: '当前时间', random: '随机生成',
    message: '签名串', parameters: '参数（JSON）', clientCode: '客户端代码',
    payParameters: '支付参数', tryLabel: '试试：', example: '小程序（一次性密钥）',
    exampleTitle: '填入一个 prepay_id；若没有密钥，则在本页生成一次性 RSA 密钥',
    privateKeyWhat: '商户私钥', cannotMakeKey: '无法生成示例密钥',
    client: '客户端', prepayHint: '也可以直接粘贴 "prepay_id=…"。',
    fillOrder: '填写订单信息', appRequired: 'appId、partnerId 和 prepay_id 为必填项。', jsapiRequired: 'appId 和 prepay_id 为必填项。',
    keyUnusable: (code) => `私钥不可用：${code}`,
    pasteKey: '粘贴商户私钥', pasteKeyHint: 'apiclient_key.pem：paySign 是用它计算的 SHA256withRSA（signType 为 RSA）。',
    cannotBuild: '无法生成参数',
    appMade: '已生成 App 签名（RSA）', appOver: (bits) => `对 appid、timestamp、noncestr、prepayid 做 SHA256withRSA · RSA ${bits}`,
    jsapiMade: '已生成 paySign（RSA）', jsapiOver: (bits) => `对 appId、timeStamp、nonceStr、package 做 SHA256withRSA · RSA ${bits}`,
  },
};

export default {
  id: 'v3-paysign',
  group: 'API v3',
  TEXT,

  render(panel, { lib }) {
    const T = tr(TEXT);
    const { v3, nonce } = lib;
    const mode = select('v3-pay-mode', [['jsapi', T.modeJsapi], ['app', T.modeApp]], 'jsapi');
    const text = (id, placeholder) => h(`input.mono#${id}`, { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder });
    const appId = text('v3-pay-appid', T.appIdPlaceholder);
    const partnerId = text('v3-pay-partnerid', T.partnerPlaceholder);
    const prepayId = text('v3-pay-prepayid', T.prepayPlaceholder);
    const timeStamp = autoInput('v3-pay-timestamp', { label: 'timeStamp', autoLabel: T.now, auto: nowSeconds, onChange: () => later() });
    const nonceStr = autoInput('v3-pay-nonce', { label: 'nonceStr', autoLabel: T.random, auto: () => nonce(32), onChange: () => later() });
    const key = pemField('v3-pay', { ...V3_PRIVATE, role: 'private', lib, onChange: () => update() });
    const partnerField = field('partnerId (App)', partnerId);

    const ver = verdict('v3-pay-verdict');
    const message = messageView('v3-pay-message', T.message);
    const result = output('v3-pay-result', T.parameters);
    const snippet = output('v3-pay-snippet', T.clientCode);

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: T.payParameters })),
        h('div.examples', {}, h('span.help', { text: T.tryLabel }),
          h('button.ghost', { type: 'button', text: T.example, title: T.exampleTitle, onclick: async () => {
            mode.value = 'jsapi';
            appId.value = EXAMPLE.appId;
            prepayId.value = 'wx201410272009395522657a690389285100';
            if (!key.key && mayReplace(key, T.privateKeyWhat)) {
              try {
                key.set((await exampleKeyPair()).privatePem);
              } catch (e) {
                ver.set('bad', T.cannotMakeKey, errorText(e));
                return;
              }
            }
            update();
          } })),
        field(T.client, mode),
        field('appId', appId),
        partnerField,
        field('prepay_id', prepayId, { hint: T.prepayHint }),
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
        return ver.set('idle', T.fillOrder, app ? T.appRequired : T.jsapiRequired);
      }
      if (key.error) return ver.set('bad', T.keyUnusable(key.error.code), errorDetail(key.error));
      if (!key.key) return ver.set('idle', T.pasteKey, T.pasteKeyHint);
      let params;
      try {
        params = app ? await v3.appPayParams(a, p, prepay, key.key, ts, n) : await v3.jsapiPayParams(a, prepay, key.key, ts, n);
      } catch (e) {
        if (mine === generation) ver.set('bad', T.cannotBuild, errorText(e));
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
        ver.set('ok', T.appMade, T.appOver(key.key.bits));
      } else {
        const { appId: _omit, ...mini } = params;
        snippet.set(`// mini-program (its own appId is used)\nwx.requestPayment(${literal(mini, ['success(res) {}', 'fail(res) {}'])});\n\n` +
          `// JSAPI, in the WeChat browser\nWeixinJSBridge.invoke('getBrandWCPayRequest', ${literal(params)}, (res) => {});`);
        ver.set('ok', T.jsapiMade, T.jsapiOver(key.key.bits));
      }
      return undefined;
    };

    const later = debounce(update);
    for (const input of [appId, partnerId, prepayId]) input.addEventListener('input', later);
    mode.addEventListener('change', update);
    update();
  },
};
