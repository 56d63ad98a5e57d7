// The Alipay simulator's certificate mode (公钥证书模式), AES content encryption and OpenAPI v3,
// with Node's crypto and alipay-sdk's certificate SNs (tests/vectors/alipay/sdk-reference.mjs):
// independent of wechatpay-wasm. tests/simulator/alipay.mjs calls these hooks.
//
// - Certificate mode: a request with app_cert_sn must name the app certificate and carry the
//   root bundle's SN; its sign is verified with the app certificate's key; responses carry
//   "alipay_cert_sn" beside "sign".
// - encrypt_type=AES: biz_content is decrypted (AES-128-CBC, zero IV, PKCS#7) and the response
//   node is the encrypted JSON as a string, whose text (quotes included) the sign covers.
// - /v3/…: the authorization header is checked and verified; responses carry alipay-timestamp
//   (ms), alipay-nonce, alipay-signature over `${ts}\n${nonce}\n${body}\n`, and alipay-sn in
//   certificate mode. `v3Next` alters the next v3 response (stale timestamp, no signature, …).
import crypto from 'node:crypto';
import { CERTS, AES_KEY } from '../vectors/alipay/sdk-reference.mjs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const certUtil = require(`${require.resolve('alipay-sdk').replace(/index\.js$/, '')}antcertutil.js`);

/** TEST ONLY certificate-mode material (the files of tests/vectors/alipay/cert/) and the AES key. */
export const CERT_MATERIAL = Object.freeze({
  appCert: CERTS.app,
  alipayCert: CERTS.alipay,
  alipayRootCert: CERTS.root,
  encryptKey: AES_KEY,
  appCertSn: certUtil.getSN(CERTS.app),
  alipayCertSn: certUtil.getSN(CERTS.alipay),
  alipayRootCertSn: certUtil.getSN(CERTS.root, true),
});

const aesKey = () => Buffer.from(CERT_MATERIAL.encryptKey, 'base64');
export function aesEncrypt(text) {
  const c = crypto.createCipheriv('aes-128-cbc', aesKey(), Buffer.alloc(16));
  return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('base64');
}
export function aesDecrypt(b64) {
  const d = crypto.createDecipheriv('aes-128-cbc', aesKey(), Buffer.alloc(16));
  return Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]).toString('utf8');
}

const appCertKey = () => new crypto.X509Certificate(CERT_MATERIAL.appCert).publicKey;

/**
 * Gateway request hook: `{ error: [subCode, subMsg] }`, or `{ verifyKey, certMode, encrypt,
 * bizContent }` (bizContent decrypted when encrypted).
 */
export function gatewayRequest(params, appPublicKey) {
  const certMode = params.app_cert_sn !== undefined;
  if (certMode && params.app_cert_sn !== CERT_MATERIAL.appCertSn) return { error: ['isv.app-cert-sn-invalid', '应用公钥证书序列号不正确'] };
  if (certMode && params.alipay_root_cert_sn !== CERT_MATERIAL.alipayRootCertSn) return { error: ['isv.alipay-root-cert-sn-invalid', '支付宝根证书序列号不正确'] };
  if (!certMode && params.alipay_root_cert_sn !== undefined) return { error: ['isv.missing-app-cert-sn', '缺少应用公钥证书序列号'] };
  const encrypt = params.encrypt_type === 'AES';
  if (params.encrypt_type !== undefined && !encrypt) return { error: ['isv.invalid-encrypt-type', '无效的加密类型'] };
  let bizContent = params.biz_content;
  if (encrypt && bizContent !== undefined) {
    try { bizContent = aesDecrypt(bizContent); } catch { return { error: ['isv.decryption-error', '解密出错, 未知错误'] }; }
  }
  return { verifyKey: certMode ? appCertKey() : appPublicKey, certMode, encrypt, bizContent };
}

/** Gateway answer hook: the node's text as signed, and members to add after it. */
export function gatewayAnswer(nodeJson, { certMode, encrypt, success }) {
  // Alipay encrypts successful business responses only; argument errors come in clear.
  const text = encrypt && success ? JSON.stringify(aesEncrypt(nodeJson)) : nodeJson;
  const extra = certMode ? `,"alipay_cert_sn":"${CERT_MATERIAL.alipayCertSn}"` : '';
  return { text, extra };
}

function parseAuthorization(value) {
  const m = /^ALIPAY-SHA256withRSA (.+)$/.exec(value ?? '');
  if (!m) return undefined;
  const signAt = m[1].lastIndexOf(',sign=');
  if (signAt < 0) return undefined;
  const authString = m[1].slice(0, signAt);
  const fields = Object.fromEntries(authString.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return { authString, fields, sign: m[1].slice(signAt + ',sign='.length) };
}

/**
 * Handles /v3/… (POST /v3/alipay/trade/precreate and /query). `state` = { material, orders,
 * requests record, next (one-shot response alterations) }.
 */
export function v3Route(req, res, body, record, state) {
  const { material, orders } = state;
  const next = state.takeV3Next();
  const certMode = () => auth?.fields.app_cert_sn !== undefined;
  let auth;
  function reply(status, object, { signed = true } = {}) {
    let text = JSON.stringify(object);
    const encrypted = record.encrypted && status < 400;
    if (encrypted) text = aesEncrypt(text);
    const ts = String(Date.now() + (next.timestampOffsetMs ?? 0));
    const nonce = crypto.randomBytes(16).toString('hex');
    const headers = { 'content-type': encrypted ? 'text/plain' : 'application/json', 'alipay-trace-id': `trace${record.index}` };
    if (signed) {
      const sig = crypto.sign('sha256', Buffer.from(`${ts}\n${nonce}\n${text}\n`), material.alipayPrivateKey).toString('base64');
      Object.assign(headers, { 'alipay-timestamp': ts, 'alipay-nonce': nonce });
      if (!next.dropSignature) headers['alipay-signature'] = sig;
      if (certMode()) headers['alipay-sn'] = next.alipaySn ?? CERT_MATERIAL.alipayCertSn;
    }
    if (next.alterBody) text = next.alterBody(text);
    res.writeHead(status, headers);
    res.end(text);
  }
  const fail = (status, code, message, options) => reply(status, { code, message, links: [] }, options);

  auth = parseAuthorization(req.headers.authorization);
  if (!auth) return fail(401, 'invalid-auth', 'authorization 格式错误');
  record.auth = auth;
  if (auth.fields.app_id !== material.appId) return fail(401, 'invalid-app-id', '无效的AppID参数', { signed: false });
  if (!/^\d{13}$/.test(auth.fields.timestamp ?? '') || Math.abs(Date.now() - Number(auth.fields.timestamp)) > 10 * 60_000) {
    return fail(401, 'invalid-timestamp', '非法的时间戳参数');
  }
  if (certMode()) {
    if (auth.fields.app_cert_sn !== CERT_MATERIAL.appCertSn) return fail(401, 'app-cert-sn-invalid', '应用公钥证书序列号不正确');
    if (req.headers['alipay-root-cert-sn'] !== CERT_MATERIAL.alipayRootCertSn) return fail(401, 'alipay-root-cert-sn-invalid', '支付宝根证书序列号不正确');
  }
  const url = new URL(req.url, 'http://127.0.0.1');
  let content = `${auth.authString}\n${req.method}\n${url.pathname}${url.search}\n${body}\n`;
  if (req.headers['alipay-app-auth-token']) content += `${req.headers['alipay-app-auth-token']}\n`;
  let ok = false;
  try { ok = crypto.verify('sha256', Buffer.from(content), certMode() ? appCertKey() : material.appPublicKey, Buffer.from(auth.sign, 'base64')); } catch { ok = false; }
  if (!ok) return fail(401, 'invalid-signature', `验签出错，验签字符串为：${content}`);
  record.encrypted = req.headers['alipay-encrypt-type'] === 'AES';
  let text = body;
  if (record.encrypted) {
    try { text = aesDecrypt(body); } catch { return fail(400, 'decryption-error', '解密出错'); }
  }
  let biz;
  try { biz = text === '' ? {} : JSON.parse(text); } catch { return fail(400, 'invalid-parameter', '请求体不是合法的 JSON'); }
  record.biz = biz;
  if (req.method === 'POST' && url.pathname === '/v3/alipay/trade/precreate') {
    if (!biz.out_trade_no || !biz.total_amount || !biz.subject) return fail(400, 'missing-parameter', '缺少必选参数');
    orders.set(biz.out_trade_no, { ...biz, trade_status: 'WAIT_BUYER_PAY' });
    return reply(200, { out_trade_no: biz.out_trade_no, qr_code: `https://qr.alipay.com/bax0${orders.size}` });
  }
  if (req.method === 'POST' && url.pathname === '/v3/alipay/trade/query') {
    const order = orders.get(biz.out_trade_no);
    if (!order) return fail(404, 'ACQ.TRADE_NOT_EXIST', '交易不存在');
    return reply(200, { out_trade_no: order.out_trade_no, trade_status: order.trade_status, total_amount: order.total_amount, subject: order.subject });
  }
  return fail(404, 'not-found', '不存在的接口');
}
