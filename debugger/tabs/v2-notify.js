// API v2 notification: paste the XML WeChat Pay posted to notify_url and the key; see each check
// the library makes (the same as v2.parseNotification / v2.parseRefundNotification), the verified
// fields, the reply to send, and for a refund notification the decrypted req_info.
import { h, debounce, output, fieldsTable, verdict, keyField, errorText } from '../ui.js';
import { V2_KEY, OFFICIAL, diagnosisList } from './v2-common.js';

const PAYMENT_CHECKS = [
  ['XML is flat WeChat Pay XML (no DOCTYPE or entities, at most 1 MiB)', ['XML_INVALID', 'XML_FORBIDDEN', 'XML_TOO_LARGE']],
  ['return_code is SUCCESS', ['NOTIFY_RETURN_FAIL']],
  ['sign is present', ['SIGN_MISSING']],
  ['sign is valid for its sign_type (default MD5)', ['SIGN_MISMATCH', 'SIGN_TYPE_UNSUPPORTED']],
];
const REFUND_CHECKS = [
  ['XML is flat WeChat Pay XML (no DOCTYPE or entities, at most 1 MiB)', ['XML_INVALID', 'XML_FORBIDDEN', 'XML_TOO_LARGE']],
  ['return_code is SUCCESS', ['NOTIFY_RETURN_FAIL']],
  ['req_info is present (refund notifications are not signed: req_info is encrypted instead)', []],
  ['req_info decrypts with AES-256-ECB, key = md5(API key)', ['BASE64_INVALID', 'DECRYPT_FAILED', 'KEY_INVALID']],
];

const asRows = (obj) => Object.entries(obj).map(([name, value]) => ({ name, value }));

export default {
  id: 'v2-notify',
  title: 'v2 notification',
  group: 'API v2',
  description: 'Verify a payment notification or decrypt a refund notification.',

  render(panel, { lib }) {
    const { v2 } = lib;
    const xml = h('textarea.mono#v2-notify-xml', { rows: 12, spellcheck: 'false', placeholder: '<xml>\n  <return_code><![CDATA[SUCCESS]]></return_code>\n  …\n  <sign><![CDATA[…]]></sign>\n</xml>' });
    const reqInfo = h('textarea.mono#v2-notify-reqinfo', { rows: 4, spellcheck: 'false', placeholder: 'base64 req_info of a refund notification' });
    const key = keyField('v2-notify', { ...V2_KEY, onChange: () => update() });
    const kind = h('span.badge#v2-notify-kind');

    const ver = verdict('v2-notify-verdict');
    const checks = h('ol.checks#v2-notify-checks');
    const extra = h('div#v2-notify-extra');
    const fields = h('div#v2-notify-fields-slot');
    const ack = output('v2-notify-ack', 'Reply to WeChat Pay (HTTP 200 body)');

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: 'Notification XML' }), kind),
        h('div.examples', {}, h('span.help', { text: 'Try:' }),
          h('button.ghost', { type: 'button', text: 'Official signed XML', onclick: () => fill(OFFICIAL.xml) }),
          h('button.ghost', { type: 'button', text: 'Tampered body', onclick: () => fill(OFFICIAL.xml.replace('<body>test', '<body>tesT')) }),
          h('button.ghost', { type: 'button', text: 'Refund notification', title: 'A refund notification whose req_info is encrypted here, with the example key', onclick: () => fill(refundExample()) })),
        xml,
        h('div.help', { text: 'The raw body WeChat Pay POSTed to your notify_url: a payment notification (signed) or a refund notification (with an encrypted req_info).' }),
        key.el,
        h('details.sub#v2-notify-reqinfo-box', {},
          h('summary', { text: 'Only have a req_info? Decrypt it alone' }),
          reqInfo)),
      h('section.card.result', {},
        ver.el, checks, extra,
        fields,
        h('div.outputs', {}, ack.el))));

    // WeChat Pay's refund notification layout; req_info encrypted as WeChat Pay does (AES-256-ECB, key md5(API key)).
    function refundExample() {
      const inner = '<root>\n<out_refund_no><![CDATA[R20170330001]]></out_refund_no>\n<out_trade_no><![CDATA[1217752501201407033233368018]]></out_trade_no>\n' +
        '<refund_account><![CDATA[REFUND_SOURCE_RECHARGE_FUNDS]]></refund_account>\n<refund_fee><![CDATA[1]]></refund_fee>\n<refund_id><![CDATA[50000408942018020203517330451]]></refund_id>\n' +
        '<refund_recv_accout><![CDATA[Balance]]></refund_recv_accout>\n<refund_request_source><![CDATA[API]]></refund_request_source>\n<refund_status><![CDATA[SUCCESS]]></refund_status>\n' +
        '<settlement_refund_fee><![CDATA[1]]></settlement_refund_fee>\n<settlement_total_fee><![CDATA[1]]></settlement_total_fee>\n<success_time><![CDATA[2018-02-02 13:34:55]]></success_time>\n' +
        '<total_fee><![CDATA[1]]></total_fee>\n<transaction_id><![CDATA[4200000052201802027710097911]]></transaction_id>\n</root>';
      return `<xml>\n<return_code>SUCCESS</return_code>\n<appid><![CDATA[wxd930ea5d5a258f4f]]></appid>\n<mch_id><![CDATA[10000100]]></mch_id>\n` +
        `<nonce_str><![CDATA[TeqClE3i0mvn3DrK]]></nonce_str>\n<req_info><![CDATA[${v2.encryptRefundInfo(inner, OFFICIAL.key)}]]></req_info>\n</xml>`;
    }

    function fill(text) {
      xml.value = text;
      key.input.value = OFFICIAL.key;
      key.input.dispatchEvent(new Event('input'));
      update();
    }

    const showChecks = (list, failedCode, reached) => {
      checks.replaceChildren(...list.map(([text], i) => {
        const failed = Boolean(failedCode) && i === reached;
        const state = failed ? 'fail' : i < reached || (!failedCode && i <= reached) ? 'pass' : 'skip';
        return h(`li.${state}`, {}, h('span.mark', { text: state === 'pass' ? '✓' : state === 'fail' ? '✗' : '–' }), text,
          failed ? h('span.code', { text: failedCode }) : null);
      }));
    };

    const update = () => {
      extra.replaceChildren();
      fields.replaceChildren();
      ack.set('');
      ack.el.hidden = true;
      checks.replaceChildren();
      kind.textContent = '';

      if (reqInfo.value.trim()) return decryptAlone();
      if (!xml.value.trim()) {
        ver.set('idle', 'Paste a notification to start', 'Or try the official example.');
        return;
      }

      let outer;
      try {
        outer = v2.fromXml(xml.value);
      } catch (e) {
        showChecks(PAYMENT_CHECKS, e.code, 0);
        ver.set('bad', `Check failed: ${e.code}`, e.message);
        ack.set(v2.notificationAck(false, 'invalid XML'));
        ack.el.hidden = false;
        return;
      }
      const refund = Object.hasOwn(outer, 'req_info');
      kind.textContent = refund ? 'refund notification' : 'payment notification';
      const list = refund ? REFUND_CHECKS : PAYMENT_CHECKS;
      try {
        const got = refund ? v2.parseRefundNotification(xml.value, key.value) : v2.parseNotification(xml.value, key.value);
        showChecks(list, null, list.length - 1);
        if (refund) {
          ver.set('ok', 'Refund notification decrypted', `refund_status ${got.refund_status ?? '(none)'} · out_refund_no ${got.out_refund_no ?? '(none)'}`);
          const inner = v2.decryptRefundNotification(outer.req_info, key.value);
          fields.append(h('h3', { text: 'Decrypted req_info' }), fieldsTable('v2-notify-reqinfo-fields', asRows(inner), { roles: false }),
            h('h3', { text: 'Outer fields (not signed)' }),
            fieldsTable('v2-notify-fields', asRows({ ...outer, req_info: `(${outer.req_info.length} characters of base64, decrypted above)` }), { roles: false }));
        } else {
          const paid = got.result_code === undefined || got.result_code === 'SUCCESS';
          ver.set(paid ? 'ok' : 'info', paid ? 'Notification verified' : 'Notification verified, but the payment failed',
            paid ? `sign valid (${got.sign_type || 'MD5'})` : `result_code ${got.result_code}: ${got.err_code ?? ''} ${got.err_code_des ?? ''}`.trim());
          fields.append(h('h3', { text: 'Verified fields' }), fieldsTable('v2-notify-fields', asRows(got), { roles: false }));
        }
        ack.set(v2.notificationAck(true), { hint: 'after you have stored the result' });
        ack.el.hidden = false;
      } catch (e) {
        // The outer XML parsed: an XML_* error of a refund comes from the decrypted req_info.
        const found = list.findIndex(([, codes], i) => codes.includes(e.code) && !(refund && i === 0));
        showChecks(list, e.code, found < 0 ? list.length - 1 : found);
        ver.set('bad', `Check failed: ${e.code}`, errorText(e).replace(`${e.code}: `, ''));
        fields.append(h('h3', { text: 'Fields (not verified)' }), fieldsTable('v2-notify-fields', asRows(outer), { roles: false }));
        if (e.code === 'SIGN_MISMATCH') {
          try { extra.append(diagnosisList('v2-notify-diagnosis', v2.diagnose(outer, key.value))); } catch { /* shown above */ }
        }
        ack.set(v2.notificationAck(false, e.code === 'NOTIFY_RETURN_FAIL' ? 'FAIL' : 'invalid sign'), { hint: 'WeChat Pay will redeliver' });
        ack.el.hidden = false;
      }
    };

    function decryptAlone() {
      kind.textContent = 'req_info';
      try {
        const inner = v2.decryptRefundNotification(reqInfo.value, key.value);
        ver.set('ok', 'req_info decrypted', `refund_status ${inner.refund_status ?? '(none)'}`);
        fields.append(h('h3', { text: 'Decrypted req_info' }), fieldsTable('v2-notify-reqinfo-fields', asRows(inner), { roles: false }));
      } catch (e) {
        ver.set('bad', `Decryption failed: ${e.code}`, errorText(e).replace(`${e.code}: `, ''));
      }
    }

    const later = debounce(update);
    xml.addEventListener('input', later);
    reqInfo.addEventListener('input', later);
    update();
  },
};
