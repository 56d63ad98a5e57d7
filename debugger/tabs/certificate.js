// Merchant certificate: the serial number (what serial_no must say) and validity of a pasted
// apiclient_cert.pem. Everything runs in the page (certificateInfo of the package).
import { h, debounce, output, verdict, errorText } from '../ui.js';
import { tr } from '../i18n.js';

const TEXT = {
  en: {
    title: 'Certificate',
    description: 'Paste the merchant API certificate (apiclient_cert.pem) to see its serial number, the serial_no every API v3 request must carry, and its validity.',
    head: 'Merchant certificate',
    label: 'Certificate (PEM)',
    placeholder: '-----BEGIN CERTIFICATE-----…',
    help: 'A .p12 cannot be pasted: run `npx wechatpay-wasm p12 apiclient_cert.p12 --mch-id MCHID` to print the same, or open it in createV3Client({ merchantCertificate }).',
    serial: 'serial_no (uppercase hex)',
    notBefore: 'Valid from (UTC)',
    notAfter: 'Valid until (UTC)',
    idle: 'Paste a certificate',
    ok: 'Certificate read',
    expired: 'The certificate has expired',
    notYet: 'The certificate is not valid yet',
    daysLeft: (d) => `${d} days left. Send this serial as serial_no; a different one is answered with SIGN_ERROR.`,
    bad: 'Not a usable certificate',
  },
  zh: {
    title: '商户证书',
    description: '粘贴商户 API 证书（apiclient_cert.pem），查看证书序列号（即每个 API v3 请求的 serial_no）和有效期。',
    head: '商户 API 证书',
    label: '证书（PEM）',
    placeholder: '-----BEGIN CERTIFICATE-----…',
    help: '.p12 文件无法粘贴：运行 `npx wechatpay-wasm p12 apiclient_cert.p12 --mch-id 商户号` 可显示同样的信息，或直接传给 createV3Client({ merchantCertificate })。',
    serial: 'serial_no（大写十六进制）',
    notBefore: '生效时间（UTC）',
    notAfter: '失效时间（UTC）',
    idle: '请粘贴证书',
    ok: '已读取证书',
    expired: '证书已过期',
    notYet: '证书尚未生效',
    daysLeft: (d) => `剩余 ${d} 天。请求中的 serial_no 必须是这个序列号，否则会返回 SIGN_ERROR。`,
    bad: '不是可用的证书',
  },
};

export default {
  id: 'certificate',
  group: 'API v3',
  TEXT,

  render(panel, { lib }) {
    const t = tr(TEXT);
    const input = h('textarea.mono#certificate-input', { rows: 10, spellcheck: 'false', placeholder: t.placeholder });
    const ver = verdict('certificate-verdict');
    const serial = output('certificate-serial', t.serial);
    const from = output('certificate-not-before', t.notBefore);
    const until = output('certificate-not-after', t.notAfter);
    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: t.head })),
        h('label', { for: 'certificate-input', text: t.label }),
        input,
        h('div.help', { text: t.help })),
      h('section.card.result', {}, ver.el, h('div.outputs', {}, serial.el, from.el, until.el))));

    const update = () => {
      for (const o of [serial, from, until]) o.set('');
      const pem = input.value.trim();
      if (!pem) { ver.set('idle', t.idle); return; }
      try {
        const info = lib.certificateInfo(pem);
        serial.set(info.serialNo, { highlight: true });
        from.set(new Date(info.notBefore * 1000).toISOString());
        until.set(new Date(info.notAfter * 1000).toISOString());
        const now = Date.now() / 1000;
        if (now > info.notAfter) ver.set('bad', t.expired);
        else if (now < info.notBefore) ver.set('bad', t.notYet);
        else ver.set('ok', t.ok, t.daysLeft(Math.floor((info.notAfter - now) / 86400)));
      } catch (e) {
        ver.set('bad', t.bad, errorText(e));
      }
    };
    input.addEventListener('input', debounce(update));
    update();
  },
};
