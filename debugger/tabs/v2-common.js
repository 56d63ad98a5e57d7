// Pieces shared by the API v2 tabs.
import { h, copyButton } from '../ui.js';
import { tr } from '../i18n.js';

export const TEXT = {
  en: {
    v2Key: 'API v2 key',
    causes: 'Likely causes (each reproduces the received sign)',
    cause: 'Likely cause (it reproduces the received sign)',
    reproduces: 'stringA that reproduces it',
    noCause: 'No usual mistake reproduces the received sign',
    adviceKey: 'The key most likely differs: use the API v2 key (32 characters, set under Account → API security in the merchant platform), not the API v3 key or the AppSecret.',
    adviceFields: 'Or the fields differ from what was signed: compare stringA below with the sender\'s, field by field.',
    // One line per v2.diagnose code (the core's message, in English, carries the specifics).
    codes: {
      SIGN_TYPE: 'Signed with the other sign type.',
      KEY_WHITESPACE: 'The key has whitespace around it.',
      KEY_QUOTED: 'The key is wrapped in quotes.',
      KEY_TRUNCATED: 'The key has extra characters after its 32.',
      VALUES_TRIMMED: 'Signed over trimmed values.',
      VALUES_URL_DECODED: 'Signed over URL-decoded values.',
      VALUES_URL_ENCODED: 'Signed over URL-encoded values.',
      FIELD_UNSIGNED: 'A field was left out of the signature.',
      EMPTY_SIGNED: 'Empty fields were signed.',
      NAMES_LOWERCASED: 'Field names were lowercased.',
      UNSORTED: 'Fields were not sorted by name.',
      KEY_NOT_APPENDED: 'The key was not appended (&key=).',
      SIGN_WHITESPACE: 'The received sign has whitespace around it.',
      KEY_LENGTH: 'The key is not 32 characters.',
      KEY_EMPTY: 'No API key given.',
      SIGN_LENGTH: 'The sign\'s length belongs to another sign type.',
      SIGN_TYPE_FIELD: 'The message\'s sign_type differs from the type checked.',
      SIGN_TYPE_UNSUPPORTED: 'The message\'s sign_type is not MD5 or HMAC-SHA256.',
      SIGN_LOWERCASE: 'The sign is lowercase hex.',
      FIELDS_NOT_TRIED: 'Not every field was tried (large message).',
    },
  },
  zh: {
    v2Key: 'API v2 密钥',
    causes: '可能的原因（每一项都能复现收到的签名）',
    cause: '可能的原因（它能复现收到的签名）',
    reproduces: '能复现该签名的 stringA',
    noCause: '常见错误均无法复现收到的签名',
    adviceKey: '最可能是密钥不同：请使用 API v2 密钥（32 位，在商户平台“账户中心 → API 安全”中设置），而不是 APIv3 密钥或 AppSecret。',
    adviceFields: '或者字段与签名时的不同：请将下面的 stringA 与发送方的逐个字段比对。',
    codes: {
      SIGN_TYPE: '签名使用的是另一种签名类型。',
      KEY_WHITESPACE: '密钥两侧带有空白字符。',
      KEY_QUOTED: '密钥带有引号。',
      KEY_TRUNCATED: '密钥在 32 个字符之后还有多余字符。',
      VALUES_TRIMMED: '签名时字段值被去除了空白。',
      VALUES_URL_DECODED: '签名时用的是 URL 解码后的值。',
      VALUES_URL_ENCODED: '签名时用的是 URL 编码后的值。',
      FIELD_UNSIGNED: '有一个字段没有参与签名。',
      EMPTY_SIGNED: '空值字段参与了签名。',
      NAMES_LOWERCASED: '字段名被改成了小写。',
      UNSORTED: '字段没有按字段名排序。',
      KEY_NOT_APPENDED: '没有拼接密钥（&key=）。',
      SIGN_WHITESPACE: '收到的签名两侧带有空白字符。',
      KEY_LENGTH: '密钥长度不是 32 个字符。',
      KEY_EMPTY: '未提供 API 密钥。',
      SIGN_LENGTH: '签名长度属于另一种签名类型。',
      SIGN_TYPE_FIELD: '报文中的 sign_type 与校验所用的类型不同。',
      SIGN_TYPE_UNSUPPORTED: '报文中的 sign_type 不是 MD5 或 HMAC-SHA256。',
      SIGN_LOWERCASE: '签名是小写十六进制。',
      FIELDS_NOT_TRIED: '报文较大，没有逐个尝试所有字段。',
    },
  },
};

export const V2_KEY = { slot: 'v2', get label() { return tr(TEXT).v2Key; }, expectedLength: 32 };

/** The official examples of WeChat Pay's documentation (tests/vectors/v2-official.json). */
export const OFFICIAL = {
  params: { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' },
  key: '192006250b4c09247ec02edce69f6a2d',
  md5: '9A0A8659F005D6984697E2CA0A9CF3B7',
  hmac: '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6',
  xml: '<xml>\n<appid>wxd930ea5d5a258f4f</appid>\n<mch_id>10000100</mch_id>\n<device_info>1000</device_info>\n<body>test</body>\n<nonce_str>ibuaiVcKdpRxkhJA</nonce_str>\n<sign>9A0A8659F005D6984697E2CA0A9CF3B7</sign>\n</xml>',
  jsapi: { appId: 'wxd678efh567hg6787', timeStamp: '1490840662', nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', prepayId: 'wx2017033010242291fcfe0db70013231072', key: 'qazwsxedcrfvtgbyhnujmikolp111111', paySign: '22D9B4E54AB1950F51E0649E8810ACD6' },
};

/** The "likely cause" list and the notes of a `v2.diagnose` result. */
export function diagnosisList(id, d) {
  const T = tr(TEXT);
  const box = h(`div.diagnosis#${id}`);
  if (d.matches === false) {
    if (d.causes.length) {
      box.append(h('h3', { text: d.causes.length > 1 ? T.causes : T.cause }));
      for (const c of d.causes) {
        box.append(h('div.cause', { 'data-code': c.code },
          h('div.cause-head', {}, h('span.code', { text: c.code }), h('span.pill.muted', { text: c.signType })),
          T.codes[c.code] ? h('p.meaning', { text: T.codes[c.code] }) : null,
          h('p', { text: c.message }),
          h('details', {}, h('summary', { text: T.reproduces }),
            h('div.inline-copy', {}, h('pre.value.small', { text: c.stringA }), copyButton(() => c.stringA)))));
      }
    } else {
      box.append(h('h3', { text: T.noCause }),
        h('ul.advice', {},
          h('li', { text: T.adviceKey }),
          h('li', { text: T.adviceFields })));
    }
  }
  if (d.notes.length) {
    box.append(h('ul.notes', {}, d.notes.map((n) => h('li', { 'data-code': n.code, title: T.codes[n.code] ?? '' }, h('span.code', { text: n.code }), ' ', n.message))));
  }
  return box;
}
