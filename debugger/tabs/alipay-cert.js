// Alipay certificate mode (公钥证书模式): paste the three .crt files and see app_cert_sn,
// alipay_cert_sn and alipay_root_cert_sn as Alipay computes them, which certificates of the root
// bundle count (RSA-signed) and which are skipped (SM2/EC), and whether an SN a response or a
// v3 alipay-sn header carries names the pasted Alipay certificate. Runs in the page (alipay.*).
import { h, debounce, output, field, verdict, errorText } from '../ui.js';
import { lang } from '../i18n.js';

const TEXT = {
  en: {
    title: 'Alipay certificate mode',
    description: 'Certificate mode (公钥证书模式): the app_cert_sn, alipay_cert_sn and alipay_root_cert_sn of your .crt files, the root certificates that count, and an SN check.',
    heading: 'Certificate files',
    appCert: 'App certificate (appCertPublicKey_<appid>.crt)',
    alipayCert: 'Alipay certificate (alipayCertPublicKey_RSA2.crt)',
    rootCert: 'Alipay root certificate (alipayRootCert.crt)',
    received: 'SN received (a response\'s alipay_cert_sn or a v3 alipay-sn header), optional',
    pemHint: 'Paste the file\'s text (-----BEGIN CERTIFICATE-----…). Certificates are public; nothing leaves the page.',
    appSn: 'app_cert_sn',
    alipaySn: 'alipay_cert_sn',
    rootSn: 'alipay_root_cert_sn',
    rootList: 'Root bundle certificates',
    counted: 'RSA-signed: counted',
    skipped: 'not RSA-signed (SM2/EC): skipped',
    idle: 'Paste the certificate files',
    ok: 'Certificate SNs computed',
    okDetail: 'Send app_cert_sn and alipay_root_cert_sn with every request; responses are verified with the Alipay certificate\'s key.',
    match: 'The received SN names the pasted Alipay certificate',
    mismatch: 'The received SN names another Alipay certificate (ALIPAY_CERT_SN_MISMATCH): Alipay rotated it; download the new alipayCertPublicKey_RSA2.crt',
    bad: 'A certificate cannot be read',
  },
  zh: {
    title: '支付宝公钥证书模式',
    description: '公钥证书模式：计算 .crt 文件的 app_cert_sn、alipay_cert_sn 和 alipay_root_cert_sn，列出根证书中参与计算的证书，并核对收到的证书序列号。',
    heading: '证书文件',
    appCert: '应用公钥证书（appCertPublicKey_<appid>.crt）',
    alipayCert: '支付宝公钥证书（alipayCertPublicKey_RSA2.crt）',
    rootCert: '支付宝根证书（alipayRootCert.crt）',
    received: '收到的证书序列号（响应中的 alipay_cert_sn 或 v3 的 alipay-sn 头），可选',
    pemHint: '粘贴文件内容（-----BEGIN CERTIFICATE-----…）。证书是公开的；数据不会离开本页面。',
    appSn: 'app_cert_sn',
    alipaySn: 'alipay_cert_sn',
    rootSn: 'alipay_root_cert_sn',
    rootList: '根证书包中的证书',
    counted: 'RSA 签名：参与计算',
    skipped: '非 RSA 签名（SM2/EC）：跳过',
    idle: '请粘贴证书文件',
    ok: '已计算证书序列号',
    okDetail: '每个请求都要带上 app_cert_sn 和 alipay_root_cert_sn；响应用支付宝公钥证书中的公钥验签。',
    match: '收到的序列号与粘贴的支付宝公钥证书一致',
    mismatch: '收到的序列号属于另一张支付宝证书（ALIPAY_CERT_SN_MISMATCH）：支付宝已更换证书，请下载新的 alipayCertPublicKey_RSA2.crt',
    bad: '无法读取证书',
  },
};

const t = (key) => TEXT[lang()]?.[key] ?? TEXT.en[key];

/** The PEM blocks of a bundle, in order. */
const pemBlocks = (text) => text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];

export default {
  id: 'alipay-cert',
  group: 'Alipay',
  TEXT,

  render(panel, { lib }) {
    const { alipay } = lib;
    const area = (id) => h(`textarea.mono#${id}`, { rows: 6, spellcheck: 'false', placeholder: '-----BEGIN CERTIFICATE-----' });
    const appCert = area('alipay-cert-app');
    const alipayCert = area('alipay-cert-alipay');
    const rootCert = area('alipay-cert-root');
    const received = h('input.mono#alipay-cert-received', { type: 'text', spellcheck: 'false' });
    const ver = verdict('alipay-cert-verdict');
    const appSn = output('alipay-cert-app-sn', t('appSn'));
    const alipaySn = output('alipay-cert-alipay-sn', t('alipaySn'));
    const rootSn = output('alipay-cert-root-sn', t('rootSn'));
    const list = h('ul#alipay-cert-root-list');

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: t('heading') })),
        h('div.help', { text: t('pemHint') }),
        field(t('appCert'), appCert), field(t('alipayCert'), alipayCert), field(t('rootCert'), rootCert), field(t('received'), received)),
      h('section.card.result', {},
        ver.el,
        h('div.outputs', {}, appSn.el, alipaySn.el, rootSn.el),
        h('h3', { text: t('rootList') }), list)));

    const update = () => {
      for (const o of [appSn, alipaySn, rootSn]) o.set('');
      list.replaceChildren();
      if (!appCert.value.trim() && !alipayCert.value.trim() && !rootCert.value.trim()) {
        ver.set('idle', t('idle'));
        return;
      }
      const errors = [];
      const compute = (el, fn, out) => {
        if (!el.value.trim()) return undefined;
        try { const sn = fn(el.value); out.set(sn); return sn; } catch (e) { errors.push(errorText(e)); return undefined; }
      };
      compute(appCert, alipay.certSn, appSn);
      const alipayCertSn = compute(alipayCert, alipay.certSn, alipaySn);
      compute(rootCert, alipay.rootCertSn, rootSn);
      for (const block of pemBlocks(rootCert.value)) {
        let item;
        try {
          const sn = alipay.certSn(block);
          let counted = true;
          try { alipay.rootCertSn(block); } catch (e) { if (e.code === 'ALIPAY_CERT_NO_RSA') counted = false; else throw e; }
          item = h(`li.${counted ? 'ok' : 'muted'}`, { text: `${sn} — ${t(counted ? 'counted' : 'skipped')}` });
        } catch (e) {
          item = h('li.bad', { text: errorText(e) });
        }
        list.append(item);
      }
      if (errors.length) {
        ver.set('bad', t('bad'), errors.join('\n'));
        return;
      }
      const got = received.value.trim();
      if (got && alipayCertSn) {
        ver.set(got === alipayCertSn ? 'ok' : 'bad', t(got === alipayCertSn ? 'match' : 'mismatch'));
        return;
      }
      ver.set('ok', t('ok'), t('okDetail'));
    };

    const later = debounce(update);
    for (const el of [appCert, alipayCert, rootCert, received]) el.addEventListener('input', later);
    update();
  },
};
