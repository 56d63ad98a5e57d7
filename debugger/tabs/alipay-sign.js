// Alipay: sign request parameters (RSA2 / legacy RSA) with the app private key, or verify a
// notification or a gateway response with the Alipay public key, showing the exact string that
// is (or was) signed. Everything runs in the page (alipay.* of the package); keys stay in memory.
import { h, debounce, output, field, select, fieldsTable, verdict, errorText } from '../ui.js';

const MODES = [
  ['request', 'Sign a request (app private key)'],
  ['notification', 'Verify a notification (Alipay public key)'],
  ['response', 'Verify a gateway response (Alipay public key)'],
];

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
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('the JSON must be an object of field names to values');
    return new Map(Object.entries(obj).map(([k, v]) => [k, v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)]));
  }
  const query = /^[a-z][a-z0-9+.-]*:\/\/[^?#\s]*\?([^#]*)/i.exec(t)?.[1] ?? t.replace(/^\?/, '');
  const map = new Map();
  for (const [k, v] of new URLSearchParams(query)) {
    if (map.has(k)) throw new Error(`field ${k} appears twice`);
    map.set(k, v);
  }
  return map;
}

export default {
  id: 'alipay-sign',
  title: 'Alipay sign / verify',
  group: 'Alipay',
  description: 'Sign Alipay request parameters (RSA2 or legacy RSA), or verify a notification or a gateway response, step by step.',

  render(panel, { lib }) {
    const { alipay } = lib;
    const mode = select('alipay-mode', MODES, 'request');
    const input = h('textarea.mono#alipay-input', { rows: 12, spellcheck: 'false' });
    const key = h('textarea.mono#alipay-key', { rows: 5, spellcheck: 'false', autocomplete: 'off',
      placeholder: '-----BEGIN PRIVATE KEY-----… or the bare base64 of Alipay\'s key tool' });
    const signType = select('alipay-sign-type', [['RSA2', 'RSA2 (SHA256withRSA)'], ['RSA', 'RSA (SHA1withRSA, legacy)']], 'RSA2');
    const method = h('input.mono#alipay-method', { type: 'text', spellcheck: 'false', placeholder: 'alipay.trade.precreate' });
    const methodField = field('Method (for the <method>_response node)', method);
    const keyLabel = h('label', { for: 'alipay-key' });

    const ver = verdict('alipay-verdict');
    const content = output('alipay-content', 'String to sign');
    const sign = output('alipay-signature', 'sign (base64)');
    const query = output('alipay-query', 'Signed query (encodeURIComponent): App order string / page-pay query / form body');
    const table = h('div#alipay-fields-slot');

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: 'Alipay' })),
        field('What to do', mode),
        h('div.examples', {}, h('span.help', { text: 'Try:' }),
          h('button.ghost', { type: 'button', text: 'Example request', onclick: () => { mode.value = 'request'; input.value = EXAMPLE_REQUEST; update(); } })),
        input,
        h('div.help#alipay-input-help'),
        h('div.field', {}, keyLabel, key, h('div.help', { text: 'Kept in memory only. PEM (PKCS#8, PKCS#1, SPKI) or bare base64.' })),
        h('div.row2', {}, field('Sign type', signType, { hint: 'Notifications use their own sign_type.' }), methodField)),
      h('section.card.result', {},
        ver.el,
        h('div.outputs', {}, content.el, sign.el, query.el),
        h('h3', { text: 'Fields' }), table)));

    const help = panel.querySelector('#alipay-input-help');

    const update = () => {
      const m = mode.value;
      keyLabel.textContent = m === 'request' ? 'App private key (应用私钥)' : 'Alipay public key (支付宝公钥)';
      help.textContent = m === 'response'
        ? 'The response body exactly as received: its <method>_response node is verified byte for byte.'
        : 'A JSON object, or a form-urlencoded body / query string (decoded as a server reads it).';
      methodField.hidden = m !== 'response';
      sign.el.hidden = query.el.hidden = m !== 'request';
      for (const o of [content, sign, query]) o.set('');
      table.replaceChildren(fieldsTable('alipay-fields', [], { roles: false }));
      const keyText = key.value.trim();

      if (m === 'response') {
        if (!input.value.trim() || !method.value.trim() || !keyText) {
          ver.set('idle', 'Paste a response body, its method and the Alipay public key');
          return;
        }
        try {
          const node = alipay.verifyResponse(input.value, method.value.trim(), keyText, signType.value);
          const rows = Object.entries(node).map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) }));
          table.replaceChildren(fieldsTable('alipay-fields', rows, { roles: false }));
          const failed = node.code !== undefined && String(node.code) !== '10000';
          ver.set(failed ? 'info' : 'ok', failed ? `Signature valid; Alipay returned ${node.code} ${node.sub_code ?? ''}` : 'Signature valid', node.sub_msg ?? '');
        } catch (e) {
          ver.set('bad', 'The response does not verify', errorText(e));
        }
        return;
      }

      let params;
      try {
        params = parseAlipayParams(input.value);
      } catch (e) {
        ver.set('bad', 'The input cannot be read', errorText(e));
        return;
      }
      const excluded = m === 'request' ? ['sign'] : ['sign', 'sign_type'];
      const rows = [...params].map(([name, value]) => ({ name, value, role: excluded.includes(name) ? 'sign' : value === '' ? 'empty' : 'signed' }));
      table.replaceChildren(fieldsTable('alipay-fields', rows));
      try {
        content.set(m === 'request' ? alipay.stringToSign(params) : alipay.notificationStringToSign(params));
      } catch (e) {
        ver.set('bad', 'The fields cannot be signed', errorText(e));
        return;
      }
      if (!keyText) {
        ver.set('idle', m === 'request' ? 'Paste the app private key to sign' : 'Paste the Alipay public key to verify');
        return;
      }
      try {
        if (m === 'request') {
          sign.set(alipay.sign(params, keyText, signType.value), { hint: signType.value });
          query.set(alipay.signedQuery(params, keyText, signType.value));
          ver.set('ok', `Signed with ${signType.value}`, params.has('sign_type') && params.get('sign_type') !== signType.value
            ? `Note: the fields say sign_type=${params.get('sign_type')}, but ${signType.value} was used.` : '');
        } else {
          alipay.verifyNotification(params, keyText);
          ver.set('ok', `Notification verified (${params.get('sign_type') || 'RSA2'})`, 'Now check app_id, out_trade_no and total_amount against your order.');
        }
      } catch (e) {
        ver.set('bad', m === 'request' ? 'Cannot sign' : 'The notification does not verify', errorText(e));
      }
    };

    const later = debounce(update);
    for (const el of [input, key, method]) el.addEventListener('input', later);
    for (const el of [mode, signType]) el.addEventListener('change', update);
    update();
  },
};
