// API v3 notification / response: the Wechatpay-* headers, the raw body and WeChat Pay's key
// (platform certificate, or its public key with the PUB_KEY_ID_…) → each check the library makes,
// in its order (v3.verifyResponse / v3.parseNotification), the timestamp skew, the signed message,
// and for a notification the resource decrypted with the API v3 key. A "now" override replays old
// captures.
import { keySlot } from '../keystore.js';
import { h, debounce, output, field, select, verdict, fieldsTable, keyField, errorText, errorDetail, explainCode } from '../ui.js';
import { tr } from '../i18n.js';
import {
  V3_PLATFORM, V3_API_KEY, EXAMPLE, pemField, messageView, nowSeconds, beijing, duration, exampleKeyPair, webcryptoSign, mayReplace, whyPanel,
} from './v3-common.js';

const HEADER_NAMES = ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial'];
const AUTH_CODES = ['HEADER_INVALID', 'SIGNTEST_PROBE', 'SERIAL_UNKNOWN', 'TIMESTAMP_SKEW', 'SIGN_MISMATCH'];

const TEXT = {
  en: {
    title: 'v3 notification',
    description: 'Verify a v3 notification or response (Wechatpay-* headers and the raw body) and decrypt the notification\'s resource.',
    jsonObject: 'the JSON must be an object of header names to values',
    ignoredLine: (line) => `ignored a line without "Name: value": ${line}`,
    badNow: (t) => `"now" must be Unix seconds or a date, not ${t}`,
    modeNotification: 'Notification (verify, then decrypt the resource)', modeResponse: 'Response to your request (verify)',
    headersOrJson: '(or a JSON object)',
    bodyPlaceholder: '{"id":"EV-…","create_time":"…","resource":{…}}  (the raw body, byte for byte)',
    keyId: 'Public key id (Wechatpay-Serial in public-key mode)', keyIdHint: 'Shown next to the public key in the merchant platform.',
    platformPlaceholder: '-----BEGIN CERTIFICATE-----… (platform certificate)\nor -----BEGIN PUBLIC KEY-----… (WeChat Pay public key)',
    nowPlaceholder: 'now', capture: 'Capture time', captureTitle: 'Check as of the Wechatpay-Timestamp (replaying an old capture)',
    now: 'Now', nowTitle: 'This computer\'s clock',
    message: 'Message signed: TIMESTAMP\\nNONCE\\nBODY\\n',
    resource: 'Decrypted resource (JSON)', body: 'Body (JSON)', ack: 'Reply to WeChat Pay',
    headersAndBody: 'Headers and body', tryLabel: 'Try:', example: 'Payment notification (throwaway key)',
    exampleTitle: 'Made in this page: a WebCrypto key pair, the resource encrypted with an example API v3 key, then signed',
    whatIsIt: 'What is it', headers: 'Headers', bodyLabel: 'Body', bodyHint: 'Exactly as received: the signature covers these bytes.',
    nowLabel: 'Now (for replaying old captures)', nowHint: 'Unix seconds, or a date (yyyy-MM-dd HH:mm:ss is read as Beijing time).',
    skew: 'Allowed skew (s)',
    platformWhat: 'platform key', apiV3What: 'API v3 key',
    makingKeys: 'Making a throwaway RSA-2048 key pair in this page…', cannotMakeKey: 'Cannot make an example key',
    unreadable: 'The headers cannot be read', bodyBytes: (n) => `${n} body bytes`, cannotReadNow: 'Cannot read "now"',
    skewZero: '(skew 0 s)',
    skewText: (sign, d, before, given) => `(skew ${sign}${d}: signed ${d} ${before ? 'before' : 'after'} ${given ? 'the "now" given' : 'now'})`,
    checkHeaders: 'Wechatpay-Timestamp, -Nonce, -Signature and -Serial present and well formed',
    checkProbe: 'Not WeChat Pay\'s WECHATPAY/SIGNTEST/ probe',
    checkSerial: 'Wechatpay-Serial is a key given here',
    checkTimestamp: (window, at) => `Timestamp within ±${window} s of ${at === undefined ? 'now' : `"now" ${at}`}`,
    checkSignature: 'SHA256withRSA signature over the message valid',
    checkDecrypt: 'Resource decrypts (AEAD_AES_256_GCM with the API v3 key)',
    start: 'Paste the headers and the body to start', startHint: 'Or try the example. Nothing you type leaves this page.',
    platformUnusable: (code) => `The platform key is unusable: ${code}`,
    pastePlatform: 'Paste WeChat Pay\'s platform certificate or public key',
    pastePlatformHint: 'The certificate is verified under its serial; a public key under its PUB_KEY_ID_….',
    enterKeyId: 'Enter the public key id', enterKeyIdHint: 'A WeChat Pay public key is looked up by its PUB_KEY_ID_… (sent in Wechatpay-Serial).',
    enterApiV3: 'Enter the API v3 key', enterApiV3Hint: 'It decrypts the resource (32 characters, set in the merchant platform).',
    afterStoring: 'after you have stored the result',
    verifiedDecrypted: 'Notification verified and decrypted', amount: (total, currency) => `amount ${total} ${currency}`.trim(),
    responseVerified: 'Response verified', signedBy: (serial, skew) => `signed by ${serial} · ${skew}`,
    cannotVerify: (code) => `Cannot verify: ${code}`, checkFailed: (code) => `Check failed: ${code}`,
    redeliver: 'WeChat Pay will redeliver',
    notificationUnverified: 'Notification (NOT verified)', notification: 'Notification',
    notVerified: 'NOT verified: do not trust it', resourceUnverified: 'Decrypted resource — the signature did NOT verify',
  },
  zh: {
    title: 'v3 通知',
    description: '验证 v3 通知或应答（Wechatpay-* 头和原始报文），并解密通知的 resource。',
    jsonObject: 'JSON 必须是“头名称 → 值”的对象',
    ignoredLine: (line) => `忽略了一行不是“名称: 值”格式的内容：${line}`,
    badNow: (t) => `“当前时间”必须是 Unix 秒数或日期，而不是 ${t}`,
    modeNotification: '通知（验签，然后解密 resource）', modeResponse: '您的请求收到的应答（验签）',
    headersOrJson: '（或 JSON 对象）',
    bodyPlaceholder: '{"id":"EV-…","create_time":"…","resource":{…}}（原始报文，逐字节一致）',
    keyId: '公钥 ID（公钥模式下的 Wechatpay-Serial）', keyIdHint: '在商户平台中显示在公钥旁边。',
    platformPlaceholder: '-----BEGIN CERTIFICATE-----…（平台证书）\n或 -----BEGIN PUBLIC KEY-----…（微信支付公钥）',
    nowPlaceholder: '当前时间', capture: '抓包时间', captureTitle: '以 Wechatpay-Timestamp 为当前时间检查（重放旧的抓包）',
    now: '现在', nowTitle: '本机时钟',
    message: '签名串：TIMESTAMP\\nNONCE\\nBODY\\n',
    resource: '解密后的 resource（JSON）', body: '报文（JSON）', ack: '给微信支付的应答',
    headersAndBody: '请求头和报文', tryLabel: '试试：', example: '支付通知（一次性密钥）',
    exampleTitle: '在本页生成：WebCrypto 密钥对，用示例 APIv3 密钥加密 resource，然后签名',
    whatIsIt: '类型', headers: '请求头', bodyLabel: '报文', bodyHint: '与收到的完全一致：签名覆盖这些字节。',
    nowLabel: '当前时间（用于重放旧的抓包）', nowHint: 'Unix 秒数或日期（yyyy-MM-dd HH:mm:ss 按北京时间解读）。',
    skew: '允许的时间偏差（秒）',
    platformWhat: '平台密钥', apiV3What: 'APIv3 密钥',
    makingKeys: '正在本页生成一次性 RSA-2048 密钥对…', cannotMakeKey: '无法生成示例密钥',
    unreadable: '无法读取请求头', bodyBytes: (n) => `报文 ${n} 字节`, cannotReadNow: '无法读取“当前时间”',
    skewZero: '（偏差 0 秒）',
    skewText: (sign, d, before, given) => `（偏差 ${sign}${d}：签名时间比${given ? '给定的“当前时间”' : '现在'}${before ? '早' : '晚'} ${d}）`,
    checkHeaders: 'Wechatpay-Timestamp、-Nonce、-Signature 和 -Serial 齐全且格式正确',
    checkProbe: '不是微信支付的签名探测（WECHATPAY/SIGNTEST/）',
    checkSerial: 'Wechatpay-Serial 对应此处提供的密钥',
    checkTimestamp: (window, at) => `时间戳与${at === undefined ? '现在' : `“当前时间” ${at} `}相差不超过 ±${window} 秒`,
    checkSignature: '签名串的 SHA256withRSA 签名有效',
    checkDecrypt: 'resource 可解密（AEAD_AES_256_GCM，使用 APIv3 密钥）',
    start: '粘贴请求头和报文开始', startHint: '或试试示例。您输入的内容不会离开本页面。',
    platformUnusable: (code) => `平台密钥不可用：${code}`,
    pastePlatform: '粘贴微信支付平台证书或公钥',
    pastePlatformHint: '证书按其序列号验签；公钥按其 PUB_KEY_ID_… 验签。',
    enterKeyId: '输入公钥 ID', enterKeyIdHint: '微信支付公钥按其 PUB_KEY_ID_… 查找（在 Wechatpay-Serial 中发送）。',
    enterApiV3: '输入 APIv3 密钥', enterApiV3Hint: '用于解密 resource（32 位，在商户平台设置）。',
    afterStoring: '在保存处理结果之后',
    verifiedDecrypted: '通知验签通过并已解密', amount: (total, currency) => `金额 ${total} ${currency}`.trim(),
    responseVerified: '应答验签通过', signedBy: (serial, skew) => `签名密钥 ${serial} · ${skew}`,
    cannotVerify: (code) => `无法验证：${code}`, checkFailed: (code) => `检查未通过：${code}`,
    redeliver: '微信支付会重新发送通知',
    notificationUnverified: '通知（未通过验证）', notification: '通知',
    notVerified: '未通过验证：不要信任它', resourceUnverified: '解密后的 resource —— 签名未通过验证',
  },
};

/**
 * Headers pasted as `Name: value` lines (curl -i / -v output and DevTools' raw view work: status
 * lines and `< ` prefixes are skipped) or as a JSON object. → `{ pairs, format, notes }`.
 */
export function parseHeaders(text) {
  const t = text.trim();
  if (!t) return { pairs: [], format: '', notes: [] };
  if (t.startsWith('{')) {
    const obj = JSON.parse(t);
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error(tr(TEXT).jsonObject);
    const pairs = [];
    for (const [k, v] of Object.entries(obj)) {
      for (const one of Array.isArray(v) ? v : [v]) pairs.push([k, String(one)]);
    }
    return { pairs, format: 'JSON', notes: [] };
  }
  const pairs = [];
  const notes = [];
  for (const raw of t.split(/\r?\n/)) {
    const line = raw.replace(/^[<>] ?/, '').trim();
    if (!line || /^HTTP\/\d/i.test(line) || /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+/.test(line)) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) { notes.push(tr(TEXT).ignoredLine(line.slice(0, 60))); continue; }
    pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { pairs, format: 'lines', notes };
}

/** Unix seconds from digits or a date (ISO 8601, or `yyyy-MM-dd HH:mm:ss` read as Beijing time). */
function parseNow(text) {
  const t = text.trim();
  if (/^\d{1,12}$/.test(t)) return Number(t);
  const local = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(:\d\d)?)$/.exec(t);
  const ms = Date.parse(local ? `${local[1]}T${local[2]}${local[3] ? '' : ':00'}+08:00` : t);
  if (!Number.isFinite(ms)) throw new Error(tr(TEXT).badNow(JSON.stringify(t)));
  return Math.floor(ms / 1000);
}

export default {
  id: 'v3-notify',
  group: 'API v3',
  TEXT,

  render(panel, { lib }) {
    const T = tr(TEXT);
    const { v3 } = lib;
    const mode = select('v3-notify-mode', [['notification', T.modeNotification], ['response', T.modeResponse]], 'notification');
    const headers = h('textarea.mono#v3-notify-headers', { rows: 6, spellcheck: 'false',
      placeholder: 'Wechatpay-Timestamp: 1554209980\nWechatpay-Nonce: c5ac7061fccab6bf3e254dcf98995b8c\nWechatpay-Signature: …\nWechatpay-Serial: 5157F09E…\n\n' + T.headersOrJson });
    const headersFormat = h('span.badge#v3-notify-headers-format');
    const headerNotes = h('ul.notes.compact#v3-notify-header-notes');
    const body = h('textarea.mono#v3-notify-body', { rows: 7, spellcheck: 'false', placeholder: T.bodyPlaceholder });
    const keyId = h('input.mono#v3-notify-keyid', { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 'PUB_KEY_ID_…' });
    const keyIdField = field(T.keyId, keyId, { hint: T.keyIdHint });
    const platform = pemField('v3-notify', { ...V3_PLATFORM, role: 'public', lib, companion: keyId, extra: keyIdField, onChange: () => later(),
      placeholder: T.platformPlaceholder });
    const apiKey = keyField('v3-notify-apiv3', { ...V3_API_KEY, onChange: () => later() });
    const now = h('input.mono#v3-notify-now', { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: T.nowPlaceholder });
    const maxSkew = h('input.mono#v3-notify-maxskew', { type: 'text', spellcheck: 'false', autocomplete: 'off', value: '300' });
    const useTimestamp = h('button.ghost#v3-notify-now-capture', { type: 'button', text: T.capture, title: T.captureTitle });
    const clearNow = h('button.ghost', { type: 'button', text: T.now, title: T.nowTitle });

    const ver = verdict('v3-notify-verdict');
    const checks = h('ol.checks#v3-notify-checks');
    const why = h('div#v3-notify-why-slot');
    const message = messageView('v3-notify-message', T.message);
    const headerTable = h('div#v3-notify-headers-slot');
    const resultBox = h('div#v3-notify-result');
    const resource = output('v3-notify-resource', T.resource);
    const ack = output('v3-notify-ack', T.ack);

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: T.headersAndBody }), headersFormat),
        h('div.examples', {}, h('span.help', { text: T.tryLabel }),
          h('button.ghost', { type: 'button', text: T.example, title: T.exampleTitle, onclick: () => example() })),
        field(T.whatIsIt, mode),
        field(T.headers, headers),
        headerNotes,
        field(T.bodyLabel, body, { hint: T.bodyHint }),
        platform.el,
        apiKey.el,
        h('div.row-now', {},
          h('div.field', {}, h('label', { for: now.id, text: T.nowLabel }), h('div.input-row', {}, now, useTimestamp, clearNow),
            h('div.help', { text: T.nowHint })),
          field(T.skew, maxSkew))),
      h('section.card.result', {},
        ver.el, checks, why,
        h('div.outputs', {}, message.el),
        resultBox,
        h('div.outputs', {}, resource.el, ack.el),
        h('h3', { text: T.headers }), headerTable)));

    async function example() {
      if (!mayReplace(platform, T.platformWhat) || !mayReplace({ remembered: keySlot(V3_API_KEY.slot).remembered, value: apiKey.value }, T.apiV3What)) return;
      ver.set('idle', T.makingKeys);
      let pair;
      try {
        pair = await exampleKeyPair();
      } catch (e) {
        ver.set('bad', T.cannotMakeKey, errorText(e));
        return;
      }
      const ts = String(nowSeconds());
      const nonceStr = lib.nonce(32);
      const plaintext = JSON.stringify({
        mchid: EXAMPLE.mchId, appid: EXAMPLE.appId, out_trade_no: '1217752501201407033233368018', transaction_id: '4200000000202601010000000001',
        trade_type: 'JSAPI', trade_state: 'SUCCESS', trade_state_desc: '支付成功', success_time: '2026-01-01T10:34:56+08:00',
        payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }, amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
      });
      const enc = v3.encryptResource(plaintext, EXAMPLE.apiV3Key, { associated_data: 'transaction', original_type: 'transaction' });
      const text = JSON.stringify({ id: 'EV-2026010110345600001', create_time: '2026-01-01T10:34:57+08:00', resource_type: 'encrypt-resource',
        event_type: 'TRANSACTION.SUCCESS', summary: '支付成功', resource: enc });
      const signature = await webcryptoSign(pair.privateKey, v3.responseMessage(ts, nonceStr, text));
      mode.value = 'notification';
      headers.value = [`Wechatpay-Timestamp: ${ts}`, `Wechatpay-Nonce: ${nonceStr}`, `Wechatpay-Signature: ${signature}`, `Wechatpay-Serial: ${EXAMPLE.publicKeyId}`].join('\n');
      body.value = text;
      now.value = '';
      keyId.value = EXAMPLE.publicKeyId;
      keyId.dispatchEvent(new Event('input'));
      platform.set(pair.publicPem);
      apiKey.input.value = EXAMPLE.apiV3Key;
      apiKey.input.dispatchEvent(new Event('input'));
      update();
    }

    const showChecks = (rows, failed, reached) => {
      checks.replaceChildren(...rows.map(([name, textOf, detail], i) => {
        const state = i === failed ? 'fail' : i < reached ? 'pass' : 'skip';
        return h(`li.${state}`, { 'data-check': name },
          h('span.mark', { text: state === 'pass' ? '✓' : state === 'fail' ? '✗' : '–' }),
          h('span', {}, textOf, detail ? ' ' : null, detail ? h('span.detail', { id: `v3-notify-${name}-detail`, text: detail }) : null),
          state === 'fail' ? h('span.code', { text: rows.failedCode, title: explainCode(rows.failedCode) }) : null);
      }));
    };

    let generation = 0;
    const update = async () => {
      const mine = ++generation;
      const notification = mode.value === 'notification';
      apiKey.el.hidden = !notification;
      keyIdField.hidden = !(platform.key && !platform.key.serialNo);
      resultBox.replaceChildren();
      why.replaceChildren();
      resource.set('');
      resource.el.hidden = true;
      resourceLabel(resource, notification ? T.resource : T.body);
      ack.set('');
      ack.el.hidden = !notification;
      headerNotes.replaceChildren();
      headersFormat.textContent = '';

      let parsed;
      try {
        parsed = parseHeaders(headers.value);
      } catch (e) {
        checks.replaceChildren();
        message.set('');
        headerTable.replaceChildren();
        return ver.set('bad', T.unreadable, errorText(e));
      }
      headersFormat.textContent = parsed.format;
      headerNotes.append(...parsed.notes.map((n) => h('li', { text: n })));
      const get = (name) => parsed.pairs.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
      const wechatpay = parsed.pairs.filter(([k]) => /^wechatpay-/i.test(k));
      headerTable.replaceChildren(fieldsTable('v3-notify-header-fields', (wechatpay.length ? wechatpay : parsed.pairs).map(([name, value]) => ({ name, value })), { roles: false }));
      const [ts, nonceStr, signature, serial] = HEADER_NAMES.map(get);
      message.set(ts !== undefined && nonceStr !== undefined ? v3.responseMessage(ts, nonceStr, body.value) : '',
        { hint: body.value ? T.bodyBytes(new TextEncoder().encode(body.value).length) : '' });

      let at;
      let skew;
      try {
        at = now.value.trim() ? parseNow(now.value) : nowSeconds();
      } catch (e) {
        return ver.set('bad', T.cannotReadNow, errorText(e));
      }
      const skewWindow = /^\d+$/.test(maxSkew.value.trim()) ? Number(maxSkew.value.trim()) : 300;
      if (ts !== undefined && /^\d+$/.test(ts)) skew = at - Number(ts);
      const skewText = skew === undefined ? '' : skew === 0 ? T.skewZero
        : T.skewText(skew > 0 ? '+' : '−', duration(skew), skew > 0, Boolean(now.value.trim()));
      const rows = [
        ['headers', T.checkHeaders],
        ['probe', T.checkProbe],
        ['serial', T.checkSerial, serial ? `(${serial})` : ''],
        ['timestamp', T.checkTimestamp(skewWindow, now.value.trim() ? beijing(at) : undefined), skewText],
        ['signature', T.checkSignature],
        ...(notification ? [['decrypt', T.checkDecrypt]] : []),
      ];
      rows.failedCode = '';
      showChecks(rows, -1, 0);

      if (!headers.value.trim() && !body.value.trim()) return ver.set('idle', T.start, T.startHint);
      if (platform.error) return ver.set('bad', T.platformUnusable(platform.error.code), errorDetail(platform.error));
      if (!platform.key) return ver.set('idle', T.pastePlatform, T.pastePlatformHint);
      const pub = platform.key;
      if (!pub.serialNo && !keyId.value.trim()) return ver.set('idle', T.enterKeyId, T.enterKeyIdHint);
      if (notification && !apiKey.value) return ver.set('idle', T.enterApiV3, T.enterApiV3Hint);

      const verifier = new v3.Verifier();
      let outcome;
      let diagnosis;
      try {
        verifier.add(pub, pub.serialNo ? undefined : keyId.value.trim());
        const opts = { verifier, headers: parsed.pairs, body: body.value, now: at, maxSkew: skewWindow };
        try {
          outcome = { ok: true, event: notification ? await v3.parseNotification({ ...opts, apiV3Key: apiKey.value }) : await v3.verifyResponse(opts) };
        } catch (e) {
          outcome = { ok: false, error: e };
          // Why: which check, and which rewrite of the body reproduces the signature.
          diagnosis = v3.diagnoseVerification({ ...opts, apiV3Key: notification ? apiKey.value : undefined });
        }
      } catch (e) {
        outcome = { ok: false, error: e };
      } finally {
        verifier.free();
      }
      if (mine !== generation) return undefined;

      if (outcome.ok) {
        showChecks(rows, -1, rows.length);
        ack.set('HTTP/1.1 204 No Content', { hint: T.afterStoring });
        if (notification) {
          const ev = outcome.event;
          showEvent(ev, false);
          resource.set(JSON.stringify(ev.resource, null, 2), { hint: ev.original_type || '' });
          resource.el.hidden = false;
          const r = ev.resource ?? {};
          ver.set('ok', T.verifiedDecrypted, [ev.event_type, ev.summary, r.out_trade_no && `out_trade_no ${r.out_trade_no}`,
            r.amount?.total !== undefined && T.amount(r.amount.total, r.amount.currency ?? '')].filter(Boolean).join(' · '));
        } else {
          ver.set('ok', T.responseVerified, T.signedBy(serial, skewText.replace(/^[(（]|[)）]$/g, '')));
          try { resource.set(JSON.stringify(JSON.parse(body.value), null, 2)); resource.el.hidden = !body.value.trim(); } catch { /* not JSON: nothing to show */ }
        }
        return undefined;
      }

      const e = outcome.error;
      const code = e?.code ?? 'ERROR';
      if (diagnosis) why.replaceChildren(whyPanel('v3-notify-why', diagnosis, lib));
      let failed = AUTH_CODES.indexOf(code);
      if (failed < 0 && notification && e?.code) failed = rows.length - 1;
      rows.failedCode = code;
      showChecks(rows, failed, failed < 0 ? 0 : failed);
      ver.set('bad', failed < 0 ? T.cannotVerify(code) : T.checkFailed(code), e?.code ? errorDetail(e) : String(e?.message ?? e));
      ack.set(`HTTP/1.1 ${AUTH_CODES.includes(code) ? '401 Unauthorized' : '400 Bad Request'}\nContent-Type: application/json\n\n${JSON.stringify({ code: 'FAIL', message: code })}`,
        { hint: T.redeliver });
      if (notification && AUTH_CODES.includes(code)) decryptUnverified();
      return undefined;
    };

    function resourceLabel(out, text) {
      out.el.querySelector('.label').textContent = text;
    }

    function showEvent(ev, unverified) {
      const rows = ['id', 'create_time', 'event_type', 'resource_type', 'summary', 'original_type'].filter((k) => ev[k] !== undefined)
        .map((name) => ({ name, value: String(ev[name]) }));
      resultBox.replaceChildren(h('h3', { text: unverified ? T.notificationUnverified : T.notification }), fieldsTable('v3-notify-event', rows, { roles: false }));
    }

    // After a failed signature check the resource may still decrypt: shown for inspection only.
    function decryptUnverified() {
      let ev;
      try {
        ev = JSON.parse(body.value);
        const plain = v3.decryptResource(ev.resource ?? {}, apiKey.value);
        let pretty = plain;
        try { pretty = JSON.stringify(JSON.parse(plain), null, 2); } catch { /* shown as text */ }
        resource.set(pretty, { hint: T.notVerified });
        resourceLabel(resource, T.resourceUnverified);
        resource.el.hidden = false;
        showEvent(ev, true);
      } catch {
        /* nothing to show */
      }
    }

    const later = debounce(update);
    for (const el of [headers, body, now, maxSkew]) el.addEventListener('input', later);
    mode.addEventListener('change', update);
    useTimestamp.addEventListener('click', () => {
      const ts = parseHeaders(headers.value).pairs.find(([k]) => k.toLowerCase() === 'wechatpay-timestamp')?.[1];
      if (ts) { now.value = ts; update(); }
    });
    clearNow.addEventListener('click', () => { now.value = ''; update(); });
    update();
  },
};
