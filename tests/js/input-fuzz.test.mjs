// A small mutation fuzzer for the CLI's input readers (the JS half of README "Hardening"; the
// Rust parsers are fuzzed by `make fuzz`): parseParamsText (`sign`/`verify`/`notify`/`diagnose`
// and the signature debugger) and parseHeaderText (`v3-verify`/`v3-notify`). Deterministic
// edits of real inputs; each result must agree with an independent reading of the same text, and
// a refusal must be a WechatPayError with a documented code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v2, WechatPayError } from 'wechatpay-wasm';
import { parseParamsText, detectFormat } from '../../pkg/dist/input.js';
import { parseHeaderText } from '../../pkg/dist/cli-v3.mjs';
import { rng, v2Vectors } from './helpers.mjs';

const PIECES = ['<', '>', '</', '/>', '&', '=', '?', '{', '}', '"', ':', ',', '[', ']', '\\', '\n', '\r\n', '\r', ' ', '\t',
  '<![CDATA[', ']]>', '&amp;', '&#0;', '<!DOCTYPE x>', 'key=', 'https://x.example/p?', '%2B', '%zz', 'null', '1e999', '\0',
  '\uFFFF', '\uD800', '\uDC00', '中', '😀', 'HTTP/1.1 200 OK', '< ', 'Wechatpay-Serial: ', '__proto__', 'constructor'];

/** Up to `edits` edits: delete a run, insert a piece, insert any UTF-16 unit (lone surrogates too). */
function mutate(rand, seed, edits = 5) {
  let s = seed;
  const n = 1 + Math.floor(rand() * edits);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const op = rand();
    if (op < 0.3) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 12));
    else if (op < 0.8) s = s.slice(0, at) + PIECES[Math.floor(rand() * PIECES.length)] + s.slice(at);
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x10000)) + s.slice(at);
  }
  return s;
}

function refusal(e, codes, input) {
  assert.ok(e instanceof WechatPayError, `${e?.name}: ${e?.message} for ${JSON.stringify(input)}`);
  assert.ok(codes.includes(e.code), `${e.code} for ${JSON.stringify(input)}`);
}

/** What parseParamsText must return, read independently of it. */
function checkParams(input, result) {
  assert.equal(result.format, detectFormat(input));
  assert.ok(result.params instanceof Map);
  for (const [k, v] of result.params) assert.ok(typeof k === 'string' && k !== '' && typeof v === 'string', JSON.stringify([k, v]));
  if (result.format === 'json') {
    const want = Object.entries(JSON.parse(input)).map(([k, v]) => [k, v === null ? '' : String(v)]);
    assert.deepEqual([...result.params], want);
  } else if (result.format === 'xml') {
    assert.deepEqual([...result.params], Object.entries(v2.fromXml(input.trim())));
  } else if (result.format === 'query') {
    for (const [k, v] of result.params) {
      assert.equal(k, k.trim());
      assert.ok(!/[&\n]/.test(v) && !k.includes('='), JSON.stringify([k, v]));
    }
    // Written back one field per line, the fields read the same (when nothing in them makes the
    // text another format or a URL). The trailing key=… keeps the last value's own whitespace.
    const names = [...result.params.keys()];
    if (!names.includes('key') && !/^[<{?]|^[a-z][a-z0-9+.-]*:\/\//i.test(names[0] ?? '')) {
      const again = parseParamsText([...result.params].map(([k, v]) => `${k}=${v}\n`).join('') + 'key=k');
      assert.deepEqual([...again.params], [...result.params], JSON.stringify(input));
    }
  }
}

test('parseParamsText: mutated XML, JSON and query text is read consistently or refused with a code', () => {
  const official = v2Vectors.sign[0];
  const seeds = [
    v2Vectors.signed_xml.xml,
    JSON.stringify({ ...official.params, total_fee: 1, paid: true, none: null }),
    official.string_sign_temp,
    `https://merchant.example/pay?${official.string_a}#frag`,
    Object.entries(official.params).map(([k, v]) => `${k}=${v}`).join('\r\n'),
    '?a=1&b=%2B&c=',
  ];
  const rand = rng(0x1f2e3d4c);
  let accepted = 0;
  for (let i = 0; i < 6000; i++) {
    const input = mutate(rand, seeds[i % seeds.length]);
    let result;
    try {
      result = parseParamsText(input);
    } catch (e) {
      refusal(e, ['XML_INVALID', 'XML_FORBIDDEN', 'XML_TOO_LARGE', 'INVALID_ARGUMENT'], input);
      continue;
    }
    checkParams(input, result);
    accepted++;
  }
  // Most edits of a query string or JSON still read; a fuzzer that never gets through is broken.
  assert.ok(accepted > 1000 && accepted < 6000, `${accepted} of 6000 accepted`);
});

test('parseHeaderText: mutated JSON and curl header dumps give [name, value] string pairs or JSON_INVALID', () => {
  const headers = {
    'Wechatpay-Timestamp': '1554209981', 'Wechatpay-Nonce': 'fdasfwqewlkja484',
    'Wechatpay-Signature': 'S5uG0+iuT0eoI6hhE7zI8mk6MHL60Et6obNeVgae70g==', 'Wechatpay-Serial': '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  };
  const seeds = [
    JSON.stringify({ ...headers, 'x-multi': ['a', 'b'] }),
    ['HTTP/1.1 200 OK', ...Object.entries(headers).map(([k, v]) => `< ${k}: ${v}`), '<', '{"a":1}'].join('\r\n'),
    ['POST /notify HTTP/1.1', ...Object.entries(headers).map(([k, v]) => `${k}:${v}`)].join('\n'),
  ];
  const rand = rng(0x5eed);
  for (let i = 0; i < 6000; i++) {
    const input = mutate(rand, seeds[i % seeds.length]);
    let pairs;
    try {
      pairs = parseHeaderText(input);
    } catch (e) {
      refusal(e, ['JSON_INVALID'], input);
      continue;
    }
    assert.ok(Array.isArray(pairs));
    for (const pair of pairs) {
      assert.ok(pair.length === 2 && pair.every((x) => typeof x === 'string'), JSON.stringify(pair));
      if (!input.trim().startsWith('{')) {
        assert.ok(pair[0] !== '' && !pair[0].includes(':') && pair[0] === pair[0].trim(), JSON.stringify(pair));
        assert.ok(!(pair[0] + pair[1]).includes('\n'), JSON.stringify(pair));
      }
    }
  }
});
