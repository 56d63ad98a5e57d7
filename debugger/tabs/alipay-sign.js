// Alipay: sign request parameters (RSA2 / legacy RSA) with the app private key, or verify a
// notification or a gateway response with the Alipay public key, showing the exact string that
// is (or was) signed. Everything runs in the page (alipay.* of the package); keys stay in memory.
import { h, debounce, output, field, select, fieldsTable, verdict, errorText } from '../ui.js';
import { tr } from '../i18n.js';

const TEXT = {
  en: {
    title: 'Alipay sign / verify',
    description: 'Sign Alipay request parameters (RSA2 or legacy RSA), or verify a notification or a gateway response, step by step.',
    modeRequest: 'Sign a request (app private key)', modeNotification: 'Verify a notification (Alipay public key)',
    modeResponse: 'Verify a gateway response (Alipay public key)',
    jsonObject: 'the JSON must be an object of field names to values', twice: (k) => `field ${k} appears twice`,
    keyPlaceholder: '-----BEGIN PRIVATE KEY-----… or the bare base64 of Alipay\'s key tool',
    rsa2: 'RSA2 (SHA256withRSA)', rsa: 'RSA (SHA1withRSA, legacy)',
    method: 'Method (for the <method>_response node)',
    stringToSign: 'String to sign', signedQuery: 'Signed query (encodeURIComponent): App order string / page-pay query / form body',
    alipay: 'Alipay', whatToDo: 'What to do', tryLabel: 'Try:', example: 'Example request',
    keyHelp: 'Kept in memory only. PEM (PKCS#8, PKCS#1, SPKI) or bare base64.',
    signType: 'Sign type', signTypeHint: 'Notifications use their own sign_type.', fields: 'Fields',
    appKey: 'App private key (应用私钥)', alipayKey: 'Alipay public key (支付宝公钥)',
    responseHelp: 'The response body exactly as received: its <method>_response node is verified byte for byte.',
    paramsHelp: 'A JSON object, or a form-urlencoded body / query string (decoded as a server reads it).',
    pasteResponse: 'Paste a response body, its method and the Alipay public key',
    validButFailed: (code, sub) => `Signature valid; Alipay returned ${code} ${sub}`, valid: 'Signature valid',
    responseBad: 'The response does not verify', unreadable: 'The input cannot be read', cannotSignFields: 'The fields cannot be signed',
    pasteAppKey: 'Paste the app private key to sign', pasteAlipayKey: 'Paste the Alipay public key to verify',
    signedWith: (type) => `Signed with ${type}`,
    note: (said, used) => `Note: the fields say sign_type=${said}, but ${used} was used.`,
    notificationVerified: (type) => `Notification verified (${type})`,
    checkOrder: 'Now check app_id, out_trade_no and total_amount against your order.',
    cannotSign: 'Cannot sign', notificationBad: 'The notification does not verify',
  },
  zh: {
    title: '支付宝签名 / 验签',
    description: '逐步为支付宝请求参数签名（RSA2 或旧版 RSA），或验证异步通知、网关应答。',
    modeRequest: '为请求签名（应用私钥）', modeNotification: '验证异步通知（支付宝公钥）',
    modeResponse: '验证网关应答（支付宝公钥）',
    jsonObject: 'JSON 必须是“字段名 → 值”的对象', twice: (k) => `字段 ${k} 出现了两次`,
    keyPlaceholder: '-----BEGIN PRIVATE KEY-----… 或支付宝密钥工具生成的裸 Base64',
    rsa2: 'RSA2（SHA256withRSA）', rsa: 'RSA（SHA1withRSA，旧版）',
    method: '接口名（用于 <method>_response 节点）',
    stringToSign: '待签名字符串', signedQuery: '已签名的查询串（encodeURIComponent）：App 支付订单串 / 电脑网站支付查询串 / 表单报文',
    alipay: '支付宝', whatToDo: '操作', tryLabel: '试试：', example: '示例请求',
    keyHelp: '仅保存在内存中。PEM（PKCS#8、PKCS#1、SPKI）或裸 Base64。',
    signType: '签名类型', signTypeHint: '异步通知使用其自带的 sign_type。', fields: '字段',
    appKey: '应用私钥', alipayKey: '支付宝公钥',
    responseHelp: '与收到的完全一致的应答报文：其 <method>_response 节点逐字节验签。',
    paramsHelp: 'JSON 对象，或表单编码的报文 / 查询字符串（按服务器读取的方式解码）。',
    pasteResponse: '粘贴应答报文、接口名和支付宝公钥',
    validButFailed: (code, sub) => `签名有效；支付宝返回 ${code} ${sub}`, valid: '签名有效',
    responseBad: '应答验签失败', unreadable: '无法读取输入', cannotSignFields: '这些字段无法签名',
    pasteAppKey: '粘贴应用私钥以签名', pasteAlipayKey: '粘贴支付宝公钥以验签',
    signedWith: (type) => `已用 ${type} 签名`,
    note: (said, used) => `注意：字段中 sign_type=${said}，但实际使用的是 ${used}。`,
    notificationVerified: (type) => `异步通知验签通过（${type}）`,
    checkOrder: '接下来请核对 app_id、out_trade_no 和 total_amount 是否与您的订单一致。',
    cannotSign: '无法签名', notificationBad: '异步通知验签失败',
  },
};

const EXAMPLE_REQUEST = JSON.stringify({
  app_id: '2021000000000001', method: 'alipay.trade.precreate', format: 'JSON', charset: 'utf-8', sign_type: 'RSA2',
  timestamp: '2026-11-22 21:30:00', version: '1.0', notify_url: 'https://merchant.example/notify',
  biz_content: JSON.stringify({ out_trade_no: '20261122213000001', total_amount: '88.88', subject: '测试商品 a+b&c' }),
}, null, 2);

/** A JSON object, or a form-urlencoded body / query string (decoded, as a server reads it). */
export function parseAlipayParams(text) {
  const t = text.trim();
  if (!t) return new Map();
  if (t.startsWith('{')) {
    const obj = JSON.parse(t);
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error(tr(TEXT).jsonObject);
    return new Map(Object.entries(obj).map(([k, v]) => [k, v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)]));
  }
  const query = /^[a-z][a-z0-9+.-]*:\/\/[^?#\s]*\?([^#]*)/i.exec(t)?.[1] ?? t.replace(/^\?/, '');
  const map = new Map();
  for (const [k, v] of new URLSearchParams(query)) {
    if (map.has(k)) throw new Error(tr(TEXT).twice(k));
    map.set(k, v);
  }
  return map;
}

export default {
  id: 'alipay-sign',
  group: 'Alipay',
  TEXT,

  render(panel, { lib }) {
    const T = tr(TEXT);
    const { alipay } = lib;
    const mode = select('alipay-mode', [['request', T.modeRequest], ['notification', T.modeNotification], ['response', T.modeResponse]], 'request');
    const input = h('textarea.mono#alipay-input', { rows: 12, spellcheck: 'false' });
    const key = h('textarea.mono#alipay-key', { rows: 5, spellcheck: 'false', autocomplete: 'off',
      placeholder: T.keyPlaceholder });
    const signType = select('alipay-sign-type', [['RSA2', T.rsa2], ['RSA', T.rsa]], 'RSA2');
    const method = h('input.mono#alipay-method', { type: 'text', spellcheck: 'false', placeholder: 'alipay.trade.precreate' });
    const methodField = field(T.method, method);
    const keyLabel = h('label', { for: 'alipay-key' });

    const ver = verdict('alipay-verdict');
    const content = output('alipay-content', T.stringToSign);
    const sign = output('alipay-signature', 'sign (base64)');
    const query = output('alipay-query', T.signedQuery);
    const table = h('div#alipay-fields-slot');

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: T.alipay })),
        field(T.whatToDo, mode),
        h('div.examples', {}, h('span.help', { text: T.tryLabel }),
          h('button.ghost', { type: 'button', text: T.example, onclick: () => { mode.value = 'request'; input.value = EXAMPLE_REQUEST; update(); } })),
        input,
        h('div.help#alipay-input-help'),
        h('div.field', {}, keyLabel, key, h('div.help', { text: T.keyHelp })),
        h('div.row2', {}, field(T.signType, signType, { hint: T.signTypeHint }), methodField)),
      h('section.card.result', {},
        ver.el,
        h('div.outputs', {}, content.el, sign.el, query.el),
        h('h3', { text: T.fields }), table)));

    const help = panel.querySelector('#alipay-input-help');

    const update = () => {
      const m = mode.value;
      keyLabel.textContent = m === 'request' ? T.appKey : T.alipayKey;
      help.textContent = m === 'response' ? T.responseHelp : T.paramsHelp;
      methodField.hidden = m !== 'response';
      sign.el.hidden = query.el.hidden = m !== 'request';
      for (const o of [content, sign, query]) o.set('');
      table.replaceChildren(fieldsTable('alipay-fields', [], { roles: false }));
      const keyText = key.value.trim();

      if (m === 'response') {
        if (!input.value.trim() || !method.value.trim() || !keyText) {
          ver.set('idle', T.pasteResponse);
          return;
        }
        try {
          const node = alipay.verifyResponse(input.value, method.value.trim(), keyText, signType.value);
          const rows = Object.entries(node).map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) }));
          table.replaceChildren(fieldsTable('alipay-fields', rows, { roles: false }));
          const failed = node.code !== undefined && String(node.code) !== '10000';
          ver.set(failed ? 'info' : 'ok', failed ? T.validButFailed(node.code, node.sub_code ?? '') : T.valid, node.sub_msg ?? '');
        } catch (e) {
          ver.set('bad', T.responseBad, errorText(e));
        }
        return;
      }

      let params;
      try {
        params = parseAlipayParams(input.value);
      } catch (e) {
        ver.set('bad', T.unreadable, errorText(e));
        return;
      }
      const excluded = m === 'request' ? ['sign'] : ['sign', 'sign_type'];
      const rows = [...params].map(([name, value]) => ({ name, value, role: excluded.includes(name) ? 'sign' : value === '' ? 'empty' : 'signed' }));
      table.replaceChildren(fieldsTable('alipay-fields', rows));
      try {
        content.set(m === 'request' ? alipay.stringToSign(params) : alipay.notificationStringToSign(params));
      } catch (e) {
        ver.set('bad', T.cannotSignFields, errorText(e));
        return;
      }
      if (!keyText) {
        ver.set('idle', m === 'request' ? T.pasteAppKey : T.pasteAlipayKey);
        return;
      }
      try {
        if (m === 'request') {
          sign.set(alipay.sign(params, keyText, signType.value), { hint: signType.value });
          query.set(alipay.signedQuery(params, keyText, signType.value));
          ver.set('ok', T.signedWith(signType.value), params.has('sign_type') && params.get('sign_type') !== signType.value
            ? T.note(params.get('sign_type'), signType.value) : '');
        } else {
          alipay.verifyNotification(params, keyText);
          ver.set('ok', T.notificationVerified(params.get('sign_type') || 'RSA2'), T.checkOrder);
        }
      } catch (e) {
        ver.set('bad', m === 'request' ? T.cannotSign : T.notificationBad, errorText(e));
      }
    };

    const later = debounce(update);
    for (const el of [input, key, method]) el.addEventListener('input', later);
    for (const el of [mode, signType]) el.addEventListener('change', update);
    update();
  },
};
