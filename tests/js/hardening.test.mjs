// Issue 9: nothing a sender controls can slow, split or break the package. Each test names the
// defect class it closes; every one of them failed on the code before the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as api from 'wechatpay-wasm';
import { v2Vectors, referenceSign } from './helpers.mjs';

const { v2, v3, alipay, WechatPayError } = api;
const [md5Vector] = v2Vectors.sign;
const KEY = md5Vector.key;

function codeOf(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof WechatPayError, `expected a WechatPayError, got ${e?.constructor?.name}: ${e?.message}`);
    return e.code;
  }
  assert.fail('expected a WechatPayError');
}

async function asyncCodeOf(fn) {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof WechatPayError, `expected a WechatPayError, got ${e?.constructor?.name}: ${e?.message}`);
    return e.code;
  }
  assert.fail('expected a WechatPayError');
}

/** A signed v2 notification over exactly these fields (sign computed by node:crypto). */
function signedNotification(fields) {
  const all = { return_code: 'SUCCESS', ...fields };
  const body = Object.entries(all).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('');
  return `<xml>${body}<sign>${referenceSign(all, KEY)}</sign></xml>`;
}

// ── 1. XML decoding is linear: field cap for every shape ──────────────────────────────────────

test('1: 120,000 fields under the 1 MiB cap are refused at the field cap, for every shape of field', () => {
  const shapes = [
    (i) => `<f${i.toString(16)}/>`,
    (i) => `<f${i.toString(16)}></f${i.toString(16)}>`,
    (i) => `<f${i.toString(16)}><![CDATA[]]></f${i.toString(16)}>`,
    (i) => `<${'p'.repeat(60)}${i.toString(16)}/>`, // long shared prefixes
  ];
  for (const shape of shapes) {
    const fields = [];
    for (let i = 0, size = 11; size < 1 << 20; i++) { const f = shape(i); fields.push(f); size += f.length; }
    fields.pop();
    const doc = `<xml>${fields.join('')}</xml>`;
    assert.ok(doc.length <= 1 << 20 && fields.length > 1024, `${fields.length} fields in ${doc.length} bytes`);
    for (const parse of [() => v2.fromXml(doc), () => v2.parseNotification(doc, KEY)]) assert.equal(codeOf(parse), 'XML_TOO_MANY_FIELDS');
  }
  const max = `<xml>${Array.from({ length: 1024 }, (_, i) => `<f${i}>v</f${i}>`).join('')}</xml>`;
  assert.equal(Object.keys(v2.fromXml(max)).length, 1024);
});

test('1: handleV2Notification answers the failure ack for the quadratic document, without throwing', async () => {
  const doc = `<xml>${Array.from({ length: 100_000 }, (_, i) => `<f${i.toString(16)}/>`).join('')}</xml>`;
  const r = await api.handleV2Notification(doc, { key: KEY, replayStore: null });
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'XML_TOO_MANY_FIELDS');
  assert.match(r.ack.body, /<return_code><!\[CDATA\[FAIL\]\]><\/return_code>/);
});

// ── 2. Verified fields = returned fields ───────────────────────────────────────────────────────

test('2: a NUL inside a signed value cannot turn into another field (raw, CDATA, reference)', () => {
  const attack = signedNotification({ attach: 'x\0total_fee\u00001', total_fee: '100' });
  assert.equal(codeOf(() => v2.parseNotification(attack, KEY)), 'XML_INVALID');
  for (const xml of ['<xml><a>x\0y</a></xml>', '<xml><a><![CDATA[x\0y]]></a></xml>', '<xml><a>&#0;</a></xml>', '<xml><a>&#x0;</a></xml>']) {
    assert.equal(codeOf(() => v2.fromXml(xml)), 'XML_INVALID', JSON.stringify(xml));
  }
});

test('2: every character XML 1.0 forbids is XML_INVALID, raw, in CDATA or as a reference', () => {
  const forbidden = [0x1, 0x8, 0xb, 0xc, 0xe, 0x1f, 0xfffe, 0xffff];
  for (const cp of forbidden) {
    const c = String.fromCodePoint(cp);
    const hex = cp.toString(16);
    for (const xml of [`<xml><a>${c}</a></xml>`, `<xml><a><![CDATA[${c}]]></a></xml>`, `<xml><a>&#x${hex};</a></xml>`, `<xml><a>&#${cp};</a></xml>`]) {
      assert.equal(codeOf(() => v2.fromXml(xml)), 'XML_INVALID', `U+${hex} in ${JSON.stringify(xml)}`);
    }
  }
  for (const xml of ['<xml><a>\uD800</a></xml>', '<xml><a><![CDATA[\uDC00x]]></a></xml>', '<xml><a>&#xD800;</a></xml>', '<xml><a>&#xDFFF;</a></xml>']) {
    assert.equal(codeOf(() => v2.fromXml(xml)), 'XML_INVALID', JSON.stringify(xml));
    assert.equal(codeOf(() => v2.parseNotification(xml, KEY)), 'XML_INVALID');
  }
  // Tab, CR, LF and the rest of Unicode stay accepted, and round-trip.
  const ok = { a: 'l1\r\nl2\tz', b: '中文😀\u0085\uFFFD' };
  assert.deepEqual(v2.fromXml(v2.toXml(ok)), ok);
});

test('2: what is not well-formed, or not flat attribute-free XML, is refused', () => {
  for (const xml of ['<></>', '<xml><></></xml>', '<1a>x</1a>', '<xml><1a>x</1a></xml>', '<xml><a b="1">x</a></xml>',
    '<xml><a b="1" b="2">x</a></xml>', '<xml a="1"><b>x</b></xml>', '<xml><a>1</a></xml><?xml version="1.0"?>',
    '<xml><?xml version="1.0"?><a>1</a></xml>', '<xml><a>x]]>y</a></xml>']) {
    assert.equal(codeOf(() => v2.fromXml(xml)), 'XML_INVALID', xml);
  }
  assert.deepEqual(v2.fromXml('<?xml version="1.0" encoding="UTF-8"?>\n<xml><a>1</a></xml>'), { a: '1' });
});

test('2: the field transport is injective in both directions', () => {
  // In: a NUL inside a name or value is refused by every export that takes fields.
  const withNul = [{ a: 'x\0y' }, { 'a\0b': 'c' }, new Map([['a', 'x\0y']]), { a: 'x\0', b: '' }, { a: '\0' }];
  for (const params of withNul) {
    for (const fn of [() => v2.sign(params, KEY), () => v2.stringToSign(params, KEY), () => v2.verify({ ...Object.fromEntries(params instanceof Map ? params : Object.entries(params)), sign: 'A' }, KEY),
      () => v2.toXml(params), () => v2.diagnose(params, KEY), () => alipay.stringToSign(params), () => alipay.notificationStringToSign(params)]) {
      assert.equal(codeOf(fn), 'INVALID_ARGUMENT', JSON.stringify([...Object.entries(params instanceof Map ? Object.fromEntries(params) : params)]));
    }
  }
  // Out: values holding what used to be separators come back exactly.
  const fields = { a: 'x&y=z', b: '', 'c.d-e_f': ']]>\r\n', total_fee: '100' };
  assert.deepEqual(v2.fromXml(v2.toXml(fields)), fields);
  assert.deepEqual(v2.parseNotification(signedNotification({ attach: 'total_fee=1', total_fee: '100' }), KEY).total_fee, '100');
});

// ── 3. One failure never poisons the signer; inputs are bounded before wasm ────────────────────

test('3: inputs over 4 MiB are INPUT_TOO_LARGE before entering wasm, for every export taking text', async () => {
  const big = 'x'.repeat(4 * 1024 * 1024 + 1);
  const cases = [
    () => v2.sign({ a: big }, KEY), () => v2.sign({ a: '1' }, big), () => v2.stringToSign({ a: big }, KEY), () => v2.diagnose({ a: big }, KEY),
    () => v2.toXml({ a: big }), () => v2.encryptRefundInfo(big, KEY), () => v2.decryptRefundNotification(big, KEY),
    () => v3.message('GET', '/v3/a', '1', 'n', big), () => v3.responseMessage('1', 'n', big), () => alipay.stringToSign({ a: big }),
  ];
  for (const fn of cases) assert.equal(codeOf(fn), 'INPUT_TOO_LARGE', fn.toString());
  const e = (() => { try { v2.sign({ a: big }, KEY); } catch (err) { return err; } })();
  assert.equal(e.limit, 4 * 1024 * 1024);
  assert.match(e.message, /at most 4194304/);
  // XML has its own, smaller limit and code, checked before wasm as well.
  assert.equal(codeOf(() => v2.fromXml(`<xml><a>${big}</a></xml>`)), 'XML_TOO_LARGE');
  // The largest accepted input works, and the signer is right afterwards.
  const atLimit = { a: 'y'.repeat(4 * 1024 * 1024 - 2) };
  assert.equal(v2.sign(atLimit, KEY), referenceSign(atLimit, KEY));
  assert.equal(v2.sign(md5Vector.params, KEY), md5Vector.sign);
  const { pems } = await import('./v3-helpers.mjs');
  const privateKey = await v3.importPrivateKey(pems['private_pkcs8.pem']);
  assert.equal(await asyncCodeOf(() => v3.authorization({ mchId: '1', serialNo: 'S', privateKey, method: 'POST', url: '/v3/a', body: big })), 'INPUT_TOO_LARGE');
  assert.equal(codeOf(() => v3.authorizationSync({ mchId: '1', serialNo: 'S', privateKey, method: 'POST', url: big, body: '' })), 'INPUT_TOO_LARGE');
});

test('3: a wasm trap (out of memory under a 6.4 MB cap) never poisons the module: later calls give the right answers', () => {
  // In a child process: --wasm-max-mem-pages caps wasm memory far below the inputs, as a busy
  // Worker isolate's 128 MB can. 400 traps across the exports taking fields, each followed by a
  // correct v2 signature of the official vector; then HMAC, diagnose and v3. v2.diagnose runs in
  // the extra wasm module (js/extra.js): traps in both instances are recovered.
  const script = `
    import { v2, v3 } from 'wechatpay-wasm';
    const key = ${JSON.stringify(KEY)};
    const p = ${JSON.stringify(md5Vector.params)};
    const codes = new Set();
    for (let i = 0; i < 400; i++) {
      try { [v2.sign, v2.stringToSign, v2.diagnose, v2.toXml][i % 4]({ a: 'x'.repeat(3e6) }, key); codes.add('none'); } catch (e) { codes.add(e.constructor.name + ':' + e.code); }
      const s = v2.sign(p, key);
      if (s !== ${JSON.stringify(md5Vector.sign)}) throw new Error('wrong signature after trap ' + i + ': ' + s);
    }
    const diagnosed = v2.diagnose({ ...p, sign: ${JSON.stringify(md5Vector.sign)} }, key);
    console.log(JSON.stringify({ codes: [...codes], hmac: v2.sign(p, key, 'HMAC-SHA256'), message: v3.message('get', '/v3/a', '1', 'n', ''), diagnosed: [diagnosed.matches, diagnosed.md5] }));
  `;
  const dir = mkdtempSync(join(new URL('../../node_modules/', import.meta.url).pathname, '.trap-'));
  const file = join(dir, 'trap.mjs');
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, ['--wasm-max-mem-pages=100', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.codes, ['WechatPayError:WASM_TRAP']);
  assert.equal(out.hmac, referenceSign(md5Vector.params, KEY, 'HMAC-SHA256'));
  assert.equal(out.message, 'GET\n/v3/a\n1\nn\n\n');
  assert.deepEqual(out.diagnosed, [true, md5Vector.sign]);
});

test('3: a large signature does not pin a 3× buffer: the next small one still matches', () => {
  const big = { a: 'z'.repeat(2_000_000) };
  assert.equal(v2.sign(big, KEY), referenceSign(big, KEY));
  assert.equal(v2.sign(big, KEY, 'HMAC-SHA256'), referenceSign(big, KEY, 'HMAC-SHA256'));
  assert.equal(v2.sign(md5Vector.params, KEY), md5Vector.sign);
});

// ── 4. v2.diagnose is bounded ──────────────────────────────────────────────────────────────────

test('4: diagnose tries at most 64 "field left out" variants and says so', () => {
  const params = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`f${i}`, `v${i}`]));
  const d = v2.diagnose({ ...params, sign: 'WRONG' }, KEY);
  assert.equal(d.matches, false);
  const note = d.notes.find((n) => n.code === 'FIELDS_NOT_TRIED');
  assert.ok(note, JSON.stringify(d.notes));
  assert.match(note.message, /3000 non-empty fields .* first 64 only/);
  // Within the bound, the variant is still found: the sign was made without f10.
  const few = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, `v${i}`]));
  const { f10: _dropped, ...without } = few;
  const d2 = v2.diagnose({ ...few, sign: referenceSign(without, KEY) }, KEY);
  assert.deepEqual(d2.causes.map((c) => [c.code, c.fields]), [['FIELD_UNSIGNED', ['f10']]]);
  assert.equal(d2.notes.some((n) => n.code === 'FIELDS_NOT_TRIED'), false);
});

// ── 5. Inputs are taken as the types promise, or refused ───────────────────────────────────────

test('5: Maps are signed and written in full by signedXml and the v2 client', async () => {
  const map = new Map(Object.entries(md5Vector.params));
  const xml = v2.signedXml(map, KEY);
  assert.deepEqual(v2.fromXml(xml), { ...md5Vector.params, sign: md5Vector.sign });
  let sent;
  const client = api.createV2Client({ appId: 'wx1', mchId: 'm1', key: KEY, fetch: async (_url, init) => { sent = v2.fromXml(init.body); throw new Error('offline'); } });
  await asyncCodeOf(() => client.unifiedOrder(new Map([['body', 'b'], ['out_trade_no', 'o1'], ['total_fee', 1]])));
  assert.equal(sent.out_trade_no, 'o1');
  assert.equal(sent.total_fee, '1');
  assert.equal(sent.sign, referenceSign((({ sign: _s, ...rest }) => rest)(sent), KEY));
  await asyncCodeOf(() => client.refundQuery(new Map([['out_refund_no', 'r1']])));
  assert.equal(sent.out_refund_no, 'r1');
});

test('5: signedXml signs with the sign type it writes; the CLI prints the sign that is in the XML', () => {
  const xml = v2.signedXml({ a: '1', sign_type: 'HMAC-SHA256' }, KEY);
  const fields = v2.fromXml(xml);
  assert.equal(fields.sign_type, 'HMAC-SHA256');
  assert.equal(fields.sign, referenceSign({ a: '1', sign_type: 'HMAC-SHA256' }, KEY, 'HMAC-SHA256'));
  assert.equal(codeOf(() => v2.signedXml({ a: '1', sign_type: 'HMAC-SHA256' }, KEY, 'MD5')), 'INVALID_ARGUMENT');
  const cli = new URL('../../pkg/dist/cli.mjs', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [cli, 'sign', '--json', '--xml', '--sign-type', 'HMAC-SHA256', '--params', '{"a":"1"}'], { env: { ...process.env, WECHATPAY_KEY: KEY }, encoding: 'utf8' });
  const out = JSON.parse(r.stdout);
  assert.equal(v2.fromXml(out.xml).sign, out.sign);
});

test('5: URLSearchParams, Date, String objects, arrays, class instances and non-string Map keys are INVALID_ARGUMENT', () => {
  class Order { constructor() { this.a = '1'; } }
  const bad = [new URLSearchParams('a=1'), new Date(), new String('ab'), ['a', 'b'], new Order(), new Map([[{}, '1']]), new Map([[1, 'x']]),
    { a: NaN }, { a: Infinity }, { a: {} }, { a: [] }, { a: Symbol('s') }, 'a=1', 5, null, undefined];
  for (const params of bad) {
    for (const fn of [() => v2.sign(params, KEY), () => v2.toXml(params), () => v2.signedXml(params, KEY), () => v2.stringToSign(params, KEY)]) {
      assert.equal(codeOf(fn), 'INVALID_ARGUMENT', String(params?.constructor?.name ?? params));
    }
  }
  // What the types promise still works: plain objects (any realm, null prototype), Maps, numbers, booleans.
  const nullProto = Object.assign(Object.create(null), { a: '1', b: 2, c: true });
  assert.equal(v2.sign(nullProto, KEY), referenceSign({ a: '1', b: '2', c: 'true' }, KEY));
  assert.equal(v2.sign(new Map([['a', '1'], ['b', 2], ['c', true]]), KEY), referenceSign({ a: '1', b: '2', c: 'true' }, KEY));
});

test('5: a replay store whose ttl or max would switch deduplication off is refused', () => {
  for (const ttl of [NaN, -1, 0, Infinity, '60', null]) assert.equal(codeOf(() => api.memoryReplayStore({ ttl })), 'INVALID_ARGUMENT', String(ttl));
  for (const max of [0, -1, 1.5, NaN]) assert.equal(codeOf(() => api.memoryReplayStore({ max })), 'INVALID_ARGUMENT', String(max));
  assert.equal(codeOf(() => api.durableReplayStore({}, { ttl: -5 })), 'INVALID_ARGUMENT');
  assert.equal(api.memoryReplayStore({ ttl: 0.5 }).kind, 'memory');
});

// ── 6. Bad input is refused, not signed ────────────────────────────────────────────────────────

test('6: v2 pay parameters refuse timestamps that are not Unix seconds, as their v3 twins do', () => {
  for (const ts of [NaN, -1, 1.5, 1e21, 'abc', ' 1', '1e3', Infinity, 10n ** 30n]) {
    assert.equal(codeOf(() => v2.jsapiPayParams('wx1', 'p1', KEY, 'MD5', ts)), 'INVALID_ARGUMENT', String(ts));
    assert.equal(codeOf(() => v2.appPayParams('wx1', 'm1', 'p1', KEY, 'MD5', ts)), 'INVALID_ARGUMENT', String(ts));
  }
  assert.equal(v2.jsapiPayParams('wx1', 'p1', KEY, 'MD5', 1490840662, 'n').timeStamp, '1490840662');
  const cli = new URL('../../pkg/dist/cli.mjs', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [cli, 'paysign', '--app-id', 'wx1', '--prepay-id', 'p1', '--timestamp', 'abc'], { env: { ...process.env, WECHATPAY_KEY: KEY }, encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /INVALID_ARGUMENT/);
});

test('6: v3 messages refuse an empty method or URL and CR/LF; the signed URL is what a client sends', () => {
  for (const [method, url] of [['', '/v3/a'], ['GET', ''], ['GET', '/v3/a\r\nX-Injected: 1'], ['GET', '/v3/a\n'], ['G T', '/v3/a'], ['GET\n', '/v3/a']]) {
    assert.equal(codeOf(() => v3.message(method, url, '1', 'n', '')), 'INVALID_ARGUMENT', JSON.stringify([method, url]));
  }
  assert.equal(v3.message('get', 'https://api.mch.weixin.qq.com/v3/pay?x=1#frag', '1', 'n', ''), 'GET\n/v3/pay?x=1\n1\nn\n\n');
  assert.equal(v3.message('GET', 'HTTPS://API.MCH.WEIXIN.QQ.COM/v3/pay', '1', 'n', ''), 'GET\n/v3/pay\n1\nn\n\n');
  assert.equal(v3.message('GET', '/v3/pay#x', '1', 'n', ''), 'GET\n/v3/pay\n1\nn\n\n');
});

// ── 7. Only WechatPayError, and notification handlers never throw ──────────────────────────────

test('7: BigInt, Symbol, cycles, typed arrays and freed handles give WechatPayError', async () => {
  const cyclic = {}; cyclic.self = cyclic;
  assert.equal(codeOf(() => v2.sign(md5Vector.params, KEY, 10n)), 'SIGN_TYPE_UNSUPPORTED');
  assert.equal(codeOf(() => v2.signedXml(md5Vector.params, KEY, 10n)), 'SIGN_TYPE_UNSUPPORTED');
  const { v3Vectors: E, pems } = await import('./v3-helpers.mjs');
  const verifier = v3.createVerifier(await v3.importPublicKey(pems['cert.pem']));
  for (const headers of [cyclic, { 'wechatpay-serial': 10n }, [[1n, 2n]]]) {
    assert.equal(codeOf(() => v3.verifyResponseSync({ verifier, headers, body: '{}' })), codeOf(() => v3.verifyResponseSync({ verifier, headers, body: '{}' })));
    assert.ok(['INVALID_ARGUMENT', 'HEADER_INVALID', 'JSON_INVALID'].includes(codeOf(() => v3.verifyResponseSync({ verifier, headers, body: '{}' }))));
  }
  const appKey = alipay.importPrivateKey(pems['private_pkcs8.pem']);
  assert.equal(codeOf(() => alipay.sign(new Uint8Array(4), appKey)), 'INVALID_ARGUMENT');
  assert.equal(codeOf(() => alipay.sign({ biz_content: cyclic }, appKey)), 'INVALID_ARGUMENT');
  assert.equal(codeOf(() => alipay.timestamp(Symbol('s'))), 'INVALID_ARGUMENT');
  assert.equal(codeOf(() => alipay.sign({ a: '1' }, appKey, 10n)), 'SIGN_TYPE_UNSUPPORTED');
  assert.equal(codeOf(() => alipay.verifyResponse('{}', Symbol('m'), pems['cert.pem'])), 'INVALID_ARGUMENT');
  appKey.free();
  appKey.free(); // twice: no error
  assert.equal(codeOf(() => alipay.sign({ a: '1' }, appKey)), 'INVALID_ARGUMENT');
  const pub = alipay.importPublicKey(pems['public_spki.pem']);
  pub.free();
  pub.free();
  assert.equal(codeOf(() => alipay.verifyNotification({ a: '1', sign: 'AA==' }, pub)), 'INVALID_ARGUMENT');
  assert.equal(E.mchId.length > 0, true);
});

test('7: the notification handlers never throw, whatever the input and options', async () => {
  const inputs = [null, undefined, 42, {}, { body: 5 }, '<xml/>', new Uint8Array([0xff, 0xfe]), { headers: 5, body: '{}' }, Symbol('x')];
  const optionSets = [null, undefined, 5, 'key', {}, { key: KEY }, { apiV3Key: 'k', keys: {} }, { key: KEY, replayStore: 5 }, { key: KEY, onEvent: 5 }];
  for (const input of inputs) {
    for (const options of optionSets) {
      for (const handle of [api.handleV2Notification, api.handleV3Notification]) {
        const r = await handle(input, options);
        assert.equal(r.ok, false);
        assert.ok(r.error instanceof WechatPayError);
        assert.equal(typeof r.ack.status, 'number');
      }
    }
  }
});

// ── 8. CLI: one line and the documented exit code for every file error ─────────────────────────

test('8: CLI file errors are one line with exit 2, never a stack trace', () => {
  const cli = new URL('../../pkg/dist/cli.mjs', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-cli-errors-'));
  const runs = [
    [['sign', '--key-file', dir, '--params', 'a=1'], /cannot read .*: is a directory/],
    [['sign', '--params', `@${dir}`], /cannot read .*: is a directory/],
    [['sign', '--params', '@/nonexistent/x'], /cannot read \/nonexistent\/x: no such file/],
    [['authorization', '--mchid', '1', '--serial', 'S', '--key-file', dir, '--method', 'GET', '--url', '/v3/a'], /cannot read/],
  ];
  for (const [args, pattern] of runs) {
    const r = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, WECHATPAY_KEY: KEY }, encoding: 'utf8' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  // Standard input that is a directory.
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" sign < "${dir}"`], { env: { ...process.env, WECHATPAY_KEY: KEY }, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /cannot read standard input: is a directory/);
});

// ── 9. Errors quote a bounded excerpt ──────────────────────────────────────────────────────────

test('9: SIGN_MISMATCH and other errors quote at most ~1 KiB of a 3 MB input', async () => {
  const big = { a: 'q'.repeat(3_000_000), sign: 'WRONG' };
  const e = (() => { try { v2.verify(big, KEY); } catch (err) { return err; } })();
  assert.equal(e.code, 'SIGN_MISMATCH');
  assert.ok(e.message.length < 1200, `${e.message.length} characters`);
  assert.match(e.message, /bytes in all/);
  const name = 'n'.repeat(100_000);
  for (const xml of [`<xml><${name}/><${name}/></xml>`, `<xml><${name} a="1"/></xml>`]) {
    const m = (() => { try { v2.fromXml(xml); } catch (err) { return err.message; } })();
    assert.ok(m.length < 300, `${m.length}`);
  }
  const { pems } = await import('./v3-helpers.mjs');
  const verifier = v3.createVerifier(await v3.importPublicKey(pems['cert.pem']));
  const r = (() => { try { v3.verifySync({ verifier, timestamp: String(Math.floor(Date.now() / 1000)), nonce: 'n'.repeat(1_000_000), body: '{}', signature: 'AAAA', serial: 'S'.repeat(1_000_000) }); } catch (err) { return err; } })();
  assert.ok(r.message.length < 1200, `${r.code}: ${r.message.length}`);
});
