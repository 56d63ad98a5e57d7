// API v2 sign: paste params (XML, JSON or a query string), see every step of the signature and,
// for a received sign that does not match, the likely cause (v2.diagnose, the Rust core).
import { h, debounce, output, field, select, fieldsTable, verdict, keyField, errorText } from '../ui.js';
import { V2_KEY, OFFICIAL, diagnosisList } from './v2-common.js';

const FORMAT_NAMES = { xml: 'XML', json: 'JSON', query: 'query string', empty: '' };

export default {
  id: 'v2-sign',
  title: 'v2 sign',
  group: 'API v2',
  description: 'Recompute a v2 signature step by step and find out why a sign does not match.',

  render(panel, { lib }) {
    const { v2, parseParamsText } = lib;
    const params = h('textarea.mono#v2-sign-params', { rows: 11, spellcheck: 'false',
      placeholder: '<xml><appid>wx…</appid>…</xml>\n{"appid": "wx…", …}\nappid=wx…&mch_id=…' });
    const format = h('span.badge#v2-sign-format');
    const parseNotes = h('ul.notes.compact#v2-sign-parse-notes');
    const key = keyField('v2-sign', { ...V2_KEY, onChange: () => update() });
    const signType = select('v2-sign-type', [['', 'Auto (sign_type, else MD5)'], ['MD5', 'MD5'], ['HMAC-SHA256', 'HMAC-SHA256']]);
    const received = h('input.mono#v2-sign-received', { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 'default: the sign field' });

    const example = (fill) => h('button.ghost', { type: 'button', text: fill.label, onclick: () => {
      params.value = fill.params;
      received.value = fill.received ?? '';
      signType.value = fill.signType ?? '';
      key.input.value = OFFICIAL.key;
      key.input.dispatchEvent(new Event('input'));
      update();
    } });

    const ver = verdict('v2-sign-verdict');
    const diag = h('div#v2-sign-diagnosis-slot');
    const md5 = output('v2-sign-md5', 'MD5');
    const hmac = output('v2-sign-hmac', 'HMAC-SHA256');
    const stringA = output('v2-sign-string-a', 'stringA: sorted non-empty fields, without sign');
    const temp = output('v2-sign-temp', 'stringSignTemp: stringA&key=… (key masked)');
    const table = h('div#v2-sign-fields-slot');

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: 'Parameters' }), format),
        h('div.examples', {}, h('span.help', { text: 'Try:' }),
          example({ label: 'Official example', params: OFFICIAL.xml }),
          example({ label: 'HMAC checked as MD5', params: JSON.stringify({ ...OFFICIAL.params, sign: OFFICIAL.hmac }, null, 2), signType: 'MD5' }),
          example({ label: 'Unsigned field', params: new URLSearchParams({ ...OFFICIAL.params, attach: 'gift' }).toString() + `&sign=${OFFICIAL.md5}` })),
        params,
        h('div.help', { text: 'XML, a JSON object, or a query string / stringA (values verbatim, one field per & or per line). Detected automatically.' }),
        parseNotes,
        key.el,
        h('div.row2', {},
          field('Sign type', signType),
          field('Received sign', received, { hint: 'Overrides the sign field of the input.' }))),
      h('section.card.result', {},
        ver.el, diag,
        h('div.outputs', {}, md5.el, hmac.el, stringA.el, temp.el),
        h('h3', { text: 'Fields' }), table)));

    const clear = () => {
      for (const o of [md5, hmac, stringA, temp]) o.set('');
      diag.replaceChildren();
      table.replaceChildren(fieldsTable('v2-sign-fields', []));
    };

    const update = () => {
      parseNotes.replaceChildren();
      let parsed;
      try {
        parsed = parseParamsText(params.value);
      } catch (e) {
        format.textContent = FORMAT_NAMES[lib.detectFormat(params.value)];
        clear();
        ver.set('bad', 'The input cannot be read', errorText(e));
        return;
      }
      format.textContent = FORMAT_NAMES[parsed.format];
      parseNotes.append(...parsed.notes.map((n) => h('li', { text: n })));
      if (parsed.key !== undefined && !key.value) {
        key.input.value = parsed.key;
        key.input.dispatchEvent(new Event('input'));
        return;
      }
      if (parsed.format === 'empty') {
        clear();
        ver.set('idle', 'Paste parameters to start', 'Or try one of the examples. Nothing you type leaves this page.');
        return;
      }
      let d;
      try {
        d = v2.diagnose(parsed.params, key.value, received.value.trim() ? received.value : null, signType.value || null);
      } catch (e) {
        clear();
        ver.set('bad', 'Cannot compute the signature', errorText(e));
        return;
      }
      md5.set(d.md5, { highlight: d.signType === 'MD5', hint: d.signType === 'MD5' ? 'checked' : '' });
      hmac.set(d.hmacSha256, { highlight: d.signType === 'HMAC-SHA256', hint: d.signType === 'HMAC-SHA256' ? 'checked' : '' });
      stringA.set(d.stringA);
      temp.set(d.stringSignTempMasked, { hint: `key: ${d.keyLength} characters` });
      table.replaceChildren(fieldsTable('v2-sign-fields', d.fields));
      diag.replaceChildren(diagnosisList('v2-sign-diagnosis', d));
      if (d.matches === true) ver.set('ok', `Sign matches (${d.signType})`, `received ${d.received}`);
      else if (d.matches === false) ver.set('bad', 'Sign does not match', `received ${d.received}\nexpected ${d.expected} (${d.signType})`);
      else ver.set('info', `${d.signType} sign computed`, 'Paste a received sign (or include a sign field) to check it.');
    };

    const later = debounce(update);
    params.addEventListener('input', later);
    received.addEventListener('input', later);
    signType.addEventListener('change', update);
    update();
  },
};
