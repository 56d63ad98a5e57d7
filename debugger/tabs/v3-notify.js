// API v3 notification / response: the Wechatpay-* headers, the raw body and WeChat Pay's key
// (platform certificate, or its public key with the PUB_KEY_ID_…) → each check the library makes,
// in its order (v3.verifyResponse / v3.parseNotification), the timestamp skew, the signed message,
// and for a notification the resource decrypted with the API v3 key. A "now" override replays old
// captures.
import { keySlot } from '../keystore.js';
import { h, debounce, output, field, select, verdict, fieldsTable, keyField, errorText } from '../ui.js';
import {
  V3_PLATFORM, V3_API_KEY, EXAMPLE, pemField, messageView, nowSeconds, beijing, duration, exampleKeyPair, webcryptoSign, mayReplace, whyPanel,
} from './v3-common.js';

const HEADER_NAMES = ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial'];
const AUTH_CODES = ['HEADER_INVALID', 'SIGNTEST_PROBE', 'SERIAL_UNKNOWN', 'TIMESTAMP_SKEW', 'SIGN_MISMATCH'];

/**
 * Headers pasted as `Name: value` lines (curl -i / -v output and DevTools' raw view work: status
 * lines and `< ` prefixes are skipped) or as a JSON object. → `{ pairs, format, notes }`.
 */
export function parseHeaders(text) {
  const t = text.trim();
  if (!t) return { pairs: [], format: '', notes: [] };
  if (t.startsWith('{')) {
    const obj = JSON.parse(t);
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('the JSON must be an object of header names to values');
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
    if (colon <= 0) { notes.push(`ignored a line without "Name: value": ${line.slice(0, 60)}`); continue; }
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
  if (!Number.isFinite(ms)) throw new Error(`"now" must be Unix seconds or a date, not ${JSON.stringify(t)}`);
  return Math.floor(ms / 1000);
}

export default {
  id: 'v3-notify',
  title: 'v3 notification',
  group: 'API v3',
  description: 'Verify a v3 notification or response (Wechatpay-* headers and the raw body) and decrypt the notification\'s resource.',

  render(panel, { lib }) {
    const { v3 } = lib;
    const mode = select('v3-notify-mode', [['notification', 'Notification (verify, then decrypt the resource)'], ['response', 'Response to your request (verify)']], 'notification');
    const headers = h('textarea.mono#v3-notify-headers', { rows: 6, spellcheck: 'false',
      placeholder: 'Wechatpay-Timestamp: 1554209980\nWechatpay-Nonce: c5ac7061fccab6bf3e254dcf98995b8c\nWechatpay-Signature: …\nWechatpay-Serial: 5157F09E…\n\n(or a JSON object)' });
    const headersFormat = h('span.badge#v3-notify-headers-format');
    const headerNotes = h('ul.notes.compact#v3-notify-header-notes');
    const body = h('textarea.mono#v3-notify-body', { rows: 7, spellcheck: 'false', placeholder: '{"id":"EV-…","create_time":"…","resource":{…}}  (the raw body, byte for byte)' });
    const keyId = h('input.mono#v3-notify-keyid', { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 'PUB_KEY_ID_…' });
    const keyIdField = field('Public key id (Wechatpay-Serial in public-key mode)', keyId, { hint: 'Shown next to the public key in the merchant platform.' });
    const platform = pemField('v3-notify', { ...V3_PLATFORM, role: 'public', lib, companion: keyId, extra: keyIdField, onChange: () => later(),
      placeholder: '-----BEGIN CERTIFICATE-----… (platform certificate)\nor -----BEGIN PUBLIC KEY-----… (WeChat Pay public key)' });
    const apiKey = keyField('v3-notify-apiv3', { ...V3_API_KEY, onChange: () => later() });
    const now = h('input.mono#v3-notify-now', { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 'now' });
    const maxSkew = h('input.mono#v3-notify-maxskew', { type: 'text', spellcheck: 'false', autocomplete: 'off', value: '300' });
    const useTimestamp = h('button.ghost#v3-notify-now-capture', { type: 'button', text: 'Capture time', title: 'Check as of the Wechatpay-Timestamp (replaying an old capture)' });
    const clearNow = h('button.ghost', { type: 'button', text: 'Now', title: 'This computer\'s clock' });

    const ver = verdict('v3-notify-verdict');
    const checks = h('ol.checks#v3-notify-checks');
    const why = h('div#v3-notify-why-slot');
    const message = messageView('v3-notify-message', 'Message signed: TIMESTAMP\\nNONCE\\nBODY\\n');
    const headerTable = h('div#v3-notify-headers-slot');
    const resultBox = h('div#v3-notify-result');
    const resource = output('v3-notify-resource', 'Decrypted resource (JSON)');
    const ack = output('v3-notify-ack', 'Reply to WeChat Pay');

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: 'Headers and body' }), headersFormat),
        h('div.examples', {}, h('span.help', { text: 'Try:' }),
          h('button.ghost', { type: 'button', text: 'Payment notification (throwaway key)', title: 'Made in this page: a WebCrypto key pair, the resource encrypted with an example API v3 key, then signed', onclick: () => example() })),
        field('What is it', mode),
        field('Headers', headers),
        headerNotes,
        field('Body', body, { hint: 'Exactly as received: the signature covers these bytes.' }),
        platform.el,
        apiKey.el,
        h('div.row-now', {},
          h('div.field', {}, h('label', { for: now.id, text: 'Now (for replaying old captures)' }), h('div.input-row', {}, now, useTimestamp, clearNow),
            h('div.help', { text: 'Unix seconds, or a date (yyyy-MM-dd HH:mm:ss is read as Beijing time).' })),
          field('Allowed skew (s)', maxSkew))),
      h('section.card.result', {},
        ver.el, checks, why,
        h('div.outputs', {}, message.el),
        resultBox,
        h('div.outputs', {}, resource.el, ack.el),
        h('h3', { text: 'Headers' }), headerTable)));

    async function example() {
      if (!mayReplace(platform, 'platform key') || !mayReplace({ remembered: keySlot(V3_API_KEY.slot).remembered, value: apiKey.value }, 'API v3 key')) return;
      ver.set('idle', 'Making a throwaway RSA-2048 key pair in this page…');
      let pair;
      try {
        pair = await exampleKeyPair();
      } catch (e) {
        ver.set('bad', 'Cannot make an example key', errorText(e));
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
          state === 'fail' ? h('span.code', { text: rows.failedCode }) : null);
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
      resourceLabel(resource, notification ? 'Decrypted resource (JSON)' : 'Body (JSON)');
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
        return ver.set('bad', 'The headers cannot be read', errorText(e));
      }
      headersFormat.textContent = parsed.format;
      headerNotes.append(...parsed.notes.map((n) => h('li', { text: n })));
      const get = (name) => parsed.pairs.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
      const wechatpay = parsed.pairs.filter(([k]) => /^wechatpay-/i.test(k));
      headerTable.replaceChildren(fieldsTable('v3-notify-header-fields', (wechatpay.length ? wechatpay : parsed.pairs).map(([name, value]) => ({ name, value })), { roles: false }));
      const [ts, nonceStr, signature, serial] = HEADER_NAMES.map(get);
      message.set(ts !== undefined && nonceStr !== undefined ? v3.responseMessage(ts, nonceStr, body.value) : '',
        { hint: body.value ? `${new TextEncoder().encode(body.value).length} body bytes` : '' });

      let at;
      let skew;
      try {
        at = now.value.trim() ? parseNow(now.value) : nowSeconds();
      } catch (e) {
        return ver.set('bad', 'Cannot read "now"', errorText(e));
      }
      const skewWindow = /^\d+$/.test(maxSkew.value.trim()) ? Number(maxSkew.value.trim()) : 300;
      if (ts !== undefined && /^\d+$/.test(ts)) skew = at - Number(ts);
      const skewText = skew === undefined ? '' : skew === 0 ? '(skew 0 s)'
        : `(skew ${skew > 0 ? '+' : '−'}${duration(skew)}: signed ${duration(skew)} ${skew > 0 ? 'before' : 'after'} ${now.value.trim() ? 'the "now" given' : 'now'})`;
      const rows = [
        ['headers', 'Wechatpay-Timestamp, -Nonce, -Signature and -Serial present and well formed'],
        ['probe', 'Not WeChat Pay\'s WECHATPAY/SIGNTEST/ probe'],
        ['serial', 'Wechatpay-Serial is a key given here', serial ? `(${serial})` : ''],
        ['timestamp', `Timestamp within ±${skewWindow} s of ${now.value.trim() ? `"now" ${beijing(at)}` : 'now'}`, skewText],
        ['signature', 'SHA256withRSA signature over the message valid'],
        ...(notification ? [['decrypt', 'Resource decrypts (AEAD_AES_256_GCM with the API v3 key)']] : []),
      ];
      rows.failedCode = '';
      showChecks(rows, -1, 0);

      if (!headers.value.trim() && !body.value.trim()) return ver.set('idle', 'Paste the headers and the body to start', 'Or try the example. Nothing you type leaves this page.');
      if (platform.error) return ver.set('bad', `The platform key is unusable: ${platform.error.code}`, platform.error.message);
      if (!platform.key) return ver.set('idle', 'Paste WeChat Pay\'s platform certificate or public key', 'The certificate is verified under its serial; a public key under its PUB_KEY_ID_….');
      const pub = platform.key;
      if (!pub.serialNo && !keyId.value.trim()) return ver.set('idle', 'Enter the public key id', 'A WeChat Pay public key is looked up by its PUB_KEY_ID_… (sent in Wechatpay-Serial).');
      if (notification && !apiKey.value) return ver.set('idle', 'Enter the API v3 key', 'It decrypts the resource (32 characters, set in the merchant platform).');

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
        ack.set('HTTP/1.1 204 No Content', { hint: 'after you have stored the result' });
        if (notification) {
          const ev = outcome.event;
          showEvent(ev, false);
          resource.set(JSON.stringify(ev.resource, null, 2), { hint: ev.original_type || '' });
          resource.el.hidden = false;
          const r = ev.resource ?? {};
          ver.set('ok', 'Notification verified and decrypted', [ev.event_type, ev.summary, r.out_trade_no && `out_trade_no ${r.out_trade_no}`,
            r.amount?.total !== undefined && `amount ${r.amount.total} ${r.amount.currency ?? ''}`.trim()].filter(Boolean).join(' · '));
        } else {
          ver.set('ok', 'Response verified', `signed by ${serial} · ${skewText.replace(/^\(|\)$/g, '')}`);
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
      ver.set('bad', failed < 0 ? `Cannot verify: ${code}` : `Check failed: ${code}`, e?.message ?? String(e));
      ack.set(`HTTP/1.1 ${AUTH_CODES.includes(code) ? '401 Unauthorized' : '400 Bad Request'}\nContent-Type: application/json\n\n${JSON.stringify({ code: 'FAIL', message: code })}`,
        { hint: 'WeChat Pay will redeliver' });
      if (notification && AUTH_CODES.includes(code)) decryptUnverified();
      return undefined;
    };

    function resourceLabel(out, text) {
      out.el.querySelector('.label').textContent = text;
    }

    function showEvent(ev, unverified) {
      const rows = ['id', 'create_time', 'event_type', 'resource_type', 'summary', 'original_type'].filter((k) => ev[k] !== undefined)
        .map((name) => ({ name, value: String(ev[name]) }));
      resultBox.replaceChildren(h('h3', { text: unverified ? 'Notification (NOT verified)' : 'Notification' }), fieldsTable('v3-notify-event', rows, { roles: false }));
    }

    // After a failed signature check the resource may still decrypt: shown for inspection only.
    function decryptUnverified() {
      let ev;
      try {
        ev = JSON.parse(body.value);
        const plain = v3.decryptResource(ev.resource ?? {}, apiKey.value);
        let pretty = plain;
        try { pretty = JSON.stringify(JSON.parse(plain), null, 2); } catch { /* shown as text */ }
        resource.set(pretty, { hint: 'NOT verified: do not trust it' });
        resourceLabel(resource, 'Decrypted resource — the signature did NOT verify');
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
