// API v2 notification: paste the XML WeChat Pay posted to notify_url and the key; see each check
// the library makes (the same as v2.parseNotification / v2.parseRefundNotification), the verified
// fields, the reply to send, and for a refund notification the decrypted req_info.
import { h, debounce, output, fieldsTable, verdict, keyField, errorDetail, explainCode } from '../ui.js';
import { V2_KEY, OFFICIAL, diagnosisList } from './v2-common.js';
import { tr } from '../i18n.js';

const TEXT = {
  en: {
    title: 'v2 notification',
    description: 'Verify a payment notification or decrypt a refund notification.',
    checkXml: 'XML is flat WeChat Pay XML (no DOCTYPE or entities, at most 1 MiB)',
    checkReturn: 'return_code is SUCCESS',
    checkSignPresent: 'sign is present',
    checkSignValid: 'sign is valid for its sign_type (default MD5)',
    checkReqInfo: 'req_info is present (refund notifications are not signed: req_info is encrypted instead)',
    checkDecrypt: 'req_info decrypts with AES-256-ECB, key = md5(API key)',
    reqInfoPlaceholder: 'base64 req_info of a refund notification',
    ack: 'Reply to WeChat Pay (HTTP 200 body)',
    notificationXml: 'Notification XML', tryLabel: 'Try:',
    exampleSigned: 'Official signed XML', exampleTampered: 'Tampered body', exampleRefund: 'Refund notification',
    exampleRefundTitle: 'A refund notification whose req_info is encrypted here, with the example key',
    xmlHelp: 'The raw body WeChat Pay POSTed to your notify_url: a payment notification (signed) or a refund notification (with an encrypted req_info).',
    reqInfoAlone: 'Only have a req_info? Decrypt it alone',
    start: 'Paste a notification to start', startHint: 'Or try the official example.',
    checkFailed: (code) => `Check failed: ${code}`,
    refundKind: 'refund notification', paymentKind: 'payment notification',
    refundDecrypted: 'Refund notification decrypted', none: '(none)',
    decryptedReqInfo: 'Decrypted req_info', outerFields: 'Outer fields (not signed)',
    reqInfoSummary: (n) => `(${n} characters of base64, decrypted above)`,
    verified: 'Notification verified', verifiedUnpaid: 'Notification verified, but the payment failed',
    signValid: (type) => `sign valid (${type})`,
    verifiedFields: 'Verified fields', afterStoring: 'after you have stored the result',
    unverifiedFields: 'Fields (not verified)', redeliver: 'WeChat Pay will redeliver',
    reqInfoDecrypted: 'req_info decrypted', decryptionFailed: (code) => `Decryption failed: ${code}`,
  },
  zh: {
    title: 'v2 通知',
    description: '验证支付通知，或解密退款通知。',
    checkXml: '是扁平的微信支付 XML（无 DOCTYPE 和实体，不超过 1 MiB）',
    checkReturn: 'return_code 为 SUCCESS',
    checkSignPresent: '有 sign 字段',
    checkSignValid: '按 sign_type（默认 MD5）验签通过',
    checkReqInfo: '有 req_info（退款通知不签名，而是加密 req_info）',
    checkDecrypt: 'req_info 可用 AES-256-ECB 解密，密钥 = md5(API 密钥)',
    reqInfoPlaceholder: '退款通知中 Base64 编码的 req_info',
    ack: '给微信支付的应答（HTTP 200 报文）',
    notificationXml: '通知 XML', tryLabel: '试试：',
    exampleSigned: '官方签名 XML', exampleTampered: '被篡改的报文', exampleRefund: '退款通知',
    exampleRefundTitle: '在本页用示例密钥加密 req_info 的退款通知',
    xmlHelp: '微信支付 POST 到您的 notify_url 的原始报文：支付通知（已签名）或退款通知（req_info 已加密）。',
    reqInfoAlone: '只有 req_info？单独解密',
    start: '粘贴通知开始', startHint: '或试试官方示例。',
    checkFailed: (code) => `检查未通过：${code}`,
    refundKind: '退款通知', paymentKind: '支付通知',
    refundDecrypted: '退款通知已解密', none: '（无）',
    decryptedReqInfo: '解密后的 req_info', outerFields: '外层字段（未签名）',
    reqInfoSummary: (n) => `（${n} 个 Base64 字符，已在上方解密）`,
    verified: '通知验签通过', verifiedUnpaid: '通知验签通过，但支付失败',
    signValid: (type) => `签名有效（${type}）`,
    verifiedFields: '已验证的字段', afterStoring: '在保存处理结果之后',
    unverifiedFields: '字段（未验证）', redeliver: '微信支付会重新发送通知',
    reqInfoDecrypted: 'req_info 已解密', decryptionFailed: (code) => `解密失败：${code}`,
  },
};

const paymentChecks = (T) => [
  [T.checkXml, ['XML_INVALID', 'XML_FORBIDDEN', 'XML_TOO_LARGE']],
  [T.checkReturn, ['NOTIFY_RETURN_FAIL']],
  [T.checkSignPresent, ['SIGN_MISSING']],
  [T.checkSignValid, ['SIGN_MISMATCH', 'SIGN_TYPE_UNSUPPORTED']],
];
const refundChecks = (T) => [
  [T.checkXml, ['XML_INVALID', 'XML_FORBIDDEN', 'XML_TOO_LARGE']],
  [T.checkReturn, ['NOTIFY_RETURN_FAIL']],
  [T.checkReqInfo, []],
  [T.checkDecrypt, ['BASE64_INVALID', 'DECRYPT_FAILED', 'KEY_INVALID']],
];

const asRows = (obj) => Object.entries(obj).map(([name, value]) => ({ name, value }));

export default {
  id: 'v2-notify',
  group: 'API v2',
  TEXT,

  render(panel, { lib }) {
    const T = tr(TEXT);
    const PAYMENT_CHECKS = paymentChecks(T);
    const REFUND_CHECKS = refundChecks(T);
    const { v2 } = lib;
    const xml = h('textarea.mono#v2-notify-xml', { rows: 12, spellcheck: 'false', placeholder: '<xml>\n  <return_code><![CDATA[SUCCESS]]></return_code>\n  …\n  <sign><![CDATA[…]]></sign>\n</xml>' });
    const reqInfo = h('textarea.mono#v2-notify-reqinfo', { rows: 4, spellcheck: 'false', placeholder: T.reqInfoPlaceholder });
    const key = keyField('v2-notify', { ...V2_KEY, onChange: () => update() });
    const kind = h('span.badge#v2-notify-kind');

    const ver = verdict('v2-notify-verdict');
    const checks = h('ol.checks#v2-notify-checks');
    const extra = h('div#v2-notify-extra');
    const fields = h('div#v2-notify-fields-slot');
    const ack = output('v2-notify-ack', T.ack);

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: T.notificationXml }), kind),
        h('div.examples', {}, h('span.help', { text: T.tryLabel }),
          h('button.ghost', { type: 'button', text: T.exampleSigned, onclick: () => fill(OFFICIAL.xml) }),
          h('button.ghost', { type: 'button', text: T.exampleTampered, onclick: () => fill(OFFICIAL.xml.replace('<body>test', '<body>tesT')) }),
          h('button.ghost', { type: 'button', text: T.exampleRefund, title: T.exampleRefundTitle, onclick: () => fill(refundExample()) })),
        xml,
        h('div.help', { text: T.xmlHelp }),
        key.el,
        h('details.sub#v2-notify-reqinfo-box', {},
          h('summary', { text: T.reqInfoAlone }),
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
          failed ? h('span.code', { text: failedCode, title: explainCode(failedCode) }) : null);
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
        ver.set('idle', T.start, T.startHint);
        return;
      }

      let outer;
      try {
        outer = v2.fromXml(xml.value);
      } catch (e) {
        showChecks(PAYMENT_CHECKS, e.code, 0);
        ver.set('bad', T.checkFailed(e.code), errorDetail(e));
        ack.set(v2.notificationAck(false, 'invalid XML'));
        ack.el.hidden = false;
        return;
      }
      const refund = Object.hasOwn(outer, 'req_info');
      kind.textContent = refund ? T.refundKind : T.paymentKind;
      const list = refund ? REFUND_CHECKS : PAYMENT_CHECKS;
      try {
        const got = refund ? v2.parseRefundNotification(xml.value, key.value) : v2.parseNotification(xml.value, key.value);
        showChecks(list, null, list.length - 1);
        if (refund) {
          ver.set('ok', T.refundDecrypted, `refund_status ${got.refund_status ?? T.none} · out_refund_no ${got.out_refund_no ?? T.none}`);
          const inner = v2.decryptRefundNotification(outer.req_info, key.value);
          fields.append(h('h3', { text: T.decryptedReqInfo }), fieldsTable('v2-notify-reqinfo-fields', asRows(inner), { roles: false }),
            h('h3', { text: T.outerFields }),
            fieldsTable('v2-notify-fields', asRows({ ...outer, req_info: T.reqInfoSummary(outer.req_info.length) }), { roles: false }));
        } else {
          const paid = got.result_code === undefined || got.result_code === 'SUCCESS';
          ver.set(paid ? 'ok' : 'info', paid ? T.verified : T.verifiedUnpaid,
            paid ? T.signValid(got.sign_type || 'MD5') : `result_code ${got.result_code}: ${got.err_code ?? ''} ${got.err_code_des ?? ''}`.trim());
          fields.append(h('h3', { text: T.verifiedFields }), fieldsTable('v2-notify-fields', asRows(got), { roles: false }));
        }
        ack.set(v2.notificationAck(true), { hint: T.afterStoring });
        ack.el.hidden = false;
      } catch (e) {
        // The outer XML parsed: an XML_* error of a refund comes from the decrypted req_info.
        const found = list.findIndex(([, codes], i) => codes.includes(e.code) && !(refund && i === 0));
        showChecks(list, e.code, found < 0 ? list.length - 1 : found);
        ver.set('bad', T.checkFailed(e.code), errorDetail(e));
        fields.append(h('h3', { text: T.unverifiedFields }), fieldsTable('v2-notify-fields', asRows(outer), { roles: false }));
        if (e.code === 'SIGN_MISMATCH') {
          try { extra.append(diagnosisList('v2-notify-diagnosis', v2.diagnose(outer, key.value))); } catch { /* shown above */ }
        }
        ack.set(v2.notificationAck(false, e.code === 'NOTIFY_RETURN_FAIL' ? 'FAIL' : 'invalid sign'), { hint: T.redeliver });
        ack.el.hidden = false;
      }
    };

    function decryptAlone() {
      kind.textContent = 'req_info';
      try {
        const inner = v2.decryptRefundNotification(reqInfo.value, key.value);
        ver.set('ok', T.reqInfoDecrypted, `refund_status ${inner.refund_status ?? T.none}`);
        fields.append(h('h3', { text: T.decryptedReqInfo }), fieldsTable('v2-notify-reqinfo-fields', asRows(inner), { roles: false }));
      } catch (e) {
        ver.set('bad', T.decryptionFailed(e.code), errorDetail(e));
      }
    }

    const later = debounce(update);
    xml.addEventListener('input', later);
    reqInfo.addEventListener('input', later);
    update();
  },
};
