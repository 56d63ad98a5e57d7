// Pieces shared by the API v3 tabs: the PEM key field (with key info and the error code of a bad
// PEM), the message view with visible \n markers, the "now / random unless fixed" inputs, and
// in-page example keys (generated with WebCrypto: no key is shipped with the page).
import { h, copyButton } from '../ui.js';
import { keySlot } from '../keystore.js';

export const V3_PRIVATE = { slot: 'v3-private', label: 'Merchant private key (apiclient_key.pem)' };
export const V3_PLATFORM = { slot: 'v3-platform', label: 'Platform certificate or WeChat Pay public key' };
export const V3_API_KEY = { slot: 'v3-apiv3', label: 'API v3 key', expectedLength: 32 };

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

// Advice for the usual wrong pastes, added to the core's error.
function pemAdvice(kind, role) {
  if (role === 'private') {
    if (kind === 'X.509 certificate') return 'This is a certificate (apiclient_cert.pem). Paste the private key, apiclient_key.pem.';
    if (/public key/.test(kind)) return 'This is a public key. Paste the merchant private key, apiclient_key.pem.';
    if (kind === 'encrypted PKCS#8') return 'Encrypted keys are not supported: openssl pkcs8 -in key.pem -nocrypt -topk8 -out apiclient_key.pem';
  } else if (/PRIVATE KEY|PKCS#8|PKCS#1$|EC \(SEC1\)/.test(kind)) {
    return 'This is a private key. Paste WeChat Pay\'s platform certificate (wechatpay_….pem) or its public key (pub_key.pem).';
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
  const slot = keySlot(slotName);
  const companionSlot = companion ? keySlot(`${slotName}-id`) : null;
  const input = h(`textarea.mono.pem.masked#${idPrefix}-pem`, { rows: 5, spellcheck: 'false', autocomplete: 'off',
    placeholder: placeholder ?? (role === 'private' ? '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----' : '-----BEGIN CERTIFICATE-----\n…') });
  if (role !== 'private') input.classList.remove('masked');
  const show = h('button.ghost', { type: 'button', text: role === 'private' ? 'Show' : 'Hide', title: 'Show or hide the key text' });
  const info = h(`div.keyinfo#${idPrefix}-keyinfo`);
  const remember = h(`input#${idPrefix}-remember`, { type: 'checkbox' });
  const forget = h(`button.ghost.danger#${idPrefix}-forget`, { type: 'button', text: 'Forget saved key' });
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
      return;
    }
    info.className = 'keyinfo ok';
    const k = state.key;
    const bits = `RSA ${k.bits} bits`;
    if (role === 'private') {
      info.append(h('span.pill.ok', { text: state.kind || 'private key' }), ' ', bits);
    } else if (k.serialNo) {
      const now = nowSeconds();
      const valid = now >= k.notBefore && now <= k.notAfter;
      info.append(h('span.pill.ok', { text: 'X.509 certificate' }), ' ', bits, ' · serial ', h('code', { text: k.serialNo }),
        h('div', { class: valid ? 'muted' : 'warn', text: `valid ${beijing(k.notBefore)} → ${beijing(k.notAfter)}${valid ? '' : ' (not valid now)'}` }));
    } else {
      info.append(h('span.pill.ok', { text: state.kind || 'public key' }), ' ', bits, ' · WeChat Pay public key: give its id below');
    }
  };

  const sync = (from, initial = false) => {
    if (from !== input && input.value !== slot.value) input.value = slot.value;
    remember.checked = slot.remembered;
    forget.hidden = !slot.remembered;
    status.textContent = slot.remembered ? 'saved in this browser (IndexedDB) until you forget it' : 'kept in memory only: gone when you close the tab';
    parse();
    if (!initial) onChange?.();
  };
  slot.subscribe(sync);
  input.addEventListener('input', () => slot.set(input.value, input));
  show.addEventListener('click', () => {
    const masked = input.classList.toggle('masked');
    show.textContent = masked ? 'Show' : 'Hide';
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
    h('div.remember-row', {}, h('label.check', {}, remember, ' Remember in this browser'), forget),
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
        if (cr) row.append(h('span.nl.cr', { text: '\\r', title: 'carriage return (part of the signed bytes)' }));
        if (!last) row.append(h('span.nl', { text: '\\n', title: 'line feed (part of the signed bytes)' }));
        else row.append(h('span.nl.missing', { text: 'no final \\n', title: 'the message must end with a line feed' }));
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
  const input = h(`input.mono#${id}`, { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: autoLabel });
  const btn = h(`button.ghost#${id}-fix`, { type: 'button' });
  const hint = h('div.help.auto-hint');
  let last = '';
  const refresh = () => {
    const fixed = input.value.trim() !== '';
    btn.textContent = fixed ? 'Auto' : 'Fix';
    btn.title = fixed ? `Clear: ${autoLabel} again` : 'Keep the value just used';
    hint.textContent = fixed ? 'fixed' : last ? `${autoLabel}: ${last} (changes on every edit)` : autoLabel;
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
  if (!subtle) throw new Error('WebCrypto is not available here (open the page over https or on 127.0.0.1)');
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
  return !field.remembered || !field.value || confirm(`Replace your saved ${what} with a throwaway example key?`);
}

/** `{ name: value, … }` as JS source, one property per line. */
export function literal(obj, extra = []) {
  const quote = (v) => `'${String(v).replace(/[\\']/g, (c) => `\\${c}`)}'`;
  const lines = Object.entries(obj).map(([k, v]) => `  ${k}: ${quote(v)},`);
  return `{\n${[...lines, ...extra.map((e) => `  ${e},`)].join('\n')}\n}`;
}

const SEVERITY_TITLE = { error: 'Why it fails', warning: 'Worth fixing' };

/**
 * The "why" panel of a v3 diagnosis (v3.diagnoseRequest / diagnoseVerification): each finding's
 * code, what the code means in English and Chinese, the specific fix, and for a variant that
 * reproduces the signature, the message that was really signed (its \n shown).
 */
export function whyPanel(id, d, { explainFinding }) {
  const box = h(`div.diagnosis.why#${id}`, { 'data-ok': String(d.ok) });
  const serious = d.findings.filter((f) => f.severity !== 'info');
  let head = SEVERITY_TITLE.error;
  if (d.ok && serious.length) head = `${SEVERITY_TITLE.warning}${d.verified ? ' (the signature verifies)' : ''}`;
  else if (d.ok) head = d.verified ? 'Diagnosis: every check passes' : 'Diagnosis: no problem found, but the signature was not verified';
  else if (serious.some((f) => f.signedMessage !== undefined)) head = 'Why it fails: this variant reproduces the signature';
  box.append(h('h3', { text: head }));
  for (const f of serious) {
    const meaning = explainFinding(f.code);
    const cause = h(`div.cause.${f.severity}`, { 'data-code': f.code },
      h('div.cause-head', {}, h('span.code', { text: f.code }), h('span.pill.muted', { text: f.severity })),
      meaning ? h('p.meaning', { text: meaning.en }) : null,
      meaning ? h('p.meaning.zh', { lang: 'zh', text: meaning.zh }) : null,
      h('p.fix', { text: f.message }));
    if (f.signedMessage !== undefined) {
      const view = messageView(`${id}-${f.code.toLowerCase()}-signed`, 'The message that was signed');
      view.set(f.signedMessage);
      cause.append(h('details', { open: true }, h('summary', { text: 'What was really signed (compare with the message below)' }), view.el));
    }
    box.append(cause);
  }
  const infos = d.findings.filter((f) => f.severity === 'info');
  if (infos.length) box.append(h('ul.notes', {}, infos.map((f) => h('li', { 'data-code': f.code }, h('span.code', { text: f.code }), ' ', f.message))));
  box.append(h('div.help', { text: `${d.variantsTried} variants tried · checks: ${d.checks.map((c) => `${c.name} ${c.verdict}`).join(', ')}` }));
  return box;
}
