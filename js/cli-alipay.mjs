// Alipay commands of the `wechatpay-wasm` CLI (js/cli.mjs merges them into its COMMANDS table):
// sign request parameters, verify a notification or a gateway response. Node only.
import { readFileSync } from 'node:fs';
import { alipay, WechatPayError } from './node.mjs';

/** Alipay (OpenAPI, RSA2 / legacy RSA) commands. */
export function alipayCommands({ UsageError, EXIT, emit, pad, readInput }) {
  /** JSON object → object; anything else is a form-urlencoded body / query string (the library decodes it). */
  const params = (text) => {
    const t = text.trim();
    if (!t.startsWith('{')) return /^[a-z][a-z0-9+.-]*:\/\/[^?#\s]*\?([^#]*)/i.exec(t)?.[1] ?? t.replace(/^\?/, '');
    let obj;
    try { obj = JSON.parse(t); } catch (e) { throw new WechatPayError('JSON_INVALID', `the input is not valid JSON: ${e.message}`); }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new UsageError('the JSON must be an object of field names to values');
    return obj;
  };
  const keyText = (values, env, what) => {
    if (values['key-file'] !== undefined) return readFileSync(values['key-file'], 'utf8');
    if (values.key !== undefined) return values.key;
    if (process.env[env]) return process.env[env];
    throw new UsageError(`no ${what}: pass --key-file FILE (PEM or bare base64), or set ${env}`);
  };
  const signTypeOf = (values) => {
    const t = values['sign-type'] ?? 'RSA2';
    if (t !== 'RSA2' && t !== 'RSA') throw new UsageError(`--sign-type must be RSA2 or RSA, not ${JSON.stringify(t)}`);
    return t;
  };
  const SIGN_TYPE = { type: 'string', short: 't', help: 'RSA2 (SHA256withRSA, default) or RSA (legacy SHA1withRSA)' };

  return {
    'alipay-sign': {
      summary: 'Alipay: sign request parameters with the app private key (RSA2 / legacy RSA)',
      usage: 'wechatpay-wasm alipay-sign [--params TEXT|@FILE] --key-file app_private_key.pem [--sign-type RSA2|RSA] [--query] [--explain] [--json] < params',
      options: {
        'key-file': { type: 'string', help: 'the app private key (应用私钥): PEM or bare base64 (or ALIPAY_PRIVATE_KEY)' },
        'sign-type': SIGN_TYPE,
        query: { type: 'boolean', help: 'print the signed query (encodeURIComponent): an App order string, a page-pay query, a form body' },
        explain: { type: 'boolean', short: 'x', help: 'also print the string to sign' },
      },
      run(values) {
        const p = params(readInput(values, 'the parameters (JSON or a query string)'));
        const key = alipay.importPrivateKey(keyText(values, 'ALIPAY_PRIVATE_KEY', 'app private key'));
        try {
          const type = signTypeOf(values);
          const content = alipay.stringToSign(p);
          const sign = alipay.sign(p, key, type);
          const query = values.query ? alipay.signedQuery(p, key, type) : undefined;
          const main = query ?? sign;
          const text = values.explain ? pad([['stringToSign', content], ['sign', sign], ...(query ? [['query', query]] : [])]) : main;
          emit(values, text, { ok: true, sign, signType: type, ...(query && { query }), ...(values.explain && { stringToSign: content }) });
        } finally {
          key.free();
        }
        return EXIT.OK;
      },
    },

    'alipay-verify': {
      summary: 'Alipay: verify a notification (form body or JSON) or, with --method, a gateway response body',
      usage: 'wechatpay-wasm alipay-verify [--params TEXT|@FILE] --key-file alipay_public_key.pem [--method alipay.trade.x --sign-type T] [--explain] [--json] < notification',
      options: {
        'key-file': { type: 'string', help: 'the Alipay public key (支付宝公钥): PEM or bare base64 (or ALIPAY_PUBLIC_KEY)' },
        method: { type: 'string', help: 'verify a gateway response body: the API method whose <method>_response node is checked byte for byte' },
        'sign-type': { ...SIGN_TYPE, help: 'for a response: RSA2 (default) or RSA; a notification uses its own sign_type' },
        explain: { type: 'boolean', short: 'x', help: 'also print the string the notification\'s sign covers' },
      },
      run(values) {
        const input = readInput(values, values.method ? 'the gateway response body' : 'the notification (form body or JSON)');
        const key = alipay.importPublicKey(keyText(values, 'ALIPAY_PUBLIC_KEY', 'Alipay public key'));
        try {
          if (values.method) {
            const node = alipay.verifyResponse(input, values.method, key, signTypeOf(values));
            const failed = node.code !== undefined && String(node.code) !== '10000';
            const head = `OK: the ${values.method} response is signed by Alipay${failed ? ` (Alipay answered ${[node.code, node.sub_code].filter(Boolean).join(' ')})` : ''}`;
            emit(values, `${head}\n${JSON.stringify(node, null, 2)}`, { ok: true, response: node });
            return EXIT.OK;
          }
          const p = params(input);
          const content = alipay.notificationStringToSign(p);
          try {
            alipay.verifyNotification(p, key);
          } catch (e) {
            if (e instanceof WechatPayError && values.explain) e.details = [`stringToSign  ${content}`];
            throw e;
          }
          const type = (typeof p === 'string' ? new URLSearchParams(p).get('sign_type') : p.sign_type) || 'RSA2';
          const text = `OK: the notification is signed by Alipay (${type})${values.explain ? `\n${pad([['stringToSign', content]])}` : ''}`;
          emit(values, text, { ok: true, signType: type, ...(values.explain && { stringToSign: content }) });
        } finally {
          key.free();
        }
        return EXIT.OK;
      },
    },
  };
}
