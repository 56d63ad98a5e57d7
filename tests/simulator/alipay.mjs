// A local Alipay OpenAPI gateway simulator (gateway.do, RSA2 / RSA) for tests. It listens on
// 127.0.0.1 only (a random port) and is written with Node's own `crypto`, independently of
// wechatpay-wasm, so a bug in the package cannot be mirrored here and pass unnoticed.
//
// Like the real gateway it reads the common parameters from the URL query and the form body,
// checks them (app_id, method, format, charset, sign_type, timestamp, version), verifies the
// request's sign with the app's public key, and answers
//   {"<method>_response": {...}, "sign": "..."}
// with the sign made by the "Alipay" private key over the node's text exactly as written (here
// with Alipay's escaped slashes). Unknown app_id: an unsigned error_response, as Alipay sends.
//
// Every key is TEST ONLY (tests/vectors/v3 for the app, tests/vectors/alipay for "Alipay").
//
//   const sim = await startAlipaySimulator();   // sim.gateway, sim.requests
//   sim.tamperNext((body) => body.replace(...)); // alter the next response after signing
//   await sim.close();
import crypto from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { gatewayAnswer, gatewayRequest, v3Route } from './alipay-cert-v3.mjs';

const vector = (path) => readFileSync(new URL(`../vectors/${path}`, import.meta.url), 'utf8');

/** The TEST ONLY material the simulator and the tests share. */
export const ALIPAY_TEST_MATERIAL = Object.freeze({
  appId: '2021000000000001',
  appPrivateKey: vector('v3/private_pkcs8.pem'),
  appPublicKey: vector('v3/public_spki.pem'),
  alipayPrivateKey: vector('alipay/alipay_private_pkcs8.pem'),
  alipayPublicKey: vector('alipay/alipay_public_spki.pem'),
});

const ALGORITHM = { RSA2: 'sha256', RSA: 'sha1' };
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Alipay's rule: without `excluded` names and empty values, sorted by name, `k=v&…`. */
export function signContent(params, excluded = ['sign']) {
  return Object.keys(params)
    .filter((k) => !excluded.includes(k) && params[k] !== '' && params[k] !== undefined)
    .sort(byteOrder)
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** An asynchronous notification as Alipay would POST it (signed without sign and sign_type). */
export function signNotification(params, { signType = 'RSA2', privateKey = ALIPAY_TEST_MATERIAL.alipayPrivateKey } = {}) {
  const fields = { ...params, sign_type: signType };
  delete fields.sign;
  const content = signContent(fields, ['sign', 'sign_type']);
  return { ...fields, sign: crypto.sign(ALGORITHM[signType], Buffer.from(content), privateKey).toString('base64') };
}

// Beijing time, yyyy-MM-dd HH:mm:ss → Unix ms; NaN when malformed.
function parseTimestamp(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!m) return NaN;
  return Date.UTC(+m[1], m[2] - 1, +m[3], m[4] - 8, +m[5], +m[6]);
}

// JSON as the gateway writes it: compact, with '/' escaped as '\/'.
const alipayJson = (value) => JSON.stringify(value).replaceAll('/', '\\/');

export async function startAlipaySimulator(options = {}) {
  const material = { ...ALIPAY_TEST_MATERIAL, ...options };
  const orders = new Map();
  const requests = [];
  let tamper = null;
  let v3Next = {};
  let v3Skip = 0;
  let mode = {}; // the current request's certificate mode and encryption (alipay-cert-v3.mjs)

  function answer(res, method, node, { signed = true, signType = 'RSA2' } = {}) {
    const name = node.error ? 'error_response' : `${method.replaceAll('.', '_')}_response`;
    const { text, extra } = gatewayAnswer(alipayJson(node.body), { ...mode, success: node.body.code === '10000' });
    let body = `{"${name}":${text}${extra}`;
    if (signed) body += `,"sign":"${crypto.sign(ALGORITHM[signType] ?? 'sha256', Buffer.from(text), material.alipayPrivateKey).toString('base64')}"`;
    body += '}';
    if (tamper) {
      body = tamper(body);
      tamper = null;
    }
    res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
    res.end(body);
  }

  const invalid = (subCode, subMsg) => ({ body: { code: '40002', msg: 'Invalid Arguments', sub_code: subCode, sub_msg: subMsg } });

  function handle(params, res) {
    const method = params.method ?? '';
    const signType = params.sign_type;
    mode = {};
    const ext = gatewayRequest(params, material.appPublicKey);
    if (ext.error) return answer(res, method, invalid(...ext.error), { signType: ALGORITHM[signType] ? signType : 'RSA2' });
    mode = { certMode: ext.certMode, encrypt: ext.encrypt };
    if (params.app_id !== material.appId) {
      return answer(res, method, { error: true, ...invalid('isv.invalid-app-id', '无效的AppID参数') }, { signed: false });
    }
    if (!/^[a-z0-9.]+$/.test(method)) return answer(res, 'x', { error: true, ...invalid('isv.missing-method', '缺少方法名参数') });
    if (!ALGORITHM[signType]) return answer(res, method, invalid('isv.invalid-signature-type', '无效的签名类型'));
    if (params.format !== undefined && params.format.toUpperCase() !== 'JSON') return answer(res, method, invalid('isv.invalid-format', '无效的数据格式'));
    if ((params.charset ?? '').toLowerCase() !== 'utf-8') return answer(res, method, invalid('isv.invalid-charset', '字符集错误'));
    if (params.version !== '1.0') return answer(res, method, invalid('isv.invalid-version', '版本号错误'));
    const t = parseTimestamp(params.timestamp);
    if (!(Math.abs(Date.now() - t) < 10 * 60_000)) return answer(res, method, invalid('isv.invalid-timestamp', '非法的时间戳参数'), { signType });
    const content = signContent(params);
    let ok = false;
    try {
      ok = crypto.verify(ALGORITHM[signType], Buffer.from(content), ext.verifyKey, Buffer.from(params.sign ?? '', 'base64'));
    } catch { ok = false; }
    if (!ok) {
      return answer(res, method, invalid('isv.invalid-signature', `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${content}`), { signType });
    }
    let biz = {};
    if (params.biz_content !== undefined) {
      try { biz = JSON.parse(ext.bizContent); } catch { return answer(res, method, invalid('isv.invalid-biz-content', 'biz_content 不是合法的 JSON'), { signType }); }
    }
    const fail = (subCode, subMsg) => answer(res, method, { body: { code: '40004', msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg } }, { signType });
    switch (method) {
      case 'alipay.trade.precreate': {
        if (!biz.out_trade_no || !biz.total_amount || !biz.subject) return answer(res, method, invalid('isv.missing-parameter', '缺少必选参数'), { signType });
        if (orders.has(biz.out_trade_no)) return fail('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
        orders.set(biz.out_trade_no, { ...biz, trade_status: 'WAIT_BUYER_PAY' });
        return answer(res, method, { body: { code: '10000', msg: 'Success', out_trade_no: biz.out_trade_no, qr_code: `https://qr.alipay.com/bax0${orders.size}` } }, { signType });
      }
      case 'alipay.trade.query': {
        const order = orders.get(biz.out_trade_no);
        if (!order) return fail('ACQ.TRADE_NOT_EXIST', '交易不存在');
        return answer(res, method, {
          body: { code: '10000', msg: 'Success', out_trade_no: order.out_trade_no, trade_no: '2026112222001446880500000001', trade_status: order.trade_status, total_amount: order.total_amount, subject: order.subject },
        }, { signType });
      }
      default:
        return answer(res, method, { error: true, ...invalid('isv.invalid-method', '不存在的方法名') }, { signType });
    }
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const record = { method: req.method, path: url.pathname, query: url.search.slice(1), body, contentType: req.headers['content-type'] };
      requests.push(record);
      if (url.pathname.startsWith('/v3/')) {
        record.index = requests.length;
        const takeV3Next = () => {
          if (v3Skip > 0) { v3Skip -= 1; return {}; }
          const n = v3Next;
          v3Next = {};
          return n;
        };
        return v3Route(req, res, body, record, { material, orders, takeV3Next });
      }
      if (req.method !== 'POST' || url.pathname !== '/gateway.do') {
        res.writeHead(404).end();
        return;
      }
      // Parameters from the query and the form body; one given in both is a client bug.
      const params = {};
      for (const source of [url.searchParams, new URLSearchParams(body)]) {
        for (const [k, v] of source) {
          if (Object.hasOwn(params, k)) {
            res.writeHead(400).end(`duplicate parameter ${k}`);
            return;
          }
          params[k] = v;
        }
      }
      record.params = params;
      handle(params, res);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    gateway: `http://127.0.0.1:${port}/gateway.do`,
    /** The OpenAPI v3 endpoint (createAlipayClient's v3Endpoint). */
    v3Endpoint: `http://127.0.0.1:${port}`,
    /**
     * Alters the next v3 response (after `skip` unaltered ones): { timestampOffsetMs,
     * dropSignature, alipaySn, alterBody(text) }.
     */
    v3Next(changes, { skip = 0 } = {}) { v3Next = changes; v3Skip = skip; },
    requests,
    orders,
    /** Alters the next response body after it is signed. */
    tamperNext(fn) { tamper = fn; },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
