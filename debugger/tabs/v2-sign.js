// API v2 sign: paste params (XML, JSON or a query string), see every step of the signature and,
// for a received sign that does not match, the likely cause (v2.diagnose, the Rust core).
import { h, debounce, output, field, select, fieldsTable, verdict, keyField, errorText } from '../ui.js';
import { V2_KEY, OFFICIAL, diagnosisList } from './v2-common.js';
import { tr } from '../i18n.js';

const TEXT = {
  en: {
    title: 'v2 sign',
    description: 'Recompute a v2 signature step by step and find out why a sign does not match.',
    formats: { xml: 'XML', json: 'JSON', query: 'query string', empty: '' },
    signAuto: 'Auto (sign_type, else MD5)',
    receivedPlaceholder: 'default: the sign field',
    stringA: 'stringA: sorted non-empty fields, without sign',
    temp: 'stringSignTemp: stringA&key=… (key masked)',
    parameters: 'Parameters', tryLabel: 'Try:',
    exampleOfficial: 'Official example', exampleHmac: 'HMAC checked as MD5', exampleUnsigned: 'Unsigned field',
    paramsHelp: 'XML, a JSON object, or a query string / stringA (values verbatim, one field per & or per line). Detected automatically.',
    signType: 'Sign type', received: 'Received sign', receivedHint: 'Overrides the sign field of the input.',
    fields: 'Fields',
    unreadable: 'The input cannot be read',
    start: 'Paste parameters to start', startHint: 'Or try one of the examples. Nothing you type leaves this page.',
    cannotCompute: 'Cannot compute the signature',
    checked: 'checked', keyLength: (n) => `key: ${n} characters`,
    matches: (type) => `Sign matches (${type})`, receivedValue: (v) => `received ${v}`,
    mismatch: 'Sign does not match', expected: (received, expected, type) => `received ${received}\nexpected ${expected} (${type})`,
    computed: (type) => `${type} sign computed`, computedHint: 'Paste a received sign (or include a sign field) to check it.',
  },
  zh: {
    title: 'v2 签名',
    description: '逐步重新计算 v2 签名，找出签名不一致的原因。',
    formats: { xml: 'XML', json: 'JSON', query: '查询字符串', empty: '' },
    signAuto: '自动（按 sign_type，否则 MD5）',
    receivedPlaceholder: '默认：sign 字段',
    stringA: 'stringA：按字段名排序的非空字段，不含 sign',
    temp: 'stringSignTemp：stringA&key=…（密钥已遮盖）',
    parameters: '参数', tryLabel: '试试：',
    exampleOfficial: '官方示例', exampleHmac: 'HMAC 签名按 MD5 校验', exampleUnsigned: '未参与签名的字段',
    paramsHelp: 'XML、JSON 对象，或查询字符串 / stringA（值按原样，每个字段用 & 或换行分隔）。自动识别格式。',
    signType: '签名类型', received: '收到的签名', receivedHint: '覆盖输入中的 sign 字段。',
    fields: '字段',
    unreadable: '无法读取输入',
    start: '粘贴参数开始', startHint: '或试试上面的示例。您输入的内容不会离开本页面。',
    cannotCompute: '无法计算签名',
    checked: '已校验', keyLength: (n) => `密钥：${n} 个字符`,
    matches: (type) => `签名一致（${type}）`, receivedValue: (v) => `收到 ${v}`,
    mismatch: '签名不一致', expected: (received, expected, type) => `收到 ${received}\n应为 ${expected}（${type}）`,
    computed: (type) => `已计算 ${type} 签名`, computedHint: '粘贴收到的签名（或在输入中包含 sign 字段）即可校验。',
  },
};

export default {
  id: 'v2-sign',
  group: 'API v2',
  TEXT,

  render(panel, { lib }) {
    const T = tr(TEXT);
    const FORMAT_NAMES = T.formats;
    const { v2, parseParamsText } = lib;
    const params = h('textarea.mono#v2-sign-params', { rows: 11, spellcheck: 'false',
      placeholder: '<xml><appid>wx…</appid>…</xml>\n{"appid": "wx…", …}\nappid=wx…&mch_id=…' });
    const format = h('span.badge#v2-sign-format');
    const parseNotes = h('ul.notes.compact#v2-sign-parse-notes');
    const key = keyField('v2-sign', { ...V2_KEY, onChange: () => update() });
    const signType = select('v2-sign-type', [['', T.signAuto], ['MD5', 'MD5'], ['HMAC-SHA256', 'HMAC-SHA256']]);
    const received = h('input.mono#v2-sign-received', { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: T.receivedPlaceholder });

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
    const stringA = output('v2-sign-string-a', T.stringA);
    const temp = output('v2-sign-temp', T.temp);
    const table = h('div#v2-sign-fields-slot');

    panel.append(h('div.grid', {},
      h('section.card.input', {},
        h('div.card-head', {}, h('h2', { text: T.parameters }), format),
        h('div.examples', {}, h('span.help', { text: T.tryLabel }),
          example({ label: T.exampleOfficial, params: OFFICIAL.xml }),
          example({ label: T.exampleHmac, params: JSON.stringify({ ...OFFICIAL.params, sign: OFFICIAL.hmac }, null, 2), signType: 'MD5' }),
          example({ label: T.exampleUnsigned, params: new URLSearchParams({ ...OFFICIAL.params, attach: 'gift' }).toString() + `&sign=${OFFICIAL.md5}` })),
        params,
        h('div.help', { text: T.paramsHelp }),
        parseNotes,
        key.el,
        h('div.row2', {},
          field(T.signType, signType),
          field(T.received, received, { hint: T.receivedHint }))),
      h('section.card.result', {},
        ver.el, diag,
        h('div.outputs', {}, md5.el, hmac.el, stringA.el, temp.el),
        h('h3', { text: T.fields }), table)));

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
        ver.set('bad', T.unreadable, errorText(e));
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
        ver.set('idle', T.start, T.startHint);
        return;
      }
      let d;
      try {
        d = v2.diagnose(parsed.params, key.value, received.value.trim() ? received.value : null, signType.value || null);
      } catch (e) {
        clear();
        ver.set('bad', T.cannotCompute, errorText(e));
        return;
      }
      md5.set(d.md5, { highlight: d.signType === 'MD5', hint: d.signType === 'MD5' ? T.checked : '' });
      hmac.set(d.hmacSha256, { highlight: d.signType === 'HMAC-SHA256', hint: d.signType === 'HMAC-SHA256' ? T.checked : '' });
      stringA.set(d.stringA);
      temp.set(d.stringSignTempMasked, { hint: T.keyLength(d.keyLength) });
      table.replaceChildren(fieldsTable('v2-sign-fields', d.fields));
      diag.replaceChildren(diagnosisList('v2-sign-diagnosis', d));
      if (d.matches === true) ver.set('ok', T.matches(d.signType), T.receivedValue(d.received));
      else if (d.matches === false) ver.set('bad', T.mismatch, T.expected(d.received, d.expected, d.signType));
      else ver.set('info', T.computed(d.signType), T.computedHint);
    };

    const later = debounce(update);
    params.addEventListener('input', later);
    received.addEventListener('input', later);
    signType.addEventListener('change', update);
    update();
  },
};
