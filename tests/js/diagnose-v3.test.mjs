// v3.diagnoseRequest / v3.diagnoseVerification through the built package: every mistake made on
// purpose with node:crypto as the independent signer, and the exact finding code asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { v3, V3_FINDINGS, explainFinding } from 'wechatpay-wasm';
import { pems, pemBody, v3Vectors } from './v3-helpers.mjs';

const KEY = pems['private_pkcs8.pem'];
const CERT = pems['cert.pem'];
const SERIAL = v3Vectors.certificate.serialNo;
const PUB_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
const TS = '1800000000';
const NOW = 1800000000;
const NONCE = '593BEC0C930BF1AFEB40B4A08C8FB242';
const API_V3_KEY = v3Vectors.resource.apiV3Key;
const BODY = JSON.stringify({ mchid: '1900000001', out_trade_no: '1217752501201407033233368018', description: 'Image形象店-深圳腾大-QQ公仔', amount: { total: 1 } });

// Independent of the library: the message of WeChat Pay's spec, and SHA256withRSA from node:crypto.
const lines = (...parts) => parts.map((p) => `${p}\n`).join('');
const rsaSign = (message, key = KEY) => createSign('RSA-SHA256').update(message, 'utf8').sign(key, 'base64');
const header = ({ signed, serial = SERIAL, ts = TS, nonce = NONCE, key = KEY, mchid = '1900000001' }) =>
  `WECHATPAY2-SHA256-RSA2048 mchid="${mchid}",nonce_str="${nonce}",signature="${rsaSign(signed, key)}",timestamp="${ts}",serial_no="${serial}"`;

const errors = (d) => d.findings.filter((f) => f.severity !== 'info').map((f) => f.code);
const request = (o) => v3.diagnoseRequest({ privateKey: KEY, certificate: CERT, now: NOW, ...o });

test('a correct request passes every check, and nothing returned holds key material', () => {
  const url = '/v3/pay/transactions/jsapi';
  const d = request({ method: 'POST', url, body: BODY, authorization: header({ signed: lines('POST', url, TS, NONCE, BODY) }) });
  assert.equal(d.ok, true);
  assert.equal(d.verified, true);
  assert.deepEqual(d.findings, []);
  assert.deepEqual(d.checks.map((c) => c.verdict), [...Array(7).fill('pass'), 'skip']);
  assert.equal(d.message, lines('POST', url, TS, NONCE, BODY));
  const json = JSON.stringify(d);
  for (const pem of [KEY, CERT]) assert.ok(!json.includes(pemBody(pem).slice(0, 40)));
});

test('each request variant that reproduces the signature has its own code', () => {
  const q = '/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=1900000001';
  const path = q.split('?')[0];
  const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
  const php = BODY.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const cases = [
    ['URL_QUERY_DROPPED', 'GET', q, '', lines('GET', path, TS, NONCE, '')],
    ['URL_WITH_HOST', 'GET', q, '', lines('GET', `https://api.mch.weixin.qq.com${q}`, TS, NONCE, '')],
    ['URL_WITH_HOST', 'GET', `https://api.mch.weixin.qq.com${q}`, '', lines('GET', `https://api.mch.weixin.qq.com${q}`, TS, NONCE, '')],
    ['QUERY_DECODED', 'GET', '/v3/merchant-service/complaints-v2?begin_date=2026-01-01&note=a%20b', '', lines('GET', '/v3/merchant-service/complaints-v2?begin_date=2026-01-01&note=a b', TS, NONCE, '')],
    ['QUERY_ENCODED', 'GET', '/v3/x?note=a b', '', lines('GET', '/v3/x?note=a+b', TS, NONCE, '')],
    ['BODY_RESERIALIZED', 'POST', '/v3/x', pretty, lines('POST', '/v3/x', TS, NONCE, JSON.stringify(JSON.parse(pretty)))],
    ['BODY_PRETTY', 'POST', '/v3/x', BODY, lines('POST', '/v3/x', TS, NONCE, pretty)],
    ['BODY_ESCAPES', 'POST', '/v3/x', BODY, lines('POST', '/v3/x', TS, NONCE, php)],
    ['BODY_TRAILING_NEWLINE', 'POST', '/v3/x', BODY, lines('POST', '/v3/x', TS, NONCE, `${BODY}\n`)],
    ['BODY_LINE_ENDINGS', 'POST', '/v3/x', pretty, lines('POST', '/v3/x', TS, NONCE, pretty.replaceAll('\n', '\r\n'))],
    ['BODY_OMITTED', 'POST', '/v3/x', BODY, lines('POST', '/v3/x', TS, NONCE, '')],
    ['BODY_FOR_GET', 'GET', '/v3/x', '', lines('GET', '/v3/x', TS, NONCE, '{}')],
    ['FINAL_NEWLINE_MISSING', 'GET', '/v3/certificates', '', lines('GET', '/v3/certificates', TS, NONCE)],
    ['METHOD_LOWERCASE', 'POST', '/v3/x', BODY, lines('post', '/v3/x', TS, NONCE, BODY)],
    ['TIMESTAMP_MILLISECONDS', 'POST', '/v3/x', BODY, lines('POST', '/v3/x', `${TS}000`, NONCE, BODY)],
    ['CRLF_LINE_ENDINGS', 'POST', '/v3/x', BODY, ['POST', '/v3/x', TS, NONCE, BODY].map((p) => `${p}\r\n`).join('')],
    ['TIMESTAMP_OTHER_ATTEMPT', 'POST', '/v3/x', BODY, lines('POST', '/v3/x', String(NOW - 1), NONCE, BODY)],
  ];
  for (const [code, method, url, body, signed] of cases) {
    const d = request({ method, url, body, authorization: header({ signed }) });
    assert.deepEqual(errors(d), [code], `${code}: ${JSON.stringify(d.findings)}`);
    assert.equal(d.findings[0].signedMessage, signed, code);
    assert.equal(d.verified, false);
    assert.ok(d.variantsTried > 5 && d.variantsTried <= 40, `${code}: ${d.variantsTried}`);
  }
});

test('another attempt\'s nonce and timestamp, found from its Authorization header', () => {
  const first = header({ signed: lines('POST', '/v3/x', '1799999990', 'FIRSTNONCE', BODY), ts: '1799999990', nonce: 'FIRSTNONCE' });
  // The retry rebuilt the header with a new nonce but reused the signature of the first attempt.
  const signature = /signature="([^"]+)"/.exec(first)[1];
  const retry = `WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="${NONCE}",signature="${signature}",timestamp="${TS}",serial_no="${SERIAL}"`;
  const d = request({ method: 'POST', url: '/v3/x', body: BODY, authorization: retry, otherAttempts: [first] });
  assert.deepEqual(errors(d), ['NONCE_OTHER_ATTEMPT']);
  assert.match(d.findings[0].message, /1799999990, FIRSTNONCE/);
  const nonceOnly = header({ signed: lines('POST', '/v3/x', TS, 'FIRSTNONCE', BODY) });
  assert.deepEqual(errors(request({ method: 'POST', url: '/v3/x', body: BODY, authorization: nonceOnly, otherAttempts: [first] })), ['NONCE_OTHER_ATTEMPT']);
  // Nothing reproduces a signature over another URL.
  const d2 = request({ method: 'POST', url: '/v3/x', body: BODY, authorization: header({ signed: lines('POST', '/v3/y', TS, NONCE, BODY) }) });
  assert.deepEqual(errors(d2), ['SIGNATURE_MISMATCH']);
  assert.match(d2.summary, /^SIGNATURE_MISMATCH: /);
});

test('one query parameter left out, and what WeChat Pay\'s SIGN_ERROR answer says it received', () => {
  const url = '/v3/transfer/batches/out-batch-no/plfk2020042013/details/out-detail-no/x23zy545Bd5436?need_query_detail=true&detail_status=ALL';
  const signed = lines('GET', url.replace('&detail_status=ALL', ''), TS, NONCE, '');
  const d = request({ method: 'GET', url, authorization: header({ signed }) });
  assert.deepEqual(errors(d), ['URL_QUERY_DROPPED']);
  assert.match(d.findings[0].message, /without detail_status=ALL/);

  // The body was signed but the HTTP client sent none: WeChat Pay's 401 says so (as in its answers).
  const signedWithBody = lines('POST', '/v3/transfer/batches', TS, NONCE, BODY);
  const received = lines('POST', '/v3/transfer/batches', TS, NONCE, '');
  const wechatpayError = { code: 'SIGN_ERROR', message: '错误的签名，验签失败', detail: { detail: { issue: 'sign not match' }, field: 'signature', location: 'authorization',
    sign_information: { method: 'POST', sign_message_length: Buffer.byteLength(received), truncated_sign_message: received, url: '/v3/transfer/batches' } } };
  const sent = request({ method: 'POST', url: '/v3/transfer/batches', body: BODY, authorization: header({ signed: signedWithBody }), wechatpayError });
  assert.equal(sent.verified, true);
  assert.deepEqual(errors(sent), ['BODY_NOT_SENT']);
  const otherUrl = { detail: { sign_information: { method: 'POST', sign_message_length: Buffer.byteLength(signedWithBody), truncated_sign_message: signedWithBody.slice(0, 30), url: '/v3/transfer/batch' } } };
  const differs = request({ method: 'POST', url: '/v3/transfer/batches', body: BODY, authorization: header({ signed: signedWithBody }), wechatpayError: JSON.stringify(otherUrl) });
  assert.deepEqual(errors(differs), ['SENT_MESSAGE_DIFFERS']);
  assert.deepEqual(errors(request({ method: 'POST', url: '/v3/x', body: BODY, authorization: header({ signed: lines('POST', '/v3/x', TS, NONCE, BODY) }), wechatpayError: 'Bad Gateway' })), ['WECHATPAY_ERROR_UNREADABLE']);
});

test('the header\'s form: each deviation is a finding, never a throw', () => {
  const good = header({ signed: lines('POST', '/v3/x', TS, NONCE, BODY) });
  const cases = [
    ['AUTH_MISSING', ''],
    ['AUTH_SCHEME', good.replace('WECHATPAY2-SHA256-RSA2048', 'WECHATPAY2-SHA256-RSA')],
    ['AUTH_WHITESPACE', good.replaceAll('",', '", ')],
    ['AUTH_SEPARATOR', good.replaceAll('",', '";')],
    ['AUTH_UNQUOTED', good.replace('mchid="1900000001"', 'mchid=1900000001')],
    ['AUTH_FIELD_UNKNOWN', good.replace('serial_no=', 'serial=')],
    ['AUTH_FIELD_MISSING', good.replace(/,serial_no="[^"]*"/, '')],
    ['AUTH_FIELD_DUPLICATE', `${good},nonce_str="${NONCE}"`],
    ['AUTH_TIMESTAMP_FORMAT', good.replace(`timestamp="${TS}"`, 'timestamp="2026-12-02T10:00:00"')],
    ['AUTH_SIGNATURE_BASE64', good.replace(/signature="[^"]*"/, 'signature="a-b_c"')],
  ];
  for (const [code, authorization] of cases) {
    const d = request({ method: 'POST', url: '/v3/x', body: BODY, authorization });
    assert.deepEqual(errors(d).filter((c) => c !== 'SIGNATURE_MISMATCH'), [code], `${code}: ${JSON.stringify(d.findings)}`);
    assert.equal(d.checks.find((c) => c.name === 'header').verdict, code === 'AUTH_WHITESPACE' ? 'warn' : 'fail');
  }
  const ms = String(Date.UTC(2027, 0, 15));
  const d = request({ method: 'POST', url: '/v3/x', body: BODY, authorization: header({ signed: lines('POST', '/v3/x', ms, NONCE, BODY), ts: ms }), now: Math.floor(Number(ms) / 1000) });
  assert.deepEqual(errors(d), ['TIMESTAMP_MILLISECONDS']);
  assert.equal(d.verified, true);
});

test('serial_no, the key pair, the certificate\'s validity, the time and mchid', () => {
  const signed = lines('POST', '/v3/x', TS, NONCE, BODY);
  const serial = (s, extra = {}) => errors(request({ method: 'POST', url: '/v3/x', body: BODY, authorization: header({ signed, serial: s }), ...extra }));
  assert.deepEqual(serial(SERIAL.toLowerCase()), ['SERIAL_CASE']);
  assert.deepEqual(serial(`0${SERIAL}`), ['SERIAL_LEADING_ZERO']);
  assert.deepEqual(serial(PUB_KEY_ID), ['SERIAL_PLATFORM']);
  assert.deepEqual(serial('7132D72A03E93CDDF8C03BBD1F37EEDF********'.replaceAll('*', 'A'), { platformSerials: ['7132D72A03E93CDDF8C03BBD1F37EEDFAAAAAAAA'] }), ['SERIAL_PLATFORM']);
  assert.deepEqual(serial('1234ABCD'), ['SERIAL_MISMATCH']);
  assert.deepEqual(errors(v3.diagnoseRequest({ method: 'POST', url: '/v3/x', body: BODY, authorization: header({ signed, serial: 'apiclient_cert' }) })), ['SERIAL_FORMAT']);

  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherPem = other.privateKey.export({ type: 'pkcs8', format: 'pem' });
  const mismatch = request({ method: 'POST', url: '/v3/x', body: BODY, privateKey: otherPem, authorization: header({ signed, key: otherPem }) });
  assert.deepEqual(errors(mismatch), ['KEY_PAIR_MISMATCH', 'SIGNATURE_MISMATCH']);
  assert.equal(mismatch.checks.find((c) => c.name === 'key_pair').verdict, 'fail');
  const bare = request({ method: 'POST', url: '/v3/x', body: BODY, certificate: pems['public_spki.pem'], authorization: header({ signed }) });
  assert.deepEqual(errors(bare), ['CERTIFICATE_NO_SERIAL']);
  const broken = request({ method: 'POST', url: '/v3/x', body: BODY, privateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----', certificate: pems['ec_spki.pem'], authorization: header({ signed }) });
  assert.deepEqual(errors(broken), ['PRIVATE_KEY_INVALID', 'CERTIFICATE_INVALID']);
  assert.equal(broken.verified, null);
  assert.equal(broken.findings.at(-1).code, 'SIGNATURE_UNCHECKED');

  const { notBefore, notAfter } = v3Vectors.certificate;
  const at = (now) => errors(request({ method: 'POST', url: '/v3/x', body: BODY, authorization: header({ signed: lines('POST', '/v3/x', String(now), NONCE, BODY), ts: String(now) }), now }));
  assert.deepEqual(at(notAfter + 10), ['CERTIFICATE_EXPIRED']);
  assert.deepEqual(at(notBefore - 10), ['CERTIFICATE_NOT_YET_VALID']);
  assert.deepEqual(errors(request({ method: 'POST', url: '/v3/x', body: BODY, authorization: header({ signed }), now: NOW + 301 })), ['TIMESTAMP_SKEW']);

  const partner = JSON.stringify({ sp_mchid: '1900000100', sub_mchid: '1900000001', out_trade_no: '1' });
  const d = request({ method: 'POST', url: '/v3/pay/partner/transactions/jsapi', body: partner, authorization: header({ signed: lines('POST', '/v3/pay/partner/transactions/jsapi', TS, NONCE, partner) }) });
  assert.deepEqual(errors(d), ['MCHID_MISMATCH']);
  assert.match(d.findings[0].message, /sub_mchid/);
  const notJson = request({ method: 'POST', url: '/v3/x', body: 'a=1', authorization: header({ signed: lines('POST', '/v3/x', TS, NONCE, 'a=1') }) });
  assert.deepEqual(errors(notJson), ['BODY_JSON_INVALID']);
});

// ── responses and notifications ────────────────────────────────────────────────────────────

const { resource } = v3Vectors;
// WeChat Pay's documented example is laid out on several lines: what a re-serialization loses.
const RAW = JSON.stringify({
  id: 'EV-2018022511223320873', create_time: '2015-05-20T13:29:35+08:00', resource_type: 'encrypt-resource', event_type: 'TRANSACTION.SUCCESS', summary: '支付成功',
  resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: resource.ciphertext, associated_data: resource.associatedData, nonce: resource.nonce },
}, null, 2);

const wechatpayHeaders = (signedBody, serial = SERIAL, ts = TS) => ({
  'wechatpay-timestamp': ts, 'wechatpay-nonce': NONCE, 'wechatpay-signature': rsaSign(lines(ts, NONCE, signedBody)), 'wechatpay-serial': serial,
});

function verification(o) {
  const verifier = o.verifier ?? v3.createVerifier(CERT);
  try {
    return v3.diagnoseVerification({ now: NOW, apiV3Key: resource.apiV3Key, ...o, verifier });
  } finally {
    if (!o.verifier) verifier.free();
  }
}

test('a notification that verifies and decrypts', () => {
  const d = verification({ headers: wechatpayHeaders(RAW), body: RAW });
  assert.equal(d.ok, true, JSON.stringify(d.findings));
  assert.equal(d.verified, true);
  assert.deepEqual(Object.fromEntries(d.checks.map((c) => [c.name, c.verdict])),
    { headers: 'pass', probe: 'pass', serial: 'pass', certificate: 'pass', timestamp: 'pass', signature: 'pass', body: 'skip', decrypt: 'pass' });
  assert.ok(!JSON.stringify(d).includes(resource.apiV3Key));
});

test('each framework rewrite of the body is named, with the body that was signed', () => {
  const compact = JSON.stringify(JSON.parse(RAW));
  const escaped = compact.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const cases = [
    ['BODY_RESERIALIZED', RAW, compact], // express.json() then JSON.stringify(req.body)
    ['BODY_REFORMATTED', compact, JSON.stringify(JSON.parse(compact), null, 2)],
    ['BODY_ESCAPES', escaped, compact],
    ['BODY_LINE_ENDINGS', RAW, RAW.replaceAll('\n', '\r\n')],
    ['BODY_TRAILING_NEWLINE', RAW, `${RAW}\n`],
    ['BODY_CHARSET', RAW, Buffer.from(RAW, 'utf8').toString('latin1')],
  ];
  for (const [code, signed, received] of cases) {
    const d = verification({ headers: wechatpayHeaders(signed), body: received });
    assert.deepEqual(errors(d), [code], `${code}: ${JSON.stringify(d.findings)}`);
    assert.equal(d.findings[0].signedMessage, lines(TS, NONCE, signed));
    assert.equal(d.checks.find((c) => c.name === 'decrypt').verdict, 'pass', code);
  }
  assert.deepEqual(errors(verification({ headers: wechatpayHeaders(RAW), body: String({}) })), ['BODY_OBJECT', 'SIGNATURE_MISMATCH']);
  // The parsed object itself (req.body after express.json()), and the raw bytes (what to pass).
  assert.deepEqual(errors(verification({ headers: wechatpayHeaders(RAW), body: JSON.parse(RAW) })), ['BODY_RESERIALIZED']);
  assert.deepEqual(errors(verification({ headers: wechatpayHeaders(RAW), body: Buffer.from(RAW) })), []);
  assert.deepEqual(errors(verification({ headers: wechatpayHeaders(RAW), body: '' })), ['BODY_EMPTY', 'SIGNATURE_MISMATCH']);
  // A forged summary: no rewrite explains it, and the (intact) resource still decrypts.
  const forged = verification({ headers: wechatpayHeaders(RAW), body: RAW.replace('支付成功', '支付失败') });
  assert.deepEqual(errors(forged), ['SIGNATURE_MISMATCH']);
  assert.equal(forged.checks.find((c) => c.name === 'decrypt').verdict, 'pass');
});

test('headers, probes, serials of the other kind, certificate validity and the window', () => {
  const h = wechatpayHeaders(RAW);
  const { 'wechatpay-nonce': _n, ...noNonce } = h;
  assert.deepEqual(errors(verification({ headers: noNonce, body: RAW })), ['HEADER_MISSING']);
  assert.deepEqual(errors(verification({ headers: { ...h, 'wechatpay-timestamp': '1.8e9' }, body: RAW })), ['HEADER_TIMESTAMP_FORMAT']);
  assert.deepEqual(errors(verification({ headers: { ...h, 'wechatpay-signature': 'not base64!' }, body: RAW })), ['HEADER_SIGNATURE_BASE64']);
  const probe = verification({ headers: { ...h, 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abcdefg' }, body: RAW });
  assert.deepEqual(errors(probe), ['SIGNTEST_PROBE']);

  assert.deepEqual(errors(verification({ headers: wechatpayHeaders(RAW, PUB_KEY_ID), body: RAW })), ['SERIAL_IS_PUBLIC_KEY_ID']);
  const publicOnly = new v3.Verifier();
  publicOnly.add(pems['public_spki.pem'], PUB_KEY_ID);
  const d = verification({ headers: h, body: RAW, verifier: publicOnly });
  publicOnly.free();
  assert.deepEqual(errors(d), ['SERIAL_IS_CERTIFICATE']);
  assert.deepEqual(errors(verification({ headers: wechatpayHeaders(RAW, '1DE6DF0E35A0B4B3ABCD'), body: RAW })), ['SERIAL_UNKNOWN']);
  assert.deepEqual(errors(v3.diagnoseVerification({ headers: h, body: RAW, now: NOW })), ['SERIAL_UNKNOWN']);

  const { notBefore, notAfter } = v3Vectors.certificate;
  const at = (t) => errors(verification({ headers: wechatpayHeaders(RAW, SERIAL, String(t)), body: RAW, now: t }));
  assert.deepEqual(at(notAfter + 1), ['CERTIFICATE_EXPIRED']);
  assert.deepEqual(at(notBefore - 1), ['CERTIFICATE_NOT_YET_VALID']);
  assert.deepEqual(errors(verification({ headers: h, body: RAW, now: NOW + 600 })), ['TIMESTAMP_SKEW']);
  assert.deepEqual(errors(verification({ headers: h, body: RAW, now: NOW + 600, maxSkew: 900 })), []);
});

test('decryption: key length, whitespace, wrong key, altered resource', () => {
  const h = wechatpayHeaders(RAW);
  const dec = (body, apiV3Key, headers = wechatpayHeaders(body)) => errors(verification({ headers, body, apiV3Key }));
  assert.deepEqual(dec(RAW, API_V3_KEY.slice(0, 31)), ['APIV3_KEY_LENGTH']);
  assert.deepEqual(dec(RAW, ` ${API_V3_KEY}`), ['APIV3_KEY_WHITESPACE']);
  assert.deepEqual(dec(RAW, API_V3_KEY.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'))), ['APIV3_KEY_WRONG']);
  assert.deepEqual(dec(RAW.replace(resource.nonce, 'abc'), API_V3_KEY), ['RESOURCE_NONCE']);
  assert.deepEqual(dec(RAW.replace(resource.ciphertext, 'AAAA'), API_V3_KEY), ['RESOURCE_CIPHERTEXT']);
  assert.deepEqual(dec(RAW.replace('AEAD_AES_256_GCM', 'AES_128_CBC'), API_V3_KEY), ['RESOURCE_ALGORITHM']);
  assert.deepEqual(dec('{"id":"EV-1"}', API_V3_KEY), ['NOTIFICATION_JSON_INVALID']);
  assert.deepEqual(dec(RAW.replace(resource.ciphertext, `B${resource.ciphertext.slice(1)}`), API_V3_KEY, h), ['SIGNATURE_MISMATCH', 'DECRYPT_FAILED']);
});

test('malformed input of any type is a finding; every code has a line in English and Chinese', () => {
  for (const headers of [null, 42, 'x', [[1, 2]], { a: null }, new Map([['wechatpay-serial', {}]])]) {
    const d = v3.diagnoseVerification({ headers, body: '\u0000\ud800', now: 0 });
    assert.equal(d.ok, false);
    assert.ok(d.findings.some((f) => f.code === 'HEADER_MISSING'));
  }
  const d = v3.diagnoseRequest({ method: '', url: '%%%?%', body: '\ud800', authorization: 'WECHATPAY2-SHA256-RSA2048 ,,,=="\\', privateKey: 'x', certificate: '' });
  assert.equal(d.ok, false);
  const codes = v3.diagnosisCodes();
  assert.equal(codes.length, 66);
  assert.deepEqual(Object.keys(V3_FINDINGS).sort(), [...codes].sort());
  for (const code of codes) {
    const { en, zh } = explainFinding(code);
    assert.ok(en.length > 10 && !en.includes('\n') && /[\u4e00-\u9fff]/.test(zh), code);
  }
  assert.equal(explainFinding('NOPE'), undefined);
});
