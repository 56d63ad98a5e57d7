// API v3 request: the Authorization header (WECHATPAY2-SHA256-RSA2048) of a method, URL and body,
// with the exact message signed (METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n, every \n shown).
import { h, debounce, output, field, select, verdict, errorText, errorDetail } from '../ui.js';
import { tr } from '../i18n.js';
import { V3_PRIVATE, EXAMPLE, pemField, messageView, autoInput, nowSeconds, beijing, exampleKeyPair, mayReplace, whyPanel } from './v3-common.js';

const EXAMPLE_BODY = JSON.stringify({
  appid: EXAMPLE.appId, mchid: EXAMPLE.mchId, description: 'Image形象店-深圳腾大-QQ公仔', out_trade_no: '1217752501201407033233368018',
  notify_url: 'https://www.weixin.qq.com/wxpay/pay.php', amount: { total: 100, currency: 'CNY' }, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
});
const API = 'https://api.mch.weixin.qq.com';

const shellQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

const TEXT = {
  en: {
    title: 'v3 request',
    description: 'Sign an API v3 request: the exact message, its SHA256withRSA signature and the Authorization header; paste the header you sent to find out why WeChat Pay says SIGN_ERROR.',
    urlPlaceholder: '/v3/pay/transactions/jsapi (path and query; a full URL works too)',
    bodyPlaceholder: '{"appid": "wx…", …}  (empty for GET)',
    timestamp: 'Timestamp', now: 'now', nonce: 'Nonce', random: 'random',
    mchIdPlaceholder: 'e.g. 1900000001', serialPlaceholder: 'the merchant API certificate serial (40 hex)',
    answerPlaceholder: '{"code":"SIGN_ERROR","detail":{"sign_information":{…}}}  (optional)',
    message: 'Message signed: METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n',
    signature: 'Signature (base64 SHA256withRSA)', authorization: 'Authorization header',
    privateKeyWhat: 'merchant private key',
    makingKey: 'Making a throwaway RSA-2048 key in this page…', cannotMakeKey: 'Cannot make an example key',
    request: 'Request', tryLabel: 'Try:', example: 'JSAPI order (throwaway key)',
    exampleTitle: 'Fills an order; without a key, makes a throwaway RSA key in this page',
    method: 'Method', body: 'Body', bodyHint: 'The exact bytes you send: the signature covers them (re-serialized JSON does not match).',
    sent: 'Authorization header you sent (to diagnose)',
    sentHint: 'WeChat Pay answered SIGN_ERROR? Paste the header your code sent, with the method, URL and body above: each check and the mistake that reproduces its signature show up on the right.',
    answer: 'WeChat Pay\'s answer (optional)', answerHint: 'The body of its 401: detail.sign_information says what WeChat Pay received.',
    cannotBuild: 'Cannot build the message', bytes: (n) => `${n} bytes`,
    start: 'Enter the URL to start', startHint: 'Or try the example. Nothing you type leaves this page.',
    enterIds: 'Enter mchid and serial_no', enterIdsHint: 'They go into the Authorization header.',
    keyUnusable: (code) => `The private key is unusable: ${code}`,
    pasteKey: 'Paste the merchant private key', pasteKeyHint: 'apiclient_key.pem (PKCS#8 or PKCS#1). It stays in this page.',
    cannotSign: 'Cannot sign', signed: 'Authorization header signed',
    signedHint: (ts, time, n) => `timestamp ${ts} (${time}) · nonce ${n}\nSend it within 5 minutes of the timestamp, with a fresh nonce for every request.`,
  },
  zh: {
    title: 'v3 请求',
    description: '为 API v3 请求签名：准确的签名串、SHA256withRSA 签名和 Authorization 请求头；粘贴您发送的请求头，找出微信支付返回 SIGN_ERROR 的原因。',
    urlPlaceholder: '/v3/pay/transactions/jsapi（路径和查询参数；也可以是完整 URL）',
    bodyPlaceholder: '{"appid": "wx…", …}（GET 请求为空）',
    timestamp: '时间戳', now: '当前时间', nonce: '随机串', random: '随机生成',
    mchIdPlaceholder: '如 1900000001', serialPlaceholder: '商户 API 证书序列号（40 位十六进制）',
    answerPlaceholder: '{"code":"SIGN_ERROR","detail":{"sign_information":{…}}}（可选）',
    message: '签名串：METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n',
    signature: '签名（Base64 编码的 SHA256withRSA）', authorization: 'Authorization 请求头',
    privateKeyWhat: '商户私钥',
    makingKey: '正在本页生成一次性 RSA-2048 密钥…', cannotMakeKey: '无法生成示例密钥',
    request: '请求', tryLabel: '试试：', example: 'JSAPI 下单（一次性密钥）',
    exampleTitle: '填入一个订单；若没有密钥，则在本页生成一次性 RSA 密钥',
    method: '方法', body: '请求报文', bodyHint: '您实际发送的字节：签名覆盖这些字节（重新序列化的 JSON 不会一致）。',
    sent: '您发送的 Authorization 请求头（用于诊断）',
    sentHint: '微信支付返回 SIGN_ERROR？粘贴您的代码发送的请求头，并在上方填好方法、URL 和报文：右侧会列出每项检查，以及能复现该签名的错误。',
    answer: '微信支付的应答（可选）', answerHint: '其 401 应答的报文：detail.sign_information 说明了微信支付收到的内容。',
    cannotBuild: '无法构造签名串', bytes: (n) => `${n} 字节`,
    start: '输入 URL 开始', startHint: '或试试示例。您输入的内容不会离开本页面。',
    enterIds: '输入 mchid 和 serial_no', enterIdsHint: '它们会写入 Authorization 请求头。',
    keyUnusable: (code) => `私钥不可用：${code}`,
    pasteKey: '粘贴商户私钥', pasteKeyHint: 'apiclient_key.pem（PKCS#8 或 PKCS#1），它不会离开本页面。',
    cannotSign: '无法签名', signed: 'Authorization 请求头已签名',
    signedHint: (ts, time, n) => `时间戳 ${ts}（${time}）· 随机串 ${n}\n请在时间戳后 5 分钟内发送，每个请求使用新的随机串。`,
  },
};

export default {
  id: 'v3-request',
  group: 'API v3',
  TEXT,

  render(panel, { lib }) {
    const T = tr(TEXT);
    const { v3, nonce } = lib;
    const text = (id, placeholder) => h(`input.mono#${id}`, { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder });
    const method = select('v3-req-method', ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [m, m]), 'POST');
    const url = text('v3-req-url', T.urlPlaceholder);
    const body = h('textarea.mono#v3-req-body', { rows: 7, spellcheck: 'false', placeholder: T.bodyPlaceholder });
    const timestamp = autoInput('v3-req-timestamp', { label: T.timestamp, autoLabel: T.now, auto: nowSeconds, onChange: () => later() });
    const nonceIn = autoInput('v3-req-nonce', { label: T.nonce, autoLabel: T.random, auto: () => nonce(32), onChange: () => later() });
    const mchId = text('v3-req-mchid', T.mchIdPlaceholder);
    const serial = text('v3-req-serial', T.serialPlaceholder);
    const key = pemField('v3-req', { ...V3_PRIVATE, role: 'private', lib, onChange: () => update() });
    const sent = h('textarea.mono#v3-req-sent', { rows: 4, spellcheck: 'false',
      placeholder: 'WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"' });
    const answer = h('textarea.mono#v3-req-answer', { rows: 2, spellcheck: 'false',
      placeholder: T.answerPlaceholder });
    const why = h('div#v3-req-why-slot');

    const ver = verdict('v3-req-verdict');
    const message = messageView('v3-req-message', T.message);
    const signature = output('v3-req-signature', T.signature);
    const header = output('v3-req-authorization', T.authorization);
    const curl = output('v3-req-curl', 'curl');

    const example = async () => {
      method.value = 'POST';
      url.value = '/v3/pay/transactions/jsapi';
      body.value = EXAMPLE_BODY;
      mchId.value = EXAMPLE.mchId;
      serial.value = EXAMPLE.serialNo;
      if (!key.key && mayReplace(key, T.privateKeyWhat)) {
        ver.set('idle', T.makingKey);
        try {
          key.set((await exampleKeyPair()).privatePem);
        } catch (e) {
          ver.set('bad', T.cannotMakeKey, errorText(e));
          return;
        }
      }
      update();
    };

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: T.request })),
        h('div.examples', {}, h('span.help', { text: T.tryLabel }),
          h('button.ghost', { type: 'button', text: T.example, title: T.exampleTitle, onclick: example })),
        h('div.row-method', {}, field(T.method, method), field('URL', url)),
        field(T.body, body, { hint: T.bodyHint }),
        h('div.row2', {}, timestamp.el, nonceIn.el),
        h('div.row2', {}, field('mchid', mchId), field('serial_no', serial, { hint: 'openssl x509 -in apiclient_cert.pem -noout -serial' })),
        key.el,
        field(T.sent, sent, { hint: T.sentHint }),
        field(T.answer, answer, { hint: T.answerHint })),
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
        ver.set('bad', T.cannotBuild, errorText(e));
      }
      message.set(msg, { hint: msg ? T.bytes(new TextEncoder().encode(msg).length) : '' });
      signature.set('');
      header.set('');
      curl.set('');
      if (!inputs.url) return ver.set('idle', T.start, T.startHint);
      if (!msg) return undefined;
      if (!inputs.mchId || !inputs.serialNo) return ver.set('idle', T.enterIds, T.enterIdsHint);
      if (key.error) return ver.set('bad', T.keyUnusable(key.error.code), errorDetail(key.error));
      if (!key.key) return ver.set('idle', T.pasteKey, T.pasteKeyHint);
      let auth;
      try {
        auth = await v3.authorization({ ...inputs, privateKey: key.key, timestamp: ts, nonce: n });
      } catch (e) {
        if (mine === generation) ver.set('bad', T.cannotSign, errorText(e));
        return undefined;
      }
      if (mine !== generation) return undefined;
      const sig = /signature="([^"]*)"/.exec(auth)?.[1] ?? '';
      signature.set(sig, { hint: `RSA ${key.key.bits}` });
      header.set(auth, { highlight: true });
      const target = inputs.url.startsWith('/') ? `${API}${inputs.url}` : inputs.url;
      curl.set([`curl -X ${inputs.method} ${shellQuote(target)}`, `  -H ${shellQuote(`Authorization: ${auth}`)}`, `  -H 'Accept: application/json'`,
        ...(inputs.body ? [`  -H 'Content-Type: application/json'`, `  --data-binary ${shellQuote(inputs.body)}`] : [])].join(' \\\n'));
      ver.set('ok', T.signed, T.signedHint(ts, beijing(ts), n));
      return undefined;
    };
    const later = debounce(update);
    for (const el of [url, body, mchId, serial, sent, answer]) el.addEventListener('input', later);
    method.addEventListener('change', update);
    update();
  },
};
