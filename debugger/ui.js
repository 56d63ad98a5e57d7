// Small DOM helpers shared by the tabs. Everything user-supplied goes through textContent, never
// innerHTML.
import { keySlot } from './keystore.js';

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

export function copyButton(getText, label = 'Copy') {
  const btn = h('button.copy', { type: 'button', title: 'Copy to clipboard', text: label });
  btn.addEventListener('click', async () => {
    const text = getText();
    if (!text) return;
    await writeClipboard(text);
    btn.textContent = 'Copied';
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

const ROLE_TEXT = { signed: ['signed', 'ok'], empty: ['dropped: empty', 'muted'], sign: ['excluded', 'muted'] };

/** Table of `{ name, value, role? }` rows. */
export function fieldsTable(id, rows, { roles = true } = {}) {
  const table = h(`table.fields#${id}`);
  table.append(h('thead', {}, h('tr', {}, h('th', { text: 'field' }), h('th', { text: 'value' }), roles ? h('th', { text: 'status' }) : null)));
  const body = h('tbody');
  for (const r of rows) {
    const [text, cls] = ROLE_TEXT[r.role] ?? [r.role, 'muted'];
    const tr = h('tr', { class: r.role && r.role !== 'signed' ? 'dropped' : '' },
      h('td.name', { text: r.name }),
      h('td.val', { text: r.value === '' ? '(empty)' : r.value, class: r.value === '' ? 'muted' : '' }),
      roles ? h('td.role', {}, h(`span.pill.${cls}`, { text })) : null);
    body.append(tr);
  }
  if (!rows.length) body.append(h('tr', {}, h('td.muted', { colspan: roles ? 3 : 2, text: 'no fields' })));
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
  const slot = keySlot(slotName);
  const input = h(`input.mono#${idPrefix}-key`, { type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: `${expectedLength}-character API key` });
  const show = h('button.ghost', { type: 'button', text: 'Show', title: 'Show or hide the key' });
  const length = h('span.keylen');
  const remember = h(`input#${idPrefix}-remember`, { type: 'checkbox' });
  const forget = h(`button.ghost.danger#${idPrefix}-forget`, { type: 'button', text: 'Forget saved key' });
  const status = h('span.help.keystatus');

  const sync = (from, initial = false) => {
    if (from !== input && input.value !== slot.value) input.value = slot.value;
    remember.checked = slot.remembered;
    forget.hidden = !slot.remembered;
    const n = [...slot.value].length;
    length.textContent = n ? `${n} characters` : '';
    length.className = `keylen ${n === 0 ? '' : n === expectedLength ? 'ok' : 'warn'}`;
    length.title = n && n !== expectedLength ? `API keys have ${expectedLength} characters` : '';
    status.textContent = slot.remembered ? 'saved in this browser (IndexedDB) until you forget it' : 'kept in memory only: gone when you close the tab';
    if (!initial) onChange?.();
  };
  slot.subscribe(sync);
  input.addEventListener('input', () => slot.set(input.value, input));
  show.addEventListener('click', () => {
    const hidden = input.type === 'password';
    input.type = hidden ? 'text' : 'password';
    show.textContent = hidden ? 'Hide' : 'Show';
  });
  remember.addEventListener('change', () => slot.remember(remember.checked));
  forget.addEventListener('click', () => slot.remember(false));
  sync(undefined, true);

  const el = h('div.field.keyfield', {},
    h('div.label-row', {}, h('label', { for: input.id, text: label }), length),
    h('div.input-row', {}, input, show),
    h('div.remember-row', {}, h('label.check', {}, remember, ' Remember in this browser'), forget),
    status);
  return { el, get value() { return slot.value; }, input };
}

/** Renders a caught error: `{ code, message }`. */
export function errorText(e) {
  return e && e.code ? `${e.code}: ${e.message}` : String(e?.message ?? e);
}
