// Pieces shared by the API v3 tabs: the PEM key field (with key info and the error code of a bad
// PEM), the message view with visible \n markers, the "now / random unless fixed" inputs, and
// in-page example keys (generated with WebCrypto: no key is shipped with the page).
import { h, copyButton, explainCode } from '../ui.js';
import { keySlot } from '../keystore.js';
import { lang, tr } from '../i18n.js';

export const TEXT = {
  en: {
    privateKey: 'Merchant private key (apiclient_key.pem)', platformKey: 'Platform certificate or WeChat Pay public key', apiV3Key: 'API v3 key',
    pemKinds: { encPkcs8: 'encrypted PKCS#8', spki: 'SPKI public key', pkcs1Public: 'PKCS#1 public key', x509: 'X.509 certificate' },
    adviceCertificate: 'This is a certificate (apiclient_cert.pem). Paste the private key, apiclient_key.pem.',
    advicePublic: 'This is a public key. Paste the merchant private key, apiclient_key.pem.',
    adviceEncrypted: 'Encrypted keys are not supported: openssl pkcs8 -in key.pem -nocrypt -topk8 -out apiclient_key.pem',
    advicePrivate: 'This is a private key. Paste WeChat Pay\'s platform certificate (wechatpay_….pem) or its public key (pub_key.pem).',
    show: 'Show', hide: 'Hide', showTitle: 'Show or hide the key text', forget: 'Forget saved key',
    bits: (n) => `RSA ${n} bits`, privateKind: 'private key', publicKind: 'public key', serial: ' · serial ',
    valid: (from, to, now) => `valid ${from} → ${to}${now ? '' : ' (not valid now)'}`,
    publicKeyHint: ' · WeChat Pay public key: give its id below',
    saved: 'saved in this browser (IndexedDB) until you forget it', inMemory: 'kept in memory only: gone when you close the tab',
    remember: ' Remember in this browser',
    crTitle: 'carriage return (part of the signed bytes)', lfTitle: 'line feed (part of the signed bytes)',
    noFinal: 'no final \\n', noFinalTitle: 'the message must end with a line feed',
    auto: 'Auto', fix: 'Fix', autoTitle: (label) => `Clear: ${label} again`, fixTitle: 'Keep the value just used', fixed: 'fixed',
    autoHint: (label, last) => `${label}: ${last} (changes on every edit)`,
    noWebCrypto: 'WebCrypto is not available here (open the page over https or on 127.0.0.1)',
    replace: (what) => `Replace your saved ${what} with a throwaway example key?`,
    whyFails: 'Why it fails', worthFixing: 'Worth fixing', signatureVerifies: ' (the signature verifies)',
    allPass: 'Diagnosis: every check passes', noProblem: 'Diagnosis: no problem found, but the signature was not verified',
    variantReproduces: 'Why it fails: this variant reproduces the signature',
    signedMessage: 'The message that was signed', reallySigned: 'What was really signed (compare with the message below)',
    variants: (n, checks) => `${n} variants tried · checks: ${checks}`,
  },
  zh: {
    privateKey: '商户私钥（apiclient_key.pem）', platformKey: '平台证书或微信支付公钥', apiV3Key: 'APIv3 密钥',
    pemKinds: { encPkcs8: '加密的 PKCS#8', spki: 'SPKI 公钥', pkcs1Public: 'PKCS#1 公钥', x509: 'X.509 证书' },
    adviceCertificate: '这是证书（apiclient_cert.pem）。请粘贴私钥 apiclient_key.pem。',
    advicePublic: '这是公钥。请粘贴商户私钥 apiclient_key.pem。',
    adviceEncrypted: '不支持加密的私钥：openssl pkcs8 -in key.pem -nocrypt -topk8 -out apiclient_key.pem',
    advicePrivate: '这是私钥。请粘贴微信支付平台证书（wechatpay_….pem）或微信支付公钥（pub_key.pem）。',
    show: '显示', hide: '隐藏', showTitle: '显示或隐藏密钥内容', forget: '删除已保存的密钥',
    bits: (n) => `RSA ${n} 位`, privateKind: '私钥', publicKind: '公钥', serial: ' · 序列号 ',
    valid: (from, to, now) => `有效期 ${from} → ${to}${now ? '' : '（当前不在有效期内）'}`,
    publicKeyHint: ' · 微信支付公钥：请在下方填写其 ID',
    saved: '已保存在本浏览器（IndexedDB）中，直到您删除它', inMemory: '仅保存在内存中：关闭标签页即消失',
    remember: ' 在本浏览器中记住',
    crTitle: '回车符（属于被签名的字节）', lfTitle: '换行符（属于被签名的字节）',
    noFinal: '缺少末尾的 \\n', noFinalTitle: '消息必须以换行符结尾',
    auto: '自动', fix: '固定', autoTitle: (label) => `清除：恢复为${label}`, fixTitle: '保留刚才使用的值', fixed: '已固定',
    autoHint: (label, last) => `${label}：${last}（每次编辑都会变化）`,
    noWebCrypto: '此处无法使用 WebCrypto（请通过 https 或 127.0.0.1 打开本页）',
    replace: (what) => `用一次性示例密钥替换您保存的${what}？`,
    whyFails: '失败原因', worthFixing: '建议修正', signatureVerifies: '（签名验证通过）',
    allPass: '诊断：所有检查均通过', noProblem: '诊断：未发现问题，但签名未经验证',
    variantReproduces: '失败原因：这种变体能复现该签名',
    signedMessage: '实际被签名的消息', reallySigned: '实际签名的内容（与下方的消息比对）',
    variants: (n, checks) => `已尝试 ${n} 种变体 · 检查：${checks}`,
  },
};

export const V3_PRIVATE = { slot: 'v3-private', get label() { return tr(TEXT).privateKey; } };
export const V3_PLATFORM = { slot: 'v3-platform', get label() { return tr(TEXT).platformKey; } };
export const V3_API_KEY = { slot: 'v3-apiv3', get label() { return tr(TEXT).apiV3Key; }, expectedLength: 32 };

export const EXAMPLE = {
  mchId: '1900000001',
  serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  appId: 'wxd678efh567hg6787',
  publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000',
  apiV3Key: 'EXAMPLEapiV3key0123456789abcdef0',
};

/** Unix seconds now. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Beijing time (UTC+8, as WeChat Pay writes times) of Unix seconds: `2026-01-02 03:04:05 UTC+8`. */
export function beijing(seconds) {
  const d = new Date((Number(seconds) + 8 * 3600) * 1000);
  if (!Number.isFinite(d.getTime())) return '';
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC+8`;
}

/** `1 h 2 min 5 s` for a number of seconds (sign dropped). */
export function duration(s) {
  let n = Math.abs(Math.round(s));
  if (n < 60) return `${n} s`;
  const parts = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]]) {
    if (n >= size) { parts.push(`${Math.floor(n / size)} ${unit}`); n %= size; }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** What the PEM's BEGIN line says it is (the core decides whether it is usable). */
export function pemKind(pem) {
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  return {
    'PRIVATE KEY': 'PKCS#8',
    'RSA PRIVATE KEY': 'PKCS#1',
    'ENCRYPTED PRIVATE KEY': 'encrypted PKCS#8',
    'PUBLIC KEY': 'SPKI public key',
    'RSA PUBLIC KEY': 'PKCS#1 public key',
    CERTIFICATE: 'X.509 certificate',
    'EC PRIVATE KEY': 'EC (SEC1)',
  }[label] ?? (label ? label : '');
}

/** pemKind's English name in the page's language. */
function kindText(kind) {
  const names = tr(TEXT).pemKinds;
  return { 'encrypted PKCS#8': names.encPkcs8, 'SPKI public key': names.spki, 'PKCS#1 public key': names.pkcs1Public, 'X.509 certificate': names.x509 }[kind] ?? kind;
}

// Advice for the usual wrong pastes, added to the core's error.
function pemAdvice(kind, role) {
  const T = tr(TEXT);
  if (role === 'private') {
    if (kind === 'X.509 certificate') return T.adviceCertificate;
    if (/public key/.test(kind)) return T.advicePublic;
    if (kind === 'encrypted PKCS#8') return T.adviceEncrypted;
  } else if (/PRIVATE KEY|PKCS#8|PKCS#1$|EC \(SEC1\)/.test(kind)) {
    return T.advicePrivate;
  }
  return '';
}

/**
 * A PEM key in a key slot: a textarea (masked until "Show"), a line of key info made by the core
 * (format and bits; serial and validity of a certificate) or the error code of a bad PEM, and
 * "Remember in this browser" / "Forget". `companion` (an input) is remembered along with it.
 * `key` is the parsed handle of the current PEM (or null), re-made when the text changes.
 */
export function pemField(idPrefix, { slot: slotName, label, role, lib, onChange, placeholder, companion, extra }) {
  const { v3 } = lib;
  const T = tr(TEXT);
  const slot = keySlot(slotName);
  const companionSlot = companion ? keySlot(`${slotName}-id`) : null;
  const input = h(`textarea.mono.pem.masked#${idPrefix}-pem`, { rows: 5, spellcheck: 'false', autocomplete: 'off',
    placeholder: placeholder ?? (role === 'private' ? '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----' : '-----BEGIN CERTIFICATE-----\n…') });
  if (role !== 'private') input.classList.remove('masked');
  const show = h('button.ghost', { type: 'button', text: role === 'private' ? T.show : T.hide, title: T.showTitle });
  const info = h(`div.keyinfo#${idPrefix}-keyinfo`);
  const remember = h(`input#${idPrefix}-remember`, { type: 'checkbox' });
  const forget = h(`button.ghost.danger#${idPrefix}-forget`, { type: 'button', text: T.forget });
  const status = h('span.help.keystatus');

  const state = { key: null, error: null, kind: '', text: null };
  const parse = () => {
    const text = slot.value.trim();
    if (text === state.text) return;
    state.key?.free();
    Object.assign(state, { key: null, error: null, kind: pemKind(text), text });
    info.replaceChildren();
    info.className = 'keyinfo';
    if (!text) return;
    try {
      state.key = role === 'private' ? v3.importPrivateKeySync(text) : v3.importPublicKeySync(text);
    } catch (e) {
      state.error = e;
      info.className = 'keyinfo bad';
      const advice = pemAdvice(state.kind, role);
      info.append(h('span.code', { text: e.code ?? 'ERROR' }), ' ', e.message ?? String(e));
      if (advice) info.append(h('div', { text: advice }));
      const meaning = explainCode(e.code);
      if (meaning) info.append(h('div.meaning', { text: `→ ${meaning}` }));
      return;
    }
    info.className = 'keyinfo ok';
    const k = state.key;
    const bits = T.bits(k.bits);
    if (role === 'private') {
      info.append(h('span.pill.ok', { text: kindText(state.kind) || T.privateKind }), ' ', bits);
    } else if (k.serialNo) {
      const now = nowSeconds();
      const valid = now >= k.notBefore && now <= k.notAfter;
      info.append(h('span.pill.ok', { text: kindText('X.509 certificate') }), ' ', bits, T.serial, h('code', { text: k.serialNo }),
        h('div', { class: valid ? 'muted' : 'warn', text: T.valid(beijing(k.notBefore), beijing(k.notAfter), valid) }));
    } else {
      info.append(h('span.pill.ok', { text: kindText(state.kind) || T.publicKind }), ' ', bits, T.publicKeyHint);
    }
  };

  const sync = (from, initial = false) => {
    if (from !== input && input.value !== slot.value) input.value = slot.value;
    remember.checked = slot.remembered;
    forget.hidden = !slot.remembered;
    status.textContent = slot.remembered ? T.saved : T.inMemory;
    parse();
    if (!initial) onChange?.();
  };
  slot.subscribe(sync);
  input.addEventListener('input', () => slot.set(input.value, input));
  show.addEventListener('click', () => {
    const masked = input.classList.toggle('masked');
    show.textContent = masked ? T.show : T.hide;
  });
  remember.addEventListener('change', () => {
    slot.remember(remember.checked);
    companionSlot?.remember(remember.checked);
  });
  forget.addEventListener('click', () => { slot.remember(false); companionSlot?.remember(false); });

  if (companionSlot) {
    const sub = (from) => {
      if (from !== companion && companion.value !== companionSlot.value) companion.value = companionSlot.value;
      if (from !== 'init') onChange?.();
    };
    companionSlot.subscribe(sub);
    companion.addEventListener('input', () => companionSlot.set(companion.value, companion));
    sub('init');
  }
  sync(undefined, true);

  const el = h('div.field.keyfield.pemfield', {},
    h('div.label-row', {}, h('label', { for: input.id, text: label }), show),
    input,
    info,
    extra,
    h('div.remember-row', {}, h('label.check', {}, remember, T.remember), forget),
    status);
  return {
    el,
    input,
    get value() { return slot.value; },
    get key() { return state.key; },
    get error() { return state.error; },
    get kind() { return state.kind; },
    /** Sets the PEM as if typed. */
    set(text) { slot.set(text); },
    get remembered() { return slot.remembered; },
  };
}

/**
 * A message whose line breaks matter, shown line by line with a visible `\n` after each (and
 * `\r` where a carriage return hides), with a copy button for the exact text.
 */
export function messageView(id, label) {
  const T = tr(TEXT);
  let value = '';
  const pre = h(`pre.value.message#${id}`);
  const hint = h('span.hint');
  const el = h('div.output', {}, h('div.output-head', {}, h('span.label', { text: label }), hint, copyButton(() => value)), pre);
  return {
    el,
    set(text, { hint: hintText = '' } = {}) {
      value = text ?? '';
      pre.replaceChildren();
      pre.classList.toggle('empty', !value);
      hint.textContent = hintText;
      if (!value) { pre.textContent = '—'; return; }
      const lines = value.split('\n');
      lines.forEach((line, i) => {
        const last = i === lines.length - 1;
        if (last && line === '') return;
        const cr = line.endsWith('\r');
        const row = h('span.line', {}, cr ? line.slice(0, -1) : line);
        if (cr) row.append(h('span.nl.cr', { text: '\\r', title: T.crTitle }));
        if (!last) row.append(h('span.nl', { text: '\\n', title: T.lfTitle }));
        else row.append(h('span.nl.missing', { text: T.noFinal, title: T.noFinalTitle }));
        pre.append(row, '\n');
      });
    },
  };
}

/**
 * A text input that is "auto" (a fresh value at every update) while empty, with a button that
 * fixes the value just used, or clears a fixed one back to auto. `value()` is the value to use.
 */
export function autoInput(id, { label, auto, autoLabel, onChange }) {
  const T = tr(TEXT);
  const input = h(`input.mono#${id}`, { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: autoLabel });
  const btn = h(`button.ghost#${id}-fix`, { type: 'button' });
  const hint = h('div.help.auto-hint');
  let last = '';
  const refresh = () => {
    const fixed = input.value.trim() !== '';
    btn.textContent = fixed ? T.auto : T.fix;
    btn.title = fixed ? T.autoTitle(autoLabel) : T.fixTitle;
    hint.textContent = fixed ? T.fixed : last ? T.autoHint(autoLabel, last) : autoLabel;
  };
  input.addEventListener('input', () => { refresh(); onChange?.(); });
  btn.addEventListener('click', () => {
    const clearing = input.value.trim() !== '';
    input.value = clearing ? '' : last;
    refresh();
    // Fixing keeps the value already used: nothing to redo (and the other auto value stays too).
    if (clearing || !last) onChange?.();
  });
  refresh();
  return {
    input,
    el: h('div.field', {}, h('label', { for: id, text: label }), h('div.input-row', {}, input, btn), hint),
    /** The fixed value, or a fresh auto one (remembered for "Fix"). */
    value() {
      const v = input.value.trim();
      if (v) return v;
      last = String(auto());
      refresh();
      return last;
    },
    set(v) { input.value = v; refresh(); },
  };
}

function pem(label, der) {
  const b64 = btoa(String.fromCharCode(...new Uint8Array(der)));
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g).join('\n')}\n-----END ${label}-----\n`;
}

/** A throwaway RSA-2048 key pair made in this page with WebCrypto: `{ privatePem, publicPem, privateKey }`. */
export async function exampleKeyPair() {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error(tr(TEXT).noWebCrypto);
  const pair = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true, ['sign', 'verify']);
  return {
    privatePem: pem('PRIVATE KEY', await subtle.exportKey('pkcs8', pair.privateKey)),
    publicPem: pem('PUBLIC KEY', await subtle.exportKey('spki', pair.publicKey)),
    privateKey: pair.privateKey,
  };
}

/** base64 SHA256withRSA of `message` with a WebCrypto key (for the in-page examples). */
export async function webcryptoSign(privateKey, message) {
  const sig = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey, new TextEncoder().encode(message));
  return btoa(String.fromCharCode(...new Uint8Array(sig)));
}

/** Replacing a remembered key with an example one needs a yes. */
export function mayReplace(field, what) {
  return !field.remembered || !field.value || confirm(tr(TEXT).replace(what));
}

/** `{ name: value, … }` as JS source, one property per line. */
export function literal(obj, extra = []) {
  const quote = (v) => `'${String(v).replace(/[\\']/g, (c) => `\\${c}`)}'`;
  const lines = Object.entries(obj).map(([k, v]) => `  ${k}: ${quote(v)},`);
  return `{\n${[...lines, ...extra.map((e) => `  ${e},`)].join('\n')}\n}`;
}

/**
 * The "why" panel of a v3 diagnosis (v3.diagnoseRequest / diagnoseVerification): each finding's
 * code, what the code means in English and Chinese, the specific fix, and for a variant that
 * reproduces the signature, the message that was really signed (its \n shown).
 */
export function whyPanel(id, d, { explainFinding }) {
  const T = tr(TEXT);
  const box = h(`div.diagnosis.why#${id}`, { 'data-ok': String(d.ok) });
  const serious = d.findings.filter((f) => f.severity !== 'info');
  let head = T.whyFails;
  if (d.ok && serious.length) head = `${T.worthFixing}${d.verified ? T.signatureVerifies : ''}`;
  else if (d.ok) head = d.verified ? T.allPass : T.noProblem;
  else if (serious.some((f) => f.signedMessage !== undefined)) head = T.variantReproduces;
  box.append(h('h3', { text: head }));
  for (const f of serious) {
    const meaning = explainFinding(f.code);
    const cause = h(`div.cause.${f.severity}`, { 'data-code': f.code },
      h('div.cause-head', {}, h('span.code', { text: f.code }), h('span.pill.muted', { text: f.severity })),
      meaning ? h('p.meaning', { text: lang() === 'zh' ? meaning.zh : meaning.en }) : null,
      meaning ? h(`p.meaning.${lang() === 'zh' ? 'en' : 'zh'}`, { lang: lang() === 'zh' ? 'en' : 'zh', text: lang() === 'zh' ? meaning.en : meaning.zh }) : null,
      h('p.fix', { text: f.message }));
    if (f.signedMessage !== undefined) {
      const view = messageView(`${id}-${f.code.toLowerCase()}-signed`, T.signedMessage);
      view.set(f.signedMessage);
      cause.append(h('details', { open: true }, h('summary', { text: T.reallySigned }), view.el));
    }
    box.append(cause);
  }
  const infos = d.findings.filter((f) => f.severity === 'info');
  if (infos.length) box.append(h('ul.notes', {}, infos.map((f) => h('li', { 'data-code': f.code }, h('span.code', { text: f.code }), ' ', f.message))));
  box.append(h('div.help', { text: T.variants(d.variantsTried, d.checks.map((c) => `${c.name} ${c.verdict}`).join(', ')) }));
  return box;
}
