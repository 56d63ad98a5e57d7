// Small DOM helpers shared by the tabs. Everything user-supplied goes through textContent, never
// innerHTML.
import { keySlot } from './keystore.js';
import { lang, tr } from './i18n.js';

const TEXT = {
  en: {
    copy: 'Copy', copyTitle: 'Copy to clipboard', copied: 'Copied',
    field: 'field', value: 'value', status: 'status', empty: '(empty)', noFields: 'no fields',
    roleSigned: 'signed', roleEmpty: 'dropped: empty', roleSign: 'excluded',
    keyPlaceholder: (n) => `${n}-character API key`,
    show: 'Show', hide: 'Hide', showTitle: 'Show or hide the key', forget: 'Forget saved key',
    characters: (n) => `${n} characters`, keysHave: (n) => `API keys have ${n} characters`,
    saved: 'saved in this browser (IndexedDB) until you forget it', inMemory: 'kept in memory only: gone when you close the tab',
    remember: ' Remember in this browser',
  },
  zh: {
    copy: '复制', copyTitle: '复制到剪贴板', copied: '已复制',
    field: '字段', value: '值', status: '状态', empty: '（空）', noFields: '没有字段',
    roleSigned: '参与签名', roleEmpty: '已忽略：空值', roleSign: '不参与签名',
    keyPlaceholder: (n) => `${n} 位 API 密钥`,
    show: '显示', hide: '隐藏', showTitle: '显示或隐藏密钥', forget: '删除已保存的密钥',
    characters: (n) => `${n} 个字符`, keysHave: (n) => `API 密钥应为 ${n} 个字符`,
    saved: '已保存在本浏览器（IndexedDB）中，直到您删除它', inMemory: '仅保存在内存中：关闭标签页即消失',
    remember: ' 在本浏览器中记住',
  },
};
export { TEXT };

/** `h('div.card#id', { attrs…, onclick, text }, ...children)` */
export function h(spec, props = {}, ...children) {
  const [, tag = 'div', rest = ''] = /^([a-z0-9]+)?(.*)$/.exec(spec);
  const node = document.createElement(tag);
  for (const m of rest.matchAll(/([.#])([\w-]+)/g)) {
    if (m[1] === '.') node.classList.add(m[2]);
    else node.id = m[2];
  }
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.classList.add(...String(v).split(/\s+/).filter(Boolean));
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export function debounce(fn, ms = 120) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

async function writeClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = h('textarea.offscreen', { readonly: true });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}

export function copyButton(getText, label = tr(TEXT).copy) {
  const T = tr(TEXT);
  const btn = h('button.copy', { type: 'button', title: T.copyTitle, text: label });
  btn.addEventListener('click', async () => {
    const text = getText();
    if (!text) return;
    await writeClipboard(text);
    btn.textContent = T.copied;
    btn.classList.add('done');
    setTimeout(() => { btn.textContent = label; btn.classList.remove('done'); }, 1200);
  });
  return btn;
}

/** A labelled, copyable monospace value. `set(text, { hint })`. */
export function output(id, label, { big = false } = {}) {
  let value = '';
  const pre = h(`pre.value${big ? '.big' : ''}#${id}`);
  const hint = h('span.hint');
  const el = h('div.output', {}, h('div.output-head', {}, h('span.label', { text: label }), hint, copyButton(() => value)), pre);
  return {
    el,
    set(text, { hint: hintText = '', highlight = false } = {}) {
      value = text ?? '';
      pre.textContent = value || '—';
      pre.classList.toggle('empty', !value);
      hint.textContent = hintText;
      el.classList.toggle('highlight', highlight);
    },
  };
}

export function field(label, control, { hint, id } = {}) {
  const forId = control.id || id;
  return h('div.field', {}, h('label', { for: forId, text: label }), control, hint ? h('div.help', { text: hint }) : null);
}

export function select(id, options, value) {
  const s = h(`select#${id}`);
  for (const [v, text] of options) s.append(h('option', { value: v, text }));
  if (value !== undefined) s.value = value;
  return s;
}

const ROLE_TEXT = () => {
  const T = tr(TEXT);
  return { signed: [T.roleSigned, 'ok'], empty: [T.roleEmpty, 'muted'], sign: [T.roleSign, 'muted'] };
};

/** Table of `{ name, value, role? }` rows. */
export function fieldsTable(id, rows, { roles = true } = {}) {
  const T = tr(TEXT);
  const roleText = ROLE_TEXT();
  const table = h(`table.fields#${id}`);
  table.append(h('thead', {}, h('tr', {}, h('th', { text: T.field }), h('th', { text: T.value }), roles ? h('th', { text: T.status }) : null)));
  const body = h('tbody');
  for (const r of rows) {
    const [text, cls] = roleText[r.role] ?? [r.role, 'muted'];
    const tr = h('tr', { class: r.role && r.role !== 'signed' ? 'dropped' : '' },
      h('td.name', { text: r.name }),
      h('td.val', { text: r.value === '' ? T.empty : r.value, class: r.value === '' ? 'muted' : '' }),
      roles ? h('td.role', {}, h(`span.pill.${cls}`, { text })) : null);
    body.append(tr);
  }
  if (!rows.length) body.append(h('tr', {}, h('td.muted', { colspan: roles ? 3 : 2, text: T.noFields })));
  table.append(body);
  return table;
}

/** The verdict banner: kind is 'ok', 'bad', 'info' or 'idle'. */
export function verdict(id) {
  const title = h('div.verdict-title');
  const detail = h('div.verdict-detail');
  const el = h(`div.verdict.idle#${id}`, { role: 'status' }, title, detail);
  return {
    el,
    set(kind, titleText, detailText = '') {
      el.className = `verdict ${kind}`;
      el.dataset.kind = kind;
      title.textContent = titleText;
      detail.textContent = detailText;
    },
  };
}

/**
 * The key input of one slot ('v2', …): masked, with a show toggle, a length check, and the
 * "remember in this browser" box plus a forget button. Every field of the same slot shows the
 * same key. `onChange` runs when the key changes.
 */
export function keyField(idPrefix, { slot: slotName, label, expectedLength, onChange }) {
  const T = tr(TEXT);
  const slot = keySlot(slotName);
  const input = h(`input.mono#${idPrefix}-key`, { type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: T.keyPlaceholder(expectedLength) });
  const show = h('button.ghost', { type: 'button', text: T.show, title: T.showTitle });
  const length = h('span.keylen');
  const remember = h(`input#${idPrefix}-remember`, { type: 'checkbox' });
  const forget = h(`button.ghost.danger#${idPrefix}-forget`, { type: 'button', text: T.forget });
  const status = h('span.help.keystatus');

  const sync = (from, initial = false) => {
    if (from !== input && input.value !== slot.value) input.value = slot.value;
    remember.checked = slot.remembered;
    forget.hidden = !slot.remembered;
    const n = [...slot.value].length;
    length.textContent = n ? T.characters(n) : '';
    length.className = `keylen ${n === 0 ? '' : n === expectedLength ? 'ok' : 'warn'}`;
    length.title = n && n !== expectedLength ? T.keysHave(expectedLength) : '';
    status.textContent = slot.remembered ? T.saved : T.inMemory;
    if (!initial) onChange?.();
  };
  slot.subscribe(sync);
  input.addEventListener('input', () => slot.set(input.value, input));
  show.addEventListener('click', () => {
    const hidden = input.type === 'password';
    input.type = hidden ? 'text' : 'password';
    show.textContent = hidden ? T.hide : T.show;
  });
  remember.addEventListener('change', () => slot.remember(remember.checked));
  forget.addEventListener('click', () => slot.remember(false));
  sync(undefined, true);

  const el = h('div.field.keyfield', {},
    h('div.label-row', {}, h('label', { for: input.id, text: label }), length),
    h('div.input-row', {}, input, show),
    h('div.remember-row', {}, h('label.check', {}, remember, T.remember), forget),
    status);
  return { el, get value() { return slot.value; }, input };
}

// The package's explainError, given by app.js once the library has loaded.
let explainError = () => undefined;
export function setErrorExplainer(fn) { explainError = fn; }

/** The one-line meaning and likely fix of an error code, in the page's language ('' if none). */
export function explainCode(code) {
  return explainError(code)?.[lang()] ?? '';
}

/** Renders a caught error: `CODE: message`, then the code's explanation on its own line. */
export function errorText(e) {
  if (!(e && e.code)) return String(e?.message ?? e);
  const meaning = explainCode(e.code);
  return `${e.code}: ${e.message}${meaning ? `\n→ ${meaning}` : ''}`;
}

/** errorText without the leading `CODE: ` (for a title that already names the code). */
export function errorDetail(e) {
  return e && e.code ? errorText(e).slice(e.code.length + 2) : errorText(e);
}
