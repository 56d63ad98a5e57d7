// API v2 through the built package (node condition), against the official vectors and an
// independent node:crypto implementation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { v2, nonce, WechatPayError } from 'wechatpay-wasm';
import { wasmMemory } from '../../pkg/wasm/wechatpay_wasm.js';
import { v2Vectors, referenceSign, rng, randomParams, randomText } from './helpers.mjs';

test('official sign vectors: MD5 and HMAC-SHA256, stringA and stringSignTemp', () => {
  for (const v of v2Vectors.sign) {
    assert.equal(v2.sign(v.params, v.key, v.sign_type), v.sign, v.name);
    if (v.string_a) {
      const s = v2.stringToSign(v.params, v.key);
      assert.equal(s.stringA, v.string_a);
      assert.equal(s.stringSignTemp, v.string_sign_temp);
      assert.equal(s.stringSignTempMasked, `${v.string_a}&key=${'*'.repeat(v.key.length)}`);
    }
  }
});

test('official signed XML verifies; one changed character does not', () => {
  const { xml, key } = v2Vectors.signed_xml;
  const fields = v2.fromXml(xml);
  assert.equal(fields.sign, '9A0A8659F005D6984697E2CA0A9CF3B7');
  assert.equal(v2.verify(fields, key), true);
  assert.deepEqual(v2.parseNotification(xml, key), fields);
  const err = captureError(() => v2.parseNotification(xml.replace('<body>test', '<body>tesT'), key));
  assert.equal(err.code, 'SIGN_MISMATCH');
  assert.match(err.message, /stringSignTemp "appid=wxd930ea5d5a258f4f&body=tesT&.*&key=\*{32}"/);
  assert.ok(!err.message.includes(key), 'the key never appears in errors');
});

test('official mini-program paySign', () => {
  for (const v of v2Vectors.jsapi_pay_sign) {
    const i = v.input;
    assert.deepEqual(v2.jsapiPayParams(i.appId, i.prepay_id, v.key, i.signType, i.timeStamp, i.nonceStr), v.output);
  }
});

test('differential: 1,000 random maps signed like node:crypto, MD5 and HMAC-SHA256', () => {
  const rand = rng(20261122);
  for (let i = 0; i < 1000; i++) {
    const params = randomParams(rand);
    const key = randomText(rand, 40);
    for (const type of ['MD5', 'HMAC-SHA256']) {
      assert.equal(v2.sign(params, key, type), referenceSign(params, key, type), `case ${i} ${type}: ${JSON.stringify(params)}`);
    }
  }
});

test('values are signed verbatim: numbers as text, null/undefined dropped, no trimming', () => {
  const key = 'k';
  assert.equal(v2.sign({ total_fee: 1, a: null, b: undefined }, key), referenceSign({ total_fee: '1' }, key));
  assert.notEqual(v2.sign({ a: ' x' }, key), v2.sign({ a: 'x' }, key));
  assert.equal(v2.sign(new Map([['a', 'x'], ['b', '']]), key), referenceSign({ a: 'x' }, key));
  assert.equal(captureError(() => v2.sign({ a: { nested: 1 } }, key)).code, 'INVALID_ARGUMENT');
  assert.equal(captureError(() => v2.sign({ a: 'x\0y' }, key)).code, 'INVALID_ARGUMENT');
  assert.equal(captureError(() => v2.sign({ a: 'x' }, key, 'SHA1')).code, 'SIGN_TYPE_UNSUPPORTED');
});

test('verify honours sign_type and reports a missing sign', () => {
  const params = { appid: 'wx1', sign_type: 'HMAC-SHA256', total_fee: '100' };
  const signed = { ...params, sign: referenceSign(params, 'key', 'HMAC-SHA256') };
  assert.equal(v2.verify(signed, 'key'), true);
  assert.equal(captureError(() => v2.verify(signed, 'other')).code, 'SIGN_MISMATCH');
  assert.equal(captureError(() => v2.verify(params, 'key')).code, 'SIGN_MISSING');
});

test('XML round-trips random fields, including "]]>", CR and unicode', () => {
  const rand = rng(7);
  for (let i = 0; i < 300; i++) {
    const fields = randomParams(rand, { maxFields: 20 });
    assert.deepEqual(v2.fromXml(v2.toXml(fields)), fields, JSON.stringify(fields));
  }
});

test('hostile XML is refused quickly with its own code', () => {
  const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
    ']><xml><a>&lol9;</a></xml>';
  const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><a>&xxe;</a></xml>';
  const huge = `<xml><a>${'x'.repeat(2 * 1024 * 1024)}</a></xml>`;
  for (const [doc, code] of [[laughs, 'XML_FORBIDDEN'], [xxe, 'XML_FORBIDDEN'], [huge, 'XML_TOO_LARGE'],
    ['<xml><a>&custom;</a></xml>', 'XML_FORBIDDEN'], ['<xml><a><b/></a></xml>', 'XML_INVALID'],
    ['<xml><a>1</a><a>2</a></xml>', 'XML_INVALID'], ['no root', 'XML_INVALID']]) {
    const t = process.hrtime.bigint();
    const err = captureError(() => v2.fromXml(doc));
    assert.ok(err instanceof WechatPayError);
    assert.equal(err.code, code, doc.slice(0, 60));
    // Not a timing assertion: just a record that it did not expand anything.
    if (process.env.VERBOSE) console.log(code, Number(process.hrtime.bigint() - t) / 1e6, 'ms');
  }
  // The instance still works after every refusal (no trap poisoned it).
  assert.equal(v2.sign({ a: '1' }, 'k'), referenceSign({ a: '1' }, 'k'));
});

test('refund req_info encrypted by node:crypto AES-256-ECB decrypts', () => {
  const key = 'qazwsxedcrfvtgbyhnujmikolp111111';
  const inner = '<root><out_refund_no><![CDATA[R2026]]></out_refund_no><refund_fee><![CDATA[100]]></refund_fee><refund_status><![CDATA[SUCCESS]]></refund_status></root>';
  const aesKey = Buffer.from(createHash('md5').update(key).digest('hex'), 'ascii');
  const c = createCipheriv('aes-256-ecb', aesKey, null);
  const reqInfo = Buffer.concat([c.update(inner, 'utf8'), c.final()]).toString('base64');
  assert.deepEqual(v2.decryptRefundNotification(reqInfo, key), { out_refund_no: 'R2026', refund_fee: '100', refund_status: 'SUCCESS' });
  assert.equal(v2.encryptRefundInfo(inner, key), reqInfo, 'ours encrypts identically (ECB is deterministic)');
  const outer = `<xml><return_code>SUCCESS</return_code><mch_id>10000100</mch_id><req_info><![CDATA[${reqInfo}]]></req_info></xml>`;
  assert.deepEqual(v2.parseRefundNotification(outer, key), { return_code: 'SUCCESS', mch_id: '10000100', out_refund_no: 'R2026', refund_fee: '100', refund_status: 'SUCCESS' });
  assert.equal(captureError(() => v2.decryptRefundNotification(reqInfo, 'wrong')).code, 'DECRYPT_FAILED');
  assert.equal(captureError(() => v2.decryptRefundNotification('%%%', key)).code, 'BASE64_INVALID');
});

test('app pay params, acks and nonces', () => {
  const p = v2.appPayParams('wxappid', '1900000109', 'wx2014', 'key', 'MD5', 1412000000, 'abc');
  assert.deepEqual(p, {
    appid: 'wxappid', partnerid: '1900000109', prepayid: 'wx2014', package: 'Sign=WXPay', noncestr: 'abc', timestamp: '1412000000',
    sign: referenceSign({ appid: 'wxappid', partnerid: '1900000109', prepayid: 'wx2014', package: 'Sign=WXPay', noncestr: 'abc', timestamp: '1412000000' }, 'key'),
  });
  assert.equal(v2.notificationAck(), '<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>');
  assert.equal(v2.notificationAck(false, '签名失败'), '<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名失败]]></return_msg></xml>');
  const a = nonce();
  assert.match(a, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(a, nonce());
  assert.equal(nonce(8).length, 8);
});

test('signedXml builds a request WeChat Pay verifies', () => {
  const xml = v2.signedXml({ appid: 'wx1', mch_id: '1', nonce_str: 'n', body: '商品', total_fee: 1 }, 'key', 'HMAC-SHA256');
  const fields = v2.fromXml(xml);
  assert.equal(fields.sign_type, 'HMAC-SHA256');
  assert.equal(fields.sign, referenceSign(fields, 'key', 'HMAC-SHA256'));
});

test('the CommonJS build gives the same results', () => {
  const cjs = createRequire(import.meta.url)('wechatpay-wasm');
  const v = v2Vectors.sign[0];
  assert.equal(cjs.v2.sign(v.params, v.key, v.sign_type), v.sign);
  assert.equal(captureError(() => cjs.v2.fromXml('<xml>')).code, 'XML_INVALID');
});

export function captureError(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}

test('fromXml: one joined string crosses the boundary; names and values come back exact (UTF-16 lengths, separators inside content, __proto__)', () => {
  const fields = [['__proto__', 'x'], ['a', '😀;1,2;'], ['b', ''], ['c', '支付\u2028é'], ['d', '3,4;'], ['constructor', '😀😀'], ['e', '&<>']];
  const xml = `<xml>${fields.map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('')}</xml>`;
  const parsed = v2.fromXml(xml);
  assert.deepEqual(Object.entries(parsed), fields);
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype, '__proto__ stays an ordinary field');
  assert.deepEqual(Object.entries(v2.fromXml('<xml></xml>')), []);
  assert.deepEqual(Object.entries(v2.fromXml('<xml><only/></xml>')), [['only', '']]);
});

const wasmBytes = () => wasmMemory().buffer.byteLength;

test('fromXml: the reusable input buffer and the string path agree, across buffer and memory growth', () => {
  const doc = (n, value) => `<xml>${Array.from({ length: n }, (_, i) => `<f${i}><![CDATA[${value}${i}]]></f${i}>`).join('')}</xml>`;
  const expect = (n, value) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, `${value}${i}`]));
  // Small (the first 4 KiB buffer), larger (the buffer grows), non-ASCII (3 UTF-8 bytes per
  // unit), past 64 KiB / 3 (the ordinary string argument), then small again.
  const cases = [[3, 'a'], [200, 'value-'], [50, '支付测试'], [700, 'x'.repeat(40)], [2, '中'], [1, '']];
  for (const [i, [n, value]] of cases.entries()) {
    assert.deepEqual(v2.fromXml(doc(n, value)), expect(n, value), `${n} × ${value.slice(0, 8)}`);
    // Grow wasm memory in between (ever larger signature inputs): the cached view is re-made.
    const before = wasmBytes();
    v2.sign({ big: 'y'.repeat(400_000 * (i + 1)) }, 'k');
    if (i === 0) assert.ok(wasmBytes() > before, 'the memory grew');
    assert.deepEqual(v2.fromXml(doc(n, value)), expect(n, value));
  }
  // Errors through the buffer keep their codes, and the next call still works.
  assert.equal(captureError(() => v2.fromXml('<xml><a>1</a><a>2</a></xml>')).code, 'XML_INVALID');
  assert.equal(captureError(() => v2.fromXml('<!DOCTYPE x><xml/>')).code, 'XML_FORBIDDEN');
  assert.deepEqual(v2.fromXml('<xml><a>1</a></xml>'), { a: '1' });
});

test('sign: a NUL inside a name or value is INVALID_ARGUMENT on the fast path, which keeps working', () => {
  for (const params of [{ a: 'x\0y' }, { 'a\0b': 'x' }, { a: '\0' }]) {
    for (const type of ['MD5', 'HMAC-SHA256']) {
      const err = captureError(() => v2.sign(params, 'k', type));
      assert.ok(err instanceof WechatPayError);
      assert.equal(err.code, 'INVALID_ARGUMENT');
      assert.match(err.message, /NUL/);
    }
  }
  assert.equal(v2.sign({ a: '1' }, 'k'), referenceSign({ a: '1' }, 'k', 'MD5'));
});

test('sign: a lone surrogate is INVALID_ARGUMENT (checked only when the bytes hold U+FFFD); a real U+FFFD is signed', () => {
  for (const type of ['MD5', 'HMAC-SHA256']) {
    for (const params of [{ a: 'x\uD800y' }, { 'a\uDC00': 'x' }, { a: '\uFFFD', b: '\uD83D' }, { big: 'z'.repeat(30_000), a: '\uD800' }]) {
      const err = captureError(() => v2.sign(params, 'k', type));
      assert.equal(err.code, 'INVALID_ARGUMENT', JSON.stringify(Object.keys(params)));
      assert.match(err.message, /lone UTF-16 surrogate/);
    }
    for (const params of [{ a: '\uFFFD' }, { a: 'x，y\uFFFD', b: '😀' }, { big: '\uFFFD'.repeat(30_000) }]) {
      assert.equal(v2.sign(params, 'k', type), referenceSign(params, 'k', type));
    }
  }
});
