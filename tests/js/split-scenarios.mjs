// The two wasm modules (js/extra.js): what a v2 / v3 / notification user runs must never
// instantiate the extra module, and each optional area (Alipay, .p12, diagnostics, bills) must
// work on its first call, with key handles crossing between the two instances as bytes.
// Runtime-neutral (no node:*): run by tests/js/split.test.mjs in fresh Node processes (ESM and
// CommonJS) and by tests/workerd/split-worker.mjs inside workerd. The caller checks the values
// against independent references (node:crypto, the vectors).

/**
 * Counts wasm compilations and instantiations from now on, by module: the extra module is the
 * one exporting `alipaySign`. Install before the package is imported.
 */
export function countWasm() {
  const counts = { compiled: { core: 0, extra: 0 }, instantiated: { core: 0, extra: 0 } };
  const kind = (module) => (WebAssembly.Module.exports(module).some((e) => e.name === 'alipaySign') ? 'extra' : 'core');
  const { Module, Instance } = WebAssembly;
  WebAssembly.Module = new Proxy(Module, {
    construct(target, args, newTarget) {
      const module = Reflect.construct(target, args, newTarget);
      counts.compiled[kind(module)]++;
      return module;
    },
  });
  WebAssembly.Instance = new Proxy(Instance, {
    construct(target, args, newTarget) {
      counts.instantiated[kind(args[0])]++;
      return Reflect.construct(target, args, newTarget);
    },
  });
  return counts;
}

const MD5_VECTOR = {
  params: { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' },
  key: '192006250b4c09247ec02edce69f6a2d',
  sign: '9A0A8659F005D6984697E2CA0A9CF3B7',
};

const auth = (E, a, privateKey) => ({ mchId: E.mchId, serialNo: E.certificate.serialNo, privateKey, method: a.method, url: a.url, body: a.body, timestamp: a.timestamp, nonce: a.nonce });

/** API v2, API v3 and both notification handlers, as a Worker uses them. */
export async function coreFlow(api, { pems, E }) {
  const { v2, v3 } = api;
  const out = {};
  const v = MD5_VECTOR;
  out.v2Sign = v2.sign(v.params, v.key);
  const xml = v2.signedXml({ ...v.params, return_code: 'SUCCESS', result_code: 'SUCCESS', out_trade_no: 'T1' }, v.key, 'HMAC-SHA256');
  out.v2Parsed = v2.parseNotification(xml, v.key).out_trade_no;
  out.v2FromXml = v2.fromXml(v2.toXml({ a: '1', b: '<2>' }));
  const v2Ack = await api.handleV2Notification(xml, { key: v.key, signType: 'HMAC-SHA256' });
  out.v2Handled = [v2Ack.ok, v2Ack.event?.out_trade_no];

  const key = await v3.importPrivateKey(pems['private_pkcs8.pem']);
  out.authorization = await v3.authorization(auth(E, E.authorization, key));
  out.authorizationSync = v3.authorizationSync(auth(E, E.authorization, pems['private_pkcs1.pem']));
  const verifier = v3.createVerifier(pems['cert.pem']);
  const r = E.response;
  const headers = { 'Wechatpay-Timestamp': r.timestamp, 'Wechatpay-Nonce': r.nonce, 'Wechatpay-Signature': r.signature, 'Wechatpay-Serial': r.serial };
  out.verifyResponse = [await v3.verifyResponse({ verifier, headers, body: r.body, now: r.now }), v3.verifyResponseSync({ verifier, headers, body: r.body, now: r.now })];
  const n = E.notification;
  out.notification = (await v3.parseNotification({ headers: n.headers, body: n.body, apiV3Key: n.apiV3Key, verifier, now: n.now })).resource;
  const handled = await api.handleV3Notification({ headers: n.headers, body: n.body }, { apiV3Key: n.apiV3Key, keys: verifier, now: n.now });
  out.v3Handled = [handled.ok, handled.event?.resource];
  out.jsapi = (await v3.jsapiPayParams(E.jsapi.appId, E.jsapi.prepayId, key, E.jsapi.timeStamp, E.jsapi.nonceStr)).paySign;
  out.sensitive = await v3.decryptSensitive(E.sensitive.ciphertext, key);
  out.certificateInfo = api.certificateInfo(pems['cert.pem']).serialNo;
  out.nonce = api.nonce(8).length;
  key.free();
  verifier.free();
  return out;
}

/** Each optional area, from a fresh start (the extra module not yet instantiated). */
export const optional = {
  // Alipay with a v3 handle (core → extra as PKCS#8 DER), and an Alipay-imported handle used by
  // v3 (extra → core).
  async alipay(api, { pems, E }) {
    const { alipay, v3 } = api;
    const params = { app_id: '2014072300007148', method: 'alipay.trade.query', biz_content: '{"out_trade_no":"T1"}', timestamp: '2026-12-02 08:00:00' };
    const v3Key = await v3.importPrivateKey(pems['private_pkcs8.pem']);
    const appKey = alipay.importPrivateKey(pems['private_pkcs1.pem']);
    const pub = alipay.importPublicKey(pems['public_spki.pem']);
    const cert = await v3.importPublicKey(pems['cert.pem']);
    const signed = { ...params, sign: alipay.sign(params, v3Key) };
    const out = {
      stringToSign: alipay.stringToSign(params),
      signs: [alipay.sign(params, v3Key), alipay.sign(params, appKey), alipay.sign(params, pems['private_pkcs8.pem'])],
      // Handles both ways: an Alipay key signs a v3 header; v3 / Alipay public keys verify Alipay.
      v3WithAlipayKey: v3.authorizationSync(auth(E, E.authorization, appKey)),
      verified: [alipay.verifyNotification(signed, pub), alipay.verifyNotification(signed, cert), alipay.verifyNotification(signed, pems['public_spki.pem'])],
      publicKey: [pub.bits, pub.serialNo ?? null],
    };
    for (const k of [v3Key, appKey, pub, cert]) k.free();
    return out;
  },
  // A .p12's key and certificate (extra → core) sign and verify with v3.
  async p12(api, { E, p12 }) {
    const { v3 } = api;
    const opened = api.openP12(Uint8Array.from(atob(p12.base64), (c) => c.charCodeAt(0)), p12.password);
    const verifier = v3.createVerifier(opened.certificate);
    const out = {
      serialNo: opened.serialNo,
      certificateSerial: opened.certificate.serialNo,
      authorization: await v3.authorization(auth(E, E.authorization, opened.privateKey)),
      authorizationSync: v3.authorizationSync(auth(E, E.authorization, opened.privateKey)),
      verifierIds: verifier.ids(),
    };
    opened.privateKey.free();
    opened.certificate.free();
    verifier.free();
    return out;
  },
  v2diagnose(api) {
    const v = MD5_VECTOR;
    const good = api.v2.diagnose({ ...v.params, sign: v.sign }, v.key);
    const bad = api.v2.diagnose({ ...v.params, sign: v.sign.toLowerCase().replace('9', '8') }, v.key);
    return { good: good.matches, bad: bad.matches };
  },
  // v3 diagnosis given core handles (private key, certificate, a Verifier): they cross as bytes.
  async v3diagnose(api, { pems, E }) {
    const { v3 } = api;
    const a = E.authorization;
    const privateKey = await v3.importPrivateKey(pems['private_pkcs8.pem']);
    const certificate = await v3.importPublicKey(pems['cert.pem']);
    const verifier = v3.createVerifier(certificate);
    const request = v3.diagnoseRequest({ method: a.method, url: a.url, body: a.body, authorization: a.header, privateKey, certificate, now: Number(a.timestamp) });
    const wrongKey = v3.diagnoseRequest({ method: a.method, url: a.url, body: `${a.body} `, authorization: a.header, privateKey, certificate, now: Number(a.timestamp) });
    const r = E.response;
    const headers = { 'Wechatpay-Timestamp': r.timestamp, 'Wechatpay-Nonce': r.nonce, 'Wechatpay-Signature': r.signature, 'Wechatpay-Serial': r.serial };
    const verification = v3.diagnoseVerification({ headers, body: r.body, verifier, now: r.now });
    const unknown = v3.diagnoseVerification({ headers, body: r.body, now: r.now });
    // The vectors predate the certificate: CERTIFICATE_NOT_YET_VALID shows that its validity
    // crossed with it (a bare public key has none).
    const codes = (d) => d.findings.map((f) => f.code);
    const out = {
      request: [request.verified, codes(request)], tampered: [wrongKey.verified, codes(wrongKey).includes('CERTIFICATE_NOT_YET_VALID')],
      verification: codes(verification), unknownSerial: codes(unknown).includes('CERTIFICATE_NOT_YET_VALID'),
      codes: v3.diagnosisCodes().length > 10,
    };
    for (const k of [privateKey, certificate, verifier]) k.free();
    return out;
  },
  bills(api) {
    const bill = api.parseBill('交易时间,商户订单号,总金额\r\n`2026-12-01 10:00:00,`T1,`0.01\r\n总交易单数,总交易额\r\n`1,`0.01\r\n');
    return { records: bill.records, fen: api.billAmountToFen('0.01') };
  },
};
